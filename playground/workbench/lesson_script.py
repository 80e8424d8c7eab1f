"""Lesson scripts: a teacher's demo, or a learner's replay, as one window command per line. No Qt.

    # Breakpoints in fib: stop, look at the stack, go back in time.
    open fib.wat
    export fib
    args 5
    break 9
    debug
    state
    step-into
    wait 0.5
    step-back
    screenshot paused.png
    quit

A WASI program's inputs are set as the run bar sets them, for the current
tab: `argv`, `env` and `folder` (a folder inside the samples folder, always
read-only) before `run` or `debug`; `stdin LINE` types a line in the Console
while the program runs (ahead of its reads, or when it waits: `run` and the
motions count a program waiting for input as stopped), `stdin-end` ends it.

`wasm-playground gui --script LESSON.txt` reads the whole script first
(`parse_lesson`): an unknown command, a wrong number of arguments or a
number that is not one is an error naming the line, before the window does
anything. The window then runs the commands one after another through its
own command registry (ui/lesson.py), waiting after each until what it
started has stopped. `#` starts a comment (a line of its own, or after a
command); an argument with spaces or a `#` is written in quotes, as in a shell.

`COMMANDS` is the one list of what a script can say; the README's "Lesson
scripts" section and the error for an unknown command are made from it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from playground.errors import PlaygroundError
from playground.hosts.wasi.config import parse_env_option
from playground.hosts.wasi.errors import WasiConfigError

DEMO_NAMES = ("compare", "image", "digits")


class LessonError(PlaygroundError):
    """A lesson script that cannot run: `file:line: message`."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file or 'lesson'}:{line}: " if line is not None else (f"{file}: " if file else "")
        super().__init__(f"{where}{message}")


@dataclass(frozen=True)
class CommandSpec:
    """What one script command takes: `usage` shows its arguments; `kinds` says how each is read."""

    name: str
    usage: str
    help: str
    kinds: tuple[str, ...] = ()  # "text", "int", "number", "demo" per argument; "rest" takes any number of
    # texts, "assignments" any number of NAME=VALUE texts


COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec("open", "open FILE", "open a .wat, .wasm or .wgsl file (or a shipped sample by name) in a new tab",
                    ("text",)),
        CommandSpec("tab", "tab N", "make the N-th tab current (the first is 1)", ("int",)),
        CommandSpec("export", "export NAME", "choose the export the run bar calls", ("text",)),
        CommandSpec("args", "args V...", "type the export's arguments (one value per parameter)", ("rest",)),
        CommandSpec("break", "break LINE", "set a breakpoint on a line of the current tab", ("int",)),
        CommandSpec("argv", "argv WORD...", "a WASI program's command-line arguments, after its name (none: no "
                    "arguments), as the run bar's Args field", ("rest",)),
        CommandSpec("env", "env NAME=VALUE...", "a WASI program's environment variables (none: an empty "
                    "environment), as the run bar's Environment table", ("assignments",)),
        CommandSpec("folder", "folder PATH NAME", "let a WASI program read a folder inside the samples folder, "
                    "read-only, as NAME (the run bar's Folders)", ("text", "text")),
        CommandSpec("stdin", "stdin LINE", "type LINE in the Console for the running WASI program's standard input "
                    "(Enter included)", ("text",)),
        CommandSpec("stdin-end", "stdin-end", "end the WASI program's standard input, as Ctrl+D in the Console"),
        CommandSpec("debug", "debug", "start the export paused: at the first breakpoint, else at its entry"),
        CommandSpec("run", "run", "run the export (or the WGSL shader) to the end"),
        CommandSpec("continue", "continue", "run to the next breakpoint"),
        CommandSpec("pause", "pause", "pause the running program where it is (a WASI program waiting for input: "
                    "before its read)"),
        CommandSpec("step-into", "step-into", "one instruction, entering calls"),
        CommandSpec("step-over", "step-over", "one instruction; a call runs to its end"),
        CommandSpec("step-out", "step-out", "until the current function returns"),
        CommandSpec("step-back", "step-back", "back one instruction, exactly"),
        CommandSpec("reverse-continue", "reverse-continue", "back to the previous breakpoint hit (or the start)"),
        CommandSpec("stop", "stop", "end the current tab's session"),
        CommandSpec("demo", "demo compare|image|digits", "open a demo in its own tab", ("demo",)),
        CommandSpec("dock", "dock NAME", "show a panel: stack, callstack, locals, labels, globals, memory, "
                    "bytecode, console, problems, runner, dispatch", ("text",)),
        CommandSpec("resize", "resize W H", "resize the window (it stays within the screen)", ("int", "int")),
        CommandSpec("wait", "wait SECONDS", "pause before the next command", ("number",)),
        CommandSpec("screenshot", "screenshot FILE.png", "save a picture of the window", ("text",)),
        CommandSpec("state", "state", "print one JSON line: file, export, args, status, line, function, stack, "
                    "window, screen"),
        CommandSpec("quit", "quit", "close the window and end the program"),
    )
}

