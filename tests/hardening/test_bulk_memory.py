"""Issue 14, item 9: bulk memory work happens in place, in pieces, and a deadline stops it between pieces."""

from __future__ import annotations

import random
import time
import tracemalloc

import pytest

from playground.wasm.runtime import memory as memory_module
from playground.wasm.runtime.memory import Memory, MemorySettings, bulk_deadline
from playground.wasm.types import PAGE_SIZE


class Stopped(Exception):
    pass


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of 4 bytes, so that small ranges cross many piece boundaries."""
    monkeypatch.setattr(memory_module, "CHUNK", 4)


def test_fill_copy_and_write_from_agree_with_slices(small_pieces):
    rng = random.Random(14)
    for _ in range(3000):
        size = rng.randint(1, 40)
        mem = Memory(0)
        mem.data = bytearray(rng.randbytes(size))
        expected = bytearray(mem.data)
        n = rng.randint(0, size)
        dest, src = rng.randint(0, size - n), rng.randint(0, size - n)
        op = rng.choice("fcw")
        if op == "f":
            value = rng.randint(0, 300)
            mem.fill(dest, value, n)
            expected[dest : dest + n] = bytes([value & 0xFF]) * n
        elif op == "c":  # overlapping either way: as if through a temporary buffer
            mem.copy(dest, src, n)
            expected[dest : dest + n] = expected[src : src + n]
        else:
            segment = rng.randbytes(size)
            mem.write_from(dest, segment, src, n)
            expected[dest : dest + n] = segment[src : src + n]
        assert mem.data == expected, (op, size, n, dest, src)


def test_out_of_range_is_an_index_error_and_writes_nothing():
    mem = Memory(1)
    for call in (lambda: mem.fill(PAGE_SIZE - 1, 1, 2), lambda: mem.copy(0, PAGE_SIZE - 1, 2),
                 lambda: mem.write_from(0, b"ab", 1, 2)):
        with pytest.raises(IndexError):
            call()
    assert mem.data == bytes(PAGE_SIZE)


def test_a_bulk_write_takes_no_temporary_of_its_size():
    mem = Memory(1024, settings=MemorySettings(1024))  # 64 MiB: four pieces
    n = len(mem.data)
    tracemalloc.start()
    try:
        mem.fill(0, 0xAB, n)
        mem.copy(1, 0, n - 1)
        mem.copy(0, 1, n - 1)
        mem.write_from(0, bytes(1000), 10, 900)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < memory_module.CHUNK + 65536  # one piece's pattern at most; the old code made n bytes for each
    assert mem.data[:900] == bytes(900) and mem.data[-1] == 0xAB


def test_grow_appends_zeros_in_pieces(small_pieces):
    mem = Memory(1, settings=MemorySettings(10))
    mem.data[:] = b"\x01" * PAGE_SIZE
    assert mem.grow(2) == 1
    assert len(mem.data) == 3 * PAGE_SIZE and mem.data[PAGE_SIZE:] == bytes(2 * PAGE_SIZE)
    view = mem.view()  # a host view pins the buffer: growing detaches it
    assert mem.grow(1) == 3 and len(mem.data) == 4 * PAGE_SIZE and mem.data[0] == 1 and len(view) == 3 * PAGE_SIZE


def test_a_deadline_stops_bulk_work_between_pieces(small_pieces):
    mem = Memory(1)
    with bulk_deadline(time.monotonic() - 1, Stopped):
        with pytest.raises(Stopped):
            mem.fill(0, 7, 100)
        with pytest.raises(Stopped):
            mem.copy(50, 0, 100)
    assert mem.data[:4] == b"\x07" * 4 and mem.data[4:8] == bytes(4)  # the first piece, then the clock
    mem.fill(0, 9, 100)  # outside the block: no deadline
    assert mem.data[:100] == b"\x09" * 100
    with bulk_deadline(None, Stopped):
        mem.fill(0, 1, 100)
    with bulk_deadline(time.monotonic() + 60, Stopped):
        mem.copy(0, 1, 99)
