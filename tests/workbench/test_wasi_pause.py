"""Pause while a WASI program waits for typed input (no Qt): it stops at once, before the read's call.

The read is not made (the journal has no record of it), Continue makes it
again and waits, a line typed later is read exactly once, and stepping back
over the read and forward again replays the same bytes.
"""

from __future__ import annotations

import pytest

from playground.debug.states import SessionState, StopReason
from playground.workbench.session_commands import (
    Continue,
    Debug,
    GotoStep,
    Pause,
    Program,
    Run,
    RunRequest,
    StandardInput,
    StepInstruction,
)
from playground.workbench.session_controller import SessionController
from tests.workbench.test_wasi_session import Listener, sample, until
from tests.workbench.wasi_programs import PROMPT_THEN_READ

PAUSE_WITHIN = 5.0  # seconds: "at once", with room for a busy 2-core machine


def reads(controller) -> list:
    return [r for r in controller.session.journal.records if r.name.endswith("fd_read")]


def pause_while_waiting(controller, listener):
    """Wait for the program to wait for input, press Pause; the stop it reports."""
    until(lambda: listener.waiting)
    before = len(listener.snapshots)
    controller.send(Pause())
    assert controller.wait(PAUSE_WITHIN), "Pause did not end the wait for input"
    assert len(listener.snapshots) == before + 1
    return listener.snapshots[-1]


@pytest.fixture(params=["auto", "step"])
def session(request):
    listener = Listener()
    controller = SessionController(listener)
    controller.engine_choice = request.param
    yield controller, listener
    controller.shutdown()


def test_pause_stops_at_the_read_call_and_the_line_typed_later_is_read_once(session):
    controller, listener = session
    controller.send(Debug(RunRequest(Program(text=PROMPT_THEN_READ, file="prompt.wat"), "_start")))
    assert controller.wait(30)
    controller.send(Continue())
    snap = pause_while_waiting(controller, listener)
    assert snap.state == SessionState.PAUSED and snap.reason == StopReason.PAUSED
    assert snap.frames[-1].location.instr_text == "call $fd_read"  # before the call: it runs again
    step = snap.step
    assert reads(controller) == [] and not listener.waiting  # no read happened; the cue is gone
    assert bytes(controller.session.memory.data[64:68]) == bytes(4)

    controller.send(Continue())  # the read is made again, and waits again
    until(lambda: listener.waiting)
    controller.send(StandardInput(b"Ada\n"))
    assert controller.wait(30) and listener.snapshots[-1].state == SessionState.FINISHED
    [read] = reads(controller)
    assert read.step == step and bytes(controller.session.memory.data[64:68]) == b"Ada\n"
    assert controller.session.memory.data[8] == 4  # nread: the line, once

    controller.send(GotoStep(step))  # back before the read, then forward over it: the journal answers
    controller.send(Continue())
    assert controller.wait(30) and listener.snapshots[-1].state == SessionState.FINISHED
    assert reads(controller) == [read] and bytes(controller.session.memory.data[64:68]) == b"Ada\n"
    assert listener.printed() == ["name? "]


def test_pause_during_a_single_step_over_the_read_leaves_the_step_where_it_was(session):
    controller, listener = session
    controller.send(Debug(RunRequest(Program(text=PROMPT_THEN_READ, file="prompt.wat"), "_start")))
    assert controller.wait(30)
    while not controller.session.last.frames[-1].location.instr_text.startswith("call $fd_read"):
        controller.send(StepInstruction(over=True))
        assert controller.wait(30)
    step = controller.session.step
    controller.send(StepInstruction(over=True))
    snap = pause_while_waiting(controller, listener)
    assert snap.state == SessionState.PAUSED and snap.step == step and reads(controller) == []
    controller.send(StandardInput(b"typed ahead\n"))  # while paused: kept for the read
    controller.send(StepInstruction(over=True))
    assert controller.wait(30) and controller.session.step == step + 1 and not listener.waiting
    [read] = reads(controller)
    assert bytes(controller.session.memory.data[64:76]) == b"typed ahead\n"


def test_pause_in_a_c_program_shows_its_frames_and_continue_reads_the_line(session):
    controller, listener = session
    controller.send(Run(RunRequest(sample("rot13"), "_start")))
    snap = pause_while_waiting(controller, listener)
    assert snap.state == SessionState.PAUSED and len(snap.frames) > 2  # _start, main, libc's reading functions
    assert snap.frames[-1].location.instr_text.startswith("call")
    controller.send(StandardInput(b"Hello\n", end=True))
    controller.send(Continue())
    assert controller.wait(60) and listener.snapshots[-1].state == SessionState.FINISHED
    assert listener.printed() == ["Uryyb"]
