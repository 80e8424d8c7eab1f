"""The call stack panel's rows, without Qt: what each frame's row says, where it points, and its tooltip.

Frames are listed innermost first. A caller is shown at its call instruction
(`FrameView.call_site`), not at its return point. A frame that replaced
others by tail calls (3.0) carries a second line, `↻ tail call, replaced N
frames`, and a tooltip that explains what a tail call does (debug/tail_calls.py
holds the words, shared with the prompt's `bt`).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.snapshot import FrameView, Location, Snapshot
from playground.debug.tail_calls import is_tail_call, tail_call_mark, tail_call_tip


@dataclass(frozen=True)
class CallStackRow:
    frame: FrameView
    location: Location  # where the row points: the current instruction, or a caller's call
    text: str  # `$fac_acc+12    return_call $fac_acc`
    mark: str  # `↻ tail call, replaced 6 frames`, or "" for a frame that replaced none
    tooltip: str
    about_to_tail_call: bool  # the innermost frame's next instruction is a tail call

    @property
    def tail_calls(self) -> int:
        return self.frame.tail_calls


def call_stack_rows(snapshot: Snapshot | None) -> list[CallStackRow]:
    """One row per frame of `snapshot`, innermost (the current one) first."""
    if snapshot is None:
        return []
    rows = []
    for depth, frame in enumerate(reversed(snapshot.frames)):
        location = frame.location if depth == 0 or frame.call_site is None else frame.call_site
        where = f"line {location.span.line}" if location.span else (
            f"offset 0x{location.offset:x}" if location.offset is not None else "")
        tip = f"function {location.func_index} ${location.func_name}, instruction {location.instr_index} {where}".rstrip()
        next_instr = location.instr_text if depth == 0 else None
        tail = tail_call_tip(frame.tail_calls, next_instr)
        rows.append(CallStackRow(
            frame=frame,
            location=location,
            text=f"{location}    {location.instr_text}",
            mark=tail_call_mark(frame.tail_calls),
            tooltip=f"{tip}\n\n{tail}" if tail else tip,
            about_to_tail_call=next_instr is not None and is_tail_call(next_instr),
        ))
    return rows
