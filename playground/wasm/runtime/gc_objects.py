"""GC objects (3.0): structs, arrays and i31 references, as plain Python objects.

A struct or an array is a Python object holding its canonical defined type (a DefType,
deftypes.py) and a list of raw values (see runtime/values.py; packed i8/i16 fields hold
their unsigned bits). Python's own garbage collector frees them: nothing here counts
references. An i31 reference is unboxed in Wasm; here it is a small immutable object, so
that it cannot be mistaken for an i32 on the stack, compared by value (`ref.eq`).

`ref_kinds` names the abstract heap types an object belongs to, as for the other
references (runtime/values.py); `has_type` is the run-time type test of ref.test,
ref.cast and br_on_cast (spec 3.0, 4.4.2).
"""

from __future__ import annotations

from playground.wasm.deftypes import DefType, single
from playground.wasm.errors import Trap
from playground.wasm.runtime.values import ExternRef, HostRef, default_value, ref_kinds
from playground.wasm.subtyping import heap_matches
from playground.wasm.text.type_names import NO_NAMES, TypeNames
from playground.wasm.types import PACKED_BITS, HeapKind, heap_of, is_nullable
from playground.wasm.values import format_value

_I31_KINDS = frozenset(("i31", "eq", "any"))
_STRUCT_KINDS = frozenset(("struct", "eq", "any"))
_ARRAY_KINDS = frozenset(("array", "eq", "any"))


class I31Ref:
    """`ref.i31 n`: 31 bits, kept unsigned (0 <= value < 2**31)."""

    __slots__ = ("value",)
    ref_kinds = _I31_KINDS

    def __init__(self, value: int) -> None:
        self.value = value & 0x7FFFFFFF

    def __eq__(self, other) -> bool:
        return type(other) is I31Ref and other.value == self.value

    def __hash__(self) -> int:
        return hash(("i31", self.value))

    def __repr__(self) -> str:
        return f"I31Ref({self.value})"

    def describe(self, types=None) -> str:
        return f"i31 {self.value}"


class HeapObject:
    """A struct or an array: its canonical DefType, its list of raw values (`items`; a struct
    calls it `fields`, an array `values`), and `alloc`, where a debugged run allocated it:
    `(funcidx, pc, step)` (the function's index in its own module, the instruction's index in
    its body, the 0-based step of the allocating instruction), None elsewhere (RATIONALE "GC
    and typed references")."""

    __slots__ = ("deftype", "items", "alloc", "__weakref__")
    what = ""  # "struct" or "array"

    def __init__(self, deftype: DefType, items: list) -> None:
        self.deftype, self.items, self.alloc = deftype, items, None

    def describe(self, types: TypeNames | None = None) -> str:
        """For people (playground.wasm.values.format_value): `struct $node {value = 1, next = → struct $node}`,
        `array type 2 [3: 5, 6, 7]`; types and fields by the module's names (`types`), else by index."""
        types = types or NO_NAMES
        composite, items = self.deftype.unrolled, self.items
        if self.what == "array":
            element = composite.element
            parts = [field_text(element.storage, v, types) for v in items[:DESCRIBED_ITEMS]]
        else:
            parts = [entry_text(types.field_name(self.deftype, i), field_text(f.storage, v, types))
                     for i, (f, v) in enumerate(zip(composite.fields[:DESCRIBED_ITEMS], items))]
        return f"{self.what} {types.label(self.deftype)} {contents_text(self.what, parts, len(items))}"

    def link(self, types: TypeNames | None = None) -> str:
        """A reference to it, not its contents (structures may be cyclic): `→ struct $node`."""
        return f"→ {self.what} {(types or NO_NAMES).label(self.deftype)}"

    def __repr__(self) -> str:
        return f"<{self.what} {self.deftype} at {id(self):#x}>"


class StructRef(HeapObject):
    """A struct: its DefType and its field values."""

    __slots__ = ()
    ref_kinds, what = _STRUCT_KINDS, "struct"
    fields = HeapObject.items  # the same slot, by the struct's name for it


class ArrayRef(HeapObject):
    """An array: its DefType and its elements."""

    __slots__ = ()
    ref_kinds, what = _ARRAY_KINDS, "array"
    values = HeapObject.items  # the same slot, by the array's name for it


DESCRIBED_ITEMS = 8  # fields or elements in an object's one-line text


def entry_text(name: str | None, text: str) -> str:
    """One field in an object's one-line text: `next = → struct $node` when named, else the value alone."""
    return f"{name} = {text}" if name else text


def contents_text(what: str, parts: list[str], total: int) -> str:
    """An object's values in one line: `{value = 1, next = null}` (a struct), `[3: 5, 6, 7]` (an array);
    `, ...` when `parts` shows fewer than the `total` items."""
    shown = ", ".join(parts) + (", ..." if total > len(parts) else "")
    return f"[{total}: {shown}]" if what == "array" else f"{{{shown}}}"


