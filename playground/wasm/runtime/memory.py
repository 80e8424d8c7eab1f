"""Memory instances (spec 4.2.8): a vector of bytes that grows in 64 KiB pages.

`data` is a plain `bytearray`; handlers of the executor index it directly.
Growing extends it in place when possible. Where a host still holds a buffer
view (`view()`), Python forbids resizing; then a new `bytearray` replaces
`data`, and old views go stale -- the same as a JavaScript `ArrayBuffer`
that `memory.grow` detaches. Code must therefore read `memory.data` anew
after anything that may grow it, never keep it across calls.

Bulk work (`fill`, `copy`, `write_from`, `grow`) happens in place, in pieces
of `CHUNK` bytes through memoryviews: a `memory.fill` of 1 GiB takes no
gigabyte of temporaries. Between pieces it reads the clock when a caller set
a deadline with `bulk_deadline`, so a timeout stops a long bulk instruction.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from playground.wasm.errors import ExhaustionError, LinkError
from playground.wasm.limits import DEFAULT_LIMITS, LimitError
from playground.wasm.limits import Limits as RunLimits
from playground.wasm.types import MAX_PAGES, MAX_PAGES_64, PAGE_SIZE, Limits, MemType


@dataclass(frozen=True)
class MemorySettings:
    """Engine-wide caps beyond the module's own maximum: `memory.grow` returns -1 past them,
    and creating a larger memory raises LimitError (the memory limit, wasm/limits.py)."""

    max_pages: int = DEFAULT_LIMITS.max_memory_pages  # 1 GiB: a playground must not exhaust the machine

    @classmethod
    def from_limits(cls, limits: RunLimits) -> "MemorySettings":
        """The memory cap of `limits` (no cap: the spec's 65,536 pages)."""
        return cls(MAX_PAGES if limits.max_memory_pages is None else limits.max_memory_pages)


DEFAULT_MEMORY_SETTINGS = MemorySettings()

CHUNK = 1 << 24  # bytes per piece of bulk work: 16 MiB, a few milliseconds
_ZEROS = bytes(CHUNK)  # what `grow` appends, piece by piece
_clock = threading.local()  # .deadline: (monotonic time, the error to raise past it) or None


@contextmanager
def bulk_deadline(deadline: float | None, error: Callable[[], BaseException]) -> Iterator[None]:
    """While inside (this thread), bulk memory work raises `error()` between pieces once `deadline` has passed.

    An executor running under a timeout wraps its run in this, so the clock is
    read between 16 MiB pieces of a `memory.fill`/`copy`/`init`, not only
    between instructions. `deadline=None` changes nothing.
    """
    saved = getattr(_clock, "deadline", None)
    _clock.deadline = None if deadline is None else (deadline, error)
    try:
        yield
    finally:
        _clock.deadline = saved


def _pieces(n: int, *, backwards: bool = False, clock: bool = True) -> Iterator[tuple[int, int]]:
    """(offset, length) of each piece of `n` bytes, reading the clock between pieces (unless `clock` is false)."""
    offsets = range(0, n, CHUNK)
    for k, at in enumerate(reversed(offsets) if backwards else offsets):
        if k and clock:
            watch = getattr(_clock, "deadline", None)
            if watch is not None and time.monotonic() >= watch[0]:
                raise watch[1]()
        yield at, min(CHUNK, n - at)


class Memory:
    """A linear memory: `Memory(initial=1, maximum=10)` as a host or an instance creates it."""

    __slots__ = ("data", "maximum", "settings", "is64", "__weakref__")

    def __init__(
        self,
        initial: int = 1,
        maximum: int | None = None,
        *,
        settings: MemorySettings = DEFAULT_MEMORY_SETTINGS,
        is64: bool = False,
    ) -> None:
        self.is64 = is64  # 3.0, memory64: i64 addresses, up to 2**48 pages (the engine's cap still applies)
        if initial < 0 or initial > (MAX_PAGES_64 if is64 else MAX_PAGES) or (maximum is not None and maximum < initial):
            raise LinkError(f"invalid memory limits: initial {initial}, maximum {maximum}")
        # The engine's cap bounds the initial size too (spec A.1 allows such limits):
        # a valid `(memory 65535)` must not take 4 GiB from the machine.
        if initial > settings.max_pages:
            raise LimitError("max_memory_pages", settings.max_pages, f"a memory of {initial:,} pages was asked for")
        try:
            self.data = bytearray(initial * PAGE_SIZE)
        except MemoryError:
            raise ExhaustionError(f"out of memory: {initial} pages asked for") from None
        self.maximum = maximum
        self.settings = settings

    @classmethod
    def from_type(cls, memtype: MemType, *, settings: MemorySettings = DEFAULT_MEMORY_SETTINGS) -> "Memory":
        return cls(memtype.limits.min, memtype.limits.max, settings=settings, is64=memtype.limits.is64)

    @property
    def size(self) -> int:
        """The current size in pages."""
        return len(self.data) // PAGE_SIZE

    @property
    def type(self) -> MemType:
        """The memory's current type (spec 4.5.3: its limits' minimum is the current size)."""
        return MemType(Limits(self.size, self.maximum, self.is64))

    def grow(self, delta: int) -> int:
        """Grow by `delta` pages; the old size, or -1 when past the maximum or the engine's cap (spec 4.5.3.9)."""
        old = self.size
        new = old + delta
        limit = self.settings.max_pages if self.maximum is None else min(self.maximum, self.settings.max_pages)
        if delta < 0 or new > limit or new > (MAX_PAGES_64 if self.is64 else MAX_PAGES):
            return -1
        if delta:
            size = len(self.data)
            try:
                try:
                    # Not interrupted: a grow is all or nothing, and zeroing 1 GiB takes a fraction of a second.
                    for _, k in _pieces(delta * PAGE_SIZE, clock=False):
                        self.data += memoryview(_ZEROS)[:k]
                except BufferError:  # a host view pins the buffer: detach it, as JavaScript does
                    data = bytearray(new * PAGE_SIZE)
                    memoryview(data)[:size] = memoryview(self.data)[:size]
                    self.data = data
            except MemoryError:
                del self.data[size:]
                return -1
        return old

    # --- bulk work, in place (spec 4.4.7.10-12); the caller checked the bounds ---------------------------

    def fill(self, dest: int, value: int, n: int) -> None:
        """Set `n` bytes from `dest` to `value` (the low byte)."""
        self._check(dest, n)
        view = memoryview(self.data)
        pattern = bytes((value & 0xFF,)) * min(n, CHUNK)
        for at, k in _pieces(n):
            view[dest + at : dest + at + k] = pattern[:k] if k < len(pattern) else pattern

    def copy(self, dest: int, src: int, n: int) -> None:
        """Copy `n` bytes from `src` to `dest`; overlapping ranges copy as if through a temporary buffer."""
        self._check(dest, n)
        self._check(src, n)
        view = memoryview(self.data)
        # Each piece is a memmove; pieces go from the end when the destination lies
        # above the source, so no piece overwrites source bytes still to be read.
        for at, k in _pieces(n, backwards=dest > src):
            view[dest + at : dest + at + k] = view[src + at : src + at + k]

    def write_from(self, dest: int, source, start: int, n: int) -> None:
        """Copy `n` bytes of `source` (a data segment's bytes) from `start` to `dest` (memory.init)."""
        self._check(dest, n)
        if start < 0 or start + n > len(source):
            raise IndexError(f"{n} bytes at {start} are outside the source of {len(source)} bytes")
        view, payload = memoryview(self.data), memoryview(source)
        for at, k in _pieces(n):
            view[dest + at : dest + at + k] = payload[start + at : start + at + k]

    def _check(self, address: int, n: int) -> None:
        if address < 0 or n < 0 or address + n > len(self.data):
            raise IndexError(f"{n} bytes at {address} are outside the memory of {len(self.data)} bytes")

    def read(self, address: int, length: int) -> bytes:
        """`length` bytes at `address`; IndexError when out of bounds."""
        if address < 0 or length < 0 or address + length > len(self.data):
            raise IndexError(f"memory read of {length} bytes at {address} is out of bounds")
        return bytes(self.data[address : address + length])

    def write(self, address: int, payload: bytes) -> None:
        """Write `payload` at `address`; IndexError when out of bounds."""
        if address < 0 or address + len(payload) > len(self.data):
            raise IndexError(f"memory write of {len(payload)} bytes at {address} is out of bounds")
        self.data[address : address + len(payload)] = payload

    def view(self, dtype="uint8", offset: int = 0, count: int | None = None):
        """A numpy array over the memory, like JavaScript's `new Int32Array(memory.buffer, offset, count)`.

        Writes through the view change the memory. A later `grow` may detach it (see the module docstring).
        """
        import numpy

        dt = numpy.dtype(dtype)
        if count is None:
            count = (len(self.data) - offset) // dt.itemsize
        if offset < 0 or count < 0 or offset + count * dt.itemsize > len(self.data):
            raise IndexError(f"view of {count} x {dt} at {offset} is out of bounds")
        return numpy.frombuffer(self.data, dtype=dt, count=count, offset=offset)

    def __repr__(self) -> str:
        return f"<Memory {self.size} pages, max {self.maximum}>"
