"""Constant expressions (spec 3.3.10): global initialisers, segment offsets, element inits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from playground.wasm.errors import InvalidError, SourceSpan
from playground.wasm.features import DEFAULT as DEFAULT_FEATURES
from playground.wasm.features import Features
from playground.wasm.instructions import op
from playground.wasm.model import Instr
from playground.wasm.subtyping import matches
from playground.wasm.types import RefType, ValType
from playground.wasm.validate_context import Context
from playground.wasm.validate_refs import RefRules

_END = op("end")
_GLOBAL_GET = op("global.get")
_REF_FUNC = op("ref.func")
_REF_NULL = op("ref.null")
# The constant instructions whose type the table states: t.const and v128.const.
_CONSTS = {o: o.results[0] for o in map(op, ("i32.const", "i64.const", "f32.const", "f64.const", "v128.const"))}
# Extended constant expressions (3.0): integer add, sub and mul, typed by the table.
EXTENDED_CONST_OPS = frozenset(map(op, ("i32.add", "i32.sub", "i32.mul", "i64.add", "i64.sub", "i64.mul")))


def check_const_expr(
    ctx: Context,
    expr: list[Instr],
    expected: ValType,
    *,
    span: SourceSpan | None = None,
    features: Features = DEFAULT_FEATURES,
) -> None:
    """Check that `expr` is constant and of type [expected] (spec 3.3.10, 3.4.10).

    `ctx` must be the restricted context C' (the globals an initializer may
    read). A missing instruction reports at `span`, the span of the item that
    owns the expression. With `extended-const` on, i32/i64 add, sub and mul
    are constant too. Raises InvalidError: "constant expression required",
    "unknown global N", "unknown function N" or "type mismatch" (FeatureError
    for an extended constant with the feature off).
    """
    body = expr[:-1] if expr and expr[-1].op is _END else expr
    stack: list[ValType] = []
    for index, instr in enumerate(body):
        o = instr.op
        t = _CONSTS.get(o)
        if t is None and o.name in GC_CONST_OPS:  # 3.0: allocations and conversions (typed as in bodies)
            _ConstRules(ctx, stack, instr, index).ref_rule(instr)
            continue
        if t is None and o in EXTENDED_CONST_OPS:
            if "extended-const" not in features:
                features.require("extended-const", "constant expression required", instr.span or span)
            if stack[-2:] != list(o.params):
                raise _error("type mismatch", instr, index, span)
            del stack[-2:]
            t = o.results[0]
        elif t is None:
            t = _special_type(ctx, instr, index)
        stack.append(t)
    if stack != [expected] and not (len(stack) == 1 and matches(stack[0], ctx.valtype(expected))):
        at = expr[-1] if expr else None
        raise _error("type mismatch", at, len(expr) - 1 if expr else None, span)


def _special_type(ctx: Context, instr: Instr, index: int) -> ValType:
    o = instr.op
    if o is _REF_NULL:
        try:
            return ctx.valtype(instr.imm[0])
        except InvalidError as exc:
            raise _error(exc.message, instr, index) from None
    if o is _REF_FUNC:
        (funcidx,) = instr.imm
        if funcidx >= len(ctx.funcs):
            raise _error(f"unknown function {funcidx}", instr, index)
        return RefType(False, ctx.defs[ctx.func_typeidx[funcidx]]) if ctx.defs else ValType.FUNCREF
    if o is _GLOBAL_GET:
        (globalidx,) = instr.imm
        if globalidx >= len(ctx.globals):
            raise _error(f"unknown global {globalidx}", instr, index)
        gtype = ctx.globals[globalidx]
        if gtype.mutable:
            raise _error("constant expression required", instr, index)
        return gtype.valtype
    raise _error("constant expression required", instr, index)


# 3.0, GC: the constant instructions that allocate or convert references
GC_CONST_OPS = frozenset(("struct.new", "struct.new_default", "array.new", "array.new_default", "array.new_fixed",
                          "ref.i31", "any.convert_extern", "extern.convert_any"))


class _ConstRules(RefRules):
    """validate_refs' rules over a constant expression's stack (no blocks, nothing unknown)."""

    UNKNOWN = object()

    def __init__(self, ctx: Context, stack: list, instr: Instr, index: int) -> None:
        self.ctx, self.vals, self.instr, self.index = ctx, stack, instr, index

    def fail(self, message: str):
        raise _error(message, self.instr, self.index)

    def pop(self, expect=None):
        if not self.vals:
            self.fail("type mismatch")
        return self.vals.pop()

    def pop_expect(self, expect):
        actual = self.pop(expect)
        if not matches(actual, expect):
            self.fail("type mismatch")
        return actual

    def pop_vals(self, expected) -> None:
        for t in reversed(expected):
            self.pop_expect(t)


def _error(message: str, instr: Instr | None, index: int | None, span: SourceSpan | None = None) -> InvalidError:
    if instr is None:
        return InvalidError(message, span=span)
    return InvalidError(
        message,
        instr_index=index,
        instr_name=instr.op.name,
        span=instr.span if instr.span is not None else span,
        offset=instr.offset,
    )


def ref_funcs(exprs: Iterable[list[Instr] | None]) -> Iterator[int]:
    """The function indices that `ref.func` names in these expressions (for C.refs, spec 3.4.10)."""
    for expr in exprs:
        for instr in expr or ():
            if instr.op is _REF_FUNC:
                yield instr.imm[0]
