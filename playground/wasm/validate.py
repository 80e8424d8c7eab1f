"""Module validation (spec 3.4): the entry point `validate_module`.

The pieces live beside this file, one idea each:
  validate_context.py  the context C (spec 3.1.1)
  validate_const.py    constant expressions (spec 3.3.10)
  validate_code.py     function bodies: the appendix's validation algorithm

Checks run in the order of the reference interpreter, so that a module with
one fault reports the message the spec test suite expects: imports, types of
functions, tables, memories, globals, element and data segments, function
bodies, the start function, exports, and at most one memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from playground.wasm.errors import InvalidError, SourceSpan
from playground.wasm.features import DEFAULT as DEFAULT_FEATURES
from playground.wasm.features import Features, address_features, first_uses, segment_exprs, type_features
from playground.wasm.instructions import OPS
from playground.wasm.model import Module
from playground.wasm.types import MAX_PAGES, MAX_PAGES_64, ExternKind, Limits, MemType, TableType
from playground.wasm.subtyping import is_defaultable, matches
from playground.wasm.validate_code import UNKNOWN, StackStep, check_func
from playground.wasm.validate_const import check_const_expr, ref_funcs
from playground.wasm.validate_context import Context, segment_type

__all__ = ["validate_module", "check_features", "ValidationResult", "StackStep", "UNKNOWN"]

_TABLE_RANGE = 2**32 - 1
_INSTRUCTION_PROPOSALS = frozenset(op.feature for op in OPS if op.feature)


@dataclass
class ValidationResult:
    """What validation learned beyond "valid": the operand type stacks of every function body.

    `stacks[funcidx][i]` is the StackStep (types before and after) of instruction `i` of the
    function with index `funcidx` in the function index space (imports first, so the first
    defined function has index `num_imported_funcs`).
    """

    stacks: dict[int, list[StackStep]] = field(default_factory=dict)


def validate_module(
    module: Module, *, type_stacks: bool = False, features: Features = DEFAULT_FEATURES
) -> ValidationResult | None:
    """Check `module` against the WebAssembly type system (spec 3); raise InvalidError if it fails.

    `features` (features.py) says which 3.0 proposals the module may use; a construct of
    one that is off raises FeatureError (an InvalidError) naming it and its switch.
    Returns None, or with `type_stacks=True` a ValidationResult holding the type stack around
    every instruction of every function (what the GUI shows beside the runtime stack).
    """
    _check_instruction_features(module, features)
    _check_imports(module)
    for func in module.funcs:
        _need_type(module, func.typeidx, func.span)
    _check_tags(module)
    refs = _declared_refs(module)
    ctx = Context.of_module(module, refs)
    num_imported_globals = len(module.imports_of(ExternKind.GLOBAL))
    cctx = ctx.for_constants(num_imported_globals)

    for i, table in enumerate(module.tables):
        _check_table_type(table, None)
        init = module.table_inits.get(i)
        if init is not None:  # 3.0: an initial value of the element type
            check_const_expr(cctx, init, table.elem, features=features)
        elif not is_defaultable(table.elem):  # a non-nullable element type needs one
            raise InvalidError("type mismatch: a table of non-nullable references needs an initial value")
    for mem in module.mems:
        _check_mem_type(mem, None)
    for n, g in enumerate(module.globals):
        # 3.0 (with gc): an initializer may read the globals defined before it; 2.0: imported ones only
        gctx = ctx.for_constants(num_imported_globals + n) if "gc" in features else cctx
        check_const_expr(gctx, g.init, g.type.valtype, span=g.span, features=features)
    segment_ctx = ctx if "gc" in features else cctx  # 3.0: segments may read every global
    _check_elems(module, segment_ctx, features)
    _check_datas(module, segment_ctx, features)

    result = ValidationResult() if type_stacks else None
    first = module.num_imported_funcs
    for n, func in enumerate(module.funcs):
        steps = None
        if result is not None:
            steps = result.stacks[first + n] = []
        check_func(ctx, first + n, module.types[func.typeidx], func.locals, func.body, steps)

    _check_start(module, ctx)
    _check_exports(module, ctx)
    _check_module_features(module, features)
    return result


def check_features(module: Module, features: Features) -> None:
    """Only the feature checks of `validate_module`: FeatureError for a construct of a proposal that is off."""
    _check_instruction_features(module, features)
    _check_module_features(module, features)


def _check_module_features(module: Module, features: Features) -> None:
    """Module-level constructs of 3.0 (checked last, where the reference checks "multiple memories")."""
    if len(module.mem_types()) > 1:
        features.require("multi-memory", "multiple memories")
    _check_type_features(module, features)
    if module.tag_type_indices():
        features.require("exceptions", "tags")
    for proposal, what in address_features(module).items():
        features.require(proposal, what)
    if module.annotations:
        name, span = module.annotations[0]
        features.require("annotations", f"annotation (@{name} ...)", span)


def _check_type_features(module: Module, features: Features) -> None:
    """GC type definitions and typed reference types (features.type_features)."""
    if {"gc", "function-references"} <= features.enabled:
        return
    for proposal, what in type_features(module).items():
        features.require(proposal, what)


def _check_instruction_features(module: Module, features: Features) -> None:
    """Instructions of proposals that `features` leave off."""
    if features.enabled >= _INSTRUCTION_PROPOSALS:
        return
    bodies = [func.body for func in module.funcs]
    bodies += [g.init for g in module.globals]
    bodies += [d.offset for d in module.datas if d.offset]
    uses = first_uses(chain(bodies, segment_exprs(module)))
    for proposal, instr in uses.items():  # the message points at the first use
        features.require(proposal, f"instruction {instr.op.name}", instr.span)


def _need_type(module: Module, typeidx: int, span: SourceSpan | None) -> None:
    if not 0 <= typeidx < len(module.types):
        raise InvalidError(f"unknown type {typeidx}", span=span)


def _check_tags(module: Module) -> None:
    """3.0: a tag (defined or imported) names a function type without results (its params are the payload)."""
    spans = [imp.span for imp in module.imports if imp.kind is ExternKind.TAG] + [tag.span for tag in module.tags]
    for typeidx, span in zip(module.tag_type_indices(), spans):
        _need_type(module, typeidx, span)
        if module.types[typeidx].results:
            raise InvalidError("non-empty tag result type", span=span)


def _check_imports(module: Module) -> None:
    """Spec 3.4.7: each import's description is a valid external type."""
    for imp in module.imports:
        if imp.kind is ExternKind.FUNC:
            _need_type(module, imp.desc, imp.span)
        elif imp.kind is ExternKind.TABLE:
            _check_table_type(imp.desc, imp.span)
        elif imp.kind is ExternKind.MEMORY:
            _check_mem_type(imp.desc, imp.span)


