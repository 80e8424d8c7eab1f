"""What the window asks of its debug session: the program, the invocation, and the typed command records.

Each record is one frozen dataclass: what to do and its arguments, nothing
callable. `DebugController.send(record)` takes them; the worker that owns the
session dispatches on the record's type (session_controller.py). Motions
carry their title (the status bar's "+1,000 since Continue") and whether they
go back in time (they replay the recorded history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Sequence

from playground.workbench.wasi_inputs import WasiInputs


@dataclass(frozen=True)
class Program:
    """What the user asks to run: WAT text or a binary, and where it came from."""

    text: str | None = None  # WAT source
    binary: bytes | None = None  # a .wasm file's bytes
    file: str | None = None  # for error locations
    c_source: str | None = None  # a C tab's compiled binary: debug it by the lines of this C file (its DWARF)


@dataclass(frozen=True)
class RunRequest:
    """One invocation: the export's name and the argument texts typed in the run bar."""

    program: Program
    export: str
    args: Sequence[str] = field(default_factory=tuple)
    breakpoints: frozenset[int] = frozenset()  # 1-based source lines; they replace the controller's at the start
    wasi: WasiInputs | None = None  # a WASI program's arguments, environment, folders (None: the sealed defaults)


@dataclass(frozen=True)
class SessionCommand:
    """The base of every record; only its subclasses are sent."""


# --- starting a session -------------------------------------------------------------------
@dataclass(frozen=True)
class Run(SessionCommand):
    """Run the export to completion (breakpoints ignored; recorded, so the end can be stepped back from)."""

    request: RunRequest


@dataclass(frozen=True)
class Debug(SessionCommand):
    """Start the export paused at its first instruction, or run to the first breakpoint when there is one."""

    request: RunRequest


# --- motions of a live session ------------------------------------------------------------
@dataclass(frozen=True)
class Motion(SessionCommand):
    """A command that moves the session from one stop to the next.

    Each kind names its title and whether it goes backwards as class arguments:
    `class StepBack(Motion, title="Step Back", backwards=True)`.
    """

    title: ClassVar[str] = ""
    backwards: ClassVar[bool] = False

    def __init_subclass__(cls, title: str = "", backwards: bool = False, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.title, cls.backwards = title, backwards


@dataclass(frozen=True)
class Continue(Motion, title="Continue"):
    """Run to the next breakpoint (or the end)."""


@dataclass(frozen=True)
class StepOver(Motion, title="Step Over"):
    """One instruction; a call runs to its end."""


@dataclass(frozen=True)
class StepInto(Motion, title="Step Into"):
    """One instruction, entering calls."""


@dataclass(frozen=True)
class StepOut(Motion, title="Step Out"):
    """Until the current function returns."""


@dataclass(frozen=True)
class StepInstruction(Motion, title="Step Instruction"):
    """One Wasm instruction (over calls when `over`), also where Step means a source line (a C tab)."""

    over: bool = False


@dataclass(frozen=True)
class StepInstructionBack(Motion, title="Step Instruction Back", backwards=True):
    """Back one Wasm instruction, exactly, also where Step Back means a source line (a C tab)."""


@dataclass(frozen=True)
class RunToLine(Motion, title="Run to Cursor"):
    """Until an instruction on `line` (1-based, as the session's text numbers it)."""

    line: int


@dataclass(frozen=True)
class StepBack(Motion, title="Step Back", backwards=True):
    """Back one instruction, exactly (memory and globals too)."""


@dataclass(frozen=True)
class StepBackOver(Motion, title="Step Back Over", backwards=True):
    """Back one instruction of this function, over calls."""


@dataclass(frozen=True)
class ReverseContinue(Motion, title="Reverse Continue", backwards=True):
    """Back to the previous breakpoint hit (or the start)."""


@dataclass(frozen=True)
class GotoStep(Motion, title="Go to Step", backwards=True):
    """Travel to step `step` of the recorded history (the who-wrote jump)."""

    step: int


# --- control from the UI thread -------------------------------------------------------------
@dataclass(frozen=True)
class Pause(SessionCommand):
    """Stop the running motion after its current instruction; the session stays, paused there."""


@dataclass(frozen=True)
class Stop(SessionCommand):
    """End the session (a running motion is paused first)."""


@dataclass(frozen=True)
class StandardInput(SessionCommand):
    """Bytes typed for a WASI program's standard input (`end`: then the end of input); passed on at once."""

    data: bytes = b""
    end: bool = False


@dataclass(frozen=True)
class SetBreakpoints(SessionCommand):
    """The editor's breakpoint lines (1-based, as the session's text numbers them); applied even while running."""

    lines: frozenset[int]


# --- edits while paused ---------------------------------------------------------------------
@dataclass(frozen=True)
class EditLocal(SessionCommand):
    """Set a local of the current frame (by index or $name) from the text typed in the Locals panel."""

    key: int | str
    text: str


@dataclass(frozen=True)
class EditGlobal(SessionCommand):
    """Set a mutable global (by index or $name) from its typed text."""

    key: int | str
    text: str


@dataclass(frozen=True)
class EditStack(SessionCommand):
    """Replace an operand-stack value; `depth` 0 is the top."""

    depth: int
    text: str


@dataclass(frozen=True)
class WriteMemory(SessionCommand):
    """Overwrite bytes of memory 0 at `address`."""

    address: int
    data: bytes
