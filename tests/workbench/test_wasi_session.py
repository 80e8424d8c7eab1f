"""A WASI program in the window's session controller (no Qt): the run bar's inputs, typed standard input, Stop, replay."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from playground.debug.states import SessionState
from playground.errors import PlaygroundError
from playground.workbench.session_commands import (
    Continue,
    Debug,
    GotoStep,
    Program,
    Run,
    RunRequest,
    StandardInput,
    StepBack,
    Stop,
)
from playground.workbench.session_controller import SessionController
from playground.workbench.wasi_inputs import Folder, WasiInputs
from playground.workbench.wasi_run import INPUT_WAIT
from tests.workbench.test_session_controller import Recorder
from tests.workbench.wasi_programs import PROMPT_THEN_READ

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "c"


class Listener(Recorder):
    """The session's news, with what the program printed and whether it waits for input."""

    def printed(self, kind: str = "out") -> list[str]:
        return [text for k, text in self.lines if k == kind]

    @property
    def waiting(self) -> bool:
        """The last input cue: the program waits for typed input."""
        cues = self.printed(INPUT_WAIT)
        return bool(cues) and bool(cues[-1])


def sample(name: str) -> Program:
    path = SAMPLES / f"{name}.wasm"
    return Program(binary=path.read_bytes(), file=str(path))


def until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def session():
    listener = Listener()
    controller = SessionController(listener)
    yield controller, listener
    controller.shutdown()


def test_arguments_and_environment_reach_the_program(session):
    controller, listener = session
    inputs = WasiInputs(args="one 'two words'", env=("NAME=Ada", "LANG=C"))
    controller.send(Run(RunRequest(sample("echo_args"), "_start", wasi=inputs)))
    assert controller.wait(30)
    assert listener.printed() == ['2 argument(s)', '  argv[1] = "one"', '  argv[2] = "two words"',
                                  "  env: NAME=Ada", "  env: LANG=C", "Hello, Ada!"]


def test_a_preopened_folder_is_read_under_its_guest_name(session, tmp_path):
    controller, listener = session
    (tmp_path / "poem.txt").write_text("one two\nthree\n")
    inputs = WasiInputs(args="books/poem.txt", folders=(Folder(str(tmp_path), "books", read_only=True),))
    controller.send(Run(RunRequest(sample("wc"), "_start", wasi=inputs)))
    assert controller.wait(30)
    assert listener.printed() == ["      2       3      14 books/poem.txt"]


@pytest.mark.parametrize("inputs, message", [
    (WasiInputs(env=("A=1", "OOPS")), "error: environment row 2: 'OOPS': expected NAME=VALUE"),
    (WasiInputs(folders=(Folder("/no/such/folder", "data"),)),
     "error: folder /no/such/folder (seen as 'data') no longer exists: choose it again or remove it from Folders"),
    (WasiInputs(args="it's"), "error: arguments \"it's\": no closing quotation"),
])
def test_a_mistake_in_the_inputs_is_one_line_and_no_session(session, inputs, message):
    controller, listener = session
    controller.send(Run(RunRequest(sample("echo_args"), "_start", wasi=inputs)))
    assert controller.wait(30)
    assert listener.lines == [("error", message)]
    assert listener.snapshots[-1].state == SessionState.READY and not controller.has_session


def test_typed_lines_are_read_as_they_come_and_output_streams_line_by_line(session):
    controller, listener = session
    controller.send(Run(RunRequest(sample("rot13"), "_start")))
    until(lambda: listener.waiting)
    assert controller.busy and listener.printed(INPUT_WAIT) == ["rot13.wasm waits for input: type a line below"]
    controller.send(StandardInput(b"Hello\n"))
    until(lambda: listener.printed() == ["Uryyb"] and listener.waiting)  # shown while the program still runs
    assert controller.busy
    controller.send(StandardInput(b"abc", end=True))
    assert controller.wait(30)
    assert listener.printed() == ["Uryyb", "nop"]  # the last line has no newline: flushed at the end
    assert listener.snapshots[-1].state == SessionState.FINISHED and not listener.waiting


def test_stop_ends_a_wait_for_input_and_the_next_run_starts_afresh(session):
    controller, listener = session
    controller.send(Run(RunRequest(sample("rot13"), "_start")))
    until(lambda: listener.waiting)
    controller.send(Stop())
    assert controller.wait(10)
    assert listener.snapshots[-1].state == SessionState.READY and "stopped after" in listener.printed("info")[-1]
    assert not controller.has_session and not listener.waiting
    controller.send(Run(RunRequest(sample("rot13"), "_start")))
    until(lambda: listener.waiting)
    controller.send(StandardInput(b"Zl\n", end=True))
    assert controller.wait(30) and listener.printed()[-1] == "My"


def test_input_without_a_wasi_program_is_refused_in_words(session):
    controller, _listener = session
    with pytest.raises(PlaygroundError, match="no WASI program runs in this tab"):
        controller.send(StandardInput(b"x\n"))


def test_stepping_back_over_a_read_and_forward_again_replays_the_bytes_without_asking(session):
    controller, listener = session
    controller.send(Debug(RunRequest(sample("rot13"), "_start")))
    assert controller.wait(30) and listener.snapshots[-1].state == SessionState.PAUSED
    controller.send(StandardInput(b"Abc\n", end=True))  # typed ahead: no wait at all
    controller.send(Continue())
    assert controller.wait(60) and listener.snapshots[-1].state == SessionState.FINISHED
    assert listener.printed() == ["Nop"] and listener.printed(INPUT_WAIT) == []
    reads = [r for r in controller.session.journal.records if r.name.endswith("fd_read")]
    assert b"Abc\n" in b"".join(write[2] for write in reads[0].writes)  # the journal holds the bytes read
    controller.send(GotoStep(reads[0].step + 1))  # just after the call that read
    controller.send(StepBack())  # back over it: the bytes it wrote are undone
    assert controller.wait(30) and controller.session.step == reads[0].step
    address, data = next((w[1], w[2]) for w in reads[0].writes if b"Abc" in w[2])
    assert bytes(controller.session.memory.data[address : address + len(data)]) != data
    controller.send(Continue())
    assert controller.wait(60) and listener.snapshots[-1].state == SessionState.FINISHED
    assert listener.printed() == ["Nop"]  # replayed from the journal: not printed again, not asked again
    assert listener.printed(INPUT_WAIT) == []


def test_a_prompt_without_a_newline_shows_before_the_program_waits(session):
    controller, listener = session
    controller.send(Run(RunRequest(Program(text=PROMPT_THEN_READ, file="prompt.wat"), "_start")))
    until(lambda: listener.waiting)
    assert listener.lines[-2:] == [("out", "name? "), (INPUT_WAIT, "prompt.wat waits for input: type a line below")]
    controller.send(StandardInput(b"Ada\n"))
    assert controller.wait(30) and listener.snapshots[-1].state == SessionState.FINISHED
