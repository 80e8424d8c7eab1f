"""Issue 14, items 9 and 10: bulk writes count against the debugger's history budget; watchpoints are bounded."""

from __future__ import annotations

import pytest

from playground.debug.session import DebugSession
from playground.debug.undo import LOST, HistoryLostError
from playground.debug.watchpoints import MAX_WATCH_BYTES, WatchpointError, describe_bytes_change, watch_memory
from playground.errors import PlaygroundError

FILLS = """(module
  (memory (export "memory") 2)
  (func (export "f")
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 100))     ;; kept: 100 bytes
    (memory.fill (i32.const 0) (i32.const 2) (i32.const 5000))    ;; past a budget of 1,000: not kept
    (memory.fill (i32.const 0) (i32.const 3) (i32.const 10))      ;; kept again
    (memory.copy (i32.const 65536) (i32.const 0) (i32.const 65536))))
"""


def _session(budget: int) -> DebugSession:
    s = DebugSession.from_text(FILLS)
    s.start("f")
    s.ops.budget_bytes = budget
    return s


def test_a_bulk_write_past_the_budget_is_marked_and_going_back_past_it_is_refused():
    s = _session(1000)
    s.continue_()
    mem = s.instance.mems[0].data
    assert mem[:10] == b"\x03" * 10 and mem[10:5000] == b"\x02" * 4990 and mem[65536:65546] == b"\x03" * 10
    lost = [e for e in s.ops.log if e[0] == LOST]
    assert [(e[4], e[5], e[6]) for e in lost] == [(0, 5000, "memory.fill"), (65536, 65536, "memory.copy")]
    assert s.ops.bytes_logged <= 1000

    state = (s.step, bytes(mem))
    with pytest.raises(HistoryLostError) as info:
        s.goto_step(0)
    assert isinstance(info.value, PlaygroundError)
    message = str(info.value)
    assert "cannot go back past step" in message and "memory.copy" in message and "65,536 bytes" in message
    assert (s.step, bytes(s.instance.mems[0].data)) == state  # nothing was undone


def test_within_the_budget_every_bulk_write_is_undone():
    s = _session(1 << 20)
    s.continue_()
    assert not any(e[0] == LOST for e in s.ops.log)
    s.goto_step(0)
    assert bytes(s.instance.mems[0].data) == bytes(2 * 65536)


def test_a_write_that_is_not_kept_still_fires_watchpoints():
    s = _session(1000)
    s.add_watchpoint(watch_memory(4990, 20))
    snap = s.continue_()
    (hit,) = s.watch_hits
    assert snap.reason == "watchpoint" and hit.old == bytes(20) and hit.new == b"\x02" * 10 + bytes(10)


def test_watchpoint_sizes_are_bounded():
    assert watch_memory(0, MAX_WATCH_BYTES).length == MAX_WATCH_BYTES
    with pytest.raises(WatchpointError) as info:
        watch_memory(0, 0xFFFFFFFF)
    assert "at most 1,048,576 bytes" in str(info.value)


def test_a_big_change_is_summarised():
    old, new = bytes(1 << 20), bytes(100) + b"\x07" * 1000 + bytes((1 << 20) - 1100)
    text = describe_bytes_change(0x1000, old, new)
    assert text == "1,000 of 1,048,576 bytes changed in [0x1064, 0x144c): 00 00 00 00 00 00 00 00 ... -> 07 07 07 07 07 07 07 07 ..."
    assert describe_bytes_change(0, b"\x00\x01", b"\x00\x02") == "00 01 -> 00 02"
    assert describe_bytes_change(0, bytes(20), bytes(20)) == "no byte changed"


def test_a_reverse_continue_onto_a_big_watched_write_prints_one_short_line():
    s = DebugSession.from_text(FILLS)
    s.start("f")
    s.add_watchpoint(watch_memory(0, MAX_WATCH_BYTES))
    while s.continue_().reason == "watchpoint":
        pass
    snap = s.reverse_continue()
    assert snap.reason == "watchpoint" and len(snap.message) < 300 and "\n" not in snap.message
    assert "5,000 of 1,048,576 bytes changed in [0x10000, 0x11388)" in snap.message  # the copy of 64 KiB
