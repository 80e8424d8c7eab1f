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

Sizes are bounded: a memory watchpoint covers at most `MAX_WATCH_BYTES`
(1 MiB; every write into it copies the watched bytes twice), and a hit on
more than `SHOWN_BYTES` bytes is summarised (how many changed, where, the
first bytes) instead of printing every byte on one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Callable

from playground.debug.undo import GLOBAL, MEM
from playground.errors import PlaygroundError

_ids = count(1)

MAX_WATCH_BYTES = 1 << 20  # the largest memory watchpoint
SHOWN_BYTES = 16  # a hit on more bytes than this is summarised


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
    memory: int = 0  # which memory (3.0: an instance may have several)
    memory_name: str = ""  # for people, when the instance has several: `$heap`, `memory 1`
    hit_steps: set[int] = field(default_factory=set, repr=False)  # the steps of the counted hits

    @property
    def end(self) -> int:
        return self.address + self.length

    def describe(self) -> str:
        if self.kind == "memory":
            return f"#{self.id} {self.memory_name or 'memory'} [{self.address:#x}, {self.end:#x})"
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


def watch_memory(address: int, length: int = 4, memory: int = 0, memory_name: str = "") -> Watchpoint:
    """Watch `length` bytes of memory `memory` (an index) from `address` (at most MAX_WATCH_BYTES)."""
    if address < 0 or length <= 0:
        raise WatchpointError(f"cannot watch {length} bytes at {address}")
    if length > MAX_WATCH_BYTES:
        raise WatchpointError(
            f"cannot watch {length:,} bytes: a watchpoint covers at most {MAX_WATCH_BYTES:,} bytes (1 MiB); "
            "watch the part that matters, or several parts"
        )
    return Watchpoint("memory", address=address, length=length, memory=memory, memory_name=memory_name)


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
            return f"watchpoint {w.describe()}: {describe_bytes_change(w.address, self.old, self.new)}"
        return f"watchpoint {w.describe()}: {self.old!r} -> {self.new!r}"


def describe_bytes_change(address: int, old: bytes, new: bytes) -> str:
    """`old -> new` in hex; past SHOWN_BYTES, how many bytes changed, where, and the first of them."""
    if len(old) <= SHOWN_BYTES:
        return f"{old.hex(' ')} -> {new.hex(' ')}"
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    if not changed:
        return "no byte changed"
    first, last = changed[0], changed[-1]
    shown = slice(first, min(first + SHOWN_BYTES // 2, last + 1))
    more = " ..." if last >= shown.stop else ""
    return (
        f"{len(changed):,} of {len(old):,} bytes changed in [{address + first:#x}, {address + last + 1:#x}): "
        f"{old[shown].hex(' ')}{more} -> {new[shown].hex(' ')}{more}"
    )


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
        before = []
        for w in self._watching(mem, start, end):
            lo, hi = max(w.address, start), min(w.end, end)
            was = w.current()
            was[lo - w.address : hi - w.address] = old[lo - start : hi - start]
            before.append((w, was))
        self.report_changes(before, step, where)

    def watched_before(self, mem, start: int, end: int) -> list[tuple[Watchpoint, bytearray]]:
        """Before a write of `[start, end)` whose old bytes are not kept: the bytes of each watchpoint it touches."""
        return [(w, w.current()) for w in self._watching(mem, start, end)]

    def report_changes(self, before: list[tuple[Watchpoint, bytearray]], step: int, where) -> None:
        """After a write: a hit for each watchpoint whose bytes differ from `before`."""
        for w, was in before:
            now = w.current()
            if was != now:
                w.note_hit(step)
                self.on_hit(WatchHit(w, step, where, bytes(was), bytes(now)))

    def _watching(self, mem, start: int, end: int) -> list[Watchpoint]:
        return [
            w for w in self.items
            if w.kind == "memory" and w.enabled and w.target is mem and max(w.address, start) < min(w.end, end)
        ]

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
