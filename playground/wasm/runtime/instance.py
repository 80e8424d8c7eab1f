"""Module instances and instantiation (spec 4.5.3 allocation, 4.5.4 instantiation).

`instantiate(module, imports)` resolves the imports, allocates functions,
tables, memories and globals, evaluates the constant expressions, applies
the active element and data segments one by one (2.0 semantics: a segment
out of bounds traps, and what earlier segments wrote stays written), then
runs the start function.
"""

from __future__ import annotations

from playground.wasm.errors import LinkError, Trap
from playground.wasm.exec.step.mutations import PLAIN_OPS
from playground.wasm.model import Module
from playground.wasm.runtime.exports import ExportedFunction, Exports
from playground.wasm.runtime.functions import FuncInstance
from playground.wasm.runtime.globals import Global
from playground.wasm.runtime.link import resolve_import
from playground.wasm.runtime.memory import Memory
from playground.wasm.runtime.store import Store
from playground.wasm.runtime.table import Table
from playground.wasm.types import ExternKind


class ModuleInstance:
    """Spec 4.2.5: the runtime representation of a module, its index spaces resolved to objects."""

    def __init__(self, module: Module, store: Store, name: str | None = None) -> None:
        self.module = module
        self.store = store
        self.name = name or module.id or module.names.module
        self.types = list(module.types)
        self.funcs: list = []
        self.tables: list[Table] = []
        self.mems: list[Memory] = []
        self.globals: list[Global] = []
        self.elems: list[list] = []  # evaluated references; [] once dropped
        self.datas: list[bytes] = []  # b"" once dropped
        self.exports: Exports = Exports({})
        self.extern_exports: dict = {}  # name -> the runtime object (functions unwrapped)

    def __repr__(self) -> str:
        return f"<ModuleInstance {self.name or '?'}>"


def eval_const(expr, inst: ModuleInstance):
    """Evaluate a constant expression (spec 3.3.10) to a raw value."""
    from playground.wasm.exec.numeric.operators import NUMERIC

    stack: list = []
    for ins in expr:
        name = ins.op.name
        if name == "end":
            break
        if name == "i32.const":
            stack.append(ins.imm[0] & 0xFFFFFFFF)
        elif name == "i64.const":
            stack.append(ins.imm[0] & 0xFFFFFFFFFFFFFFFF)
        elif name in ("f32.const", "f64.const", "v128.const"):
            stack.append(ins.imm[0])
        elif name == "ref.null":
            stack.append(None)
        elif name == "ref.func":
            stack.append(inst.funcs[ins.imm[0]])
        elif name == "global.get":
            stack.append(inst.globals[ins.imm[0]].value)
        else:  # extended constant expressions (i32.add ...) where a validator allowed them
            f = NUMERIC[name]
            n = len(ins.op.params)
            args = stack[len(stack) - n :]
            del stack[len(stack) - n :]
            stack.append(f(*args))
    return stack[-1] if stack else None


def instantiate(module: Module, imports=None, *, store: Store | None = None, name: str | None = None):
    """Instantiate a (validated) module; returns its `ModuleInstance` with `.exports`.

    Raises LinkError for missing or mismatched imports, Trap for segments out
    of bounds or a trapping start function.
    """
    store = store or Store()
    inst = ModuleInstance(module, store, name)
    functypes = module.types

    # imports (spec 4.5.4 step 3-4)
    for imp in module.imports:
        ft = functypes[imp.desc] if imp.kind is ExternKind.FUNC else None
        value = resolve_import(imp, ft, imports)
        {
            ExternKind.FUNC: inst.funcs,
            ExternKind.TABLE: inst.tables,
            ExternKind.MEMORY: inst.mems,
            ExternKind.GLOBAL: inst.globals,
        }[imp.kind].append(value)

    # allocation (spec 4.5.3.1): functions first, so `ref.func` in initializers resolves
    nimported = len(inst.funcs)
    for i, func in enumerate(module.funcs):
        funcidx = nimported + i
        inst.funcs.append(FuncInstance(functypes[func.typeidx], inst, func, funcidx, module.func_name(funcidx)))
    for tt in module.tables:
        inst.tables.append(Table.from_type(tt))
    for mt in module.mems:
        inst.mems.append(Memory.from_type(mt, settings=store.memory_settings))
    for g in module.globals:
        inst.globals.append(Global(g.type, eval_const(g.init, inst)))
    inst.elems = [[eval_const(e, inst) for e in elem.init] for elem in module.elems]
    inst.datas = [bytes(d.init) for d in module.datas]

    # exports (spec 4.5.3.1 step 19)
    spaces = {
        ExternKind.FUNC: inst.funcs,
        ExternKind.TABLE: inst.tables,
        ExternKind.MEMORY: inst.mems,
        ExternKind.GLOBAL: inst.globals,
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
