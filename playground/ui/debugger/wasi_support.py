"""WASI programs in the window: their run-bar fields per tab and file, and standard input typed in the Console.

A tab whose module imports `wasi_snapshot_preview1` shows the run bar's
WASI fields (wasi_fields.py) and the Console's input row; other tabs hide
both. Each tab keeps its own inputs; a saved file's are also kept in the
window's settings (one JSON text, `InputsBook`, under SETTINGS_KEY), so
reopening the program brings them back. Run and Debug read them from the
run bar (feature.py's `run_request`).

A line typed in the Console goes, with its newline, to the current tab's
session as a `StandardInput` record (passed on at once: the program may be
waiting for it on the session's worker) and is echoed in the log; End input
(or Ctrl+D) sends the end of input. A lesson script sets the same fields
(`set_inputs`) and types the same lines (`type_line`, `end_input`).
"""

from __future__ import annotations

from playground.errors import PlaygroundError
from playground.hosts.wasi import imports_wasi
from playground.workbench.session_commands import StandardInput
from playground.workbench.wasi_inputs import InputsBook, WasiInputs
from playground.workbench.wasi_run import NO_PROGRAM

SETTINGS_KEY = "wasi/inputs"


def module_of(buffer):
    """The checked module of a WAT or .wasm buffer, or None (not checked yet, or broken)."""
    result = buffer.result
    if result is None:
        return None
    return result.binary_module or result.module


def is_wasi_program(buffer) -> bool:
    """Whether `buffer` holds a runnable module that imports WASI."""
    if buffer is None or not buffer.runnable:
        return False
    module = module_of(buffer)
    return module is not None and imports_wasi(module)


class WasiSupport:
    """Owned by the debugger feature as `debugger.wasi`; see the module docstring."""

    def __init__(self, debugger) -> None:
        self.debugger = debugger
        self.window = window = debugger.window
        self.run_bar = debugger.run_bar
        self.console = window.console
        self.book = InputsBook.loads(window.settings.value(SETTINGS_KEY))
        self.inputs: dict[object, WasiInputs] = {}  # by Buffer: each tab's, as last edited
        self.shown = None  # the buffer whose inputs the run bar shows (None: not a WASI tab)
        self.run_bar.wasi.changed.connect(self._edited)
        window.currentBufferChanged.connect(self.show)
        window.bufferChecked.connect(lambda buffer: self.show(buffer) if buffer is window.current_buffer() else None)
        window.bufferClosed.connect(lambda buffer: self.inputs.pop(buffer, None))
        self.console.inputEntered.connect(self.send_line)
        self.console.endOfInput.connect(self.send_end)

    @staticmethod
    def _key(buffer) -> str | None:
        return str(buffer.path) if buffer.path else None

    def inputs_of(self, buffer) -> WasiInputs:
        """The tab's inputs: as edited in this window, else as saved for its file, else the defaults."""
        found = self.inputs.get(buffer)
        if found is None and self._key(buffer):
            found = self.book.get(self._key(buffer))
        return found or WasiInputs()

    def show(self, buffer) -> None:
        """Show the WASI fields and the input row for a WASI program's tab, hide them for any other."""
        wasi = is_wasi_program(buffer)
        self.shown = buffer if wasi else None
        self.run_bar.show_wasi(self.inputs_of(buffer) if wasi else None)
        self.console.show_input(wasi)

    def _edited(self) -> None:
        buffer = self.shown
        if buffer is None:
            return
        inputs = self.run_bar.wasi.inputs()
        self.inputs[buffer] = inputs
        key = self._key(buffer)
        if key:
            self.book.put(key, inputs)
            self.window.settings.setValue(SETTINGS_KEY, self.book.dumps())

    def set_inputs(self, inputs: WasiInputs) -> None:
        """Fill the current tab's WASI fields, kept as an edit there would be (a lesson's `argv`, `env`, `folder`)."""
        if self.shown is None:
            raise PlaygroundError("the current tab's module does not import wasi_snapshot_preview1: "
                                  "open a WASI program (a .wasm built from C, say) first")
        self.run_bar.show_wasi(inputs)
        self._edited()

    # --- standard input ---------------------------------------------------------------------
    def send_line(self, line: str) -> None:
        """A line typed in the Console: to the current tab's program, with its newline, and echoed."""
        self._reported(self.type_line, line)

    def send_end(self) -> None:
        """End input (Ctrl+D): the program's reads return what is left, then the end of file."""
        self._reported(self.end_input)

    def type_line(self, line: str) -> None:
        """`send_line`, with a PlaygroundError when no WASI program runs in the tab (a lesson's `stdin`)."""
        self._send(StandardInput((line + "\n").encode()))
        self.console.write(line, "input")

    def end_input(self) -> None:
        """`send_end`, with a PlaygroundError when no WASI program runs in the tab (a lesson's `stdin-end`)."""
        self._send(StandardInput(end=True))
        self.console.write("(end of input)", "info")

    def _reported(self, action, *args) -> None:
        try:
            action(*args)
        except PlaygroundError as exc:
            self.window.report_error(exc)

    def _send(self, record: StandardInput) -> None:
        session = self.debugger.active
        if session is None or not session.started:
            raise PlaygroundError(NO_PROGRAM)
        session.controller.send(record)
