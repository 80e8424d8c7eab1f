"""Handlers of the numeric (spec 4.4.1) and vector (4.4.3) instructions.

Semantics come from the numerics tables (`NUMERIC` in numeric.py, `SIMD` in
simd.py). The hottest integer operators are inlined here as closures with
the same semantics, to save one Python call per instruction; everything
else wraps the table's function in a unary, binary or ternary handler.
"""

from __future__ import annotations

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF
S32 = 0x80000000
S64 = 0x8000000000000000


def make_const(c, ins):
    value, nxt = ins.imm[0], c.nxt
    name = ins.op.name
    if name == "i32.const":
        value &= M32
    elif name == "i64.const":
        value &= M64

    def h(st, lo):
        st.append(value)
        return nxt

    return h


# Inline binary operators: (a, b) -> result as Python expressions, compiled once per name.
_INLINE_BINARY = {
    "i32.add": "(a + b) & 0xFFFFFFFF",
    "i32.sub": "(a - b) & 0xFFFFFFFF",
    "i32.mul": "(a * b) & 0xFFFFFFFF",
    "i32.and": "a & b",
    "i32.or": "a | b",
    "i32.xor": "a ^ b",
    "i32.shl": "(a << (b & 31)) & 0xFFFFFFFF",
    "i32.shr_u": "a >> (b & 31)",
    "i32.eq": "1 if a == b else 0",
    "i32.ne": "1 if a != b else 0",
    "i32.lt_u": "1 if a < b else 0",
    "i32.gt_u": "1 if a > b else 0",
    "i32.le_u": "1 if a <= b else 0",
    "i32.ge_u": "1 if a >= b else 0",
    "i32.lt_s": "1 if (a ^ 0x80000000) < (b ^ 0x80000000) else 0",
    "i32.gt_s": "1 if (a ^ 0x80000000) > (b ^ 0x80000000) else 0",
    "i32.le_s": "1 if (a ^ 0x80000000) <= (b ^ 0x80000000) else 0",
    "i32.ge_s": "1 if (a ^ 0x80000000) >= (b ^ 0x80000000) else 0",
    "i64.add": "(a + b) & 0xFFFFFFFFFFFFFFFF",
    "i64.sub": "(a - b) & 0xFFFFFFFFFFFFFFFF",
    "i64.mul": "(a * b) & 0xFFFFFFFFFFFFFFFF",
    "i64.and": "a & b",
    "i64.or": "a | b",
    "i64.xor": "a ^ b",
    "i64.shl": "(a << (b & 63)) & 0xFFFFFFFFFFFFFFFF",
    "i64.shr_u": "a >> (b & 63)",
    "i64.eq": "1 if a == b else 0",
    "i64.ne": "1 if a != b else 0",
    "i64.lt_u": "1 if a < b else 0",
    "i64.gt_u": "1 if a > b else 0",
    "i64.le_u": "1 if a <= b else 0",
    "i64.ge_u": "1 if a >= b else 0",
    "i64.lt_s": "1 if (a ^ 0x8000000000000000) < (b ^ 0x8000000000000000) else 0",
    "i64.gt_s": "1 if (a ^ 0x8000000000000000) > (b ^ 0x8000000000000000) else 0",
    "i64.le_s": "1 if (a ^ 0x8000000000000000) <= (b ^ 0x8000000000000000) else 0",
    "i64.ge_s": "1 if (a ^ 0x8000000000000000) >= (b ^ 0x8000000000000000) else 0",
}

_INLINE_UNARY = {
    "i32.eqz": "1 if a == 0 else 0",
    "i64.eqz": "1 if a == 0 else 0",
    "i32.wrap_i64": "a & 0xFFFFFFFF",
    "i64.extend_i32_u": "a",
    "i64.extend_i32_s": "a | 0xFFFFFFFF00000000 if a & 0x80000000 else a",
}

_MAKERS: dict[str, object] = {}


def _inline_maker(name: str):
    """A factory for an inlined operator, built once from its expression (no eval at run time)."""
    maker = _MAKERS.get(name)
    if maker is None:
        if name in _INLINE_BINARY:
            src = (
                "def make(nxt):\n"
                "    def h(st, lo):\n"
                "        b = st.pop()\n"
                "        a = st[-1]\n"
                f"        st[-1] = {_INLINE_BINARY[name]}\n"
                "        return nxt\n"
                "    return h\n"
            )
        else:
            src = (
                "def make(nxt):\n"
                "    def h(st, lo):\n"
                "        a = st[-1]\n"
                f"        st[-1] = {_INLINE_UNARY[name]}\n"
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
    from playground.wasm.exec.numeric import NUMERIC

    return _wrap(NUMERIC[ins.op.name], len(ins.op.params), c.nxt)


def make_simd(c, ins):
    from playground.wasm.exec.simd import SIMD

    f = SIMD[ins.op.name]
    imm_kind = ins.op.imm
    if imm_kind == "lane":
        lane = ins.imm[0]
        return _wrap(lambda *args: f(lane, *args), len(ins.op.params), c.nxt)
    if imm_kind == "shuffle":
        lanes = tuple(ins.imm[0])
        return _wrap(lambda a, b: f(lanes, a, b), 2, c.nxt)
    return _wrap(f, len(ins.op.params), c.nxt)


FACTORIES = {
    **{name: make_const for name in ("i32.const", "i64.const", "f32.const", "f64.const", "v128.const")},
    **{name: make_inline for name in _INLINE_BINARY},
    **{name: make_inline for name in _INLINE_UNARY},
}
