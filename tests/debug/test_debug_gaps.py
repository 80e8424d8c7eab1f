"""Issue 5, the debugger core's known gaps: traps show the faulting operands, hits count once per step,
watchpoints fire backwards, data segments answer "who wrote this?", caller frames know their call,
edits report the memory they changed, and replays announce themselves through a public method."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.debug.breakpoints import at_line
from playground.debug.session import DebugSession
from playground.debug.statehash import state_digest
from playground.debug.watchpoints import watch_global, watch_memory
from playground.wasm.exec.step.machine import Thread
from playground.wasm.runtime import host_func, instantiate
from playground.wasm.text.parse import parse_module

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} is missing")
    return path


def texts(views) -> list[str]:
    return [v.text for v in views]


# --- 1. a trap shows the stack as it was before the faulting instruction ----------------------------
def test_a_trap_shows_the_operands_of_the_faulting_instruction():
    s = DebugSession.from_file(sample("trap.wat"))
    s.start("div", [1, 0])
    snap = s.continue_()
    assert snap.state == "trapped" and snap.reason == "trap" and "integer divide by zero" in snap.message
    assert texts(snap.stack) == ["1", "0"] and snap.type_stack == ("i32", "i32")
    assert snap.location.instr_text == "i32.div_s"
    assert s.evaluate("top") == 0 and s.evaluate("stack[1]") == 1  # `p` agrees with the stack view
    again = s.continue_()  # at the end already: the same picture
    assert again.state == "trapped" and texts(again.stack) == ["1", "0"]
    assert s.goto_step(s.step).state == "trapped"  # already at that step: going there stays at the trap
    back = s.step_back()
    assert back.state == "paused" and texts(back.stack) == ["1", "0"] and back.location.instr_text == "i32.div_s"
    forward = s.step_into()
    assert forward.state == "trapped" and texts(forward.stack) == ["1", "0"] and forward.message == snap.message
    from playground.debug.replay import replay_session

    replayed = replay_session(s.export())  # a session saved at a trap replays to the trap
    assert replayed.state == "trapped" and texts(replayed.last.stack) == ["1", "0"]


def test_a_trap_deep_in_a_loop_keeps_the_machine_state_and_shows_the_operands():
    text = """(module (memory 1)
      (func (export "f") (param $n i32) (result i32) (local $i i32)
        (loop $l
          (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (i32.div_u (i32.const 100) (i32.sub (local.get $i) (local.get $n)))))"""
    s = DebugSession.from_text(text, interval=16)  # many checkpoints: the trap is far from the last one
    s.start("f", [50])
    snap = s.continue_()
    assert snap.state == "trapped" and texts(snap.stack) == ["100", "0"]
    # the live machine is exactly a plain run's trapped state (only the view shows the operands)
    inst = instantiate(parse_module(text))
    thread = Thread()
    thread.start(inst.exports.f.func, [50])
    thread.run(10**6)  # a budget, so the plain thread counts its steps too
    assert thread.status == "trapped" and s.state_digest() == state_digest(thread, inst)
    assert s.step == snap.step and s.read_memory(4 * 49, 4) == (49).to_bytes(4, "little")


def test_a_host_trap_shows_the_arguments_of_the_call():
    def boom(x):
        raise ValueError("no")

    text = """(module (import "env" "boom" (func $boom (param i32)))
      (func (export "f") (call $boom (i32.const 7))))"""
    s = DebugSession.from_text(text, imports={"env": {"boom": host_func(boom, params=["i32"], results=[])}})
    s.start("f")
    snap = s.continue_()
    assert snap.state == "trapped" and "boom" in snap.message
    assert snap.location.instr_text.startswith("call") and texts(snap.stack) == ["7"]
    assert s.step_back().state == "paused" and s.continue_().state == "trapped"


# --- 2. breakpoint hits count once per step ---------------------------------------------------------------
def test_hits_are_counted_once_per_step_and_ignore_counts_survive_going_back():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib_iter", [5])  # line 21 is reached with $b = 1, 1, 2, 3, 5
    bp = at_line(21)
    bp.ignore_count = 2
    s.add_breakpoint(bp)
    snap = s.continue_()
    stop = s.step
    assert snap.reason == "breakpoint" and s.evaluate("$b") == 2 and bp.hits == 3
    s.goto_step(0)
    s.continue_()
    assert (s.step, bp.hits) == (stop, 3)  # the same stop: hits 1 and 2 are still ignored
    s.step_back()
    s.step_back()
    s.continue_()
    assert (s.step, bp.hits) == (stop, 3)  # reverse then forward over the same hit: counted once
    s.continue_()
    assert s.evaluate("$b") == 3 and bp.hits == 4
    s.reverse_continue()
    assert s.step == stop  # backwards, too, the ignored hits do not stop
    snap = s.reverse_continue()
    assert s.step == 0 and "no earlier breakpoint hit" in snap.message and bp.hits == 4


def test_an_edit_forgets_the_hits_of_the_discarded_future():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib_iter", [5])
    bp = s.add_breakpoint(at_line(21))
    s.continue_()
    first = s.step
    s.continue_()
    s.continue_()
    assert bp.hits == 3
    s.goto_step(first)
    s.set_local("$n", 1)  # the loop ends after this round: the later hits never happen now
    assert bp.hits == 1
    assert s.continue_().state == "finished" and bp.hits == 1


# --- 3. watchpoints fire when running backwards -------------------------------------------------------------
BULK = """(module
  (memory 1)
  (data $greeting "bulk memory!")
  (global $g (mut i32) (i32.const 0))
  (func (export "all")
    (i32.store (i32.const 8) (i32.const 0))
    (i32.store8 (i32.const 9) (i32.const 0xAB))
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 4))
    (memory.fill (i32.const 4) (i32.const 7) (i32.const 8))
    (memory.copy (i32.const 10) (i32.const 100) (i32.const 2))
    (memory.init $greeting (i32.const 8) (i32.const 0) (i32.const 4))
    (global.set $g (i32.const 0))
    (global.set $g (i32.const 5))))
