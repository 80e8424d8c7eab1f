"""Handlers of the 3.0 reference instructions: typed function references and GC (spec 3.0, 4.4.2, 4.4.3).

Factories as in the other handler files: `make_x(compiler, instr)` returns
`handler(stack, locals) -> next_pc`. Type immediates resolve once, at compile time,
to the instance's canonical DefTypes (`ModuleInstance.defs`); objects are the
Python objects of runtime/gc_objects.py.
"""

from __future__ import annotations

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


def make_ref_eq(c, ins):
    nxt = c.nxt

    def h(st, lo):
        b = st.pop()
        a = st[-1]
        st[-1] = 1 if a is b or (type(a) is I31Ref and a == b) else 0
        return nxt

    return h


# --- structs -------------------------------------------------------------------------------

def _taking(n: int, build):
    """The handler of `struct.new` and `array.new_fixed`: the top n values, in order, to `build`."""

    def make(c, ins, n=n):
        d = c.inst.defs[ins.imm[0]]
        count = ins.imm[1] if n is None else len(d.unrolled.fields)
        nxt = c.nxt

        def h(st, lo):
            start = len(st) - count
            values = st[start:]
            del st[start:]
            st.append(build(d, values))
            return nxt

        return h

    return make


def make_struct_new_default(c, ins):
    d, nxt = c.inst.defs[ins.imm[0]], c.nxt

    def h(st, lo):
        st.append(default_struct(d))
        return nxt

    return h


def make_struct_get(c, ins):
    typeidx, i = ins.imm
    storage = c.inst.defs[typeidx].unrolled.fields[i].storage
    signed = ins.op.name.endswith("_s")
    nxt = c.nxt

    def h(st, lo):
        s = st[-1]
        if s is None:
            _null("structure")
        st[-1] = unpack(storage, s.fields[i], signed)
        return nxt

    return h


def make_struct_set(c, ins):
    typeidx, i = ins.imm
    storage = c.inst.defs[typeidx].unrolled.fields[i].storage
    nxt = c.nxt

    def h(st, lo):
        v = st.pop()
        s = st.pop()
        if s is None:
            _null("structure")
        s.fields[i] = pack(storage, v)
        return nxt

    return h


# --- arrays --------------------------------------------------------------------------------

def _element(c, typeidx: int):
    d = c.inst.defs[typeidx]
    return d, d.unrolled.element.storage


def _array(a) -> list:
    if a is None:
        _null("array")
    return a.values


def _in_bounds(start: int, n: int, length: int, what: str = "array") -> None:
    if start + n > length:
        raise Trap(f"out of bounds {what} access")


def make_array_new(c, ins):
    d, nxt = c.inst.defs[ins.imm[0]], c.nxt

    def h(st, lo):
        n = st.pop()
        st[-1] = new_array(d, st[-1], n)
        return nxt

    return h


def make_array_new_default(c, ins):
    d, nxt = c.inst.defs[ins.imm[0]], c.nxt

    def h(st, lo):
        st[-1] = new_array(d, None, st[-1])
        return nxt

    return h


def _data_values(data: bytes, storage, start: int, n: int) -> list:
    width = _WIDTH[storage]
    _in_bounds(start, n * width, len(data), "memory")
    return [int.from_bytes(data[p : p + width], "little") for p in range(start, start + n * width, width)]


def make_array_new_data(c, ins):
    (typeidx, dataidx), inst = ins.imm, c.inst
    d, storage = _element(c, typeidx)
    nxt = c.nxt

    def h(st, lo):
        n = checked_length(st.pop())
        st[-1] = ArrayRef(d, _data_values(inst.datas[dataidx], storage, st[-1], n))
        return nxt

    return h


def make_array_new_elem(c, ins):
    (typeidx, elemidx), inst = ins.imm, c.inst
    d = c.inst.defs[typeidx]
    nxt = c.nxt

    def h(st, lo):
        n = checked_length(st.pop())
        s = st[-1]
        elems = inst.elems[elemidx]
        _in_bounds(s, n, len(elems), "table")
        st[-1] = ArrayRef(d, elems[s : s + n])
        return nxt

    return h


