"""Host calls, recorded once and replayed: what makes time travel and exported sessions deterministic.

Before instantiation the session wraps every imported host function in a
recording one (`HostJournal.wrap_imports`). A live call runs the real
function and records its name, arguments, results, any trap, and the bytes
it changed in the caller's memory (found by comparing the memory before and
after: hosts write memory directly, not through `StateOps`). Those changes
go into the undo log too, so stepping back over a host call restores memory.

When execution runs again over recorded history (after stepping back, or in
a replayed session file), the journal does not call the host again: it
checks that the call is the same, re-applies the recorded memory changes
and returns the recorded results. Editing the state while paused starts a
new future: records after the current point are dropped.

A host that ends the program (WASI's `proc_exit`, which raises `ProcExit`)
is recorded with its status and raises `ProcExit` again on replay: the
runner (runner.py) ends the run there, cleanly, "exited with status N".
A call paused while it waited for typed input (`InputPaused`) is not
recorded: it did not happen, and the session pauses before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from playground.hosts.wasi.errors import ProcExit
from playground.hosts.wasi.stdio import InputPaused
from playground.wasm.errors import ExhaustionError, Trap, WasmError
from playground.wasm.exec.step.machine import call_host
from playground.wasm.runtime.functions import FuncInstance, HostFunc
from playground.wasm.runtime.link import unwrap
from playground.wasm.types import ExternKind

_BLOCK = 4096


@dataclass
class HostCall:
    """One call of a host function, as recorded."""

    step: int  # step number of the calling instruction (-1: during instantiation)
    name: str
    args: list
    results: list = field(default_factory=list)
    writes: list = field(default_factory=list)  # (memidx, address, new bytes)
    grows: list = field(default_factory=list)  # (memidx, new length in bytes)
    error: str | None = None  # the message when the host trapped (or exhausted the stack); "exit": the status
    error_kind: str = "trap"  # "trap", "exhaustion", or "exit" (the host ended the program: ProcExit)

    @property
    def exit_code(self) -> int | None:
        """The status the program exited with in this call (WASI proc_exit), or None."""
        return int(self.error) if self.error_kind == "exit" and self.error is not None else None

    def raise_error(self) -> None:
        """Raise the recorded error again, of the same kind (an exit as `ProcExit`)."""
        if self.error_kind == "exit":
            raise ProcExit(int(self.error))
        raise (ExhaustionError if self.error_kind == "exhaustion" else Trap)(self.error)


def _lookup(namespace, name: str):
    if namespace is None:
        return None
    exports = getattr(namespace, "exports", None)
    if exports is not None and not hasattr(namespace, "get"):
        namespace = exports
    if hasattr(namespace, "get"):
        return namespace.get(name)
    return getattr(namespace, name, None)


def changed_runs(old: bytes, new) -> list[tuple[int, bytes, bytes]]:
    """The byte runs where `new` differs from `old` (same length): (address, old, new)."""
    runs = []
    size = min(len(old), len(new))
    for block in range(0, size, _BLOCK):
        a, b = old[block : block + _BLOCK], bytes(new[block : block + _BLOCK])
        if a == b:
            continue
        i = 0
        while i < len(a):
            if a[i] == b[i]:
                i += 1
                continue
            j = i
            while j < len(a) and a[j] != b[j]:
                j += 1
            runs.append((block + i, a[i:j], b[i:j]))
            i = j
    return runs


class HostJournal:
    """Records host calls and replays them; `listeners` hear every call (for traces)."""

    def __init__(self, ops, track_memory: bool = True) -> None:
        self.ops = ops
        self.records: list[HostCall] = []
        self.cursor = 0  # records before it belong to the past of the current state
        self.track_memory = track_memory
        self.listeners: list[Callable[[HostCall], None]] = []
        self.replay_only = False  # a replayed session: calling past the records is an error

    def wrap_imports(self, module, imports) -> dict:
        """An imports mapping for `instantiate` where every host function import records its calls."""
        types = module.types
        out: dict[str, dict] = {}
        for imp in module.imports:
            namespace = imports.get(imp.module) if hasattr(imports, "get") else getattr(imports, imp.module, None)
            value = _lookup(namespace, imp.name) if imports is not None else None
            if value is not None and imp.kind is ExternKind.FUNC:
                value = unwrap(value)
                if not isinstance(value, FuncInstance):
                    if not isinstance(value, HostFunc):
                        value = HostFunc(value, types[imp.desc], name=f"{imp.module}.{imp.name}")
                    value = self.wrap(value, f"{imp.module}.{imp.name}")
            elif value is None and imp.kind is ExternKind.FUNC and self.replay_only:
                value = self.wrap(HostFunc(_missing(imp), types[imp.desc]), f"{imp.module}.{imp.name}")
            if value is not None:
                out.setdefault(imp.module, {})[imp.name] = value
        return out

    def wrap(self, host: HostFunc, name: str) -> HostFunc:
        """A host function with `host`'s type that goes through the journal, recorded as `name` (module.field)."""
        journal = self

        def recorded(caller, *args):
            values = journal.call(host, caller.instance, list(args), name)
            if len(host.type.results) == 1:
                return values[0]
            return values

        return HostFunc(recorded, host.type, name=name, raw=True, caller=True)

    # --- one call ----------------------------------------------------------------------
    def call(self, host: HostFunc, instance, args: list, name: str) -> list:
        step = self.ops.now() - 1
        if self.cursor < len(self.records):
            return self._replay(name, instance, args)
        if self.replay_only:
            raise Trap(f"replay: host function {name} was not called at this point in the recorded session")
        mems = list(instance.mems) if instance is not None and self.track_memory else []
        before = [bytes(m.data) for m in mems]
        record = HostCall(step, name, list(args))
        made = True
        try:
            record.results = list(call_host(host, args, instance))
        except InputPaused:  # paused before it answered: no call happened, the next run makes it again
            made = False
            raise
        except WasmError as exc:  # a trap, or stack exhaustion in a host that calls back into Wasm
            record.error = exc.message
            record.error_kind = "exhaustion" if isinstance(exc, ExhaustionError) else "trap"
            raise
        except ProcExit as exc:  # the program ends here, cleanly: not a trap
            record.error, record.error_kind = str(exc.code), "exit"
            raise
        except Exception as exc:  # a host bug must not leave the debugged thread half-way: make it a trap
            record.error = f"host function {name} raised {type(exc).__name__}: {exc}"
            raise Trap(record.error) from exc
        finally:
            self._note_memory(record, mems, before)
            if made:
                self.records.append(record)
                self.cursor = len(self.records)
                for listener in self.listeners:
                    listener(record)
        return record.results

    def _note_memory(self, record: HostCall, mems: list, before: list) -> None:
        """Log (for undo) and record (for replay) what the host changed in memory."""
        ops, where = self.ops, _host_where(self.ops.where, record.name)
        for memidx, (mem, old) in enumerate(zip(mems, before)):
            data = mem.data
            if len(data) == len(old) and data == old:
                continue
            if len(data) > len(old):
                ops.log_grow(mem, len(old), record.step, where)
                record.grows.append((memidx, len(data)))
                tail = bytes(data[len(old) :])
                for start, _, new in changed_runs(bytes(len(tail)), tail):
                    record.writes.append((memidx, len(old) + start, new))
            for address, old_bytes, new in changed_runs(old, data):
                ops.log_memory_change(mem, address, old_bytes, record.step, where)
                record.writes.append((memidx, address, new))

    def _replay(self, name: str, instance, args: list) -> list:
        record = self.records[self.cursor]
        if record.name != name or record.args != list(args):
            raise Trap(
                f"replay diverged: expected host call {record.name}{tuple(record.args)}, got {name}{tuple(args)}"
            )
        self.cursor += 1
        ops, where = self.ops, _host_where(self.ops.where, record.name)
        mems = instance.mems if instance is not None else []
        for memidx, new_len in record.grows:
            mem = mems[memidx]
            ops.log_grow(mem, len(mem.data), record.step, where)
            mem.data.extend(bytes(new_len - len(mem.data)))
        for memidx, address, new in record.writes:
            ops.write_memory(mems[memidx], address, new, record.step, where)
        for listener in self.listeners:
            listener(record)
        if record.error is not None:
            record.raise_error()
        return list(record.results)

    def forget_future(self) -> None:
        """Drop the records after the current point (the state was edited: a new future)."""
        del self.records[self.cursor :]


def _missing(imp):
    def missing(*args):
        raise Trap(f"replay: no recorded result for host function {imp.module}.{imp.name}")

    return missing


def _host_where(where, name: str):
    """The calling instruction, marked as a write of the host function `name` for provenance."""
    return None if where is None else (where[0], where[1], "host", name)
