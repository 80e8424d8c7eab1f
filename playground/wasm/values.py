"""The one value vocabulary: raw values <-> Python numbers <-> text, for every value type.

Everyone outside the engine reads and writes values through this module: the
CLI's arguments and results, the debugger's `set` and printouts, the window's
run bar, its value edits and its panels.

Runtime representation (runtime/values.py): i32/i64 are unsigned ints,
f32/f64 are raw IEEE 754 bit patterns, v128 is a 128-bit unsigned int (lane 0
in the low bits), references are None (null) or objects.

- bits <-> Python: `to_signed`, `to_unsigned`, `f32_from_bits`, `f32_to_bits`,
  `f64_from_bits`, `f64_to_bits` (defined once in wasm/bits.py).
- raw -> text: `format_value`, the shortest text that reads back to the same
  bits (`-5`, `1.5`, `nan:0x200000`, `null`).
- text -> raw: `parse_value(text, valtype)`, with the text format's literal
  syntax and rounding (spec 6.3.1, 6.3.2): `0xff`, `1_000`, `-1`, `1.5e3`,
  `0x1p3`, `inf`, `-inf`, `nan`, `nan:0x200000`; a decimal is rounded once,
  directly to the target width, exactly as the same WAT literal is.
"""

from __future__ import annotations

from playground.errors import PlaygroundError
from playground.wasm.bits import (  # noqa: F401  (re-exported: this module is the vocabulary's face)
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
    to_signed,
    to_unsigned,
)
from playground.wasm.text.floats import F32, F64, LiteralError, format_float, parse_float
from playground.wasm.text.literals import parse_int
from playground.wasm.types import ValType

_BITS = {ValType.I32: 32, ValType.I64: 64, ValType.F32: 32, ValType.F64: 64, ValType.V128: 128}
_FORMAT = {ValType.F32: F32, ValType.F64: F64}

# v128 lane shapes as the text format writes them (spec 6.5.7: `v128.const i32x4 1 2 3 4`).
_SHAPES = {"i8x16": (8, 16), "i16x8": (16, 8), "i32x4": (32, 4), "i64x2": (64, 2), "f32x4": (32, 4), "f64x2": (64, 2)}

_INT_EXAMPLES = "an integer such as 42, -7, 0xff or 1_000"
_FLOAT_EXAMPLES = "a number such as 1.5, -2e10, 0x1p3, inf, nan or nan:0x200000"


class ValueTextError(PlaygroundError):
    """Text that does not read as a value of the wanted type; the message says why, for people."""


# --- text -> raw ----------------------------------------------------------------------------------------


def parse_value(text: str, valtype: ValType):
    """The raw value of `valtype` that `text` denotes, as the text format reads its literals.

    Integers: decimal or hex, `_` between digits, a sign; -2**(N-1) .. 2**N-1,
    negative ones wrap (`-1` as i32 is 0xffffffff). Floats: decimal or hex
    (`0x1p3`), `inf`, `nan`, `nan:0x...`, with a sign; rounded to nearest,
    ties to even, directly to the target width; a value that rounds past the
    largest finite one is out of range, as in WAT. v128: one integer of up to
    128 bits, or lanes as `v128.const` writes them (`i32x4 1 2 3 4`).
    References: `null`. Raises ValueTextError.
    """
    clean = text.strip()
    if not clean:
        raise ValueTextError(f"missing {valtype} value")
    if valtype is ValType.I32 or valtype is ValType.I64:
        return _int(clean, text, valtype, _BITS[valtype])
    if valtype is ValType.F32 or valtype is ValType.F64:
        return _float(clean, text, valtype)
    if valtype is ValType.V128:
        return _v128(clean, text)
    if valtype.is_ref and clean == "null":
        return None
    raise ValueTextError(f"cannot read {text!r} as {valtype}: only null can be written")


def _error(text: str, valtype, why: str) -> ValueTextError:
    return ValueTextError(f"cannot read {text!r} as {valtype}: {why}")


