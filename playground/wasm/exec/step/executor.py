"""The steppable executor behind the `Executor` interface (exec/interface.py).

`StepExecutor.invoke` runs a function to completion with the plain loop (or
the counting loop when a fuel budget or instruction counts are asked for);
the engine registry (wasm/engines.py) names it "step";
`StepExecutor.thread` hands out a fresh `Thread` for stepping instead.
"""

from __future__ import annotations

from typing import Sequence

from playground.wasm.errors import ExhaustionError
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.exec.step.control import ThreadState
from playground.wasm.exec.step.machine import Thread
from playground.wasm.runtime.mutations import PLAIN_OPS, StateOps

FUEL_EXHAUSTED = "fuel exhausted"


class StepExecutor:
    """Runs functions on the steppable machine. `count=True` counts instructions (slightly slower)."""

    name = "step"

    def __init__(self, settings: ExecSettings | None = None, *, ops: StateOps = PLAIN_OPS, count: bool = False) -> None:
        self.settings = settings or ExecSettings()
        self.ops = ops
        self.count = count or self.settings.count or self.settings.fuel is not None
        self.instructions = 0  # total counted over all invokes (counting mode only)
        self.last_thread: Thread | None = None

    def thread(self, func, args: Sequence) -> Thread:
        """A started Thread for `func(args)`: call `step()` / `run()` on it."""
        thread = Thread(self.ops, max_call_depth=self.settings.max_call_depth)
        thread.start(func, args)
        return thread

    def invoke(self, func, args: Sequence) -> list:
        """Run `func` with raw args to the end; raw results. Raises Trap or ExhaustionError."""
        thread = self.thread(func, args)
        self.last_thread = thread
        if thread.status != ThreadState.DONE:
            if self.count:
                fuel = self.settings.fuel
                try:
                    thread.run(fuel if fuel is not None else 1 << 62)
                finally:  # a host that ends the program (WASI proc_exit) unwinds through here: its count stands
                    self.instructions += thread.instructions
                if thread.status == ThreadState.PAUSED:
                    raise ExhaustionError(FUEL_EXHAUSTED)
            else:
                thread.run()
        if thread.status == ThreadState.TRAPPED:
            raise thread.error
        return thread.results
