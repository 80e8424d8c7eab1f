"""Running a lesson script in the real window: each command through the window's own commands, one after another.

`LessonRunner` takes the commands `workbench.lesson_script` parsed and runs
them on the Qt event loop. The debugger's commands go through the command
registry exactly as their menu entries and keys do (a disabled one is an
error that says why, as its tooltip would); after each, the runner waits
until what it started has stopped and been shown (every tab's session idle,
the news delivered), so `state` and `screenshot` see the stop; a WASI
program whose read waits for a line counts as stopped, so that the next
command can type it (`stdin`, through the Console's own path). A failing
command prints `LESSON.txt:LINE: message` on stderr and ends the program
with status 1; a script that ends without `quit` leaves the window open for
the class to carry on.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, TextIO

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from playground.errors import PlaygroundError
from playground.resources import ResourceNotFound, resource_dir
from playground.workbench.lesson_script import REGISTRY_IDS, LessonCommand, LessonError, resolve_file
from playground.workbench.wasi_inputs import Folder

POLL_MS = 20
TIMEOUT_S = 120.0  # the longest a command may take before the script gives up on it
SETTLE_S = 0.05  # after a resize or a dock: let Qt lay the window out


def lesson_state(window, opened_as: dict | None = None) -> dict:
    """The `state` line: the current tab's file, export, arguments, session status and stop, the geometries."""
    buffer = window.current_buffer()
    debugger = window.debugger
    session = debugger.session_of(buffer)
    snapshot = session.last_snapshot if session is not None else None
    location = snapshot.location if snapshot is not None else None
    status = session.status_word if session is not None else "idle"
    stopped_at = location is not None and status in ("paused", "trapped")
    export = debugger.run_bar.current_export() if session is not None else None
    if buffer is None:
        file = None
    else:
        file = (opened_as or {}).get(buffer) or (str(buffer.path) if buffer.path else buffer.title)
    frame, area = window.frameGeometry(), window.available_geometry()
    hex_shown = debugger.stack_panel.hex
    return {
        "file": file,
        "export": export.name if export is not None else None,
        "args": debugger.run_bar.arguments() if export is not None else [],
        "status": status,
        "line": location.span.line if stopped_at and location.span is not None else None,
        "function": location.func_name if stopped_at else None,
        "stack": [v.hex if hex_shown else v.text for v in snapshot.stack] if snapshot is not None else [],
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "screen": [area.x(), area.y(), area.width(), area.height()],
    }


