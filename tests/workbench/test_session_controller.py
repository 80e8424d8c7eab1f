"""SessionController without a window: its worker and the command records, Run versus Debug, errors, Stop, host imports."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from playground.workbench.session_commands import (
    Continue,
    Debug,
    EditLocal,
    GotoStep,
    Pause,
    Program,
    ReverseContinue,
    Run,
    RunRequest,
    SessionCommand,
    SetBreakpoints,
    StepBack,
    StepBackOver,
    StepInto,
    StepOut,
    StepOver,
    Stop,
    WriteMemory,
)
from playground.workbench.session_controller import SessionController

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SPIN = """(module (func (export "spin") (loop $l (br $l))))"""


class Recorder:
    def __init__(self) -> None:
        self.snapshots = []
        self.lines = []

    def snapshot(self, snapshot) -> None:
        self.snapshots.append(snapshot)

    def output(self, text: str, kind: str = "out") -> None:
        self.lines.append((kind, text))


def request(name: str, export: str, *args: str, breakpoints=frozenset()) -> RunRequest:
    return RunRequest(Program(text=(SAMPLES / name).read_text(), file=name), export, tuple(args), frozenset(breakpoints))


def make():
    listener = Recorder()
    controller = SessionController(listener)
    return controller, listener


def stop_after(controller, listener, command):
    """Send one record, wait for the worker; the stop it reported."""
    before = len(listener.snapshots)
    controller.send(command)
    assert controller.wait(10)
    assert len(listener.snapshots) == before + 1, listener.lines
    return listener.snapshots[-1]


def wait_running(controller) -> None:
    deadline = time.monotonic() + 5
    while controller.progress() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert controller.progress() is not None


def test_each_motion_record_moves_the_session_as_its_name_says():
    controller, listener = make()
    snap = stop_after(controller, listener, Debug(request("fib.wat", "fib", "3")))
    assert (snap.state, snap.step, snap.reason) == ("paused", 0, "start")
    assert stop_after(controller, listener, StepInto()).step == 1
    assert stop_after(controller, listener, StepOver()).step == 2
    while not snap.location.instr_text.startswith("call"):
        snap = stop_after(controller, listener, StepInto())
    assert snap.step == 7 and snap.location.span.line == 9  # at the first recursive call
    snap = stop_after(controller, listener, StepInto())
    assert len(snap.frames) == 2  # inside fib(2)
    snap = stop_after(controller, listener, StepOut())
    assert len(snap.frames) == 1 and snap.stack[0].text == "1"  # fib(2) = 1 came back
    out_step = snap.step
    snap = stop_after(controller, listener, StepBack())
    assert snap.step == out_step - 1 and len(snap.frames) == 2  # back inside the callee
    snap = stop_after(controller, listener, StepBackOver())
    assert snap.step < out_step - 1 and len(snap.frames) == 2
    assert stop_after(controller, listener, GotoStep(2)).step == 2
    assert stop_after(controller, listener, ReverseContinue()).step == 0  # no breakpoint: back to the start
    snap = stop_after(controller, listener, Continue())
    assert snap.state == "finished" and ("result", "fib(3) = 2") in listener.lines


def test_progress_names_the_running_motion_and_says_which_way_it_goes():
    controller, listener = make()
    controller.send(Debug(RunRequest(Program(text=SPIN), "spin")))
    assert controller.wait(10) and listener.snapshots[-1].state == "paused"
    controller.send(Continue())
    wait_running(controller)
    progress = controller.progress()
    assert progress.motion == "Continue" and not progress.backwards and progress.steps >= progress.start_step
    controller.send(Pause())
    assert controller.wait(5)
    paused = listener.snapshots[-1]
    assert paused.state == "paused" and paused.reason == "paused" and controller.progress() is None
    controller.send(GotoStep(1))
    assert controller.wait(5) and listener.snapshots[-1].step == 1
    controller.shutdown()


def test_run_ignores_breakpoints_and_debug_honours_them():
    controller, listener = make()
    controller.send(Run(request("fib.wat", "fib", "6", breakpoints={9})))
    assert controller.breakpoints == {9}
    assert controller.wait(10)
    assert listener.snapshots[-1].state == "finished" and ("result", "fib(6) = 8") in listener.lines
    controller.send(Debug(request("fib.wat", "fib", "6", breakpoints={9})))
    assert controller.wait(10)
    assert listener.snapshots[-1].reason == "breakpoint"
    controller.send(StepBack())  # from a breakpoint stop: one instruction earlier
    assert controller.wait(10) and listener.snapshots[-1].state == "paused"


def test_a_fresh_controller_debugs_to_the_breakpoints_of_its_request():
    """Issue 12, bug 1: the gutter's dot was drawn, but the session started at the entry and saw no breakpoint."""
    controller, listener = make()
    snap = stop_after(controller, listener, Debug(request("fib.wat", "fib_iter", "4", breakpoints={21})))
    assert snap.reason == "breakpoint" and snap.location.span.line == 21
    snap = stop_after(controller, listener, Continue())
    assert snap.reason == "breakpoint" and snap.step > 0
    snap = stop_after(controller, listener, ReverseContinue())
    assert snap.reason == "breakpoint" and snap.location.span.line == 21  # not "no breakpoints"
    controller.send(SetBreakpoints(frozenset({9})))  # what was sent before a start is replaced by the next request
    snap = stop_after(controller, listener, Debug(request("fib.wat", "fib_iter", "4")))
    assert snap.reason == "start" and controller.breakpoints == frozenset()
    controller.shutdown()


