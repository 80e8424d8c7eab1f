"""Reading and writing the guest's linear memory for a WASI call, with the checks the ABI asks for.

Every access is bounds-checked, and typed pointers (a `u32` result, an
`iovec` array, a `filestat`) must be aligned to their type, as wiggle (the
code generator behind wasmtime's WASI) checks: a violation raises
`GuestFault`, which the call turns into a trap. Byte buffers (`u8`) have no
alignment. The memory's `data` is read afresh on every access (a host view
must never be kept across a grow; see runtime/memory.py).
"""

from __future__ import annotations

import struct

from playground.hosts.wasi.abi import IOVEC, Errno, Layout
from playground.hosts.wasi.errors import Fail, GuestFault

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


class GuestMemory:
    """The calling instance's memory 0, as one WASI call sees it."""

    __slots__ = ("memory",)

    def __init__(self, memory) -> None:
        self.memory = memory

    # --- checks -----------------------------------------------------------------------
    def check(self, ptr: int, length: int, align: int = 1) -> None:
        """GuestFault unless `length` bytes at `ptr` lie in memory and `ptr` is `align`-aligned."""
        if self.memory is None:
            raise GuestFault("the module has no memory for WASI to use")
        if ptr + length > len(self.memory.data):  # bounds first, then alignment, as wiggle checks
            raise GuestFault(f"pointer out of bounds: {length} bytes at {ptr}")
        if align > 1 and ptr % align:
            raise GuestFault(f"pointer not aligned to {align}: {length} bytes at {ptr}")

    # --- bytes --------------------------------------------------------------------------
    def read(self, ptr: int, length: int) -> bytes:
        self.check(ptr, length)
        return bytes(self.memory.data[ptr : ptr + length])

    def write(self, ptr: int, payload: bytes) -> None:
        self.check(ptr, len(payload))
        self.memory.data[ptr : ptr + len(payload)] = payload

    def read_string(self, ptr: int, length: int) -> str:
        """A UTF-8 string argument (witx `string`); EILSEQ when it is not UTF-8."""
        raw = self.read(ptr, length)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Fail(Errno.ILSEQ) from None

    # --- scalars (typed pointers: aligned) ----------------------------------------------------
    def u32(self, ptr: int) -> int:
        self.check(ptr, 4, 4)
        return _U32.unpack_from(self.memory.data, ptr)[0]

    def set_u32(self, ptr: int, value: int) -> None:
        self.check(ptr, 4, 4)
        _U32.pack_into(self.memory.data, ptr, value)

    def set_u64(self, ptr: int, value: int) -> None:
        self.check(ptr, 8, 8)
        _U64.pack_into(self.memory.data, ptr, value)

    # --- records ----------------------------------------------------------------------------
    def read_record(self, layout: Layout, ptr: int) -> dict[str, int]:
        self.check(ptr, layout.size, layout.align)
        return layout.unpack(self.memory.data[ptr : ptr + layout.size])

    def write_record(self, layout: Layout, ptr: int, **values: int) -> None:
        self.check(ptr, layout.size, layout.align)
        self.memory.data[ptr : ptr + layout.size] = layout.pack(**values)

    def iovecs(self, ptr: int, count: int) -> list[tuple[int, int]]:
        """An `(c)iovec_array`: (buf, buf_len) pairs, each buffer checked to lie in memory."""
        self.check(ptr, count * IOVEC.size, IOVEC.align)
        data = self.memory.data
        out = []
        for i in range(count):
            buf, buf_len = struct.unpack_from("<II", data, ptr + i * IOVEC.size)
            if buf_len:  # an empty buffer is never dereferenced
                self.check(buf, buf_len)
            out.append((buf, buf_len))
        return out
