"""Exceptions (3.0) in the debugger: a throw shows its tag, payload and handler; stepping lands there and back."""

from __future__ import annotations

import io
from pathlib import Path

from playground.debug.cli_prompt import Prompt
from playground.debug.session import DebugSession
from playground.workbench.exception_rows import caught_note, exception_rows

EXCEPTIONS = Path(__file__).resolve().parents[2] / "samples" / "exceptions.wat"

# a catch_ref takes the exception object; throw_ref throws it again, into the caller's catch_all_ref
RETHROW = """(module
  (tag $oops (param i32 i64))
  (func $inner (result i32)
    (block $got (result i32 i64 exnref)
      (try_table (catch_ref $oops $got) (throw $oops (i32.const 7) (i64.const -1)))
      (unreachable))
    (throw_ref))
  (func (export "main") (result i32)
    (block $h (result exnref)
      (try_table (result i32) (catch_all_ref $h) (call $inner))
      (return))
    (drop)
    (i32.const 99)))
"""


def at_throw(session, limit=200):
    snap = session.last
    for _ in range(limit):
        if snap.exception is not None:
            return snap
        snap = session.step_into()
    raise AssertionError("no throw reached")


def test_a_throw_names_its_tag_payload_and_the_handler_two_frames_out():
    session = DebugSession.from_file(EXCEPTIONS)
    session.start("average", [10, 0])
    snap = at_throw(session)
    exn = snap.exception
    assert (exn.state, exn.tag, exn.tag_type, exn.instruction) == ("throwing", "$division_by_zero", "(param i32)",
                                                                    "throw $division_by_zero")
    assert [(v.type, v.text) for v in exn.payload] == [("i32", "10")]
    handler = exn.handler
    assert handler.function == "$average" and handler.clause == "catch $division_by_zero $no_values"
    assert handler.frames_dropped == 2 and len(snap.frames) == 3 and snap.location.func_name == "checked_div"
    assert handler.try_table.instr_text.startswith("try_table") and handler.lands_at.instr_text == "drop"

    landed = session.step_into()  # the engine follows the throw exactly where the view said
    assert len(landed.frames) == 1 and landed.location == handler.lands_at and landed.exception is None
    assert [v.text for v in landed.stack] == ["10"]  # the payload, passed to the label
    assert caught_note(snap, landed) == ("$division_by_zero was caught by (catch $division_by_zero $no_values) "
                                         "in $average: the payload is on the stack")
    back = session.step_back()  # and back: the three frames and the pending throw again
    assert len(back.frames) == 3 and back.exception == exn


def test_catch_all_lands_and_an_uncaught_exception_is_shown_at_the_end():
    session = DebugSession.from_file(EXCEPTIONS)
    session.start("tally", [5, 0])
    exn = at_throw(session).exception
    assert exn.handler.clause == "catch_all $failed" and exn.handler.lands_at.instr_text == "global.get $failures"
    session = DebugSession.from_file(EXCEPTIONS)
    session.start("average", [-3, 2])  # $negative: average catches only $division_by_zero
    exn = at_throw(session).exception
    assert exn.tag == "$negative" and exn.handler is None
    assert [r.text for r in exception_rows(session.last) if r.label == "Handler"] == [
        "none: no try_table in the frames catches it, the run ends with it"]
    end = session.continue_()
    assert end.state == "trapped" and end.exception.state == "uncaught" and end.exception.payload[0].text == "-3"


def test_throw_ref_rethrows_the_caught_object_into_a_catch_all_ref_of_the_caller():
    session = DebugSession.from_text(RETHROW)
    session.start("main", [])
    first = at_throw(session).exception
    assert first.handler.clause == "catch_ref $oops $got" and first.handler.frames_dropped == 0
    assert [(v.type, v.text) for v in first.payload] == [("i32", "7"), ("i64", "-1")]
    session.step_into()
    again = at_throw(session)
    assert again.exception.instruction == "throw_ref" and again.exception.tag == "$oops"
    assert again.exception.handler.clause == "catch_all_ref $h" and again.exception.handler.function == "$main"
    assert session.continue_().results[0].text == "99"


def test_the_prompt_says_what_the_throw_will_do():
    session = DebugSession.from_file(EXCEPTIONS)
    session.start("average", [10, 0])
    out = io.StringIO()
    Prompt(session, out).run(["s 16"])
    text = out.getvalue()
    assert "  about to throw: $division_by_zero (param i32) with (i32 10)" in text
    assert ("    caught by (catch $division_by_zero $no_values) of the try_table at $average+1 in $average, "
            "leaving 2 frames; lands at $average+8 drop") in text
