"""The runtime (spec chapter 4): store, instances, memories, tables, globals, host functions.

    from playground.wasm.runtime import instantiate, host_func, Memory
    inst = instantiate(module, {"env": {"memory": Memory(1, 10)},
                                "imports": {"log": host_func(print, params=["i32"])}})
    inst.exports.add(10, -5)
"""

from playground.wasm.runtime.exports import ExportedFunction, Exports
from playground.wasm.runtime.functions import Caller, FuncInstance, HostFunc, host_func
from playground.wasm.runtime.globals import Global
from playground.wasm.runtime.instance import ModuleInstance, instantiate
from playground.wasm.runtime.memory import Memory, MemorySettings
from playground.wasm.runtime.store import Store
from playground.wasm.runtime.table import Table
from playground.wasm.runtime.values import ExternRef

__all__ = [
    "Caller",
    "ExportedFunction",
    "Exports",
    "ExternRef",
    "FuncInstance",
    "Global",
    "HostFunc",
    "Memory",
    "MemorySettings",
    "ModuleInstance",
    "Store",
    "Table",
    "host_func",
    "instantiate",
]
