"""The steppable executor behind the `Executor` interface (exec/interface.py).

`StepExecutor.invoke` runs a function to completion. The loop is chosen once
per invoke from its settings: the plain loop (no counting, the fastest) when
nothing is limited or counted; else the machine's counting loop, whose
per-instruction test `n < limit` is the fuel check, so fuel costs nothing
more than counting does. A wall-clock `timeout` runs that loop in slices of
`SLICE` instructions and reads the clock between them (a clock read per
slice, nothing per instruction; a long bulk memory instruction reads it
between its pieces). Hitting the fuel or the deadline raises a
`LimitError` located at the instruction that would have run next.
The engine registry (wasm/engines.py) names it "step"; `StepExecutor.thread`
hands out a fresh `Thread` for stepping instead.
"""

from __future__ import annotations

import time
from typing import Sequence

from playground.wasm.features import ALL
from playground.wasm.exec.collector import older_objects_frozen
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.exec.step.control import ThreadState
from playground.wasm.exec.step.machine import FOREVER, Thread, locate
from playground.wasm.limits import LimitError
from playground.wasm.runtime.memory import bulk_deadline
from playground.wasm.runtime.mutations import PLAIN_OPS, StateOps

FUEL_EXHAUSTED = "instruction limit reached"  # the start of a fuel LimitError's message
SLICE = 1 << 16  # instructions between two clock reads under a timeout: a few milliseconds


class StepExecutor:
    """Runs functions on the steppable machine. `count=True` counts instructions (slightly slower)."""

    name = "step"
    supported_features = ALL.enabled  # every 3.0 proposal the instruction table has (wasm/features.py)

    def __init__(self, settings: ExecSettings | None = None, *, ops: StateOps = PLAIN_OPS, count: bool = False) -> None:
        self.settings = settings or ExecSettings()
        self.ops = ops
        self.count = count or self.settings.count or self.settings.limited
        self.instructions = 0  # total counted over all invokes (counting mode only)
        self.last_thread: Thread | None = None

    def thread(self, func, args: Sequence) -> Thread:
        """A started Thread for `func(args)`: call `step()` / `run()` on it."""
        thread = Thread(self.ops, max_call_depth=self.settings.max_call_depth)
        thread.start(func, args)
        return thread

    def invoke(self, func, args: Sequence) -> list:
        """Run `func` with raw args to the end; raw results. Raises Trap, ExhaustionError or LimitError."""
        thread = self.thread(func, args)
        self.last_thread = thread
        if thread.status != ThreadState.DONE:
            with older_objects_frozen():
                if self.count:
                    try:
                        self._run_counted(thread)
                    finally:
                        self.instructions += thread.instructions
                else:
                    thread.run()
        if thread.status == ThreadState.TRAPPED:
            raise thread.error
        return thread.results

    def _run_counted(self, thread: Thread) -> None:
        """The counting loop under the settings' fuel and deadline; LimitError when one is reached."""
        fuel, timeout = self.settings.fuel, self.settings.timeout
        budget = fuel if fuel is not None else FOREVER
        if timeout is None:
            thread.run(budget)
        else:
            deadline = time.monotonic() + timeout
            # Inside, a long memory.fill/copy/init reads the clock between its 16 MiB pieces and
            # raises the timeout's LimitError, which ends the thread as a trap would, located there.
            with bulk_deadline(deadline, lambda: LimitError("timeout", timeout)):
                while True:
                    thread.run(min(SLICE, budget - thread.instructions))
                    if thread.status != ThreadState.PAUSED or thread.instructions >= budget:
                        break
                    if time.monotonic() >= deadline:
                        self._stop(thread, LimitError("timeout", timeout))
        if thread.status == ThreadState.PAUSED:
            self._stop(thread, LimitError("fuel", fuel))

    @staticmethod
    def _stop(thread: Thread, error: LimitError) -> None:
        """End the paused thread with `error`, located at the instruction it would run next."""
        if thread.frame is not None:
            locate(error, thread.frame)
        thread.status, thread.error = ThreadState.TRAPPED, error
        raise error