def test_edit_records_change_the_paused_state():
    controller, listener = make()
    stop_after(controller, listener, Debug(request("fib.wat", "fib", "3")))
    snap = stop_after(controller, listener, EditLocal("$n", "7"))
    assert snap.frames[-1].locals[0].value.text == "7"
    wat = '(module (memory (export "memory") 1) (func (export "f")))'
    stop_after(controller, listener, Debug(RunRequest(Program(text=wat), "f")))
    snap = stop_after(controller, listener, WriteMemory(16, b"\x01\x02"))
    assert snap.changed_memory == ((16, 18),)
    assert bytes(controller.memory_source().data[16:18]) == b"\x01\x02"


def test_errors_are_console_lines_not_exceptions():
    controller, listener = make()
    controller.send(Run(request("fib.wat", "fib", "x")))
    controller.send(Run(request("fib.wat", "nope")))
    controller.send(Run(RunRequest(Program(text="(module (func (export \"f\") i32.add))"), "f")))
    controller.send(StepInto())  # no session
    assert controller.wait(10)
    errors = [text for kind, text in listener.lines if kind == "error"]
    assert "$n: cannot read 'x' as i64: expected an integer" in errors[0]
    assert "no function named 'nope'" in errors[1]
    assert errors[2].startswith("invalid:") and "type mismatch" in errors[2]
    assert "no session" in errors[3]


def test_only_records_are_accepted_and_one_without_a_handler_does_not_kill_the_worker():
    controller, listener = make()
    with pytest.raises(TypeError):
        controller.send(lambda: None)

    @dataclass(frozen=True)
    class Unknown(SessionCommand):
        pass

    controller.send(Unknown())
    controller.send(Run(request("fib.wat", "fib", "4")))
    assert controller.wait(10)
    assert listener.lines[0] == ("error", "internal error: TypeError: the session worker has no handler for Unknown")
    assert ("result", "fib(4) = 3") in listener.lines


def test_stand_in_imports_print_and_replays_do_not_print_twice():
    controller, listener = make()
    controller.send(Debug(request("strings.wat", "main")))
    for command in (StepInto(),) * 4 + (StepBack(), StepBack(), StepInto(), StepInto()):
        controller.send(command)
    assert controller.wait(10)
    assert [text for kind, text in listener.lines if kind == "out"] == ["Hello, WebAssembly!"]


def test_stop_while_running_ends_the_session():
    controller, listener = make()
    controller.send(Run(RunRequest(Program(text=SPIN), "spin")))
    wait_running(controller)
    controller.send(Stop())
    assert controller.wait(5)
    assert listener.snapshots[-1].reason == "stopped" and not controller.has_session
    controller.shutdown()


def test_gpu_imports_are_the_real_host_module(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")  # numpy kernels: no adapter needed
    controller, listener = make()
    controller.send(Run(request("gpu_matmul.wat", "main", "8", "6", "4")))
    assert controller.wait(30)
    assert listener.snapshots[-1].state == "finished"
    assert any(kind == "info" and text.startswith("gpu.matmul 8x6x4") for kind, text in listener.lines)