def make_array_get(c, ins):
    _, storage = _element(c, ins.imm[0])
    signed = ins.op.name.endswith("_s")
    nxt = c.nxt

    def h(st, lo):
        i = st.pop()
        values = _array(st[-1])
        if i >= len(values):
            raise Trap("out of bounds array access")
        st[-1] = unpack(storage, values[i], signed)
        return nxt

    return h


def make_array_set(c, ins):
    _, storage = _element(c, ins.imm[0])
    nxt = c.nxt

    def h(st, lo):
        v = st.pop()
        i = st.pop()
        values = _array(st.pop())
        if i >= len(values):
            raise Trap("out of bounds array access")
        values[i] = pack(storage, v)
        return nxt

    return h


def make_array_len(c, ins):
    nxt = c.nxt

    def h(st, lo):
        st[-1] = len(_array(st[-1]))
        return nxt

    return h


def make_array_fill(c, ins):
    _, storage = _element(c, ins.imm[0])
    nxt = c.nxt

    def h(st, lo):
        n = st.pop()
        v = pack(storage, st.pop())
        i = st.pop()
        values = _array(st.pop())
        _in_bounds(i, n, len(values))
        values[i : i + n] = [v] * n
        return nxt

    return h


def make_array_copy(c, ins):
    nxt = c.nxt

    def h(st, lo):
        n = st.pop()
        si = st.pop()
        src = _array(st.pop())
        di = st.pop()
        dst = _array(st.pop())
        _in_bounds(di, n, len(dst))
        _in_bounds(si, n, len(src))
        dst[di : di + n] = src[si : si + n]  # the right side is a copy: overlaps are safe
        return nxt

    return h


def make_array_init_data(c, ins):
    (typeidx, dataidx), inst = ins.imm, c.inst
    _, storage = _element(c, typeidx)
    nxt = c.nxt

    def h(st, lo):
        n = st.pop()
        s = st.pop()
        i = st.pop()
        values = _array(st.pop())
        _in_bounds(i, n, len(values))
        values[i : i + n] = _data_values(inst.datas[dataidx], storage, s, n)
        return nxt

    return h


def make_array_init_elem(c, ins):
    (_, elemidx), inst = ins.imm, c.inst
    nxt = c.nxt

    def h(st, lo):
        n = st.pop()
        s = st.pop()
        i = st.pop()
        values = _array(st.pop())
        _in_bounds(i, n, len(values))
        elems = inst.elems[elemidx]
        _in_bounds(s, n, len(elems), "table")
        values[i : i + n] = elems[s : s + n]
        return nxt

    return h


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


def _unary(f):
    def make(c, ins):
        nxt = c.nxt

        def h(st, lo):
            st[-1] = f(st[-1])
            return nxt

        return h

    return make


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
    "ref.eq": make_ref_eq,
    "struct.new": _taking(0, new_struct),
    "struct.new_default": make_struct_new_default,
    "struct.get": make_struct_get,
    "struct.get_s": make_struct_get,
    "struct.get_u": make_struct_get,
    "struct.set": make_struct_set,
    "array.new": make_array_new,
    "array.new_default": make_array_new_default,
    "array.new_fixed": _taking(None, fixed_array),
    "array.new_data": make_array_new_data,
    "array.new_elem": make_array_new_elem,
    "array.get": make_array_get,
    "array.get_s": make_array_get,
    "array.get_u": make_array_get,
    "array.set": make_array_set,
    "array.len": make_array_len,
    "array.fill": make_array_fill,
    "array.copy": make_array_copy,
    "array.init_data": make_array_init_data,
    "array.init_elem": make_array_init_elem,
    "ref.test": make_ref_test,
    "ref.cast": make_ref_test,
    "br_on_cast": make_br_on_cast,
    "br_on_cast_fail": make_br_on_cast,
    "any.convert_extern": _unary(extern_to_any),
    "extern.convert_any": _unary(any_to_extern),
    "ref.i31": _unary(I31Ref),
    "i31.get_s": _unary(_i31_get(True)),
    "i31.get_u": _unary(_i31_get(False)),
}
