"""Which place a tab marks for a stop: the innermost frame with a line in the tab's text. No Qt.

Most stops are on a line of the tab: every instruction of a WAT module has
its span in the WAT, every instruction of a .wasm its line in the
disassembly. A C program is different: its libc was compiled without debug
information, so a stop inside it (Pause while `getchar` waits for typed
input, a trap in `memcpy`, a step by instruction into `printf`) has no C
line at all, and an instruction inlined from a header has its line in that
header, not in the tab's file.

Then the tab marks the innermost frame that does have a line in its file:
the call in the user's code that is still running, where gdb's `up` would
take you (`up` until a frame shows source). A caller is marked at its call
instruction (`FrameView.call_site`), not at its return point. `depth` says
how many frames were passed over, so a view can say that the program is
deeper than the line it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.snapshot import Location, Snapshot
from playground.workbench.c_state import base_name


@dataclass(frozen=True)
class StopPlace:
    """The place a tab marks for a stop: `location` (None: no frame has a line in the tab), `depth` frames below it."""

    location: Location | None = None
    depth: int = 0  # 0: the innermost frame itself; 1: its caller; ...


def stop_place(snapshot: Snapshot | None, tab_file: str | None = None) -> StopPlace:
    """The innermost frame of `snapshot` with a line in `tab_file` (None: a line in any file counts)."""
    if snapshot is None:
        return StopPlace()
    frames = snapshot.frames
    for depth, frame in enumerate(reversed(frames)):
        where = frame.location if depth == 0 else (frame.call_site or frame.location)
        if has_line(where, tab_file):
            return StopPlace(where, depth)
    return StopPlace()


def has_line(location: Location | None, tab_file: str | None = None) -> bool:
    """Whether `location` is an instruction with a line in `tab_file` (None: in any file)."""
    if location is None or location.span is None or location.kind != "instr":
        return False
    return tab_file is None or location.file is None or location.file == tab_file


def describe_c_stop(state, depth: int) -> str | None:
    """A C stop's words, naming the frame the tab marks when it is not the innermost one:
    `Paused in __stdio_read (no debug information), called from main at rot13.c:7`.

    `state` is the stop's CState (c_state.py, frames innermost first, one per Wasm frame); `depth`
    the StopPlace's. None when there is nothing C to say (no frame, no line anywhere).
    """
    frames = state.frames if state is not None else ()
    caller = frames[depth] if 0 < depth < len(frames) else None
    if state is None or (state.line is None and caller is None):
        return None
    here = f"at {base_name(state.file)}:{state.line}" if state.line is not None else "(no debug information)"
    text = f"Paused in {state.function} {here}"
    if caller is not None and caller.line is not None:
        text += f", called from {caller.function} at {base_name(caller.file)}:{caller.line}"
    return text
