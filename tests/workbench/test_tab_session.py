"""TabSession without Qt: the controller is made on first use, stops are recorded, status words, text drift."""

from __future__ import annotations

from playground.debug.snapshot import Snapshot
from playground.debug.states import SessionState
from playground.workbench.controller import IdleController
from playground.workbench.tab_session import TabSession


class FakeController(IdleController):
    made = 0

    def __init__(self) -> None:
        FakeController.made += 1
        self.stopped = False

    def shutdown(self) -> None:
        self.stopped = True


def test_the_controller_is_made_on_first_use_only():
    FakeController.made = 0
    session = TabSession(FakeController)
    assert not session.started and not session.busy and not session.has_session and session.program is None
    assert FakeController.made == 0  # asking about it made nothing
    controller = session.controller
    assert session.started and session.controller is controller and FakeController.made == 1
    session.shutdown()
    assert controller.stopped


def test_stops_are_recorded_and_named_as_lesson_scripts_name_them():
    session = TabSession(FakeController)
    assert session.status_word == "idle"
    first = Snapshot(step=0, state=SessionState.PAUSED)
    assert session.record(first) is None and session.last_snapshot is first and session.status_word == "paused"
    assert session.record(Snapshot(step=0, state=SessionState.RUNNING)) is first  # a notice: the last stop stays
    assert session.last_snapshot is first and session.status_word == "running"
    done = Snapshot(step=9, state=SessionState.FINISHED)
    assert session.record(done) is first and session.status_word == "done"
    session.record(Snapshot(step=3, state=SessionState.TRAPPED))
    assert session.status_word == "trapped"


def test_the_run_choice_is_the_tab_s_own():
    one, two = TabSession(FakeController), TabSession(FakeController)
    one.choice.export = "init"
    one.choice.typed[("init", ("i32",))] = ["16"]
    assert two.choice.export is None and two.choice.typed == {}
