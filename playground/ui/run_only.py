"""`RunOnlyController`: runs an export to completion, the fallback when the debugger cannot load. No Qt.

Run instantiates the program and calls one export to completion through the
interpreter, in a worker thread, reporting a "running" snapshot and then a
"finished" or "trapped" one. Imports are satisfied by the stand-ins of
debug/host_imports.py, so the samples run. Debug and the step commands raise
`NotAvailableError`: this controller cannot stop inside a call.
"""

from __future__ import annotations

import threading

from playground.debug.snapshot import GlobalView, MemorySource, Snapshot
from playground.errors import NotAvailableError, PlaygroundError
from playground.ui.controller import RunRequest, SessionListener
from playground.debug.host_imports import stand_in_imports
from playground.ui.program import exports_of, load_module, parse_arg, validator, value_view
from playground.wasm.errors import WasmError
from playground.wasm.model import Module
from playground.wasm.types import ExternKind

STEPPING_NOT_BUILT = "stepping (the debugger is not built yet; Run executes to completion)"


class _NullListener:
    def snapshot(self, snapshot: Snapshot) -> None:
        pass

    def output(self, text: str, kind: str = "out") -> None:
        pass


class RunOnlyController:
    """Runs exports to completion with the interpreter; stepping is not available."""

    supports_stepping = False

    def __init__(self, listener: SessionListener | None = None) -> None:
        self.listener: SessionListener = listener or _NullListener()
        self._memory: MemorySource | None = None
        self._thread: threading.Thread | None = None
        self.breakpoints: frozenset[int] = frozenset()

    def set_listener(self, listener: SessionListener) -> None:
        self.listener = listener

    def memory_source(self) -> MemorySource | None:
        return self._memory

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- commands ----------------------------------------------------------------

    def run(self, request: RunRequest) -> None:
        """Start the run in a worker thread; news arrives through the listener."""
        if self.busy:
            raise PlaygroundError("a run is already in progress")
        self._thread = threading.Thread(target=self._run_guarded, args=(request,), name="wasm-run", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current run (tests, scripts); True when none is left running."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.busy

    def debug(self, request: RunRequest) -> None:
        raise NotAvailableError("Debug", STEPPING_NOT_BUILT)

    def continue_(self) -> None:
        raise NotAvailableError("Continue", STEPPING_NOT_BUILT)

    def step_over(self) -> None:
        raise NotAvailableError("Step over", STEPPING_NOT_BUILT)

    def step_into(self) -> None:
        raise NotAvailableError("Step into", STEPPING_NOT_BUILT)

    def step_out(self) -> None:
        raise NotAvailableError("Step out", STEPPING_NOT_BUILT)

    def step_back(self) -> None:
        raise NotAvailableError("Step back", STEPPING_NOT_BUILT)

    def stop(self) -> None:
        if self.busy:
            raise NotAvailableError("Stopping a running call", "the run-only mode cannot interrupt the interpreter")

    def set_breakpoints(self, lines: frozenset[int]) -> None:
        self.breakpoints = frozenset(lines)

    # --- the run -------------------------------------------------------------------

    def _run_guarded(self, request: RunRequest) -> None:
        try:
            self._run(request)
        except WasmError as exc:
            state = "trapped" if exc.kind in ("trap", "exhaustion") else "ready"
            prefix = "trap" if exc.kind == "trap" else exc.kind
            self.listener.output(f"{prefix}: {exc}", "error")
            self.listener.snapshot(Snapshot(step=0, state=state, message=f"{prefix}: {exc.message}", reason="trap" if state == "trapped" else ""))
        except PlaygroundError as exc:
            self.listener.output(f"error: {exc}", "error")
            self.listener.snapshot(Snapshot(step=0, state="ready", message=f"error: {exc}"))
        except Exception as exc:  # noqa: BLE001 - a bug in the engine must reach the console, not kill the window
            self.listener.output(f"internal error: {type(exc).__name__}: {exc}", "error")
            self.listener.snapshot(Snapshot(step=0, state="ready", message=f"internal error: {exc}"))

    def _run(self, request: RunRequest) -> None:
        try:
            from playground.wasm.runtime import instantiate
            from playground.wasm.runtime.values import from_python
        except ImportError as exc:
            raise NotAvailableError("running (the interpreter)", str(exc)) from None
        module = load_module(request.program)
        validate = validator()
        if validate is not None:
            validate(module)
        sig = next((s for s in exports_of(module) if s.name == request.export), None)
        if sig is None:
            raise PlaygroundError(f"the module exports no function named {request.export!r}")
        if len(request.args) != len(sig.params):
            raise PlaygroundError(f"{sig.name} takes {len(sig.params)} arguments, got {len(request.args)}")
        raw_args = [from_python(t, parse_arg(text, t)) for text, t in zip(request.args, sig.params)]
        self.listener.snapshot(Snapshot(step=0, state="running", message=f"running {sig.name}"))
        instance = instantiate(module, self._stand_in_imports(module))
        self._memory = MemorySource(instance.mems[0].data) if instance.mems else None
        results = instance.exports[sig.name].raw(*raw_args)
        if instance.mems:  # memory.grow may have replaced the buffer
            self._memory = MemorySource(instance.mems[0].data)
        views = tuple(value_view(t, v) for t, v in zip(sig.results, results))
        shown = ", ".join(v.text for v in views) if views else "no results"
        self.listener.output(f"{sig.name}({', '.join(request.args)}) = {shown}", "result")
        self.listener.snapshot(
            Snapshot(
                step=0,
                state="finished",
                globals=_global_views(module, instance),
                memory_pages=len(instance.mems[0].data) // 65536 if instance.mems else 0,
                results=views,
                message=f"finished: {shown}",
                reason="finished",
            )
        )

    def _stand_in_imports(self, module: Module) -> dict:
        """Something for every import (debug/host_imports.py): host functions print their calls."""
        return stand_in_imports(module, lambda text, kind="out": self.listener.output(text, kind))


def _global_views(module: Module, instance) -> tuple[GlobalView, ...]:
    names = dict(module.names.globals)
    for export in module.exports:
        if export.kind is ExternKind.GLOBAL:
            names.setdefault(export.index, export.name)
    views = []
    for index, glob in enumerate(instance.globals):
        name = names.get(index, f"global[{index}]")
        name = name if name.startswith("$") or "[" in name else f"${name}"
        views.append(GlobalView(index, name, glob.type.mutable, value_view(glob.type.valtype, glob.value)))
    return tuple(views)
