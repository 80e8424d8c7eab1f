"""Memory provenance: which step and instruction last wrote a byte ("who wrote this?").

The undo log (undo.py) already holds, for every write, its step number and
the writing instruction; the newest entry covering an address is the
answer. Host functions are reported at the call instruction, named
(`host`: `wasi_snapshot_preview1.fd_read`, also added to the location's
instruction text, since a binary without names calls it `call 3`), edits at
the place the program was paused, with `how` saying which.

A byte no logged write covers still holds what instantiation left there: the
last active data segment covering it answers, at step 0 (`how` "data"), when
the byte still equals that segment's byte (a start function may have changed
it) and the history was never cut to bound memory. Otherwise there is no answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from playground.debug.snapshot import Location
from playground.debug.undo import MEM


@dataclass(frozen=True)
class Write:
    """The last write of a byte: its step, its place, and `how` ("instruction", "host", "edit" or "data")."""

    step: int
    location: Location | None
    how: str
    address: int
    length: int
    segment: int | None = None  # how == "data": the index of the active data segment
    host: str | None = None  # how == "host": the host function that wrote it (module.name)

    def describe(self) -> str:
        """For people: `data segment 2 (instantiation)`, `$f+5 i32.store`, `$f+3 call $fill (host)`."""
        if self.how == "data":
            return f"data segment {self.segment} (instantiation)"
        if self.location is None:
            return f"({self.how})"
        place = f"{self.location} {self.location.instr_text}"
        return place if self.how == "instruction" else f"{place} ({self.how})"


@dataclass(frozen=True)
class Segment:
    """An active data segment as instantiation applied it to its memory (`memory`, an index)."""

    index: int
    address: int
    data: bytes
    location: Location
    memory: int = 0


def active_segments(module, instance) -> list[Segment]:
    """The active data segments of every memory, in the order instantiation applied them (evaluated offsets)."""
    from playground.wasm.runtime.instance import eval_const

    out = []
    for index, data in enumerate(module.datas):
        if data.mode != "active":
            continue
        try:
            address = eval_const(data.offset, instance)
        except (KeyError, IndexError, TypeError):  # an offset we cannot re-evaluate: no answer for its bytes
            continue
        text = f"data segment {index} (instantiation)"
        out.append(Segment(index, address, bytes(data.init), Location(-1, "", index, text, data.span, None, kind="data"),
                           data.memory))
    return out


def segment_write(segments: list[Segment], mem, address: int, memory: int = 0) -> Write | None:
    """The data segment whose byte `address` of `mem` (memory index `memory`) still holds, for a byte no logged write covers."""
    for seg in reversed(segments):  # a later segment overwrote an earlier one
        if seg.memory == memory and seg.address <= address < seg.address + len(seg.data):
            if address < len(mem.data) and mem.data[address] == seg.data[address - seg.address]:
                return Write(0, seg.location, "data", seg.address, len(seg.data), seg.index)
            return None
    return None


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
            host = where[3] if where is not None and len(where) > 3 else None
            location = describe_location(where[0], where[1]) if where is not None and where[0] >= 0 else None
            if location is not None and host is not None:
                location = replace(location, instr_text=f"{location.instr_text} ({host})")
            return Write(entry[1], location, how, start, len(entry[5]), host=host)
    return None
