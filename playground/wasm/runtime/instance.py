"""Module instances and instantiation (spec 4.5.3 allocation, 4.5.4 instantiation).

`instantiate(module, imports)` resolves the imports, allocates functions,
tables, memories and globals, evaluates the constant expressions, applies
the active element and data segments one by one (2.0 semantics: a segment
out of bounds traps, and what earlier segments wrote stays written), then
runs the start function.
"""

from __future__ import annotations

from dataclasses import replace

from playground.wasm.deftypes import canonical_valtype, canonicalise
from playground.wasm.errors import InvalidError, LinkError, Trap
from playground.wasm.features import ALL, refuse_unsupported
from playground.wasm.instructions import CONST_IMMEDIATES, op
from playground.wasm.model import Module
from playground.wasm.runtime.exceptions import TagInstance
from playground.wasm.runtime.exports import ExportedFunction, Exports
from playground.wasm.runtime.functions import FuncInstance
from playground.wasm.runtime.gc_objects import eval_gc_const
from playground.wasm.runtime.globals import Global
from playground.wasm.runtime.link import resolve_import
from playground.wasm.runtime.memory import Memory
from playground.wasm.runtime.mutations import PLAIN_OPS
from playground.wasm.runtime.store import Store
from playground.wasm.runtime.table import Table
from playground.wasm.types import ExternKind
from playground.wasm.validate_const import GC_CONST_OPS

ALL_PROPOSALS = ALL.enabled


_END, _REF_NULL, _REF_FUNC, _GLOBAL_GET = op("end"), op("ref.null"), op("ref.func"), op("global.get")
_MASKS = {"i32": 0xFFFFFFFF, "i64": 0xFFFFFFFFFFFFFFFF}
# Extended constant expressions (3.0): wrapping integer arithmetic on the raw (unsigned) values.
_ARITHMETIC = {
    op(f"{width}.{name}"): (fn, _MASKS[width])
    for width in ("i32", "i64")
    for name, fn in (("add", int.__add__), ("sub", int.__sub__), ("mul", int.__mul__))
}


class ModuleInstance:
    """Spec 4.2.5: the runtime representation of a module, its index spaces resolved to objects."""

    def __init__(self, module: Module, store: Store, name: str | None = None) -> None:
        self.module = module
        self.store = store
        self.name = name or module.id or module.names.module
        self.types = list(module.types)
        self.defs: list = []  # the canonical DefType of each type index (deftypes.py), set by instantiate
        self.funcs: list = []
        self.tables: list[Table] = []
        self.mems: list[Memory] = []
        self.globals: list[Global] = []
        self.elems: list[list] = []  # evaluated references; [] once dropped
        self.datas: list[bytes] = []  # b"" once dropped
        self.tags: list[TagInstance] = []  # 3.0: exception tags, imports first
        self.exports: Exports = Exports({})
        self.extern_exports: dict = {}  # name -> the runtime object (functions unwrapped)

    def __repr__(self) -> str:
        return f"<ModuleInstance {self.name or '?'}>"


def eval_const(expr, inst: ModuleInstance):
    """Evaluate a constant expression (spec 3.3.10, 4.5.4) to a raw value.

    The constant instructions of 2.0 and the integer add, sub and mul of
    extended constant expressions (3.0) are evaluated here (the validator,
    validate_const.py, admits no others); anything else raises InvalidError,
    since only an unvalidated module gets that far. Three wrapping operators
    do not justify importing an engine into the runtime.
    """
    stack: list = []
    for ins in expr:
        o = ins.op
        if o is _END:
            break
        if o.imm in CONST_IMMEDIATES:
            value = ins.imm[0]
            stack.append(value & _MASKS[o.imm] if o.imm in _MASKS else value)  # i32/i64 are stored signed
        elif o is _REF_NULL:
            stack.append(None)
        elif o is _REF_FUNC:
            stack.append(inst.funcs[ins.imm[0]])
        elif o is _GLOBAL_GET:
            stack.append(inst.globals[ins.imm[0]].value)
        elif o in _ARITHMETIC:
            fn, mask = _ARITHMETIC[o]
            right = stack.pop()
            stack.append(fn(stack.pop(), right) & mask)
        elif o.name in GC_CONST_OPS:  # 3.0: struct.new, array.new, ref.i31, conversions
            eval_gc_const(ins, stack, inst.defs)
        else:
            raise InvalidError("constant expression required", instr_name=o.name, span=ins.span, offset=ins.offset)
    return stack[-1] if stack else None


def _tag_name(module: Module, tagidx: int) -> str:
    """A tag's name for people (as `func_name` names functions): its debug name, else an export name, else `tag[N]`."""
    name = module.names.tags.get(tagidx)
    if name:
        return name
    exported = [e.name for e in module.exports if e.kind is ExternKind.TAG and e.index == tagidx]
    return exported[0] if exported else f"tag[{tagidx}]"


