"""Memory provenance: which step and instruction last wrote a byte ("who wrote this?").

The undo log (undo.py) already holds, for every write, its step number and
the writing instruction; the newest entry covering an address is the
answer. Bytes written before the recorded history starts (data segments at
instantiation, or history discarded to bound memory) have no answer.
Host functions are reported at the call instruction, edits at the place the
program was paused, with `how` saying which.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.snapshot import Location
from playground.debug.undo import MEM


@dataclass(frozen=True)
class Write:
    """The last write of a byte: its step, its place, and `how` ("instruction", "host" or "edit")."""

    step: int
    location: Location | None
    how: str
    address: int
    length: int


def last_write(log: list, mem, address: int, describe_location) -> Write | None:
    """The newest logged write of `mem` covering `address`, or None."""
    for i in range(len(log) - 1, -1, -1):
        entry = log[i]
        if entry[0] != MEM or entry[3] is not mem:
            continue
        start = entry[4]
        if start <= address < start + len(entry[5]):
            where = entry[2]
            how = where[2] if where is not None and len(where) > 2 else "instruction"
            location = describe_location(where[0], where[1]) if where is not None and where[0] >= 0 else None
            return Write(entry[1], location, how, start, len(entry[5]))
    return None
