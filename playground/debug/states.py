"""The debugger's vocabulary of states and stop reasons, defined once. No Qt.

Both are `StrEnum`s: a member equals its string (`SessionState.PAUSED ==
"paused"`), so views that still compare strings and session files that hold
them keep working. The machine's thread states come from the engine (exec/).
"""

from __future__ import annotations

from enum import StrEnum


class SessionState(StrEnum):
    """Where a debug session is, as a `Snapshot.state`."""

    READY = "ready"  # nothing run yet (or a run was stopped)
    PAUSED = "paused"  # stopped between two instructions
    RUNNING = "running"  # a motion is under way (a notice from the window's worker)
    TRAPPED = "trapped"  # the invocation ended in a trap
    FINISHED = "finished"  # the invocation returned
    EXITED = "exited"  # the program ended itself (WASI proc_exit): `DebugSession.exit_code` is its status


class StopReason(StrEnum):
    """Why the last motion stopped, as a `Snapshot.reason`."""

    START = "start"  # at the entry of the invocation, or back at its start
    STEP = "step"  # a step (or a run to a place) ended where it was asked to
    BREAKPOINT = "breakpoint"
    WATCHPOINT = "watchpoint"
    TRAP = "trap"
    FINISHED = "finished"
    EXITED = "exited"  # a host call ended the program (WASI proc_exit)
    PAUSED = "paused"  # `pause()` from another thread
    EDIT = "edit"  # an edit while paused
    REPLAY = "replay"  # a replayed session's first stop
    STOPPED = "stopped"  # the window ended a run and kept its step (workbench's session controller)
    LIMIT = "limit"  # a limit of the session (wasm/limits.py: fuel, time) paused the run; it can go on
