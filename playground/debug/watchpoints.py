"""Watchpoints: stop when watched memory bytes or a global's value change.

The recording `StateOps` (undo.py) calls `WatchSet.memory_written` after
every memory write (stores, `memory.fill`, `memory.copy`, `memory.init`) and
`global_written` after every `global.set`, passing the old bytes or value it
saved for the undo log anyway. A write that leaves the watched bytes as they
were is no change and does not stop. A hit reports the old and new values and
the writing instruction; the run loop stops right after that instruction.

Backwards, `WatchSet.latest_hits` reads the same changes out of the undo log,
newest first (the reverse motions then stop AT the writing instruction, the
way gdb and rr stop a reverse-continue at the write). Only instructions'
writes count, in both directions: edits and host functions' writes do not fire.
Each write counts once in `hits`, however often the user runs over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Callable

from playground.debug.undo import GLOBAL, MEM
from playground.errors import PlaygroundError

_ids = count(1)


class WatchpointError(PlaygroundError):
    """A watchpoint on something the instance does not have."""


@dataclass(eq=False)
class Watchpoint:
    """`kind` is "memory" (bytes `[address, address + length)`) or "global" (`global_index`)."""

    kind: str
    address: int = 0
    length: int = 0
    global_index: int = 0
    name: str = ""  # for people: `$g`, `0x100..0x104`
    enabled: bool = True
    hits: int = 0
    id: int = field(default_factory=lambda: next(_ids))
    target: object = None  # the Memory or Global object, bound by the session
    hit_steps: set[int] = field(default_factory=set, repr=False)  # the steps of the counted hits

    @property
    def end(self) -> int:
        return self.address + self.length

    def describe(self) -> str:
        if self.kind == "memory":
            return f"#{self.id} memory [{self.address:#x}, {self.end:#x})"
        return f"#{self.id} global {self.name or self.global_index}"

    def note_hit(self, step: int) -> None:
        """Count the write at `step`, once."""
        if step not in self.hit_steps:
            self.hit_steps.add(step)
            self.hits += 1

    def forget_after(self, step: int) -> None:
        """Drop the hits counted at `step` and later (an edit there replaced that future)."""
        self.hit_steps = {s for s in self.hit_steps if s < step}
        self.hits = len(self.hit_steps)

    def current(self):
        """The watched bytes (memory; zeros past the end) or the global's raw value, now."""
        if self.kind != "memory":
            return self.target.value
        data = bytearray(self.target.data[self.address : self.end])
        return data + bytes(self.length - len(data))


def watch_memory(address: int, length: int = 4) -> Watchpoint:
    """Watch `length` bytes of memory 0 from `address`."""
    if address < 0 or length <= 0:
        raise WatchpointError(f"cannot watch {length} bytes at {address}")
    return Watchpoint("memory", address=address, length=length)


def watch_global(index: int | str) -> Watchpoint:
    """Watch a global by index or `$name` (resolved by the session)."""
    if isinstance(index, int):
        return Watchpoint("global", global_index=index)
    return Watchpoint("global", global_index=-1, name=index)


@dataclass(frozen=True)
class WatchHit:
    """One change of a watched place: old and new bytes (memory) or raw values (global)."""

    watchpoint: Watchpoint
    step: int  # the step number of the writing instruction
    where: tuple[int, int] | None  # (funcidx, instr index) of the writer, None for an edit or a host
    old: object
    new: object

    def describe(self) -> str:
        w = self.watchpoint
        if w.kind == "memory":
            return f"watchpoint {w.describe()}: {self.old.hex(' ')} -> {self.new.hex(' ')}"
        return f"watchpoint {w.describe()}: {self.old!r} -> {self.new!r}"


class WatchSet:
    """The enabled watchpoints, checked by the recording StateOps on each write."""

    def __init__(self, on_hit: Callable[[WatchHit], None]) -> None:
        self.items: list[Watchpoint] = []
        self.on_hit = on_hit

    def __bool__(self) -> bool:
        return any(w.enabled for w in self.items)

    def add(self, watchpoint: Watchpoint) -> Watchpoint:
        self.items.append(watchpoint)
        return watchpoint

    def remove(self, watchpoint: Watchpoint) -> None:
        self.items.remove(watchpoint)

    def memory_written(self, mem, start: int, end: int, old: bytes, step: int, where) -> None:
        """Bytes `[start, end)` of `mem` were `old` and now hold the memory's current contents."""
        for w in self.items:
            if w.kind != "memory" or not w.enabled or w.target is not mem:
                continue
            lo, hi = max(w.address, start), min(w.end, end)
            if lo >= hi:
                continue
            new_bytes = bytes(mem.data[w.address : w.end])
            before = bytearray(new_bytes)
            before[lo - w.address : hi - w.address] = old[lo - start : hi - start]
            if bytes(before) != new_bytes:
                w.note_hit(step)
                self.on_hit(WatchHit(w, step, where, bytes(before), new_bytes))

    def global_written(self, glob, old, new, step: int, where) -> None:
        for w in self.items:
            if w.kind == "global" and w.enabled and w.target is glob and old != new:
                w.note_hit(step)
                self.on_hit(WatchHit(w, step, where, old, new))

    def latest_hits(self, log: list, since: int = 0) -> list[WatchHit]:
        """The changes made by the newest instruction at a step >= `since` that changed a watched place.

        `log` is the undo log (undo.py) of the current state: walking it newest
        first and putting each entry's old value back into a copy of the watched
        values gives the value before and after every write, as forward hits
        report them. Nothing is counted; nothing in the live state changes.
        """
        watched = [w for w in self.items if w.enabled and w.target is not None]
        if not watched:
            return []
        values = {w: w.current() for w in watched}
        hits: list[WatchHit] = []
        for i in range(len(log) - 1, -1, -1):
            entry = log[i]
            kind, step, where, target = entry[0], entry[1], entry[2], entry[3]
            if step < since or (hits and step != hits[0].step):
                break
            if kind != MEM and kind != GLOBAL:
                continue
            for w in watched:
                if w.target is not target:
                    continue
                after = values[w]
                if kind == GLOBAL:
                    before = entry[4]
                else:
                    start, old = entry[4], entry[5]
                    lo, hi = max(w.address, start), min(w.end, start + len(old))
                    if lo >= hi:
                        continue
                    before = bytearray(after)
                    before[lo - w.address : hi - w.address] = old[lo - start : hi - start]
                values[w] = before
                if where is not None and len(where) == 2 and before != after:  # an instruction's write
                    as_bytes = kind == MEM
                    hits.append(WatchHit(w, step, where, bytes(before) if as_bytes else before, bytes(after) if as_bytes else after))
        return hits
