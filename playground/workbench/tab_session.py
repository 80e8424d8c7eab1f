"""What one editor tab owns of the debugger: its session, its run-bar choice, its last stop and its status. No Qt.

The window used to hold one debug session for all its tabs: a breakpoint
clicked on one tab went to the session of another, the panels showed another
tab's frame and memory, and switching tabs reset the chosen export. Now each
WAT or .wasm tab has a `TabSession`, and the panels show the current tab's.

The controller (and its worker thread) is made on first use: a tab that is
never run costs nothing. `RunChoice` is the run bar's state for the tab: the
chosen export and the texts typed for each export, so that visiting another
tab, or a moment of broken code that has no exports, loses neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from playground.debug.snapshot import Snapshot
from playground.debug.states import SessionState
from playground.workbench.controller import DebugController
from playground.workbench.eval_overlay import EvaluationOverlay
from playground.workbench.text_drift import TextDrift

# How a lesson script's `state` names a session's state (README, "Lesson scripts").
STATUS_WORDS = {
    SessionState.READY: "idle",
    SessionState.PAUSED: "paused",
    SessionState.RUNNING: "running",
    SessionState.TRAPPED: "trapped",
    SessionState.FINISHED: "done",
    SessionState.EXITED: "exited",
}


@dataclass
class RunChoice:
    """The run bar's state for one tab: the chosen export, and the argument texts typed per export and signature."""

    export: str | None = None
    typed: dict[tuple, list[str]] = field(default_factory=dict)  # (export name, param types) -> texts


class TabSession:
    """One tab's debugging state; see the module docstring.

    `state` and `last_snapshot` follow the stops its controller reports;
    `previous` is the stop before (the learner overlay compares the two);
    `label` is the status bar's session text for this tab.
    """

    def __init__(self, make_controller: Callable[[], DebugController]) -> None:
        self._make_controller = make_controller
        self._controller: DebugController | None = None
        self.choice = RunChoice()
        self.state = SessionState.READY
        self.last_snapshot: Snapshot | None = None
        self.previous: Snapshot | None = None
        self.label = "Ready"
        self.progress_shown = False
        self.overlay = EvaluationOverlay()
        self.overlay_program = None  # the program the overlay was built for
        self.drift_cache: TextDrift | None = None
        self.told_about_edits = False
        self.memory_index = 0  # which memory the memory view shows (3.0: an instance may have several)

    # --- the controller, made on first use ------------------------------------------------------
    @property
    def controller(self) -> DebugController:
        """This tab's controller (made now if it was not yet)."""
        if self._controller is None:
            self._controller = self._make_controller()
        return self._controller

    @property
    def started(self) -> bool:
        """True once the controller exists (something was run or debugged on this tab)."""
        return self._controller is not None

    @property
    def busy(self) -> bool:
        return self._controller is not None and self._controller.busy

    @property
    def has_session(self) -> bool:
        return self._controller is not None and self._controller.has_session

    @property
    def program(self):
        """The program the session runs (None before the first start)."""
        return self._controller.program if self._controller is not None else None

    def memory_source(self):
        """The memory the tab's memory view shows (`memory_index`, chosen there when the instance has several)."""
        return self._controller.memory_source(self.memory_index) if self._controller is not None else None

    def progress(self):
        return self._controller.progress() if self._controller is not None else None

    def shutdown(self) -> None:
        """The tab closed: end its session and its worker."""
        if self._controller is not None:
            self._controller.shutdown()

    # --- stops -------------------------------------------------------------------------------
    def record(self, snapshot: Snapshot) -> Snapshot | None:
        """Take a new stop (a RUNNING notice only changes the state); returns the stop before it."""
        self.state = snapshot.state
        if snapshot.state == SessionState.RUNNING:
            return self.last_snapshot
        before, self.previous = self.previous, snapshot
        self.last_snapshot = snapshot
        self.progress_shown = False
        return before

    @property
    def status_word(self) -> str:
        """"idle", "paused", "running", "done", "trapped" or "exited" (a lesson script's `state`)."""
        return STATUS_WORDS.get(self.state, str(self.state))

    def drift(self, text: str) -> TextDrift | None:
        """How the tab's text (`text`, as the editor shows it now) moved away from the text the session runs."""
        program = self.program
        if program is None or program.is_binary or text == program.text:
            return None
        cached = self.drift_cache
        if cached is None or cached.old is not program.text or cached.new != text:
            self.drift_cache = TextDrift(program.text, text)
        return self.drift_cache
