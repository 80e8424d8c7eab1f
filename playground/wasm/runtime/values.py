"""How the executor represents values, and the conversions at the Python boundary.

Raw representation (shared with exec/numeric/operators.py and exec/numeric/simd.py):
- i32, i64: unsigned Python ints (0 <= v < 2**N);
- f32, f64: the IEEE 754 bit pattern as an unsigned int, so NaN payloads survive;
- v128: an unsigned 128-bit int, lane 0 in the low bits;
- references: `None` is null (funcref and externref alike); a function
  reference is the function instance object itself (`FuncInstance` or
  `HostFunc`), not a store address -- Python object identity is the address;
  an external reference is an `ExternRef` wrapping any host value.

The public API (`instance.exports.f(...)`) converts: it accepts signed or
unsigned ints and Python floats and returns signed ints and floats, as
wasmtime does. `to_python`/`from_python` are that conversion, over the bit
conversions of wasm/bits.py. Text for people, both ways, is
`playground.wasm.values` (`format_value`, `parse_value`: one place for CLI and GUI).
"""

from __future__ import annotations

from playground.wasm.bits import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits, to_signed
from playground.wasm.types import ValType


class ExternRef:
    """An external reference (`ref.extern N` in spec scripts): an opaque host value.

    Two ExternRefs are the same reference when they wrap equal values.
    """

    __slots__ = ("value",)
    word = "extern"  # how `describe` names it
    ref_kinds = frozenset(("extern",))  # the abstract heap types it belongs to (`ref_kinds` below)

    def __init__(self, value) -> None:
        self.value = value

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.value == self.value

    def __hash__(self) -> int:
        return hash((self.word, self.value))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def describe(self, types=None) -> str:
        """For people (playground.wasm.values.format_value): `extern 1`, `extern → struct $node` (a GC object
        made external: by reference, as a field shows it, since the object may hold this very reference)."""
        link = getattr(self.value, "link", None)
        return f"{self.word} {link(types) if callable(link) else repr(self.value)}"


class HostRef(ExternRef):
    """A host reference in an internal (`anyref`) position: `ref.host N` in 3.0 spec scripts.

    Not an external reference: neither equals the other, and `(ref.extern N)` does not match it."""

    __slots__ = ()
    word = "host"
    ref_kinds = frozenset(("any",))


def ref_kinds(ref) -> frozenset[str]:
    """The abstract heap types a non-null reference belongs to: {"func"}, {"extern"},
    {"any"} for a host reference, {"i31", "eq", "any"} for an i31 and so on (its `ref_kinds`)."""
    kinds = getattr(ref, "ref_kinds", None)
    return kinds if kinds is not None else frozenset(("func",))


_MASKS = {ValType.I32: 0xFFFFFFFF, ValType.I64: 0xFFFFFFFFFFFFFFFF}


def default_value(valtype: ValType):
    """The zero value of a type (spec 4.2.1: locals start with it)."""
    return None if valtype.is_ref else 0


def from_python(valtype: ValType, value):
    """Convert a Python value to the raw representation of `valtype`.

    Ints may be signed or unsigned (range-checked); floats accept ints too;
    references accept None, function instances, ExternRef, or (externref) any value.
    """
    if valtype is ValType.I32 or valtype is ValType.I64:
        bits = 32 if valtype is ValType.I32 else 64
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an int for {valtype}, got {type(value).__name__}")
        if not -(1 << (bits - 1)) <= value < (1 << bits):
            raise ValueError(f"{value} does not fit in {valtype}")
        return value & _MASKS[valtype]
    if valtype is ValType.F32:
        return f32_to_bits(float(value))
    if valtype is ValType.F64:
        return f64_to_bits(float(value))
    if valtype is ValType.V128:
        if isinstance(value, (bytes, bytearray)) and len(value) == 16:
            return int.from_bytes(value, "little")
        if not isinstance(value, int) or not -(1 << 127) <= value < (1 << 128):
            raise ValueError(f"{value!r} is no v128 value")
        return value & ((1 << 128) - 1)
    if valtype is ValType.EXTERNREF:
        if value is None or isinstance(value, ExternRef):
            return value
        return ExternRef(value)
    return value  # funcref: None or a function instance


def to_python(valtype: ValType, raw):
    """Convert a raw value to Python: signed ints, floats, references unchanged (ExternRef unwrapped)."""
    if valtype is ValType.I32:
        return to_signed(raw, 32)
    if valtype is ValType.I64:
        return to_signed(raw, 64)
    if valtype is ValType.F32:
        return f32_from_bits(raw)
    if valtype is ValType.F64:
        return f64_from_bits(raw)
    if valtype is ValType.EXTERNREF and isinstance(raw, ExternRef):
        return raw.value
    return raw