def packed_text(storage, raw: int) -> str | None:
    """A packed (i8/i16) field's value: unsigned as `struct.get_u` reads it, the signed one beside it when it
    differs (`255 (signed -1)`); None for a storage type that is not packed."""
    bits = PACKED_BITS.get(storage)
    if not bits:
        return None
    signed = raw - (1 << bits) if raw >> (bits - 1) else raw
    return str(raw) if signed == raw else f"{raw} (signed {signed})"


def field_text(storage, value, types: TypeNames) -> str:
    """A field's or element's value in an object's one-line text; another object only by reference."""
    if isinstance(value, HeapObject):
        return value.link(types)
    packed = packed_text(storage, value)
    return packed if packed is not None else format_value(storage, value, types=types)


# --- allocation, shared by the engine and constant expressions ---------------------------------

MAX_ARRAY_LENGTH = 1 << 26  # more elements than a Python list should hold here: trap instead of exhausting memory


def checked_length(n: int) -> int:
    """The length of a new array, or a Trap past what this engine allocates."""
    if n > MAX_ARRAY_LENGTH:
        raise Trap(f"array too large: {n} elements (this engine's limit is {MAX_ARRAY_LENGTH})")
    return n


def new_struct(deftype: DefType, values: list) -> StructRef:
    """`struct.new`: the field values in order (packed ones cut to their bits)."""
    fields = deftype.unrolled.fields
    return StructRef(deftype, [pack(f.storage, v) for f, v in zip(fields, values)])


def default_struct(deftype: DefType) -> StructRef:
    """`struct.new_default`: zeros and nulls."""
    return StructRef(deftype, [default_value(f.unpacked) for f in deftype.unrolled.fields])


def new_array(deftype: DefType, value, n: int) -> ArrayRef:
    """`array.new` (and `array.new_default` with value None for the default): n copies of one value."""
    n = checked_length(n)
    element = deftype.unrolled.element
    fill = default_value(element.unpacked) if value is None else pack(element.storage, value)
    return ArrayRef(deftype, [fill] * n)


def fixed_array(deftype: DefType, values: list) -> ArrayRef:
    """`array.new_fixed`: the given elements."""
    storage = deftype.unrolled.element.storage
    return ArrayRef(deftype, [pack(storage, v) for v in values])


def eval_gc_const(ins, stack: list, defs) -> None:
    """One GC instruction of a constant expression (validate_const.GC_CONST_OPS) on `stack`."""
    name, imm = ins.op.name, ins.imm
    if name == "ref.i31":
        stack[-1] = I31Ref(stack[-1])
    elif name == "any.convert_extern":
        stack[-1] = extern_to_any(stack[-1])
    elif name == "extern.convert_any":
        stack[-1] = any_to_extern(stack[-1])
    elif name == "struct.new_default":
        stack.append(default_struct(defs[imm[0]]))
    elif name == "struct.new" or name == "array.new_fixed":
        d = defs[imm[0]]
        n = imm[1] if name == "array.new_fixed" else len(d.unrolled.fields)
        values = stack[len(stack) - n :]
        del stack[len(stack) - n :]
        stack.append(new_struct(d, values) if name == "struct.new" else fixed_array(d, values))
    else:  # array.new, array.new_default
        n = stack.pop()
        value = stack.pop() if name == "array.new" else None
        stack.append(new_array(defs[imm[0]], value, n))


def pack(storage, value: int) -> int:
    """A value stored in a field: packed types keep their low bits."""
    bits = PACKED_BITS.get(storage)
    return value & ((1 << bits) - 1) if bits else value


def unpack(storage, value: int, signed: bool) -> int:
    """A packed field's bits as an i32 (raw, unsigned), sign-extended for `get_s`."""
    bits = PACKED_BITS.get(storage)
    if bits and signed and value >> (bits - 1):
        return (value - (1 << bits)) & 0xFFFFFFFF
    return value


def func_deftype(f) -> DefType:
    """The DefType of a function instance or host function (a host function's type stands alone)."""
    d = getattr(f, "deftype", None)
    return d if d is not None else single(f.type)


def heap_type_of(ref):
    """The most precise canonical heap type of a non-null reference."""
    if isinstance(ref, HeapObject):
        return ref.deftype
    if isinstance(ref, I31Ref):
        return HeapKind.I31
    kinds = ref_kinds(ref)
    if "func" in kinds:
        return func_deftype(ref)
    if "extern" in kinds:
        return HeapKind.EXTERN
    return HeapKind.ANY  # a host reference in anyref


def has_type(ref, rt) -> bool:
    """Does the reference value `ref` have the canonical reference type `rt` (ref.test)?"""
    if ref is None:
        return is_nullable(rt)
    return heap_matches(heap_type_of(ref), heap_of(rt))


