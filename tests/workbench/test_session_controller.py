"""SessionController without a window: its worker, Run versus Debug, errors, Stop, and the stand-in host imports."""

from __future__ import annotations

import time
from pathlib import Path

from playground.workbench.controller import DebugController, Program, RunRequest
from playground.workbench.session_controller import SessionController

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


class Recorder:
    def __init__(self) -> None:
        self.snapshots = []
        self.lines = []

    def snapshot(self, snapshot) -> None:
        self.snapshots.append(snapshot)

    def output(self, text: str, kind: str = "out") -> None:
        self.lines.append((kind, text))


def request(name: str, export: str, *args: str) -> RunRequest:
    return RunRequest(Program(text=(SAMPLES / name).read_text(), file=name), export, tuple(args))


def make():
    listener = Recorder()
    controller = SessionController(listener)
    return controller, listener


def test_it_is_a_debug_controller():
    controller, _ = make()
    assert isinstance(controller, DebugController) and controller.supports_stepping


def test_run_ignores_breakpoints_and_debug_honours_them():
    controller, listener = make()
    controller.set_breakpoints(frozenset({9}))
    controller.run(request("fib.wat", "fib", "6"))
    assert controller.wait(10)
    assert listener.snapshots[-1].state == "finished" and ("result", "fib(6) = 8") in listener.lines
    controller.debug(request("fib.wat", "fib", "6"))
    assert controller.wait(10)
    assert listener.snapshots[-1].reason == "breakpoint"
    controller.step_back()  # from a breakpoint stop: one instruction earlier
    assert controller.wait(10) and listener.snapshots[-1].state == "paused"


def test_errors_are_console_lines_not_exceptions():
    controller, listener = make()
    controller.run(request("fib.wat", "fib", "x"))
    controller.run(request("fib.wat", "nope"))
    controller.run(RunRequest(Program(text="(module (func (export \"f\") i32.add))"), "f"))
    controller.step_into()  # no session
    assert controller.wait(10)
    errors = [text for kind, text in listener.lines if kind == "error"]
    assert "'x' is not an integer" in errors[0]
    assert "no function named 'nope'" in errors[1]
    assert errors[2].startswith("invalid:") and "type mismatch" in errors[2]
    assert "no session" in errors[3]


def test_stand_in_imports_print_and_replays_do_not_print_twice():
    controller, listener = make()
    controller.debug(request("strings.wat", "main"))
    for _ in range(4):
        controller.step_into()
    controller.step_back()
    controller.step_back()
    controller.step_into()
    controller.step_into()
    assert controller.wait(10)
    assert [text for kind, text in listener.lines if kind == "out"] == ["Hello, WebAssembly!"]


def test_stop_while_running_ends_the_session():
    controller, listener = make()
    text = """(module (func (export "spin") (loop $l (br $l))))"""
    controller.run(RunRequest(Program(text=text), "spin"))
    deadline = time.monotonic() + 5
    while controller.progress() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    controller.stop()
    assert controller.wait(5)
    assert listener.snapshots[-1].reason == "stopped" and not controller.has_session
    controller.shutdown()


def test_gpu_imports_are_the_real_host_module(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")  # numpy kernels: no adapter needed
    controller, listener = make()
    controller.run(request("gpu_matmul.wat", "main", "8", "6", "4"))
    assert controller.wait(30)
    assert listener.snapshots[-1].state == "finished"
    assert any(kind == "info" and text.startswith("gpu.matmul 8x6x4") for kind, text in listener.lines)
