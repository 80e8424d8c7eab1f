"""A WASI program in the window's session controller (no Qt): _start runs, output streams to the console, exits."""

from __future__ import annotations

from pathlib import Path

from playground.debug.states import SessionState, StopReason
from playground.workbench.session_commands import Continue, Debug, Program, Run, RunRequest, StepBack
from playground.workbench.session_controller import SessionController
from playground.workbench.status_text import describe_state

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "hosts" / "wasi" / "programs"

REACTOR = """(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $base (mut i32) (i32.const 0))
  (data (i32.const 16) "ready, no newline")
  (func (export "_initialize") (global.set $base (i32.const 40)))
  (func (export "add") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 17))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.add (global.get $base) (local.get 0))))
"""


class Listener:
    def __init__(self) -> None:
        self.snapshots = []
        self.lines = []

    def snapshot(self, snapshot) -> None:
        self.snapshots.append(snapshot)

    def output(self, text: str, kind: str = "out") -> None:
        self.lines.append((kind, text))


def binary(name: str) -> Program:
    path = PROGRAMS / f"{name}.wasm"
    return Program(binary=path.read_bytes(), file=str(path))


def send(controller, command):
    controller.send(command)
    assert controller.wait(30)


def test_run_start_streams_output_to_the_console_a_line_at_a_time():
    listener = Listener()
    controller = SessionController(listener)
    try:
        send(controller, Run(RunRequest(binary("hello"), "_start")))
        assert ("out", "hello, world") in listener.lines and ("out", "2 + 40 = 42") in listener.lines
        assert ("error", "a note on stderr") in listener.lines
        last = listener.snapshots[-1]
        assert last.state == SessionState.FINISHED and describe_state(last) == f"Finished · step {last.step:,}"
    finally:
        controller.shutdown()


def test_proc_exit_ends_the_window_session_exited_and_back_works():
    listener = Listener()
    controller = SessionController(listener)
    try:
        send(controller, Run(RunRequest(binary("exit_code"), "_start")))
        last = listener.snapshots[-1]
        assert last.state == SessionState.EXITED and last.reason == StopReason.EXITED
        assert describe_state(last) == f"Exited with status 3 · step {last.step:,}"
        assert ("info", "the program exited with status 3") in listener.lines
        assert ("out", "returning 3") in listener.lines and ("out", "atexit handler ran") in listener.lines
        printed = [line for line in listener.lines if line[0] == "out"]
        send(controller, StepBack())
        assert listener.snapshots[-1].state == SessionState.PAUSED
        send(controller, Continue())
        assert listener.snapshots[-1].state == SessionState.EXITED
        assert [line for line in listener.lines if line[0] == "out"] == printed  # replayed, not printed again
    finally:
        controller.shutdown()


def test_a_reactor_export_runs_after_initialize_and_its_last_line_is_flushed():
    listener = Listener()
    controller = SessionController(listener)
    try:
        send(controller, Debug(RunRequest(Program(text=REACTOR, file="reactor.wat"), "add", ("2",))))
        assert listener.snapshots[-1].state == SessionState.PAUSED
        send(controller, Continue())
        assert listener.snapshots[-1].state == SessionState.FINISHED
        assert ("out", "ready, no newline") in listener.lines and ("result", "add(2) = 42") in listener.lines
    finally:
        controller.shutdown()
