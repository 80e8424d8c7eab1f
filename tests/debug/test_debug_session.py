"""Scripted debug sessions over the samples: stepping, breakpoints, traps, snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.debug.breakpoints import BreakpointError, at_instruction, at_line, on_entry
from playground.debug.session import DebugSession, SessionError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} is missing")
    return path


def test_start_stops_before_the_first_instruction_with_typed_locals():
    s = DebugSession.from_file(sample("fib.wat"))
    snap = s.start("fib", [5])
    assert snap.state == "ready" and snap.step == 0
    assert snap.location.func_name == "fib" and snap.location.instr_index == 0
    assert snap.location.instr_text == "local.get $n"
    assert snap.location.span.line == 5
    (n,) = snap.frames[-1].locals
    assert (n.name, n.value.type, n.value.text, n.is_param) == ("$n", "i64", "5", True)
    assert snap.stack == () and snap.type_stack == ()
    with pytest.raises(SessionError, match="one invocation"):
        s.start("fib", [1])


def test_step_into_reports_pushed_and_popped_values_with_types():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib", [5])
    s.step_into()  # local.get $n
    snap = s.step_into()  # i64.const 2
    assert [v.text for v in snap.stack] == ["5", "2"] and snap.pushed == 1 and snap.popped == ()
    assert snap.type_stack == ("i64", "i64")
    snap = s.step_into()  # i64.lt_u
    assert [(v.type, v.text) for v in snap.stack] == [("i32", "0")]
    assert snap.pushed == 1 and [v.text for v in snap.popped] == ["5", "2"]


def test_step_into_enters_calls_and_step_over_skips_them():
    s = DebugSession.from_file(sample("factorial.wat"))
    s.start("fac", [3])
    while s.thread.frame.instr.op.name != "call":
        s.step_into()
    call_step = s.step
    snap = s.step_into()
    assert len(snap.frames) == 2 and snap.location.instr_index == 0
    assert [v.text for v in snap.popped] == ["2"]  # the argument went into the callee
    s.goto_step(call_step)
    snap = s.step_over()
    assert len(snap.frames) == 1 and snap.location.instr_text == "i64.mul"
    assert [v.text for v in snap.stack] == ["3", "2"]  # fac(2) = 2 came back
    assert snap.pushed == 1 and [v.text for v in snap.popped] == ["2"]


def test_step_out_returns_to_the_caller():
    s = DebugSession.from_file(sample("factorial.wat"))
    s.start("fac", [4])
    s.add_breakpoint(on_entry("fac"))
    s.continue_()
    snap = s.continue_()
    assert len(snap.frames) == 3
    assert s.step_out().location.instr_index == 0  # a breakpoint in the deeper call stops it first
    s.clear_breakpoints()
    s.goto_step(snap.step)
    snap = s.step_out()
    assert len(snap.frames) == 2 and snap.location.instr_text == "i64.mul"
    assert snap.stack[-1].text == "2"  # fac(2)


def test_line_breakpoint_hits_where_expected_and_counts():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib_iter", [4])
    bp = s.add_breakpoint(at_line(21))  # (local.set $a (local.get $b))
    seen = []
    while True:
        snap = s.continue_()
        if snap.state != "paused":
            break
        assert snap.reason == "breakpoint" and snap.location.span.line == 21
        seen.append(s.evaluate("$b"))
    assert seen == [1, 1, 2, 3] and bp.hits == 4
    assert snap.state == "finished" and [r.text for r in snap.results] == ["3"]


def test_conditional_breakpoint_and_ignore_count():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib", [6])
    s.add_breakpoint(on_entry("fib", condition="$n == 1"))
    snap = s.continue_()
    assert s.evaluate("$n") == 1 and snap.reason == "breakpoint"
    s.clear_breakpoints()
    bp = at_instruction("fib", 0)
    bp.ignore_count = 3
    s.add_breakpoint(bp)
    s.goto_step(0)
    s.continue_()
    assert bp.hits == 4


def test_breakpoints_that_name_no_place_are_clear_errors():
    s = DebugSession.from_file(sample("fib.wat"))
    with pytest.raises(BreakpointError):
        s.add_breakpoint(on_entry("nope"))
    with pytest.raises(BreakpointError):
        s.add_breakpoint(at_line(10_000))
    with pytest.raises(SessionError):
        s.step_into()  # nothing started


def test_run_to_a_line_stops_there_once():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib_iter", [5])
    snap = s.run_to(23)
    assert snap.location.span.line == 23 and s.runner.breaks == set()


@pytest.mark.parametrize(
    "export, args, message, instr",
    [("div", [1, 0], "integer divide by zero", "i32.div_s"), ("load_oob", [], "out of bounds memory access", "i32.load")],
)
def test_traps_report_the_faulting_instruction(export, args, message, instr):
    s = DebugSession.from_file(sample("trap.wat"))
    s.start(export, args)
    snap = s.continue_()
    assert snap.state == "trapped" and snap.reason == "trap"
    assert message in snap.message and snap.location.instr_text.startswith(instr)
    back = s.step_back()  # just before the faulting instruction
    assert back.state == "paused" and back.location.instr_text.startswith(instr)
    assert s.continue_().state == "trapped"


def test_pause_from_another_thread_stops_a_long_run():
    import threading

    s = DebugSession.from_text(
        '(module (func (export "spin") (loop $l (br $l))))'
    )
    s.start("spin")
    timer = threading.Timer(0.2, s.pause)
    timer.start()
    snap = s.continue_()
    timer.join()
    assert snap.reason == "paused" and snap.state == "paused" and snap.step > 1000
    assert s.step_into().step == snap.step + 1  # and it goes on from there


def test_binary_input_uses_disassembly_lines(tmp_path):
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    wasm = tmp_path / "fib.wasm"
    wasm.write_bytes(encode_module(parse_module(sample("fib.wat").read_text())))
    s = DebugSession.from_file(wasm)
    assert s.program.is_binary
    snap = s.start("fib", [3])
    line = snap.location.span.line
    assert "local.get" in s.program.line_text(line)
    assert snap.location.offset is not None
    s.add_breakpoint(at_line(line + 2))
    assert s.continue_().location.span.line == line + 2


def test_memory_changes_and_globals_in_snapshots():
    s = DebugSession.from_text(
        """(module (memory 1) (global $g (mut i32) (i32.const 1))
        (func (export "f") (i32.store (i32.const 16) (i32.const 0x01020304)) (global.set $g (i32.const 9))))"""
    )
    s.start("f")
    snap = s.step_over()
    snap = s.step_over()
    snap = s.step_over()
    assert snap.changed_memory == ((16, 20),) and snap.memory_pages == 1
    snap = s.step_over()
    snap = s.step_over()
    assert snap.globals[0].name == "$g" and snap.globals[0].value.text == "9"
    back = s.goto_step(0)
    assert back.changed_memory == ((16, 20),) and back.globals[0].value.text == "1"
    assert s.read_memory(16, 4) == bytes(4)


def test_step_back_over_skips_the_call_and_leaves_a_callee_at_its_start():
    s = DebugSession.from_file(sample("factorial.wat"))
    s.start("fac", [3])
    while s.thread.frame.instr.op.name != "call":
        s.step_into()
    call_step = s.step
    after = s.step_over()
    assert after.location.instr_text == "i64.mul"
    snap = s.step_back_over()
    assert s.step == call_step and snap.location.instr_text.startswith("call")
    s.step_into()  # into fac(2), at its first instruction
    snap = s.step_back_over()
    assert s.step == call_step and len(snap.frames) == 1


def test_reverse_continue_goes_to_the_previous_hit():
    s = DebugSession.from_file(sample("fib.wat"))
    s.start("fib_iter", [5])
    s.add_breakpoint(at_line(21, condition="$b >= 2"))
    hits = []
    while s.continue_().state == "paused":
        hits.append((s.step, s.evaluate("$b")))
    assert [b for _, b in hits] == [2, 3, 5]
    snap = s.reverse_continue()
    assert (s.step, s.evaluate("$b")) == hits[-1] and snap.reason == "breakpoint"
    s.reverse_continue()
    assert s.step == hits[-2][0]
    snap = s.reverse_continue()
    snap = s.reverse_continue()
    assert s.step == 0 and "no earlier breakpoint hit" in snap.message


def test_history_is_bounded_and_says_so():
    from playground.debug.recorder import HistoryError

    s = DebugSession.from_text(
        """(module (memory 1) (func (export "f") (local $i i32)
        (loop $l (i32.store (i32.and (local.get $i) (i32.const 0xfff)) (local.get $i))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (i32.const 20000))))))""",
        interval=256,
        history_bytes=200_000,
        engine="step",  # the bound holds between checkpoints; a fast call writes its log whole (RATIONALE)
    )
    s.start("f")
    s.continue_()
    assert s.recorder.trimmed > 0 and s.recorder.history_bytes() <= 400_000
    horizon = s.recorder.horizon
    assert horizon > 0
    with pytest.raises(HistoryError, match="discarded"):
        s.goto_step(horizon - 1)
    s.goto_step(horizon + 5)
    assert s.step == horizon + 5
