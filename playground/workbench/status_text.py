"""What the window says about a debug session in words: the status bar's state, a long motion's progress, who wrote a byte.

No Qt: the views put these strings where they belong.
"""

from __future__ import annotations

from playground.debug.snapshot import Location, Snapshot
from playground.debug.states import SessionState, StopReason
from playground.workbench.controller import Progress


def describe_state(snapshot: Snapshot) -> str:
    """The status bar's session text: Ready, Running…, Paused at $fib+12, Trapped: ..., Finished: 8,
    The program exited with status 3."""
    if snapshot.state == SessionState.PAUSED and snapshot.location is not None:
        return f"Paused at {snapshot.location}"
    if snapshot.state == SessionState.RUNNING:
        return "Running…"
    if snapshot.reason == StopReason.STOPPED:
        return f"Stopped at step {snapshot.step:,}"
    if snapshot.state == SessionState.TRAPPED:
        return f"Trapped: {snapshot.message.removeprefix('trap: ')}" if snapshot.message else "Trapped"
    if snapshot.state == SessionState.EXITED:  # a WASI program's proc_exit
        return snapshot.message[:1].upper() + snapshot.message[1:] if snapshot.message else "Exited"
    if snapshot.state == SessionState.FINISHED:
        shown = ", ".join(v.text for v in snapshot.results)
        return f"Finished: {shown}" if shown else "Finished"
    return "Ready"


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
