"""Watchpoints: stop when watched memory bytes or a global's value change.

The recording `StateOps` (undo.py) calls `WatchSet.memory_written` after
every memory write (stores, `memory.fill`, `memory.copy`, `memory.init`) and
`global_written` after every `global.set`, passing the old bytes or value it
saved for the undo log anyway. A write that leaves the watched bytes as they
were is no change and does not stop. A hit reports the old and new values and
the writing instruction; the run loop stops right after that instruction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Callable

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

    @property
    def end(self) -> int:
        return self.address + self.length

    def describe(self) -> str:
        if self.kind == "memory":
            return f"#{self.id} memory [{self.address:#x}, {self.end:#x})"
        return f"#{self.id} global {self.name or self.global_index}"


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
                w.hits += 1
                self.on_hit(WatchHit(w, step, where, bytes(before), new_bytes))

    def global_written(self, glob, old, new, step: int, where) -> None:
        for w in self.items:
            if w.kind == "global" and w.enabled and w.target is glob and old != new:
                w.hits += 1
                self.on_hit(WatchHit(w, step, where, old, new))
