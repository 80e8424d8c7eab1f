"""Handlers of the 3.0 reference instructions: typed function references and GC (spec 3.0, 4.4.2, 4.4.3).

Factories as in the other handler files: `make_x(compiler, instr)` returns
`handler(stack, locals) -> next_pc`. Type immediates resolve once, at compile time,
to the instance's canonical DefTypes (`ModuleInstance.defs`); objects are the
Python objects of runtime/gc_objects.py.
"""

from __future__ import annotations

from functools import partial

from playground.wasm.deftypes import canonical_valtype
from playground.wasm.errors import Trap
from playground.wasm.exec.step.handlers_control import _taken
from playground.wasm.runtime.gc_objects import (
    ArrayRef, checked_length, I31Ref, any_to_extern, default_struct, extern_to_any, fixed_array, has_type,
    new_array, new_struct, pack, unpack,
)
from playground.wasm.types import ValType

# bytes per element when an array is filled from a data segment
_WIDTH = {"i8": 1, "i16": 2, ValType.I32: 4, ValType.F32: 4, ValType.I64: 8, ValType.F64: 8, ValType.V128: 16}


def _null(what: str):
    raise Trap(f"null {what} reference")


def _branch(c, labelidx: int, height: int):
    take = _taken(*c.branch(labelidx, height))
    return take if callable(take) else (lambda st, t=take: t)


# --- typed function references -------------------------------------------------------------

def make_call_ref(c, ins, tail: bool = False):
    ft = c.inst.types[ins.imm[0]]
    site, event = c.add_site(None, len(ft.params), tail)

    def h(st, lo):
        f = st.pop()
        if f is None:
            _null("function")
        site.callee = f
        return event

    return h


def make_return_call_ref(c, ins):
    return make_call_ref(c, ins, tail=True)


def make_ref_as_non_null(c, ins):
    nxt = c.nxt

    def h(st, lo):
        if st[-1] is None:
            raise Trap("null reference")
        return nxt

    return h


def make_br_on_null(c, ins):
    take, nxt = _branch(c, ins.imm[0], c.h - 1), c.nxt

    def h(st, lo):
        if st[-1] is None:
            st.pop()
            return take(st)
        return nxt

    return h


def make_br_on_non_null(c, ins):
    take, nxt = _branch(c, ins.imm[0], c.h), c.nxt

    def h(st, lo):
        if st[-1] is not None:
            return take(st)
        st.pop()
        return nxt

    return h


def _ref_eq(a, b) -> int:
    """`ref.eq`: the same object, or two i31 references of the same value."""
    return 1 if a is b or (type(a) is I31Ref and a == b) else 0


def _replacing(pops: int, f, nxt: int):
    """A handler that pops `pops` operands (0 to 2) and pushes `f` of them, in push order."""
    if pops == 0:

        def h(st, lo):
            st.append(f())
            return nxt

    elif pops == 1:

        def h(st, lo):
            st[-1] = f(st[-1])
            return nxt

    else:

        def h(st, lo):
            b = st.pop()
            st[-1] = f(st[-1], b)
            return nxt

    return h


def _applying(f, pops: int = 1):
    """The factory of an instruction that replaces its operands by `f` of them."""
    return lambda c, ins: _replacing(pops, f, c.nxt)


# --- allocation ----------------------------------------------------------------------------

def _noted(c, h):
    """`h`, a handler that leaves a new struct or array on top; under a debugger's ops
    (`notes_allocations`) the ops are then told where it was allocated (runtime/mutations.py)."""
    ops = c.ops
    if not ops.notes_allocations:
        return h
    allocated, funcidx, pc = ops.allocated, c.func.funcidx, c.pc

    def noted(st, lo):
        nxt = h(st, lo)
        allocated(st[-1], funcidx, pc)
        return nxt

    return noted


def _taking(n: int | None, build):
    """The handler of `struct.new` and `array.new_fixed`: the top n values, in order, to `build`."""

    def make(c, ins):
        d = c.inst.defs[ins.imm[0]]
        count = ins.imm[1] if n is None else len(d.unrolled.fields)
        nxt = c.nxt

        def h(st, lo):
            start = len(st) - count
            values = st[start:]
            del st[start:]
            st.append(build(d, values))
            return nxt

        return _noted(c, h)

    return make