def extern_to_any(ref):
    """`any.convert_extern`: an external reference made internal; an externalised one unwrapped."""
    if ref is None:
        return None
    inner = ref.value
    if isinstance(inner, (HeapObject, I31Ref, HostRef)):
        return inner
    return HostRef(inner)


def any_to_extern(ref):
    """`extern.convert_any`: an internal reference wrapped as external (a host one unwrapped)."""
    if ref is None:
        return None
    if isinstance(ref, HostRef):
        return ExternRef(ref.value)
    return ExternRef(ref)


# --- the instructions' run-time work, shared by the step engine (exec/step/handlers_refs.py) and the
# fast engine's generated code (exec/fast/ops_gc.py). Writes go through a StateOps' heap_set/heap_write.

WIDTHS = {"i8": 1, "i16": 2, "i32": 4, "f32": 4, "i64": 8, "f64": 8, "v128": 16}
"""Bytes per element when an array is filled from a data segment, by storage type name."""


def null_trap(what: str):
    raise Trap(f"null {what} reference")


def in_bounds(start: int, n: int, length: int, what: str = "array") -> None:
    if start + n > length:
        raise Trap(f"out of bounds {what} access")


def ref_eq(a, b) -> int:
    """`ref.eq`: the same object, or two i31 references of the same value."""
    return 1 if a is b or (type(a) is I31Ref and a == b) else 0


def i31_get(r, signed: bool) -> int:
    """`i31.get_s` / `i31.get_u`."""
    if r is None:
        null_trap("i31")
    v = r.value
    return v | 0x80000000 if signed and v & 0x40000000 else v


def array_values(a) -> list:
    """The elements of array `a`, trapping on null."""
    if a is None:
        null_trap("array")
    return a.values


def array_length(a) -> int:
    """`array.len`."""
    return len(array_values(a))


def struct_get(s, i: int, storage, signed: bool):
    """`struct.get(_s/_u)` of field i."""
    if s is None:
        null_trap("structure")
    return unpack(storage, s.fields[i], signed)


def struct_set(heap_set, s, i: int, storage, v) -> None:
    """`struct.set` of field i, through `heap_set` (StateOps)."""
    if s is None:
        null_trap("structure")
    heap_set(s, s.fields, i, pack(storage, v))


def array_get(a, i: int, storage, signed: bool):
    """`array.get(_s/_u)`."""
    values = array_values(a)
    if i >= len(values):
        raise Trap("out of bounds array access")
    return unpack(storage, values[i], signed)


def array_set(heap_set, a, i: int, storage, v) -> None:
    """`array.set`, through `heap_set` (StateOps)."""
    values = array_values(a)
    if i >= len(values):
        raise Trap("out of bounds array access")
    heap_set(a, values, i, pack(storage, v))


def data_values(data: bytes, storage, start: int, n: int) -> list:
    """n elements of type `storage` read from a data segment's bytes at `start`."""
    width = WIDTHS[str(storage)]
    in_bounds(start, n * width, len(data), "memory")
    return [int.from_bytes(data[p : p + width], "little") for p in range(start, start + n * width, width)]


def segment_values(elems: list, start: int, n: int) -> list:
    """n references of an element segment from `start`."""
    in_bounds(start, n, len(elems), "table")
    return elems[start : start + n]


def array_from_data(deftype: DefType, data: bytes, start: int, n: int) -> ArrayRef:
    """`array.new_data`."""
    return ArrayRef(deftype, data_values(data, deftype.unrolled.element.storage, start, checked_length(n)))


def array_from_elem(deftype: DefType, elems: list, start: int, n: int) -> ArrayRef:
    """`array.new_elem`."""
    return ArrayRef(deftype, segment_values(elems, start, checked_length(n)))


def array_fill(write, a, i: int, storage, value, n: int) -> None:
    """`array.fill`, through `write` (StateOps.heap_write)."""
    values = array_values(a)
    in_bounds(i, n, len(values))
    write(a, values, i, [pack(storage, value)] * n, "array.fill")


def array_copy(write, a, i: int, src, si: int, n: int) -> None:
    """`array.copy`: a copy of the source range first, so overlapping ranges are safe."""
    values = array_values(a)
    source = array_values(src)
    in_bounds(i, n, len(values))
    in_bounds(si, n, len(source))
    write(a, values, i, source[si : si + n], "array.copy")


def array_init_data(write, a, i: int, storage, data: bytes, s: int, n: int) -> None:
    """`array.init_data`."""
    values = array_values(a)
    in_bounds(i, n, len(values))
    write(a, values, i, data_values(data, storage, s, n), "array.init_data")


def array_init_elem(write, a, i: int, elems: list, s: int, n: int) -> None:
    """`array.init_elem`."""
    values = array_values(a)
    in_bounds(i, n, len(values))
    write(a, values, i, segment_values(elems, s, n), "array.init_elem")
