"""Memory instances (spec 4.2.8): a vector of bytes that grows in 64 KiB pages.

`data` is a plain `bytearray`; handlers of the executor index it directly.
Growing extends it in place when possible. Where a host still holds a buffer
view (`view()`), Python forbids resizing; then a new `bytearray` replaces
`data`, and old views go stale -- the same as a JavaScript `ArrayBuffer`
that `memory.grow` detaches. Code must therefore read `memory.data` anew
after anything that may grow it, never keep it across calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.wasm.errors import ExhaustionError, LinkError
from playground.wasm.limits import DEFAULT_LIMITS, LimitError
from playground.wasm.limits import Limits as RunLimits
from playground.wasm.types import MAX_PAGES, PAGE_SIZE, Limits, MemType


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


class Memory:
    """A linear memory: `Memory(initial=1, maximum=10)` as a host or an instance creates it."""

    __slots__ = ("data", "maximum", "settings", "__weakref__")

    def __init__(
        self,
        initial: int = 1,
        maximum: int | None = None,
        *,
        settings: MemorySettings = DEFAULT_MEMORY_SETTINGS,
    ) -> None:
        if initial < 0 or initial > MAX_PAGES or (maximum is not None and maximum < initial):
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
        return cls(memtype.limits.min, memtype.limits.max, settings=settings)

    @property
    def size(self) -> int:
        """The current size in pages."""
        return len(self.data) // PAGE_SIZE

    @property
    def type(self) -> MemType:
        """The memory's current type (spec 4.5.3: its limits' minimum is the current size)."""
        return MemType(Limits(self.size, self.maximum))

    def grow(self, delta: int) -> int:
        """Grow by `delta` pages; the old size, or -1 when past the maximum or the engine's cap (spec 4.5.3.9)."""
        old = self.size
        new = old + delta
        limit = self.settings.max_pages if self.maximum is None else min(self.maximum, self.settings.max_pages)
        if delta < 0 or new > limit or new > MAX_PAGES:
            return -1
        if delta:
            extra = delta * PAGE_SIZE
            try:
                try:
                    self.data.extend(bytes(extra))
                except BufferError:  # a host view pins the buffer: detach it, as JavaScript does
                    self.data = self.data + bytes(extra)
            except MemoryError:
                return -1
        return old

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
