"""What the window says about a debug session in words: the status bar's two sides, a long motion's progress, who wrote a byte.

The status bar's two sides have one job each, for every kind of stop:
the right (`describe_state`, kept until the session moves) says where the
session is: its state, its place and its step (`Paused at $fib+6 · step 5`,
`Trapped at $div+2 · step 3`, `Finished: 8 · step 40`, `Waiting for input…`);
the left (`describe_event`, shown for a while) says what just happened and
why (`Breakpoint hit`, `Paused: you pressed Pause`, `Trap: integer divide by
zero`), never the place or the step again. No Qt: the views put these
strings where they belong.
"""

from __future__ import annotations

import re

from playground.debug.snapshot import Location, Snapshot
from playground.debug.states import SessionState, StopReason
from playground.workbench.controller import Progress

# The right side while a WASI program's read stands still until a line is typed (DebugController.waits_for_input).
WAITING_FOR_INPUT = "Waiting for input: type a line in the Console (Enter), Ctrl+D ends it"


def describe_state(snapshot: Snapshot, paused: str | None = None) -> str:
    """The status bar's right side: Ready, Running…, Paused at $fib+12 · step 12, Trapped at $div+2 · step 3,
    Finished: 8 · step 40, Exited with status 3 · step 900, Stopped at step 6.

    `paused`: the words of a pause in other terms (a C tab's `Paused in main at points.c:12 ($main+34)`),
    instead of `Paused at $main+34`.
    """
    step = f" · step {snapshot.step:,}"
    where = f" at {snapshot.location}" if snapshot.location is not None else ""
    if snapshot.state == SessionState.PAUSED and snapshot.location is not None:
        return (paused or f"Paused{where}") + step
    if snapshot.state == SessionState.RUNNING:
        return "Running…"
    if snapshot.reason == StopReason.STOPPED:
        return f"Stopped at step {snapshot.step:,}"
    if snapshot.state == SessionState.TRAPPED:
        return f"Trapped{where}{step}"
    if snapshot.state == SessionState.EXITED:  # a WASI program's proc_exit
        status = re.search(r"status (-?\d+)", snapshot.message)
        return (f"Exited with status {status[1]}" if status else "Exited") + step
    if snapshot.state == SessionState.FINISHED:
        shown = ", ".join(v.text for v in snapshot.results)
        return (f"Finished: {shown}" if shown else "Finished") + step
    return "Ready"


def describe_event(snapshot: Snapshot) -> str:
    """The status bar's left side at a stop: what just happened and why, without the place and the step
    (the right side shows them): Breakpoint hit, Paused: you pressed Pause, Trap: integer divide by zero,
    The call returned. "" for a step (it did what was asked)."""
    reason, message = snapshot.reason, snapshot.message
    if reason == StopReason.STEP:
        return ""
    if reason == StopReason.START and re.match(r"(stopped|paused) at the entry", message):
        return "Debugging: paused before the first instruction"
    if reason == StopReason.BREAKPOINT:
        back = re.search(r"\(back from step ([\d,]+)\)", message)
        return f"Breakpoint hit going back from step {back[1]}" if back else "Breakpoint hit"
    if reason == StopReason.PAUSED:
        return "Paused: you pressed Pause"
    if reason == StopReason.STOPPED:
        return "Session ended: you pressed Stop"
    if reason == StopReason.FINISHED:
        return "The call returned"
    if reason == StopReason.EXITED:
        return "The program ended itself (proc_exit)"
    if reason == StopReason.TRAP:
        return _capitalized(_without_place(message, snapshot.location))
    return _capitalized(message)  # a watchpoint's hits, a limit, a start that failed: their own words


def _without_place(message: str, location: Location | None) -> str:
    """A stop's message without the place it names: ` at $div+2` and a source place ` (trap.wat:7:6)`."""
    if location is not None:
        message = message.replace(f" at {location}", "")
    return re.sub(r" \([^()\s]+:\d+(:\d+)?\)$", "", message)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def progress_text(progress: Progress) -> str:
    """The status bar while a motion runs: the session's step count and, when the motion started
    mid-session, what this motion ran: `Running… 1,234,567 instructions (+1,000,000 since Continue, 2.1 s)`.
    """
    elapsed, steps = progress.elapsed, progress.steps
    if progress.backwards:  # going back replays the history: the step number is where the replay is
        return f"Going back… at step {steps:,} ({elapsed:.1f} s)"
    if progress.start_step > 0:
        since = progress.motion or "the pause"
        return f"Running… {steps:,} instructions (+{steps - progress.start_step:,} since {since}, {elapsed:.1f} s)"
    return f"Running… {steps:,} instructions ({elapsed:.1f} s)"


def from_data_segment(location: Location | None) -> bool:
    """True when the writer is a data segment applied at instantiation (provenance `Location.kind` "data")."""
    return location is not None and location.kind == "data"


def describe_writer(step: int, location: Location | None) -> str:
    """Who wrote a byte, for people: `data segment 1 (written at instantiation)`,
    `last written at step 12 by i32.store at $f+5`, or a host call or an edit."""
    if from_data_segment(location):
        # instantiation runs before step 0: no instruction wrote it, so no step is named
        return f"data segment {location.instr_index} (written at instantiation)"
    where = f" by {location.instr_text} at {location}" if location is not None else " (a host call or an edit)"
    return f"last written at step {step:,}{where}"
