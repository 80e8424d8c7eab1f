"""Run one call on the step engine and on the fast engine and say what differs.

An `Outcome` is everything observable: the raw results (bit patterns), or
the error's class, message, function and instruction index, span and
offset; the instruction count when counting; the exported memory's bytes
and the exported globals' values afterwards. Two engines agree when the
outcomes are equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.wasm.engines import new_executor
from playground.wasm.errors import WasmError
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.runtime import Global, Memory, Store, instantiate
from playground.wasm.runtime.gc_objects import HeapObject
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module


@dataclass
class Outcome:
    results: tuple | None
    error: tuple | None
    instructions: int | None
    memory: bytes | None
    globals: tuple

    def describe(self) -> str:
        return f"results={self.results} error={self.error} instructions={self.instructions}"


def load(text: str):
    module = parse_module(text)
    validate_module(module)
    return module


def error_key(exc: WasmError) -> tuple:
    span = exc.span
    return (
        type(exc).__name__,
        exc.message,
        getattr(exc, "func_name", None),
        getattr(exc, "instr_index", None),
        (span.line, span.col) if span else None,
        exc.offset,
    )


def run(module, engine: str, calls, settings: ExecSettings | None = None, imports=None, *, keep_memory=True) -> list[Outcome]:
    """Instantiate `module` on a fresh store of `engine` and make `calls` ([(export, raw args)]); one Outcome each."""
    executor = new_executor(engine, settings)
    outcomes = []
    try:
        inst = instantiate(module, imports() if callable(imports) else imports, store=Store(executor=executor))
    except WasmError as exc:
        return [Outcome(None, error_key(exc), None, None, ())]
    for name, args in calls:
        before = executor.instructions
        try:
            results, error = tuple(observable(r) for r in inst.exports[name].raw(*args)), None
        except WasmError as exc:
            results, error = None, error_key(exc)
        counted = executor.instructions - before if executor.count else None
        memory = None
        globals_ = []
        for export_name in inst.extern_exports:
            obj = inst.extern_exports[export_name]
            if isinstance(obj, Memory) and keep_memory:
                memory = bytes(obj.data)
            elif isinstance(obj, Global):
                globals_.append(obj.value)
        outcomes.append(Outcome(results, error, counted, memory, tuple(globals_)))
    return outcomes


def observable(value, seen: frozenset = frozenset()):
    """A result as the engines can agree on it: a GC struct or array by its type and contents (not identity)."""
    if isinstance(value, HeapObject):
        if id(value) in seen:
            return "cycle"
        inner = seen | {id(value)}
        return (value.what, str(value.deftype), tuple(observable(v, inner) for v in value.items))
    return value


def compare(module, calls, settings: ExecSettings | None = None, imports=None, *, keep_memory=True) -> tuple[list, list]:
    """The outcomes of both engines; the caller asserts they are equal."""
    step = run(module, "step", calls, settings, imports, keep_memory=keep_memory)
    fast = run(module, "fast", calls, settings, imports, keep_memory=keep_memory)
    return step, fast