def _new(pops: int, builder):
    """The other allocating instructions: pop `pops` operands (0 to 2) and push `build(*operands)`,
    where `build = builder(c, ins, deftype)`."""

    def make(c, ins):
        return _noted(c, _replacing(pops, builder(c, ins, c.inst.defs[ins.imm[0]]), c.nxt))

    return make


def _data_values(data: bytes, storage, start: int, n: int) -> list:
    """n elements of type `storage` read from a data segment's bytes at `start`."""
    width = _WIDTH[storage]
    _in_bounds(start, n * width, len(data), "memory")
    return [int.from_bytes(data[p : p + width], "little") for p in range(start, start + n * width, width)]


def _segment_values(elems: list, start: int, n: int) -> list:
    """n references of an element segment from `start`."""
    _in_bounds(start, n, len(elems), "table")
    return elems[start : start + n]


def _from_data(c, ins, d):
    inst, dataidx, storage = c.inst, ins.imm[1], d.unrolled.element.storage
    return lambda s, n: ArrayRef(d, _data_values(inst.datas[dataidx], storage, s, checked_length(n)))


def _from_elem(c, ins, d):
    inst, elemidx = c.inst, ins.imm[1]  # segments are looked up at run time: `elem.drop` replaces them
    return lambda s, n: ArrayRef(d, _segment_values(inst.elems[elemidx], s, checked_length(n)))


# --- structs and arrays: reads and writes -----------------------------------------------------
# Writes go through the executor's StateOps (heap_set, heap_write), so a debugger can undo them.

def _storage(c, ins):
    """The storage type of the field (struct.get/set) or the element (array.*) an instruction reaches."""
    d = c.inst.defs[ins.imm[0]].unrolled
    return d.fields[ins.imm[1]].storage if ins.op.imm == "type_field" else d.element.storage


def _array(a) -> list:
    if a is None:
        _null("array")
    return a.values


def _in_bounds(start: int, n: int, length: int, what: str = "array") -> None:
    if start + n > length:
        raise Trap(f"out of bounds {what} access")


def make_struct_get(c, ins):
    i, storage, nxt = ins.imm[1], _storage(c, ins), c.nxt
    signed = ins.op.name.endswith("_s")

    def h(st, lo):
        s = st[-1]
        if s is None:
            _null("structure")
        st[-1] = unpack(storage, s.fields[i], signed)
        return nxt

    return h


def make_struct_set(c, ins):
    i, storage, heap_set, nxt = ins.imm[1], _storage(c, ins), c.ops.heap_set, c.nxt

    def h(st, lo):
        v = st.pop()
        s = st.pop()
        if s is None:
            _null("structure")
        heap_set(s, s.fields, i, pack(storage, v))
        return nxt

    return h


def make_array_get(c, ins):
    storage, nxt = _storage(c, ins), c.nxt
    signed = ins.op.name.endswith("_s")

    def h(st, lo):
        i = st.pop()
        values = _array(st[-1])
        if i >= len(values):
            raise Trap("out of bounds array access")
        st[-1] = unpack(storage, values[i], signed)
        return nxt

    return h


def make_array_set(c, ins):
    storage, heap_set, nxt = _storage(c, ins), c.ops.heap_set, c.nxt

    def h(st, lo):
        v = st.pop()
        i = st.pop()
        a = st.pop()
        values = _array(a)
        if i >= len(values):
            raise Trap("out of bounds array access")
        heap_set(a, values, i, pack(storage, v))
        return nxt

    return h


def _length(a) -> int:
    """`array.len`."""
    return len(_array(a))


def _range_write(nsource: int, source):
    """`array.fill/copy/init_data/init_elem`: pop the count, `nsource` source operands, the index
    and the array; `take = source(c, ins)` checks the source and both ranges in the spec's order
    and gives the new elements, `take(operands, index, count, array length)`."""

    def make(c, ins):
        take, write, what, nxt = source(c, ins), c.ops.heap_write, ins.op.name, c.nxt

        def h(st, lo):
            n = st.pop()
            at = len(st) - nsource
            operands = st[at:]
            del st[at:]
            i = st.pop()
            a = st.pop()
            values = _array(a)
            write(a, values, i, take(operands, i, n, len(values)), what)
            return nxt

        return h

    return make


