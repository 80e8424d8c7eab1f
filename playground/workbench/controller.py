"""The window's side of a debug session: a small Qt-free protocol the views drive.

The window sends typed command records (session_commands.py) to a
`DebugController`; the controller answers by calling its `SessionListener`
with `Snapshot`s and console text. The window makes one controller per tab
(`MainWindow(make_controller=...)`, made on the tab's first Run or Debug) and
wraps each listener so calls from a worker thread reach the views on the UI
thread, tagged with their tab. `SessionController` (session_controller.py)
implements the protocol over the debugger; tests may give the window another,
which must implement all of it. `IdleController` stands for "no session"
where the current tab runs nothing.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from playground.debug.snapshot import MemorySource, Snapshot
from playground.errors import PlaygroundError
from playground.workbench.session_commands import Program, RunRequest, SessionCommand

__all__ = ["DebugController", "IdleController", "Program", "Progress", "RunRequest", "SessionListener"]


class Progress(NamedTuple):
    """A running motion as the status bar counts it.

    `steps` is the session's step number (all instructions since the start);
    `start_step` the step the motion started from, so `steps - start_step` is
    what this Continue ran. `motion` names it ("Continue", "Step Over", ...;
    "" for the run a start makes); `backwards` is True for the motions that
    replay history to go back.
    """

    elapsed: float
    steps: int
    start_step: int = 0
    motion: str = ""
    backwards: bool = False


class SessionListener(Protocol):
    """Receives the session's news. May be called from a worker thread."""

    def snapshot(self, snapshot: Snapshot) -> None:
        """A new stop (or the start, or the end) to render."""

    def output(self, text: str, kind: str = "out") -> None:
        """Console text; `kind` is "out" (program output), "info", "result" or "error"."""


class DebugController(Protocol):
    """Everything the window asks of a debug session; a controller implements all of it."""

    def set_listener(self, listener: SessionListener) -> None:
        """Where stops and console text go from now on."""

    def send(self, command: SessionCommand) -> None:
        """Queue one command record (Run, Debug, StepOver, SetBreakpoints, EditLocal, ...); never blocks.

        Pause and Stop take effect at once, even while a motion runs.
        """

    @property
    def busy(self) -> bool:
        """True while a command is queued or running."""

    @property
    def waits_for_input(self) -> bool:
        """True while the program (a WASI one) stands still until a line is typed in the Console."""

    @property
    def has_session(self) -> bool:
        """True while a session exists (paused, running, or kept after its end or a trap)."""

    @property
    def program(self):
        """The debugged `debug.source.Program` (module, text, spans), or None."""

    @property
    def breakpoints(self) -> frozenset[int]:
        """The breakpoint lines last sent, as the session's text numbers them."""

    def progress(self) -> Progress | None:
        """How far the running motion got, or None when none runs (asked every ~100 ms from the UI thread)."""

    def memory_source(self, memory: int = 0) -> MemorySource | None:
        """A linear memory (index `memory`; 3.0 has several) of the session's instance, for the hex viewer
        (None when there is none)."""

    def shutdown(self) -> None:
        """End the session and the worker (the window is closing)."""


class IdleController:
    """The controller the window shows when the current tab runs nothing (a WGSL tab, a demo, no tab).

    It has no session and takes no commands: `send` says what to open first.
    """

    busy = False
    waits_for_input = False
    has_session = False
    program = None
    breakpoints: frozenset[int] = frozenset()

    def set_listener(self, listener: SessionListener) -> None:
        pass

    def send(self, command: SessionCommand) -> None:
        raise PlaygroundError("open a WAT or .wasm tab to run or debug")

    def progress(self) -> Progress | None:
        return None

    def memory_source(self, memory: int = 0) -> MemorySource | None:
        return None

    def shutdown(self) -> None:
        pass
