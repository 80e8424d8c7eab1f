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
    I31Ref, any_to_extern, array_copy, array_fill, array_from_data, array_from_elem, array_get, array_init_data,
    array_init_elem, array_length, array_set, default_struct, extern_to_any, fixed_array, has_type, i31_get,
    new_array, new_struct, null_trap as _null, ref_eq, struct_get, struct_set,
)


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


def _from_data(c, ins, d):
    inst, dataidx = c.inst, ins.imm[1]  # segments are looked up at run time: `data.drop` replaces them
    return lambda s, n: array_from_data(d, inst.datas[dataidx], s, n)


def _from_elem(c, ins, d):
    inst, elemidx = c.inst, ins.imm[1]
    return lambda s, n: array_from_elem(d, inst.elems[elemidx], s, n)


# --- structs and arrays: reads and writes -----------------------------------------------------
# Writes go through the executor's StateOps (heap_set, heap_write), so a debugger can undo them.

def _storage(c, ins):
    """The storage type of the field (struct.get/set) or the element (array.*) an instruction reaches."""
    d = c.inst.defs[ins.imm[0]].unrolled
    return d.fields[ins.imm[1]].storage if ins.op.imm == "type_field" else d.element.storage


def make_struct_get(c, ins):
    i, storage, nxt = ins.imm[1], _storage(c, ins), c.nxt
    signed = ins.op.name.endswith("_s")

    def h(st, lo):
        st[-1] = struct_get(st[-1], i, storage, signed)
        return nxt

    return h


def make_struct_set(c, ins):
    i, storage, heap_set, nxt = ins.imm[1], _storage(c, ins), c.ops.heap_set, c.nxt

    def h(st, lo):
        v = st.pop()
        struct_set(heap_set, st.pop(), i, storage, v)
        return nxt

    return h


def make_array_get(c, ins):
    storage, nxt = _storage(c, ins), c.nxt
    signed = ins.op.name.endswith("_s")

    def h(st, lo):
        i = st.pop()
        st[-1] = array_get(st[-1], i, storage, signed)
        return nxt

    return h


def make_array_set(c, ins):
    storage, heap_set, nxt = _storage(c, ins), c.ops.heap_set, c.nxt

    def h(st, lo):
        v = st.pop()
        i = st.pop()
        array_set(heap_set, st.pop(), i, storage, v)
        return nxt

    return h


def _range_write(pops: int, operation):
    """`array.fill/copy/init_data/init_elem`: pop the array, the index and `pops` more operands (the count
    last) and run `operation(c, ins)(heap_write, array, index, *rest)` (runtime/gc_objects.py)."""

    def make(c, ins):
        run, write, nxt = operation(c, ins), c.ops.heap_write, c.nxt

        def h(st, lo):
            at = len(st) - pops - 2
            operands = st[at:]
            del st[at:]
            run(write, *operands)
            return nxt

        return h

    return make


def _fill(c, ins):
    storage = _storage(c, ins)
    return lambda write, a, i, v, n: array_fill(write, a, i, storage, v, n)


def _init_data(c, ins):
    inst, dataidx, storage = c.inst, ins.imm[1], _storage(c, ins)
    return lambda write, a, i, s, n: array_init_data(write, a, i, storage, inst.datas[dataidx], s, n)


def _init_elem(c, ins):
    inst, elemidx = c.inst, ins.imm[1]
    return lambda write, a, i, s, n: array_init_elem(write, a, i, inst.elems[elemidx], s, n)


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


FACTORIES = {
    "call_ref": make_call_ref,
    "return_call_ref": make_return_call_ref,
    "ref.as_non_null": make_ref_as_non_null,
    "br_on_null": make_br_on_null,
    "br_on_non_null": make_br_on_non_null,
    "ref.eq": _applying(ref_eq, 2),
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
    "array.len": _applying(array_length),
    "array.fill": _range_write(2, _fill),
    "array.copy": _range_write(3, lambda c, ins: array_copy),
    "array.init_data": _range_write(2, _init_data),
    "array.init_elem": _range_write(2, _init_elem),
    "ref.test": make_ref_test,
    "ref.cast": make_ref_test,
    "br_on_cast": make_br_on_cast,
    "br_on_cast_fail": make_br_on_cast,
    "any.convert_extern": _applying(extern_to_any),
    "extern.convert_any": _applying(any_to_extern),
    "ref.i31": _applying(I31Ref),
    "i31.get_s": _applying(lambda r: i31_get(r, True)),
    "i31.get_u": _applying(lambda r: i31_get(r, False)),
}