class LessonRunner(QObject):
    """Runs parsed lesson commands in `window`.

    `finished(status)` when the script ran to its end (0, the window stays) or
    failed (1); `exitRequested(status)` when the program should end: after
    `quit` (0) or a failure (1).
    """

    finished = Signal(int)
    exitRequested = Signal(int)

    def __init__(
        self,
        window,
        commands: list[LessonCommand],
        *,
        script: Path | None = None,
        pause: float = 0.0,
        out: TextIO | None = None,
        err: TextIO | None = None,
        timeout: float = TIMEOUT_S,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.commands = list(commands)
        self.script = Path(script) if script is not None else None
        self.pause = pause
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.timeout = timeout
        self.opened_as: dict = {}  # Buffer -> the path as the script wrote it
        self.index = 0
        self.status: int | None = None  # set when the script ended
        self._until: Callable[[], bool] | None = None
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        window.closing.connect(self._window_closed)
        self._handlers = {
            "open": self._open, "tab": self._tab, "export": self._export, "args": self._args, "break": self._break,
            "argv": self._argv, "env": self._env, "folder": self._folder, "stdin": self._stdin,
            "stdin-end": self._stdin_end, "demo": self._demo, "dock": self._dock, "resize": self._resize, "wait": self._wait,
            "screenshot": self._screenshot, "state": self._state, "quit": self._quit,
        }  # fmt: skip

    # --- the loop ------------------------------------------------------------------------------
    def start(self) -> None:
        """Run the commands from the event loop (the window shows first)."""
        self._timer.start(0)

    def _step(self) -> None:
        if self.status is not None:
            return
        if self._until is not None:  # the last command's work is still under way
            try:
                done = self._until()
            except PlaygroundError as exc:
                self._fail(self.commands[self.index - 1], str(exc))
                return
            if not done:
                if time.monotonic() > self._deadline:
                    command = self.commands[self.index - 1]
                    self._fail(command, f"{command.name} did not finish within {self.timeout:g} s")
                    return
                self._timer.start(POLL_MS)
                return
            self._until = None
            if self.pause:
                self._timer.start(int(self.pause * 1000))
                return
        if self.index >= len(self.commands):
            self._end(0)  # no `quit`: the window stays open for the class to carry on
            return
        command = self.commands[self.index]
        self.index += 1
        try:
            self._until = self.execute(command)
        except PlaygroundError as exc:
            self._fail(command, exc.message if isinstance(exc, LessonError) else str(exc))
            return
        if self.status is None:
            self._deadline = time.monotonic() + self.timeout
            self._timer.start(0)

    def execute(self, command: LessonCommand) -> Callable[[], bool] | None:
        """Carry out one command; returns what must become true before the next one runs (None: nothing)."""
        registry_id = REGISTRY_IDS.get(command.name)
        if registry_id is not None:
            return self._session_command(command, registry_id)
        return self._handlers[command.name](*command.args)

    def _fail(self, command: LessonCommand, message: str) -> None:
        where = str(self.script) if self.script is not None else "lesson"
        print(f"{where}:{command.line}: {message}", file=self.err, flush=True)
        self._end(1)
        self.exitRequested.emit(1)

    def _window_closed(self) -> None:
        """The learner closed the window: the lesson ends there, no command runs against a closed window."""
        self._timer.stop()
        if self.status is None:
            self._end(0)

    def _end(self, status: int) -> None:
        self.status = status
        self.finished.emit(status)

    # --- commands ----------------------------------------------------------------------------
    def _settled(self) -> bool:
        """Every tab's session idle, or standing still until a line is typed (a WASI program's read), the news
        shown; the current tab's waiting program shown as running (as the learner sees it: Pause is enabled)."""
        debugger = self.window.debugger
        if not debugger.busy:
            return True
        if debugger.bridge.pending:
            return False
        if any(session.busy and not session.controller.waits_for_input for session in debugger.sessions.values()):
            return False
        active = debugger.active
        return active is None or not active.busy or active.status_word == "running"

    def _session_command(self, command: LessonCommand, registry_id: str) -> Callable[[], bool]:
        window = self.window
        buffer = window.current_buffer()
        if registry_id == "run" and buffer is not None and buffer.language == "wgsl":
            return self._run_shader()
        if not window.commands.trigger(registry_id):
            action = window.commands.action(registry_id)
            why = action.toolTip() or action.statusTip()
            raise PlaygroundError(f"{command.name} is not available now: {why}")
        return self._settled

    def _run_shader(self) -> Callable[[], bool]:
        """`run` on a WGSL tab: once the runner knows its adapter, dispatch, and wait for the dispatch."""
        gpu = self.window.gpu
        runner = gpu.ensure_runner()
        gpu.current_tab_changed(self.window.current_buffer())
        state = {"started": False}

        def done() -> bool:
            if not state["started"]:
                ok, why = runner.can_run()
                if not ok:
                    if runner.adapter_reason is not None and "checking" not in runner.adapter_reason:
                        raise PlaygroundError(f"run: the shader cannot run here: {why}")
                    return False  # still probing the adapter or compiling
                state["started"] = gpu.run_current()
                return False
            return not runner.worker.busy

        return done

    def _open(self, name: str) -> Callable[[], bool]:
        try:
            samples = resource_dir("samples")
        except ResourceNotFound:
            samples = None
        path = resolve_file(name, self.script, Path.cwd(), samples)
        if path is None:
            raise PlaygroundError(f"open: no file {name!r} beside the script, in {Path.cwd()} or among the samples")
        buffer = self.window.open_file(path)
        if buffer is None:
            raise PlaygroundError(f"open: cannot open {path} (the console says why)")
        self.opened_as[buffer] = name
        # ready once checked: a WAT tab's exports come from its check
        return lambda: buffer.checker is None or buffer.result is not None

    def _tab(self, number: int) -> None:
        count = self.window.tabs.count()
        if number > count:
            raise PlaygroundError(f"tab: there {'is' if count == 1 else 'are'} {count} tab{'s' if count != 1 else ''}")
        self.window.tabs.setCurrentIndex(number - 1)

    def _export(self, name: str) -> None:
        bar = self.window.debugger.run_bar
        if self.window.debugger.active is None:
            raise PlaygroundError("export: the current tab is not a WAT or .wasm file")
        if not bar.select_export(name):
            names = ", ".join(sig.name for sig in bar.exports) or "none"
            raise PlaygroundError(f"export: no exported function {name!r} (exports: {names})")

    def _args(self, *values: str) -> None:
        bar = self.window.debugger.run_bar
        sig = bar.current_export()
        if sig is None:
            raise PlaygroundError("args: no export is chosen (open a WAT file, then `export NAME`)")
        if len(values) != len(sig.params):
            count = len(sig.params)
            raise PlaygroundError(f"args: {sig.name} takes {count} argument{'' if count == 1 else 's'}, got {len(values)}")
        bar.set_arguments(list(values))

    def _break(self, line: int) -> None:
        buffer = self.window.current_buffer()
        if buffer is None:
            raise PlaygroundError("break: no tab is open")
        lines = buffer.editor.document().blockCount()
        if line > lines:
            raise PlaygroundError(f"break: {buffer.title} has {lines} lines")
        if line not in buffer.editor.breakpoints:
            buffer.editor.toggle_breakpoint(line)

    # --- a WASI program's inputs: the run bar's fields and the Console's input row ----------------------
    def _wasi_inputs(self, command: str, **changes) -> None:
        wasi = self.window.debugger.wasi
        buffer = self.window.current_buffer()
        try:
            wasi.set_inputs(replace(wasi.inputs_of(buffer), **changes))
        except PlaygroundError as exc:
            raise PlaygroundError(f"{command}: {exc}") from None

    def _argv(self, *words: str) -> None:
        self._wasi_inputs("argv", args=shlex.join(words))

    def _env(self, *rows: str) -> None:
        self._wasi_inputs("env", env=rows)

    def _folder(self, path: str, name: str) -> None:
        """A folder inside the samples folder, read-only, seen as `name` (replacing one seen by that name)."""
        try:
            samples = resource_dir("samples").resolve()
        except ResourceNotFound:
            raise PlaygroundError("folder: the samples folder is not installed") from None
        host = (samples / Path(path).expanduser()).resolve()
        if not host.is_relative_to(samples) or not host.is_dir():
            raise PlaygroundError(f"folder: {path!r} is not a folder inside the samples folder ({samples}): "
                                  "a lesson lets a program read only those, read-only")
        folders = self.window.debugger.wasi.inputs_of(self.window.current_buffer()).folders
        kept = tuple(f for f in folders if f.guest_name != name)
        self._wasi_inputs("folder", folders=(*kept, Folder(str(host), name, read_only=True)))

    def _stdin(self, line: str) -> Callable[[], bool]:
        try:
            self.window.debugger.wasi.type_line(line)
        except PlaygroundError as exc:
            raise PlaygroundError(f"stdin: {exc}") from None
        return self._settled

    def _stdin_end(self) -> Callable[[], bool]:
        try:
            self.window.debugger.wasi.end_input()
        except PlaygroundError as exc:
            raise PlaygroundError(f"stdin-end: {exc}") from None
        return self._settled

    def _demo(self, name: str) -> Callable[[], bool]:
        if self.window.demos.open_named(name) is None:
            raise PlaygroundError(f"demo: the {name} demo cannot start (the console says why)")
        return self._after(SETTLE_S)

    def _dock(self, name: str) -> Callable[[], bool]:
        window = self.window
        key = name.lower().replace("-", "_")
        if key in ("runner", "wgsl_runner"):
            window.gpu.show_runner()
        elif key == "dispatch":
            window.gpu.show_dispatch()
        elif key in window.docks:
            dock = window.docks[key]
            dock.show()
            dock.raise_()
        else:
            raise PlaygroundError(f"dock: no panel called {name!r} (panels: {', '.join([*window.docks, 'runner', 'dispatch'])})")
        return self._after(SETTLE_S)

    def _resize(self, width: int, height: int) -> Callable[[], bool]:
        self.window.resize(width, height)
        self.window.fit_to_screen()
        return self._after(SETTLE_S)

    def _wait(self, seconds: float) -> Callable[[], bool]:
        return self._after(seconds)

    @staticmethod
    def _after(seconds: float) -> Callable[[], bool]:
        until = time.monotonic() + seconds
        return lambda: time.monotonic() >= until

    def _screenshot(self, name: str) -> None:
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        target.parent.mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        if not self.window.grab().save(str(target)):
            raise PlaygroundError(f"screenshot: cannot write {target}")

    def _state(self) -> None:
        print(json.dumps(lesson_state(self.window, self.opened_as)), file=self.out, flush=True)

    def _quit(self) -> None:
        self._end(0)
        self.window.editor.files.ask_unsaved = lambda titles: "discard"  # a lesson never asks
        self.window.close()
        self.exitRequested.emit(0)
