"""Handlers of the numeric (spec 4.4.1) and vector (4.4.3) instructions.

Semantics come from the numerics tables (`NUMERIC` in exec/numeric/operators.py,
`SIMD` in exec/numeric/simd.py). The integer operators that operators.py writes
as one expression
(`INT_UNARY`, `INT_BINARY`) are compiled here into the handler itself, to
save one Python call per instruction; everything else wraps the table's
function in a unary, binary or ternary handler.
"""

from __future__ import annotations

from playground.wasm.exec.numeric.operators import INT_BINARY, INT_UNARY, NUMERIC
from playground.wasm.exec.numeric.simd import SIMD
from playground.wasm.exec.step.handler_shapes import pushing
from playground.wasm.instructions import CONST_IMMEDIATES, OPS

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF


def make_const(c, ins):
    value, nxt = ins.imm[0], c.nxt
    imm = ins.op.imm
    if imm == "i32":  # stored signed (model.py); the stack holds raw unsigned values
        value &= M32
    elif imm == "i64":
        value &= M64
    return pushing(value, nxt)


_MAKERS: dict[str, object] = {}


def _inline_maker(name: str):
    """A factory for an inlined operator, built once from its expression (no eval at run time)."""
    maker = _MAKERS.get(name)
    if maker is None:
        binary = name in INT_BINARY
        src = (
            "def make(nxt):\n"
            "    def h(st, lo):\n"
            + ("        b = st.pop()\n" if binary else "")
            + "        a = st[-1]\n"
            f"        st[-1] = {INT_BINARY[name] if binary else INT_UNARY[name]}\n"
            "        return nxt\n"
            "    return h\n"
        )
        scope: dict = {}
        exec(compile(src, f"<inline {name}>", "exec"), scope)  # noqa: S102 - our own constant source
        maker = _MAKERS[name] = scope["make"]
    return maker


def make_inline(c, ins):
    return _inline_maker(ins.op.name)(c.nxt)


def _wrap(f, nparams: int, nxt: int):
    if nparams == 1:

        def h(st, lo):
            st[-1] = f(st[-1])
            return nxt

    elif nparams == 2:

        def h(st, lo):
            b = st.pop()
            st[-1] = f(st[-1], b)
            return nxt

    elif nparams == 3:

        def h(st, lo):
            c_ = st.pop()
            b = st.pop()
            st[-1] = f(st[-1], b, c_)
            return nxt

    else:  # splats and friends take one operand; nothing takes none

        def h(st, lo):
            st.append(f())
            return nxt

    return h


def make_numeric(c, ins):
    return _wrap(NUMERIC[ins.op.name], ins.op.pops, c.nxt)


def make_simd(c, ins):
    f = SIMD[ins.op.name]
    imm_kind = ins.op.imm
    if imm_kind == "lane":
        lane = ins.imm[0]
        return _wrap(lambda *args: f(lane, *args), ins.op.pops, c.nxt)
    if imm_kind == "shuffle":
        lanes = tuple(ins.imm[0])
        return _wrap(lambda a, b: f(lanes, a, b), 2, c.nxt)
    return _wrap(f, ins.op.pops, c.nxt)


FACTORIES = {
    **{o.name: make_const for o in OPS if o.imm in CONST_IMMEDIATES},
    **{name: make_inline for name in INT_BINARY},
    **{name: make_inline for name in INT_UNARY},
}
