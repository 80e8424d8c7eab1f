"""Stand-ins for imports that no host module supplies, so the classic examples run as written.

Every imported function gets a stand-in that prints its call to the console:
`env.log(i32)` prints `env.log(42)`. A string printer, a function named like
`print`/`puts`/`log_str` taking `(i32 ptr, i32 len)`, prints the UTF-8 text
at `ptr` in the caller's memory instead; a range outside that memory is a
trap ("out of bounds memory access"), as a load of it would be. Results are
zeros of the declared types. Imported memories, tables and globals are fresh
ones of the declared types (zeroed); a memory is capped by the run's
`limits` as the module's own memories are (`--max-memory-pages`).

How much the stand-ins may print is capped by the `output` they are given
(output_limit.py: the front ends pass an `OutputLimit`).
"""

from __future__ import annotations

from playground.hosts.console import Output
from playground.wasm.model import Import, Module
from playground.wasm.errors import Trap
from playground.wasm.limits import DEFAULT_LIMITS, Limits
from playground.wasm.runtime import Global, HostFunc, Memory, MemorySettings, Table
from playground.wasm.runtime.table import table_cap
from playground.wasm.types import ExternKind, FuncType, ValType
from playground.wasm.values import format_value

STRING_PRINTERS = frozenset({"print", "puts", "print_str", "log_str", "log_string", "write", "print_string"})


def is_string_printer(name: str, functype: FuncType) -> bool:
    """A `print(ptr, len)`-like import: its arguments name a string in memory."""
    return name in STRING_PRINTERS and tuple(functype.params) == (ValType.I32, ValType.I32)


def printer(module_name: str, name: str, functype: FuncType, output: Output):
    """A raw, caller-taking host function body that prints its call (or its string) through `output`."""
    string_like = is_string_printer(name, functype)
    zeros = [None if t.is_ref else 0 for t in functype.results]
    result = zeros[0] if len(zeros) == 1 else (tuple(zeros) if zeros else None)

    def host(caller, *args):
        memory = caller.memory
        if string_like and memory is not None:
            ptr, length = args  # raw i32s: unsigned, as a load's address is
            size = len(memory.data)
            if ptr + length > size:
                raise Trap(f"out of bounds memory access: {name}({ptr}, {length}) reads past the end of memory "
                           f"({size:,} bytes)")
            text = bytes(memory.data[ptr : ptr + length]).decode("utf-8", "replace")
            output(text, "out")
        else:
            shown = ", ".join(format_value(t, v) for t, v in zip(functype.params, args))
            output(f"{module_name}.{name}({shown})", "out")
        return result

    return host


def stand_in(module: Module, imp: Import, output: Output, *, limits: Limits = DEFAULT_LIMITS):
    """The stand-in for one import of `module`: a printing host function, or a fresh memory, table or global.

    A memory gets the memory cap of `limits` (the run's): a larger initial size is that limit's
    LimitError, and `memory.grow` past it returns -1, as for the module's own memories.
    """
    if imp.kind is ExternKind.FUNC:
        functype = module.types[imp.desc]
        body = printer(imp.module, imp.name, functype, output)
        return HostFunc(body, functype, name=f"{imp.module}.{imp.name}", raw=True, caller=True)
    if imp.kind is ExternKind.MEMORY:
        return Memory.from_type(imp.desc, settings=MemorySettings.from_limits(limits))
    if imp.kind is ExternKind.TABLE:
        return Table.from_type(imp.desc, cap=table_cap(limits))
    return Global(imp.desc)