def _check_limits(limits: Limits, bound: int, message: str, span: SourceSpan | None) -> None:
    """Spec 3.2.1: both limits within `bound`, and min <= max (checked in the reference's order)."""
    if limits.min > bound or (limits.max is not None and limits.max > bound):
        raise InvalidError(message, span=span)
    if limits.max is not None and limits.min > limits.max:
        raise InvalidError("size minimum must not be greater than maximum", span=span)


def _check_table_type(table: TableType, span: SourceSpan | None) -> None:
    if table.limits.is64:  # 3.0, table64
        _check_limits(table.limits, 2**64 - 1, "table size must be at most 2^64-1", span)
    else:
        _check_limits(table.limits, _TABLE_RANGE, "table size must be at most 2^32-1", span)


def _check_mem_type(mem: MemType, span: SourceSpan | None) -> None:
    if mem.limits.is64:  # 3.0, memory64
        _check_limits(mem.limits, MAX_PAGES_64, "memory size must be at most 2^48 pages (2^64 bytes)", span)
    else:
        _check_limits(mem.limits, MAX_PAGES, "memory size must be at most 65536 pages (4GiB)", span)


def _declared_refs(module: Module) -> frozenset[int]:
    """C.refs (spec 3.4.10): functions referenced outside function bodies and the start function."""
    exprs = [g.init for g in module.globals] + list(module.table_inits.values())
    exprs.extend(d.offset for d in module.datas)
    refs = set(ref_funcs(chain(exprs, segment_exprs(module))))
    refs.update(e.index for e in module.exports if e.kind is ExternKind.FUNC)
    return frozenset(refs)


def _check_elems(module: Module, cctx: Context, features: Features) -> None:
    """Spec 3.4.5: element segments, their inits and, when active, their table and offset."""
    for elem in module.elems:
        if not elem.type.is_ref:
            raise InvalidError("type mismatch", span=elem.span)
        for init in elem.init:
            check_const_expr(cctx, init, elem.type, span=elem.span, features=features)
        if elem.mode == "active":
            if not 0 <= elem.table < len(cctx.tables):
                raise InvalidError(f"unknown table {elem.table}", span=elem.span)
            if not matches(cctx.valtype(segment_type(elem)), cctx.tables[elem.table].elem):  # 3.0: a subtype will do
                raise InvalidError("type mismatch", span=elem.span)
            address = cctx.tables[elem.table].limits.address  # i64 for a 64-bit table (3.0)
            check_const_expr(cctx, elem.offset or [], address, span=elem.span, features=features)


def _check_datas(module: Module, cctx: Context, features: Features) -> None:
    """Spec 3.4.6: active data segments name an existing memory and have an i32 offset."""
    for data in module.datas:
        if data.mode == "active":
            if not 0 <= data.memory < len(cctx.mems):
                raise InvalidError(f"unknown memory {data.memory}", span=data.span)
            address = cctx.mems[data.memory].limits.address  # i64 for a 64-bit memory (3.0)
            check_const_expr(cctx, data.offset or [], address, span=data.span, features=features)


def _check_start(module: Module, ctx: Context) -> None:
    """Spec 3.4.8: the start function exists and has type [] -> []."""
    if module.start is None:
        return
    if not 0 <= module.start < len(ctx.funcs):
        raise InvalidError(f"unknown function {module.start}")
    ftype = ctx.funcs[module.start]
    if ftype.params or ftype.results:
        raise InvalidError("start function must have type [] -> []")


_EXPORT_SPACES = {
    ExternKind.FUNC: ("funcs", "function"),
    ExternKind.TABLE: ("tables", "table"),
    ExternKind.MEMORY: ("mems", "memory"),
    ExternKind.GLOBAL: ("globals", "global"),
    ExternKind.TAG: ("tags", "tag"),
}


def _check_exports(module: Module, ctx: Context) -> None:
    """Spec 3.4.9, 3.4.10: exports name existing items, and export names are unique."""
    seen: set[str] = set()
    for export in module.exports:
        space, word = _EXPORT_SPACES[export.kind]
        if not 0 <= export.index < len(getattr(ctx, space)):
            raise InvalidError(f"unknown {word} {export.index}", span=export.span)
        if export.name in seen:
            raise InvalidError("duplicate export name", span=export.span)
        seen.add(export.name)
