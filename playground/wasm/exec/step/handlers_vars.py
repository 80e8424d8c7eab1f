"""Handlers of the variable (spec 4.4.5), table (4.4.6) and reference (4.4.2) instructions.

Writes to globals, tables and element segments go through the executor's
`StateOps` (runtime/mutations.py); only the plain table's `global.set` is inlined.
"""

from __future__ import annotations

from functools import partial

from playground.wasm.errors import Trap
from playground.wasm.exec.step.handler_shapes import calling, pushing, three_operands
from playground.wasm.runtime.mutations import OOB_TABLE

M32 = 0xFFFFFFFF


def make_local_get(c, ins):
    i, nxt = ins.imm[0], c.nxt

    def h(st, lo):
        st.append(lo[i])
        return nxt

    return h


def make_local_set(c, ins):
    i, nxt = ins.imm[0], c.nxt

    def h(st, lo):
        lo[i] = st.pop()
        return nxt

    return h


def make_local_tee(c, ins):
    i, nxt = ins.imm[0], c.nxt

    def h(st, lo):
        lo[i] = st[-1]
        return nxt

    return h


def make_global_get(c, ins):
    g, nxt = c.inst.globals[ins.imm[0]], c.nxt

    def h(st, lo):
        st.append(g.value)
        return nxt

    return h


def make_global_set(c, ins):
    g, nxt = c.inst.globals[ins.imm[0]], c.nxt
    if c.ops.inline:

        def h(st, lo):
            g.value = st.pop()
            return nxt

        return h
    global_set = c.ops.global_set

    def h(st, lo):
        global_set(g, st.pop())
        return nxt

    return h


def make_table_get(c, ins):
    t, nxt = c.inst.tables[ins.imm[0]], c.nxt

    def h(st, lo):
        i = st[-1]
        elements = t.elements
        if i >= len(elements):
            raise Trap(OOB_TABLE)
        st[-1] = elements[i]
        return nxt

    return h


def make_table_set(c, ins):
    t, nxt, table_set = c.inst.tables[ins.imm[0]], c.nxt, c.ops.table_set

    def h(st, lo):
        ref = st.pop()
        table_set(t, st.pop(), ref)
        return nxt

    return h


def make_table_size(c, ins):
    t, nxt = c.inst.tables[ins.imm[0]], c.nxt

    def h(st, lo):
        st.append(len(t.elements))
        return nxt

    return h


def make_table_grow(c, ins):
    t, nxt, table_grow = c.inst.tables[ins.imm[0]], c.nxt, c.ops.table_grow
    mask = 0xFFFF_FFFF_FFFF_FFFF if t.is64 else M32  # -1 in the table's index type (3.0, table64)

    def h(st, lo):
        st[-1] = table_grow(t, st.pop(), st[-1]) & mask  # pops n, then the initial value under it becomes the result
        return nxt

    return h


def make_table_fill(c, ins):
    return three_operands(partial(c.ops.table_fill, c.inst.tables[ins.imm[0]]), c.nxt)


def make_table_copy(c, ins):
    dst, src = (c.inst.tables[i] for i in ins.imm)
    return three_operands(partial(c.ops.table_copy, dst, src), c.nxt)


def make_table_init(c, ins):
    elemidx, tableidx = ins.imm
    inst, t, table_init = c.inst, c.inst.tables[tableidx], c.ops.table_init
    # The segment is looked up at run time: `elem.drop` replaces it.
    return three_operands(lambda d, s, n: table_init(t, inst.elems[elemidx], d, s, n), c.nxt)


def make_elem_drop(c, ins):
    return calling(partial(c.ops.elem_drop, c.inst, ins.imm[0]), c.nxt)


def make_ref_null(c, ins):
    return pushing(None, c.nxt)


def make_ref_is_null(c, ins):
    nxt = c.nxt

    def h(st, lo):
        st[-1] = 1 if st[-1] is None else 0
        return nxt

    return h


def make_ref_func(c, ins):
    return pushing(c.inst.funcs[ins.imm[0]], c.nxt)


FACTORIES = {
    "local.get": make_local_get,
    "local.set": make_local_set,
    "local.tee": make_local_tee,
    "global.get": make_global_get,
    "global.set": make_global_set,
    "table.get": make_table_get,
    "table.set": make_table_set,
    "table.size": make_table_size,
    "table.grow": make_table_grow,
    "table.fill": make_table_fill,
    "table.copy": make_table_copy,
    "table.init": make_table_init,
    "elem.drop": make_elem_drop,
    "ref.null": make_ref_null,
    "ref.is_null": make_ref_is_null,
    "ref.func": make_ref_func,
}
