"""Counting, fuel and the deadline in generated code (counting mode).

The translator charges instructions per straight-line segment, before the
segment runs (segments.py says what ends one and how it is written):

    METER.n += 5
    if METER.n > METER.limit: METER.check(5, 17)     # 17: the segment's first pc

A segment's instructions occupy the pcs `first .. first + k - 1`. One that
can fail in the middle of it cuts it into pieces, and a segment that
passes `limit` then runs piece by piece (`piece`), each piece checked as
a segment ending at its failing instruction would be. Hence, against the
step engine's counting loop:

- fuel: the step engine runs `fuel` instructions and stops before the next
  one. A piece that would pass the budget raises before running, located
  at the instruction the step engine would have stopped at (`first +
  fuel - before`); the pieces before it ran, and their failing
  instructions failed if the step engine's would have. Same error, same
  location, same count (`instructions` is the budget); the one difference
  is that the instructions of that last piece before the budget's end
  did not run here (none of them can fail or write state).
- the deadline: `limit` is also the count at which to read the clock next
  (every `SLICE` instructions, as the step engine does), so a segment that
  passes it calls `check`, which reads the clock and moves `limit` on.
- counting: a failing instruction and those charged after it are
  un-charged by the fault handler (faults.py), as the step engine does not
  count them; `instructions` match the step engine's on every path.
- a pause (the debugger's, from another thread: `request_pause`): the next
  segment raises `PauseRequest` before running, located at its first
  instruction with the count before it (exec/fast/handover.py).
"""

from __future__ import annotations

import time

from playground.wasm.exec.step.executor import SLICE
from playground.wasm.exec.step.machine import FOREVER
from playground.wasm.errors import WasmError
from playground.wasm.limits import LimitError
from playground.wasm.runtime.memory import bulk_deadline


class PauseRequest(WasmError):
    """Raised by a segment after `Meter.request_pause`: the run stops before that segment (not a trap)."""

    kind = "pause"

    def __init__(self) -> None:
        super().__init__("paused")


class Meter:
    """The instruction count of the running invocation, and its fuel and deadline."""

    __slots__ = ("n", "limit", "fuel", "fuel_setting", "timeout", "deadline", "paused", "in_call")

    def __init__(self, fuel: int | None, timeout: float | None) -> None:
        self.n = 0
        self.fuel_setting = fuel
        self.fuel = fuel if fuel is not None else FOREVER
        self.timeout = timeout
        self.deadline: float | None = None
        self.limit = self.fuel
        self.paused = False
        self.in_call = 0  # 1 while a host function runs (the debugger's `now()`: handover.py)

    def request_pause(self) -> None:
        """From any thread: the next segment stops the run (PauseRequest)."""
        self.paused = True
        self.limit = -1

    def start(self) -> tuple:
        """Begin an invocation (the deadline starts now); the state to `resume` after it, for nested calls.

        Under a timeout, bulk memory work reads the clock between its pieces until `resume`
        (runtime/memory.py, `bulk_deadline`), so a long memory.fill stops with the timeout too.
        """
        n, limit, deadline, clock = self.n, self.limit, self.deadline, None
        self.n = 0
        if self.timeout is not None:
            self.deadline = time.monotonic() + self.timeout
            self.limit = min(self.fuel, SLICE)
            clock = bulk_deadline(self.deadline, self.timed_out)
            clock.__enter__()
        else:
            self.limit = self.fuel
        return n, limit, deadline, clock

    def resume(self, saved: tuple) -> None:
        self.n, self.limit, self.deadline, clock = saved
        if clock is not None:
            clock.__exit__(None, None, None)

    def timed_out(self) -> LimitError:
        """The timeout's error, raised by bulk memory work past the deadline (located by the fault handler)."""
        return LimitError("timeout", self.timeout)

    def check(self, k: int, first: int) -> None:
        """A segment of `k` instructions starting at pc `first` passed `limit`: out of fuel, out of time, or on."""
        before = self.n - k
        if self.paused:
            self.n = before
            raise at(PauseRequest(), first)
        if self.n > self.fuel:
            self.n = self.fuel
            raise at(LimitError("fuel", self.fuel_setting), first + self.fuel - before)
        if self.deadline is not None:
            if time.monotonic() >= self.deadline:
                self.n = before
                raise at(LimitError("timeout", self.timeout), first)
            self.limit = min(self.fuel, self.n + SLICE)
        else:
            self.limit = self.fuel

    def piece(self, ahead: int, k: int, first: int) -> bool:
        """A cut segment past `limit` (segments.py): check its next piece, `k` instructions from pc `first`,
        as a segment of its own, `ahead` of them and after charged but not run; True while a later piece
        may pass `limit` too. `n` keeps the whole segment's charge unless this raises."""
        n = self.n
        self.n = n - ahead + k
        if self.n > self.limit:
            self.check(k, first)
        self.n = n
        return n > self.limit

    def remaining(self) -> int:
        """Instructions left in the budget."""
        return self.fuel - self.n

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline


def at(error, pc: int):
    """Mark an error raised by a helper of a generated function with the pc to locate it at (faults.py)."""
    error.fast_pc = pc
    return error
