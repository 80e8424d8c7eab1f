"""Default host imports, so the classic examples run as written: one module for `run`, `debug` and the window.

Every imported function gets a stand-in that prints its call to the console:
`env.log(i32)` prints `env.log(42)`. A string printer, a function named like
`print`/`puts`/`log_str` taking `(i32 ptr, i32 len)`, prints the UTF-8 text
at `ptr` in the caller's memory instead. Results are zeros of the declared
types. Imported memories, tables and globals are fresh ones of the declared
types. Imports from the `gpu` module are the real GPU host module
(playground/gpu/hostmod.py: kernels on the guest's memory, numpy where no
adapter is found), each call described on the console. `wasm-playground run`,
`wasm-playground debug` and both of the window's controllers use this one module.
"""

from __future__ import annotations

from typing import Callable

from playground.wasm.model import Module
from playground.wasm.types import ExternKind, FuncType, ValType
from playground.wasm.values import format_value

STRING_PRINTERS = frozenset({"print", "puts", "print_str", "log_str", "log_string", "write", "print_string"})

Output = Callable[[str, str], None]  # (text, kind) as SessionListener.output


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
            ptr, length = args
            text = bytes(memory.data[ptr : ptr + length]).decode("utf-8", "replace")
            output(text, "out")
        else:
            shown = ", ".join(format_value(t, v) for t, v in zip(functype.params, args))
            output(f"{module_name}.{name}({shown})", "out")
        return result

    return host


def gpu_functions(module: Module, output: Output, backend: str | None = None) -> dict:
    """The `gpu` host module's functions when `module` imports any (empty when it cannot load).

    `backend` is "auto", "gpu" or "cpu"; None reads PLAYGROUND_GPU (default "auto").
    """
    if not any(imp.module == "gpu" and imp.kind is ExternKind.FUNC for imp in module.imports):
        return {}
    try:
        from playground.gpu.hostmod import GpuHostModule, env_backend

        host = GpuHostModule(backend=backend or env_backend("auto"), on_call=lambda call: output(call.describe(), "info"))
        return host.functions()
    except Exception as exc:  # noqa: BLE001 - no GPU stack: the printing stand-ins still let the code run
        output(f"the gpu host module is not available ({type(exc).__name__}: {exc}); gpu.* calls only print", "info")
        return {}


def stand_in_imports(module: Module, output: Output, *, gpu_backend: str | None = None) -> dict:
    """Something for every import of `module`: printing host functions, fresh memories, tables and globals."""
    from playground.wasm.runtime import Global, HostFunc, Memory, Table

    imports: dict[str, dict] = {}
    types = module.types
    gpu = gpu_functions(module, output, gpu_backend)
    for imp in module.imports:
        if imp.kind is ExternKind.FUNC and imp.module == "gpu" and imp.name in gpu:
            value = gpu[imp.name]
        elif imp.kind is ExternKind.FUNC:
            functype = types[imp.desc]
            body = printer(imp.module, imp.name, functype, output)
            value = HostFunc(body, functype, name=f"{imp.module}.{imp.name}", raw=True, caller=True)
        elif imp.kind is ExternKind.MEMORY:
            value = Memory.from_type(imp.desc)
        elif imp.kind is ExternKind.TABLE:
            value = Table.from_type(imp.desc)
        else:
            value = Global(imp.desc)
        imports.setdefault(imp.module, {})[imp.name] = value
    return imports


def print_output(text: str, kind: str = "out") -> None:
    """The command line's console: program output on stdout, notes ("info", "error") on stderr."""
    import sys

    print(text, file=sys.stdout if kind == "out" else sys.stderr, flush=True)