def _fill(c, ins):
    storage = _storage(c, ins)

    def take(operands, i, n, length):
        _in_bounds(i, n, length)
        return [pack(storage, operands[0])] * n

    return take


def _copy(c, ins):
    def take(operands, i, n, length):
        src, si = operands
        values = _array(src)
        _in_bounds(i, n, length)
        _in_bounds(si, n, len(values))
        return values[si : si + n]  # a copy: overlapping ranges are safe

    return take


def _init_data(c, ins):
    inst, dataidx, storage = c.inst, ins.imm[1], _storage(c, ins)

    def take(operands, i, n, length):
        _in_bounds(i, n, length)
        return _data_values(inst.datas[dataidx], storage, operands[0], n)

    return take


def _init_elem(c, ins):
    inst, elemidx = c.inst, ins.imm[1]

    def take(operands, i, n, length):
        _in_bounds(i, n, length)
        return _segment_values(inst.elems[elemidx], operands[0], n)

    return take


# --- casts, conversions, i31 ---------------------------------------------------------------

def make_ref_test(c, ins):
    rt = canonical_valtype(ins.imm[0], c.inst.defs)
    nxt = c.nxt

    if ins.op.name == "ref.test":

        def h(st, lo):
            st[-1] = 1 if has_type(st[-1], rt) else 0
            return nxt

    else:  # ref.cast

        def h(st, lo):
            if not has_type(st[-1], rt):
                raise Trap("cast failure")
            return nxt

    return h


def make_br_on_cast(c, ins):
    labelidx, _, rt2 = ins.imm
    rt = canonical_valtype(rt2, c.inst.defs)
    take, nxt = _branch(c, labelidx, c.h), c.nxt
    on_success = ins.op.name == "br_on_cast"

    def h(st, lo):
        if has_type(st[-1], rt) is on_success:
            return take(st)
        return nxt

    return h


def _i31_get(signed: bool):
    def get(r):
        if r is None:
            _null("i31")
        v = r.value
        return v | 0x80000000 if signed and v & 0x40000000 else v

    return get


FACTORIES = {
    "call_ref": make_call_ref,
    "return_call_ref": make_return_call_ref,
    "ref.as_non_null": make_ref_as_non_null,
    "br_on_null": make_br_on_null,
    "br_on_non_null": make_br_on_non_null,
    "ref.eq": _applying(_ref_eq, 2),
    "struct.new": _taking(0, new_struct),
    "struct.new_default": _new(0, lambda c, ins, d: partial(default_struct, d)),
    "struct.get": make_struct_get,
    "struct.get_s": make_struct_get,
    "struct.get_u": make_struct_get,
    "struct.set": make_struct_set,
    "array.new": _new(2, lambda c, ins, d: partial(new_array, d)),
    "array.new_default": _new(1, lambda c, ins, d: lambda n: new_array(d, None, n)),
    "array.new_fixed": _taking(None, fixed_array),
    "array.new_data": _new(2, _from_data),
    "array.new_elem": _new(2, _from_elem),
    "array.get": make_array_get,
    "array.get_s": make_array_get,
    "array.get_u": make_array_get,
    "array.set": make_array_set,
    "array.len": _applying(_length),
    "array.fill": _range_write(1, _fill),
    "array.copy": _range_write(2, _copy),
    "array.init_data": _range_write(1, _init_data),
    "array.init_elem": _range_write(1, _init_elem),
    "ref.test": make_ref_test,
    "ref.cast": make_ref_test,
    "br_on_cast": make_br_on_cast,
    "br_on_cast_fail": make_br_on_cast,
    "any.convert_extern": _applying(extern_to_any),
    "extern.convert_any": _applying(any_to_extern),
    "ref.i31": _applying(I31Ref),
    "i31.get_s": _applying(_i31_get(True)),
    "i31.get_u": _applying(_i31_get(False)),
}
