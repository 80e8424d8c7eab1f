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
    seen = []
    s2 = _session(1000)
    s2.ops.on_lost = lambda: seen.append(s2.ops.newest_lost)  # each write that was not kept
    s2.continue_()
    assert [(e[0], e[4], e[5], e[6]) for e in seen] == [(LOST, 0, 5000, "memory.fill"), (LOST, 65536, 65536, "memory.copy")]
    assert s.recorder.lost[4:] == (65536, 65536, "memory.copy")  # the history starts right after the newest
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


# --- the history starts right after a write it could not keep ---------------------------------------------

LOST_IN_A_CALL = """(module
  (memory (export "memory") 1)
  (func $big (memory.fill (i32.const 0) (i32.const 2) (i32.const 5000)))   ;; past a budget of 1,000
  (func (export "f") (param $trap i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 100))              ;; kept
    (call $big)
    (memory.fill (i32.const 0) (i32.const 3) (i32.const 10))               ;; kept
    (if (local.get $trap) (then unreachable))
    (i32.load8_u (i32.const 20))))
"""
LOST_STEP = 8  # the fill in $big, after 3 consts, a fill, 2 consts, the call and 3 consts


def test_the_session_s_history_budget_reaches_its_undo_log():
    from inspect import signature

    from playground.debug.recorder import Recorder
    from playground.debug.undo import HISTORY_BUDGET

    assert DebugSession.from_text(FILLS, history_bytes=1000).ops.budget_bytes == 1000
    assert DebugSession.from_text(FILLS).ops.budget_bytes == HISTORY_BUDGET
    assert signature(Recorder).parameters["budget_bytes"].default == HISTORY_BUDGET


@pytest.mark.parametrize("engine", ["step", "fast"])
@pytest.mark.parametrize("first", ["continue", "step then continue"])
def test_going_back_stops_right_after_a_write_that_was_not_kept(engine, first):
    s = DebugSession.from_text(LOST_IN_A_CALL, history_bytes=1000, engine=engine)
    s.start("f", [0])
    if first == "step then continue":  # the top frame then runs stepwise even on the fast engine
        s.step_into()
    assert s.continue_().results[0].text == "2"
    lost = s.recorder.lost
    assert lost[0] == LOST and lost[1] == LOST_STEP and s.recorder.horizon == LOST_STEP + 1

    snap = s.reverse_continue()  # no breakpoints: back to the start of the history, which is right after it
    assert s.step == LOST_STEP + 1 and snap.reason != "error"
    assert f"cannot go back past step {LOST_STEP}: the memory.fill there overwrote 5,000 bytes at 0x0" in snap.message
    assert bytes(s.instance.mems[0].data[:5001]) == b"\x02" * 5000 + b"\x00"
    with pytest.raises(HistoryLostError, match=f"past step {LOST_STEP}: the memory.fill"):
        s.goto_step(0)
    with pytest.raises(HistoryLostError):
        s.step_back()
    assert s.step == LOST_STEP + 1
    assert s.continue_().results[0].text == "2"  # and forward again, from the history's start


@pytest.mark.parametrize("engine", ["step", "fast"])
def test_a_trap_after_a_write_that_was_not_kept_is_shown(engine):
    """A fast call keeps no state at a trap: the recorder re-runs from its start, which must not lie before the write."""
    s = DebugSession.from_text(LOST_IN_A_CALL, history_bytes=1000, engine=engine)
    s.start("f", [1])
    snap = s.continue_()
    assert snap.reason == "trap" and "unreachable" in snap.message
    assert bytes(s.instance.mems[0].data[:12]) == b"\x03" * 10 + b"\x02\x02"
    s.step_back()  # to just before the trap: after the write, so within the history
    assert s.thread.status.name == "PAUSED"