# The window commands (command registry ids) that the session commands trigger.
REGISTRY_IDS = {
    "debug": "debug", "run": "run", "continue": "continue", "pause": "pause", "step-into": "step_into", "step-over": "step_over",
    "step-out": "step_out", "step-back": "step_back", "reverse-continue": "reverse_continue", "stop": "stop",
}  # fmt: skip


@dataclass(frozen=True)
class LessonCommand:
    """One line of a script: the command's name and its arguments, read as its spec says."""

    line: int
    name: str
    args: tuple = ()

    @property
    def text(self) -> str:
        return " ".join([self.name, *(str(a) for a in self.args)])


def _read(kind: str, word: str, spec: CommandSpec):
    if kind == "int":
        try:
            value = int(word, 0)
        except ValueError:
            raise ValueError(f"{spec.name}: {word!r} is not a whole number (usage: {spec.usage})") from None
        if value < 1:
            raise ValueError(f"{spec.name}: {word} must be 1 or more (usage: {spec.usage})")
        return value
    if kind == "number":
        try:
            value = float(word)
        except ValueError:
            raise ValueError(f"{spec.name}: {word!r} is not a number of seconds (usage: {spec.usage})") from None
        if not 0 <= value <= 3600:
            raise ValueError(f"{spec.name}: {word} seconds is out of range (0 to 3600)")
        return value
    if kind == "demo" and word not in DEMO_NAMES:
        raise ValueError(f"demo: no demo called {word!r} (demos: {', '.join(DEMO_NAMES)})")
    return word


def _assignment(word: str, spec: CommandSpec) -> None:
    """A NAME=VALUE word, by the rule of the command line's --env and the run bar's Environment table."""
    try:
        parse_env_option(word, spec.name)
    except WasiConfigError as exc:
        raise ValueError(f"{exc} (usage: {spec.usage})") from None


def parse_line(text: str, line: int = 1) -> LessonCommand | None:
    """One script line as a LessonCommand (None for a blank line or a comment); ValueError says what is wrong."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    try:
        words = shlex.split(stripped, comments=True)  # `#` starts a comment, on a line of its own or after a command
    except ValueError as exc:
        raise ValueError(f"cannot read the line: {exc}") from None
    if not words:
        return None
    name, rest = words[0].lower(), words[1:]
    spec = COMMANDS.get(name)
    if spec is None:
        raise ValueError(f"unknown command {words[0]!r}; a lesson knows: {', '.join(COMMANDS)}")
    if spec.kinds == ("rest",):
        return LessonCommand(line, name, tuple(rest))
    if spec.kinds == ("assignments",):
        for word in rest:
            _assignment(word, spec)
        return LessonCommand(line, name, tuple(rest))
    if len(rest) != len(spec.kinds):
        wanted = len(spec.kinds)
        raise ValueError(
            f"{name} takes {wanted or 'no'} argument{'' if wanted == 1 else 's'}, got {len(rest)} (usage: {spec.usage})"
        )
    return LessonCommand(line, name, tuple(_read(kind, word, spec) for kind, word in zip(spec.kinds, rest)))


def parse_lesson(text: str, file: str | None = None) -> list[LessonCommand]:
    """Every command of a script, checked before anything runs; LessonError names the first bad line."""
    commands = []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            command = parse_line(raw, number)
        except ValueError as exc:
            raise LessonError(str(exc), file=file, line=number) from None
        if command is not None:
            commands.append(command)
    return commands


def read_lesson(path: str | Path) -> list[LessonCommand]:
    """Read and parse a script file (LessonError when it cannot be read)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(f"cannot read the lesson script: {exc}", file=str(path)) from None
    return parse_lesson(text, str(path))


def resolve_file(name: str, script: Path | None, cwd: Path, samples: Path | None) -> Path | None:
    """Where `open NAME` finds its file: as given (absolute), beside the script, in the working folder,
    or among the shipped samples; None when it is in none of them."""
    path = Path(name).expanduser()
    if path.is_absolute():
        return path if path.exists() else None
    places = [script.parent if script is not None else None, cwd, samples]
    for folder in places:
        if folder is not None and (folder / path).exists():
            return folder / path
    return None