def instantiate(module: Module, imports=None, *, store: Store | None = None, name: str | None = None):
    """Instantiate a (validated) module; returns its `ModuleInstance` with `.exports`.

    Raises LinkError for missing or mismatched imports, Trap for segments out
    of bounds or a trapping start function.
    """
    store = store or Store()
    # an engine says which 3.0 proposals it runs (`supported_features`); one that does not say runs 2.0
    supported = getattr(store.executor, "supported_features", frozenset())
    if supported != ALL_PROPOSALS:
        refuse_unsupported(module, getattr(store.executor, "name", "chosen"), supported)
    inst = ModuleInstance(module, store, name)
    defs = inst.defs = canonicalise(module.types)  # 3.0: types comparable across modules (deftypes.py)
    inst.types = [d.unrolled for d in defs]
    functypes = inst.types

    # imports (spec 4.5.4 step 3-4)
    for imp in module.imports:
        ft = functypes[imp.desc] if imp.kind is ExternKind.FUNC or imp.kind is ExternKind.TAG else None
        value = resolve_import(imp, ft, imports, defs=defs)
        {
            ExternKind.FUNC: inst.funcs,
            ExternKind.TABLE: inst.tables,
            ExternKind.MEMORY: inst.mems,
            ExternKind.GLOBAL: inst.globals,
            ExternKind.TAG: inst.tags,
        }[imp.kind].append(value)

    # allocation (spec 4.5.3.1): functions first, so `ref.func` in initializers resolves
    nimported = len(inst.funcs)
    names = module.func_names()  # one pass: func_name per function would scan the exports each time
    for i, func in enumerate(module.funcs):
        funcidx = nimported + i
        f = FuncInstance(functypes[func.typeidx], inst, func, funcidx, names[funcidx])
        f.deftype = defs[func.typeidx]
        inst.funcs.append(f)
    for i, tt in enumerate(module.tables):
        init = module.table_inits.get(i)  # 3.0: a table's initial value
        value = None if init is None else eval_const(init, inst)
        tt = replace(tt, elem=canonical_valtype(tt.elem, defs))
        inst.tables.append(Table.from_type(tt, value, cap=store.table_cap))
    for mt in module.mems:
        inst.mems.append(Memory.from_type(mt, settings=store.memory_settings))
    first_tag = len(inst.tags)
    for i, tag in enumerate(module.tags):
        inst.tags.append(TagInstance(functypes[tag.typeidx], _tag_name(module, first_tag + i), defs[tag.typeidx]))
    for g in module.globals:
        gtype = replace(g.type, valtype=canonical_valtype(g.type.valtype, defs))
        inst.globals.append(Global(gtype, eval_const(g.init, inst)))
    inst.elems = [[eval_const(e, inst) for e in elem.init] for elem in module.elems]
    inst.datas = [bytes(d.init) for d in module.datas]

    # exports (spec 4.5.3.1 step 19)
    spaces = {
        ExternKind.FUNC: inst.funcs,
        ExternKind.TABLE: inst.tables,
        ExternKind.MEMORY: inst.mems,
        ExternKind.GLOBAL: inst.globals,
        ExternKind.TAG: inst.tags,
    }
    items = {}
    for exp in module.exports:
        obj = spaces[exp.kind][exp.index]
        inst.extern_exports[exp.name] = obj
        items[exp.name] = ExportedFunction(obj, store.executor, exp.name) if exp.kind is ExternKind.FUNC else obj
    inst.exports = Exports(items)
    store.instances.append(inst)

    # segments (spec 4.5.4 steps 14-15), then the start function (step 16)
    ops = getattr(store.executor, "ops", PLAIN_OPS)  # a recorder sees the segments' writes too
    for i, elem in enumerate(module.elems):
        if elem.mode == "active":
            offset = eval_const(elem.offset, inst)
            ops.table_init(inst.tables[elem.table], inst.elems[i], offset, 0, len(inst.elems[i]))
            ops.elem_drop(inst, i)
        elif elem.mode == "declarative":
            ops.elem_drop(inst, i)
    for i, data in enumerate(module.datas):
        if data.mode == "active":
            offset = eval_const(data.offset, inst)
            ops.memory_init(inst.mems[data.memory], offset, inst.datas[i], 0, len(inst.datas[i]))
            ops.data_drop(inst, i)
    if module.start is not None:
        store.executor.invoke(inst.funcs[module.start], [])
    return inst


__all__ = ["ModuleInstance", "instantiate", "eval_const", "LinkError", "Trap"]
