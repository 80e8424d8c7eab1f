"""The window's side of a debug session: a small Qt-free protocol the views drive.

The run bar's actions call a `DebugController`; the controller answers by
calling its `SessionListener` with `Snapshot`s and console text. The window
wraps the listener so calls from a worker thread reach the views on the UI
thread. `SessionController` (debug_controller.py) implements it over the
debugger; tests may give the window another. Optional extras a controller may have (the window checks with
`getattr`): `busy`, `progress()`, `pause()`, `step_back_over()`,
`reverse_continue()`, `goto_step(n)`, `run_to_line(line)`, `program`, and
the edits `edit_local`, `edit_global`, `edit_stack`, `write_memory`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence, runtime_checkable

from playground.debug.snapshot import MemorySource, Snapshot


@dataclass(frozen=True)
class Program:
    """What the user asks to run: WAT text or a binary, and where it came from."""

    text: str | None = None  # WAT source
    binary: bytes | None = None  # a .wasm file's bytes
    file: str | None = None  # for error locations


@dataclass(frozen=True)
class RunRequest:
    """One invocation: the export's name and the argument texts typed in the run bar."""

    program: Program
    export: str
    args: Sequence[str] = field(default_factory=tuple)
    breakpoints: frozenset[int] = frozenset()  # 1-based source lines


class SessionListener(Protocol):
    """Receives the session's news. May be called from a worker thread."""

    def snapshot(self, snapshot: Snapshot) -> None:
        """A new stop (or the start, or the end) to render."""

    def output(self, text: str, kind: str = "out") -> None:
        """Console text; `kind` is "out" (program output), "info" or "error"."""


@runtime_checkable
class DebugController(Protocol):
    """What the run bar's commands call. `supports_stepping` gates the step actions."""

    supports_stepping: bool

    def set_listener(self, listener: SessionListener) -> None: ...

    def memory_source(self) -> MemorySource | None:
        """The linear memory of the session's instance, for the hex viewer (None when there is none)."""

    def run(self, request: RunRequest) -> None:
        """Run the export to completion (breakpoints ignored; Stop ends it)."""

    def debug(self, request: RunRequest) -> None:
        """Start the export paused at its first instruction (or run to the first breakpoint)."""

    def continue_(self) -> None: ...

    def step_over(self) -> None: ...

    def step_into(self) -> None: ...

    def step_out(self) -> None: ...

    def step_back(self) -> None: ...

    def stop(self) -> None: ...

    def set_breakpoints(self, lines: frozenset[int]) -> None:
        """The editor's breakpoint lines changed."""
