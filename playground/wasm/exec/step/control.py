"""The vocabulary for driving a `Thread` (machine.py): its states, why a run stops, and the run's hooks.

States and stop reasons are `StrEnum`s: a member equals its string
(`ThreadState.DONE == "done"`), so code that still compares strings keeps
working while it migrates.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Callable


class ThreadState(StrEnum):
    """Where a thread is (`Thread.status`)."""

    READY = "ready"  # started, nothing run yet
    RUNNING = "running"  # inside a run loop
    PAUSED = "paused"  # stopped between two instructions; resumable
    DONE = "done"  # returned: see `Thread.results`
    TRAPPED = "trapped"  # ended in a trap or exhaustion: see `Thread.error`; `frames` show where


class RunStop(StrEnum):
    """Why a controlled run (`Thread.run_controlled`) ended.

    The machine reports LIMIT, BREAK, DEPTH, DONE and TRAPPED. STOP and PAUSED
    are a driver's refinements of LIMIT (the debugger's runner: a watchpoint
    asked to stop, or `pause()` came from another thread).
    """

    LIMIT = "limit"  # ran the instructions asked (or a driver shortened the limit)
    BREAK = "break"  # a handler raised `Break`: stopped before its instruction
    DEPTH = "depth"  # a frame returned below `RunControl.stop_depth`
    STOP = "stop"
    PAUSED = "paused"
    DONE = "done"
    TRAPPED = "trapped"


class Break(Exception):
    """Raised by a handler to stop a controlled run BEFORE its instruction runs (a breakpoint).

    A driver replaces an instruction's handler by one raising it; the run
    stops with RunStop.BREAK and `pc` at that instruction. Raise one
    preallocated instance: it costs nothing where no breakpoint is.
    """


class RunControl:
    """How a driver steers `Thread.run_controlled`; the defaults steer nothing. Override what you need.

    `stop_depth`: end the run (RunStop.DEPTH) when a return leaves fewer frames.
    """

    stop_depth = 0

    def started(self, now: Callable[[], int], stop_after: Callable[[], None], pause: Callable[[], None]) -> None:
        """Called as the run starts, with live handles on it while it lasts.

        `now()` is the thread's instruction count at this moment (during a handler:
        the index of the instruction running); `stop_after()` ends the run once the
        current instruction completes; `pause()` ends it before the next one.
        """

    def entered(self, frame) -> int | None:
        """Called after every call and return of the run, with the frame that runs next.

        It may run a call itself (the debugger's fast engine, debug/handover.py):
        then it leaves the frames as they are after what it ran and returns how
        many instructions that was (the untraced loop goes on in the top frame).
        """

    def ended(self, instructions: int, lowest: int) -> None:
        """Called as the run ends: the thread's instruction count, and the fewest frames any step started with."""


NO_CONTROL = RunControl()