def _int(clean: str, text: str, valtype, bits: int) -> int:
    try:
        return parse_int(clean, bits) & ((1 << bits) - 1)
    except LiteralError as exc:
        why = "out of range" if exc.args[0] == "constant out of range" else f"expected {_INT_EXAMPLES}"
        raise _error(text, valtype, why) from None


def _float(clean: str, text: str, valtype) -> int:
    fmt = _FORMAT[valtype]
    body = clean.lstrip("+-")
    if body.startswith("."):  # `.5` as people write it; the text format wants a digit first
        clean = clean[: len(clean) - len(body)] + "0" + body
    try:
        return parse_float(clean, fmt)
    except LiteralError as exc:
        if exc.args[0] != "constant out of range":
            raise _error(text, valtype, f"expected {_FLOAT_EXAMPLES}") from None
        if body.startswith("nan:"):
            raise _error(text, valtype, f"a NaN payload is 0x1 .. {fmt.mant_mask:#x}") from None
        raise _error(text, valtype, "out of range (it rounds past the largest finite value)") from None


def _v128(clean: str, text: str) -> int:
    words = clean.split()
    if len(words) == 1:
        try:
            return parse_int(clean, 128) & ((1 << 128) - 1)
        except LiteralError:
            pass
    shape = _SHAPES.get(words[0])
    if shape is None:
        raise _error(text, ValType.V128, "expected a 128-bit integer or lanes such as i32x4 1 2 3 4")
    width, count = shape
    lanes = words[1:]
    if len(lanes) != count:
        raise _error(text, ValType.V128, f"{words[0]} takes {count} lanes, got {len(lanes)}")
    lane_type = (ValType.F32 if width == 32 else ValType.F64) if words[0][0] == "f" else None
    value = 0
    for i, lane in enumerate(lanes):
        raw = _float(lane, lane, lane_type) if lane_type else _int(lane, lane, f"i{width}", width)
        value |= raw << (width * i)
    return value


# --- raw -> text ----------------------------------------------------------------------------------------


def format_value(valtype: ValType, value, *, hex: bool = False, types=None) -> str:
    """A value as people read it: `-5`, `0xfffffffb`, `1.5`, `nan:0x200000`, `null`, `func 3`.

    Integers print signed, floats as the shortest decimal that reads back to the
    same bits (`parse_value` reads every one of these back); `hex=True` gives the
    raw bits of a number instead. References: `format_ref`, with `types`.
    """
    if valtype is ValType.I32 or valtype is ValType.I64:
        bits = _BITS[valtype]
        return f"0x{value:0{bits // 4}x}" if hex else str(to_signed(value, bits))
    if valtype is ValType.F32 or valtype is ValType.F64:
        bits = _BITS[valtype]
        if hex:
            return f"0x{value:0{bits // 4}x}"
        text = format_float(value, _FORMAT[valtype])
        return text[:-2] if text.endswith(".0") else text  # 8, as wasmtime prints it, not 8.0
    if valtype is ValType.V128:
        if hex:
            return "0x" + value.to_bytes(16, "little")[::-1].hex()
        lanes = [(value >> (32 * i)) & 0xFFFFFFFF for i in range(4)]
        return "i32x4 " + " ".join(f"0x{lane:08x}" for lane in lanes)
    return format_ref(value, types)


def format_ref(value, types=None) -> str:
    """A reference as people read it: `null`, `func $fib`, `extern 1`, `i31 5`,
    `struct $node {value = 1, next = → struct $node}`.

    `types` (text/type_names.TypeNames of the module the value comes from) names GC
    types and fields as the module does; without it they read by canonical index."""
    if value is None:
        return "null"
    describe = getattr(value, "describe", None)  # every reference's own text (runtime/)
    return describe(types) if callable(describe) else str(value)


def format_result_line(valtype: ValType, value, types=None) -> str:
    """One result as `wasm-playground run` prints it (as `wasmtime run --invoke` does)."""
    return format_value(valtype, value, types=types)
