"""Handlers of the control instructions (spec 4.4.8) and the parametric ones (4.4.4).

Each factory takes the `Compiler` (exec/step/prepare.py) and the `Instr` and
returns `handler(stack, locals) -> next_pc`. Branches use the statically
known label heights: `needs_cut` is False in the common case where nothing
but the carried values sits above the label, and then a branch is a jump.
"""

from __future__ import annotations

from playground.wasm.errors import Trap
from playground.wasm.exec.step.code import RETURN
from playground.wasm.runtime.gc_objects import func_deftype
from playground.wasm.subtyping import heap_matches
from playground.wasm.types import FuncType


def _jump(nxt: int):
    def h(st, lo):
        return nxt

    return h


def make_unreachable(c, ins):
    def h(st, lo):
        raise Trap("unreachable")

    return h


def make_nop(c, ins):
    return _jump(c.nxt)


def make_if(c, ins):
    b = c.ctrl_block_at(c.pc)
    nxt = c.nxt
    other = (b.else_pc if b.else_pc is not None else b.end) + 1

    def h(st, lo):
        if st.pop():
            return nxt
        return other

    return h


def make_else(c, ins):
    # reached at the end of the then-arm: skip the else-arm
    return _jump(c.ctrl[-1].end + 1)


def make_end(c, ins):
    if c.ctrl[-1].kind == "func":
        return _jump(RETURN)
    return _jump(c.nxt)


def _taken(target: int, height: int, arity: int, cut: bool):
    """A function `take(st) -> pc` that performs a branch, or an int when it is a pure jump."""
    if not cut:
        return target
    if arity:

        def take(st):
            del st[height : len(st) - arity]
            return target

    else:

        def take(st):
            del st[height:]
            return target

    return take


def make_br(c, ins):
    target, height, arity, cut = c.branch(ins.imm[0], c.h)
    take = _taken(target, height, arity, cut)
    if isinstance(take, int):
        return _jump(take)

    def h(st, lo):
        return take(st)

    return h


def make_br_if(c, ins):
    target, height, arity, cut = c.branch(ins.imm[0], c.h - 1)
    nxt = c.nxt
    if not cut:

        def h(st, lo):
            if st.pop():
                return target
            return nxt

        return h
    take = _taken(target, height, arity, cut)

    def h(st, lo):
        if st.pop():
            return take(st)
        return nxt

    return h


def make_br_table(c, ins):
    labels, default = ins.imm
    takes = [_taken(*c.branch(d, c.h - 1)) for d in labels]
    take_default = _taken(*c.branch(default, c.h - 1))
    if all(isinstance(t, int) for t in takes) and isinstance(take_default, int):
        n = len(takes)

        def h(st, lo):
            i = st.pop()
            return takes[i] if i < n else take_default

        return h
    funcs = [t if callable(t) else (lambda st, t=t: t) for t in takes]
    fdefault = take_default if callable(take_default) else (lambda st, t=take_default: t)
    n = len(funcs)

    def h(st, lo):
        i = st.pop()
        return funcs[i](st) if i < n else fdefault(st)

    return h


def make_return(c, ins):
    return _jump(RETURN)


def callee_type(c, ins) -> FuncType:
    """The function type a `call` (its callee's) or `call_indirect` (its type index) expects."""
    if ins.op.imm == "func":
        return c.inst.funcs[ins.imm[0]].type
    return c.inst.types[ins.imm[0]]


def make_call(c, ins, tail: bool = False):
    callee = c.inst.funcs[ins.imm[0]]
    _, event = c.add_site(callee, len(callee.type.params), tail)
    return _jump(event)


def make_return_call(c, ins):
    """3.0 tail call: the machine replaces the frame (Machine.call_or_return, CallSite.tail)."""
    return make_call(c, ins, tail=True)


def make_return_call_indirect(c, ins):
    return make_call_indirect(c, ins, tail=True)


def make_call_indirect(c, ins, tail: bool = False):
    expected = callee_type(c, ins)
    want = c.inst.defs[ins.imm[0]]
    table = c.inst.tables[ins.imm[1]]
    site, event = c.add_site(None, len(expected.params), tail)

    def h(st, lo):
        i = st.pop()
        elements = table.elements
        if i >= len(elements):
            raise Trap("undefined element")
        f = elements[i]
        if f is None:
            raise Trap(f"uninitialized element {i}")
        if not heap_matches(func_deftype(f), want):  # 3.0: a subtype of the expected type will do
            raise Trap("indirect call type mismatch")
        site.callee = f
        return event

    return h


def make_drop(c, ins):
    nxt = c.nxt

    def h(st, lo):
        st.pop()
        return nxt

    return h


def make_select(c, ins):
    nxt = c.nxt

    def h(st, lo):
        cond = st.pop()
        b = st.pop()
        if not cond:
            st[-1] = b
        return nxt

    return h


FACTORIES = {
    "unreachable": make_unreachable,
    "nop": make_nop,
    "block": make_nop,
    "loop": make_nop,
    "if": make_if,
    "else": make_else,
    "end": make_end,
    "br": make_br,
    "br_if": make_br_if,
    "br_table": make_br_table,
    "return": make_return,
    "call": make_call,
    "call_indirect": make_call_indirect,
    "return_call": make_return_call,
    "return_call_indirect": make_return_call_indirect,
    "drop": make_drop,
    "select": make_select,
}