"""


def test_reverse_continue_stops_at_each_earlier_write_to_a_watched_range():
    s = DebugSession.from_text(BULK)
    s.start("all")
    wp = s.add_watchpoint(watch_memory(8, 4))
    forward = []
    while s.continue_().reason == "watchpoint":
        (hit,) = s.watch_hits
        forward.append((hit.step, hit.old, hit.new))
    assert len(forward) == 4 and s.state == "finished"
    backward = []
    while True:
        snap = s.reverse_continue()
        if snap.reason != "watchpoint":
            break
        (hit,) = s.watch_hits
        backward.append((hit.step, hit.old, hit.new))
        assert s.step == hit.step and snap.message == hit.describe()  # at the writing instruction, old -> new
        assert s.read_memory(8, 4) == hit.old  # ...which has not run yet
    assert backward == forward[::-1]
    assert s.step == 0 and wp.hits == 4  # each write counted once, forwards and backwards


def test_reverse_continue_takes_the_later_of_a_breakpoint_and_a_watched_write():
    s = DebugSession.from_text(BULK)
    s.start("all")
    s.continue_()
    s.add_watchpoint(watch_global("$g"))
    s.add_breakpoint(at_line(10))  # the memory.copy line: earlier than the global.set
    snap = s.reverse_continue()
    (hit,) = s.watch_hits
    assert snap.reason == "watchpoint" and (hit.old, hit.new) == (0, 5)  # the 0 -> 0 write is no change
    assert snap.location.instr_text.startswith("global.set")
    snap = s.reverse_continue()
    assert snap.reason == "breakpoint" and snap.location.span.line == 10 and s.watch_hits == []


def test_step_back_over_a_watched_write_reports_it():
    s = DebugSession.from_text(BULK)
    s.start("all")
    s.add_watchpoint(watch_memory(9, 1))
    snap = s.continue_()
    (hit,) = s.watch_hits
    assert snap.reason == "watchpoint" and hit.new == b"\xab"
    back = s.step_back()
    assert back.reason == "watchpoint" and s.watch_hits == [hit] and s.step == hit.step
    assert back.message == hit.describe()
    back = s.step_back()  # an instruction that writes nothing watched
    assert back.reason == "step" and s.watch_hits == []


def test_step_back_over_a_call_stops_at_a_watched_write_inside_it():
    text = """(module (memory 1)
      (func $put (param $v i32) (i32.store (i32.const 0) (local.get $v)) (nop) (nop))
      (func (export "f") (call $put (i32.const 5)) (nop)))"""
    s = DebugSession.from_text(text)
    s.start("f")
    s.step_over()
    s.step_over()  # past the call
    s.add_watchpoint(watch_memory(0, 4))
    snap = s.step_back_over()
    (hit,) = s.watch_hits
    assert snap.reason == "watchpoint" and len(snap.frames) == 2 and snap.location.instr_text == "i32.store"
    assert (hit.old, hit.new) == (bytes(4), (5).to_bytes(4, "little"))


# --- 4. bytes from active data segments -----------------------------------------------------------------------
SEGMENTS = """(module (memory 1)
  (data (i32.const 16) "hello")
  (data $over (i32.const 18) "XY")
  (func (export "f") (i32.store8 (i32.const 16) (i32.const 0x41))))"""


def test_who_wrote_names_the_data_segment_for_bytes_from_instantiation():
    s = DebugSession.from_text(SEGMENTS)
    s.start("f")
    first, second = s.who_wrote(17), s.who_wrote(19)
    assert (first.how, first.segment, first.step, first.address, first.length) == ("data", 0, 0, 16, 5)
    assert (second.how, second.segment, second.address, second.length) == ("data", 1, 18, 2)  # the later segment wins
    assert first.describe() == "data segment 0 (instantiation)"
    assert second.location.instr_text == "data segment 1 (instantiation)" and second.location.span.line == 3
    assert s.who_wrote(100) is None  # nothing ever wrote it
    s.continue_()
    assert s.who_wrote(16).how == "instruction" and s.who_wrote(17).how == "data"
    step, location = s.memory_source().who_wrote(18)
    assert step == 0 and str(location) == "data[1]"


# --- 5. caller frames know their call instruction -------------------------------------------------------------
def test_caller_frames_carry_the_location_of_their_call():
    s = DebugSession.from_file(sample("factorial.wat"))
    s.start("fac", [3])
    while len(s.thread.frames) < 3:
        snap = s.step_into()
    outer, middle, inner = snap.frames
    assert inner.call_site is None
    for caller in (outer, middle):
        assert caller.call_site.instr_text == "call $fac" and caller.call_site.span.line == 15
        assert caller.call_site.instr_index == caller.location.instr_index - 1  # location stays the return point
        assert caller.location.instr_text == "i64.mul"


# --- 6. an edit's snapshot reports the memory it changed -------------------------------------------------------
def test_write_memory_reports_the_edited_range():
    s = DebugSession.from_text(SEGMENTS)
    s.start("f")
    snap = s.write_memory(40, b"\x01\x02\x03")
    assert snap.changed_memory == ((40, 43),) and snap.reason == "edit"
    assert s.who_wrote(41).how == "edit"
    snap = s.step_into()  # the next stop reports only what it wrote itself
    assert snap.changed_memory == ()


# --- 7. a public way to announce a stop (replays) ---------------------------------------------------------------
def test_announce_makes_the_current_state_the_last_stop():
    s = DebugSession.from_text(SEGMENTS)
    s.start("f")
    s.step_into()
    snap = s.announce("replay", "replayed to step 1")
    assert s.last is snap and (snap.reason, snap.message, snap.step) == ("replay", "replayed to step 1", 1)


# --- found on the way: breakpoints at chunk boundaries ---------------------------------------------------------
def all_hits(session) -> list[int]:
    steps = []
    while session.continue_().state == "paused":
        steps.append(session.step)
    return steps


def test_a_hit_on_a_checkpoint_step_stops_like_any_other():
    reference = DebugSession.from_file(sample("fib.wat"))
    reference.start("fib_iter", [300])
    reference.add_breakpoint(at_line(21))
    expected = all_hits(reference)
    for interval in (64, 65, 66):  # checkpoints every ~interval steps land on some hits
        s = DebugSession.from_file(sample("fib.wat"), interval=interval)
        s.start("fib_iter", [300])
        bp = s.add_breakpoint(at_line(21))
        assert all_hits(s) == expected and bp.hits == len(expected)


def test_step_over_a_call_stops_at_a_breakpoint_on_the_callee_entry():
    from playground.debug.breakpoints import on_entry

    s = DebugSession.from_file(sample("factorial.wat"))
    s.start("fac", [3])
    while s.thread.frame.instr.op.name != "call":
        s.step_into()
    s.add_breakpoint(on_entry("fac"))
    snap = s.step_over()
    assert snap.reason == "breakpoint" and len(snap.frames) == 2 and snap.location.instr_index == 0


def test_breakpoints_stop_while_tracing():
    import io

    from playground.debug.trace import Tracer

    s = DebugSession.from_file(sample("fib.wat"))
    s.set_tracer(Tracer(io.StringIO()))
    s.start("fib_iter", [3])
    s.add_breakpoint(at_line(21))
    assert len(all_hits(s)) == 3


def test_replays_and_reverse_searches_are_not_traced():
    import io

    from playground.debug.trace import Tracer

    s = DebugSession.from_file(sample("fib.wat"))
    out = io.StringIO()
    s.set_tracer(Tracer(out))
    s.start("fib_iter", [3])
    s.add_breakpoint(at_line(21))
    s.continue_()
    s.continue_()
    lines = out.getvalue().count("\n")
    s.reverse_continue()
    s.step_back()
    s.goto_step(2)
    assert out.getvalue().count("\n") == lines


# --- the prompt --------------------------------------------------------------------------------------------------
def test_prompt_backtrace_shows_the_callers_call_line_and_who_names_segments(tmp_path):
    import io

    from playground.debug.cli_prompt import Prompt

    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib", [4])
    s.add_breakpoint(at_line(9))
    out = io.StringIO()
    Prompt(s, out).run(["c", "c", "bt"])
    bt = [line for line in out.getvalue().splitlines() if line.startswith("  #")]
    assert bt[0].startswith("  #0 fib($n=3) at $fib+") and bt[0].endswith("fib.wat:9")  # where it stopped
    assert bt[1].startswith("  #1 fib($n=4) at $fib+") and bt[1].endswith("fib.wat:9")  # the call, not line 10
    wat = tmp_path / "seg.wat"
    wat.write_text(SEGMENTS)
    s = DebugSession.from_file(wat)
    s.start("f")
    out = io.StringIO()
    Prompt(s, out).run(["who 19", "who 100"])
    text = out.getvalue()
    assert f"0x13: written by data segment 1 (instantiation) ({wat}:3)" in text
    assert "0x64: not written during the recorded history" in text


def test_a_host_that_exhausts_the_stack_is_recorded_and_replayed_as_exhaustion():
    def deep(x):
        def down(n):
            return down(n + 1)

        return down(0)

    text = """(module (import "env" "deep" (func $deep (param i32) (result i32)))
      (func (export "f") (result i32) (i32.add (i32.const 1) (call $deep (i32.const 7)))))"""
    s = DebugSession.from_text(text, imports={"env": {"deep": host_func(deep, params=["i32"], results=["i32"])}})
    s.start("f")
    snap = s.continue_()
    assert snap.state == "trapped" and snap.message.startswith("exhaustion: call stack exhausted")
    assert texts(snap.stack) == ["1", "7"]
    assert s.step_back().state == "paused"
    assert s.continue_().message == snap.message  # replayed from the journal as the same kind of error
    from playground.debug.replay import replay_session

    again = replay_session(s.export())
    assert again.state == "trapped" and again.last.message == snap.message


def test_a_pause_left_over_does_not_cut_a_replay_short():
    s = DebugSession.from_file(sample("fib.wat"), interval=8)
    s.start("fib_iter", [20])
    s.goto_step(150)
    s.pause()  # e.g. the window's Stop, arriving after the motion it meant to stop
    assert s.step_back().step == 149
    s.pause()
    s.add_breakpoint(at_line(21))
    snap = s.reverse_continue()
    assert snap.reason == "breakpoint" and snap.location.span.line == 21
