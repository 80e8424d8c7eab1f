"""Tail calls (3.0) in the debugger: the frame that replaced others is counted, marked in `bt` and in the call stack rows."""

from __future__ import annotations

import io
from pathlib import Path

from playground.debug.cli_prompt import Prompt
from playground.debug.session import DebugSession
from playground.debug.tail_calls import tail_call_mark, tail_call_tip
from playground.workbench.call_stack_rows import call_stack_rows

ROOT = Path(__file__).resolve().parents[2]
TAIL_FACTORIAL = ROOT / "samples" / "tail_factorial.wat"

# main calls $outer normally; $outer tail-calls $inner: two frames, the inner one replaced one
MIXED = """(module
  (func $inner (param $x i32) (result i32) (i32.add (local.get $x) (i32.const 1)))
  (func $outer (param $x i32) (result i32) (return_call $inner (i32.mul (local.get $x) (i32.const 2))))
  (func (export "main") (result i32) (i32.add (call $outer (i32.const 20)) (i32.const 0))))
"""


def step_until(session, predicate, limit=500):
    snap = session.last
    for _ in range(limit):
        if predicate(snap):
            return snap
        snap = session.step_into()
    raise AssertionError(f"not reached in {limit} steps: {snap.location}")


def test_tail_factorial_stays_one_frame_deep_while_the_count_grows():
    session = DebugSession.from_file(TAIL_FACTORIAL)
    session.start("fac", [6])
    depths, counts = set(), []
    snap = session.last
    while snap.state == "paused" or snap.state == "ready":
        depths.add(len(snap.frames))
        counts.append(snap.frames[-1].tail_calls)
        snap = session.step_into()
    assert snap.state == "finished" and snap.results[0].text == "720"
    assert depths == {1}  # never deeper than one frame: each return_call replaced the frame
    assert counts == sorted(counts) and counts[0] == 0 and counts[-1] == 7  # fac -> fac_acc(6) ... fac_acc(0)


def test_stepping_back_over_a_tail_call_gives_the_replaced_frame_back():
    session = DebugSession.from_file(TAIL_FACTORIAL)
    session.start("fac", [3])
    snap = step_until(session, lambda s: s.location.instr_text.startswith("return_call"))
    assert snap.location.func_name == "fac" and snap.frames[-1].tail_calls == 0
    after = session.step_into()
    assert after.location.func_name == "fac_acc" and after.frames[-1].tail_calls == 1 and len(after.frames) == 1
    back = session.step_back()
    assert back.location.func_name == "fac" and back.frames[-1].tail_calls == 0
    assert [lv.text for lv in (v.value for v in back.frames[-1].locals)] == ["3"]


def test_rows_mark_only_the_frame_that_replaced_others_and_warn_before_the_tail_call():
    session = DebugSession.from_text(MIXED)
    session.start("main", [])
    snap = step_until(session, lambda s: s.location.instr_text.startswith("return_call"))
    rows = call_stack_rows(snap)
    assert [r.location.func_name for r in rows] == ["outer", "main"]
    assert rows[0].about_to_tail_call and "replaces this frame with the callee's" in rows[0].tooltip
    assert rows[0].mark == "" and not rows[1].about_to_tail_call
    snap = session.step_into()
    rows = call_stack_rows(snap)
    assert [r.location.func_name for r in rows] == ["inner", "main"]  # $outer's frame is gone
    assert rows[0].mark == "↻ tail call, replaced 1 frame" and rows[1].mark == ""
    assert "stands where 2 frames would stand" in rows[0].tooltip and "return_call" in rows[0].tooltip
    assert rows[1].location.instr_text == "call $outer"  # the caller at its call, which called $outer, not $inner


def test_words_for_people():
    assert tail_call_mark(0) == "" and tail_call_mark(1) == "↻ tail call, replaced 1 frame"
    assert tail_call_mark(1234) == "↻ tail call, replaced 1,234 frames"
    assert tail_call_tip(0) == "" and tail_call_tip(0, "return_call_indirect (type 0)").startswith("The next instruction")
    assert tail_call_tip(0, "call $f") == ""


def test_bt_says_how_many_frames_the_frame_replaced():
    session = DebugSession.from_file(TAIL_FACTORIAL)
    session.start("fac", [5])
    out = io.StringIO()
    Prompt(session, out).run(["s 25", "bt"])
    lines = out.getvalue().splitlines()
    bt = [line for line in lines if line.startswith("  #")]
    assert len(bt) == 1 and bt[0].startswith("  #0 fac_acc($n=") and bt[0].endswith("↻ tail call, replaced 3 frames")
