"""The console: program output (host imports' prints), traps with their location, session notes, and typed input.

A WASI program reads its standard input from the input row under the log
(shown while the current tab holds such a program): Enter sends the line
with its newline, Ctrl+D or the End button the end of input, as in a
terminal. The console only offers what was typed (`inputEntered`,
`endOfInput`); the window passes it to the tab's session and echoes it
(`write(line, "input")`). A notice of kind INPUT_WAIT ("rot13.wasm waits
for input", or "" when the wait is over) is no log line: it shows beside the
field, which takes the keyboard, so the user sees where to type.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeySequence, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from playground.workbench.wasi_run import INPUT_WAIT

_COLORS = {"out": None, "info": "#1e88e5", "error": "#e51400", "result": "#2e7d32", "input": "#8e24aa"}
# The same kinds on the dark palette's #16181d (the light ones were dim there: purple input at a 2:1 contrast).
_DARK_COLORS = {"out": None, "info": "#64b5f6", "error": "#ff6b6b", "result": "#81c784", "input": "#ce93d8"}
_END_KEY = QKeySequence("Ctrl+D")
# The field's grey text: short enough to read whole in a 430 px Console (a 1280 px window); the keys in the tooltip.
IDLE_PLACEHOLDER = "type a line and press Enter"
WAITING_PLACEHOLDER = "waiting for input: type, press Enter"
INPUT_TIP = "What the program reads from its standard input: Enter sends the line, Ctrl+D ends the input"


class InputLine(QLineEdit):
    """The standard-input field: Ctrl+D here is the end of input, not the window's Debug shortcut."""

    endOfInput = Signal()

    def event(self, event) -> bool:  # noqa: D102
        if event.type() == QEvent.Type.ShortcutOverride and self._is_end(event):
            event.accept()  # the key comes to this field instead of the window's shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self._is_end(event):
            self.endOfInput.emit()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _is_end(event) -> bool:
        return QKeySequence(event.keyCombination()) == _END_KEY


class ConsolePanel(QWidget):
    """A read-only log with a Clear button, and the input row. `write(text, kind)` appends one message."""

    inputEntered = Signal(str)  # a line typed for the program (without its newline)
    endOfInput = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setMaximumBlockCount(10000)  # a runaway print loop must not eat the memory
        clear = QToolButton()
        clear.setText("Clear")
        clear.setToolTip("Clear the console")
        clear.clicked.connect(self.clear)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addStretch(1)
        bar.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(self._input_row())
        self.waiting = False  # the program waits for typed input (the cue shows)
        self.show_input(False)

    def _input_row(self) -> QWidget:
        self.input_row = QWidget()
        self.input_cue = QLabel("stdin")
        self.input_cue.setToolTip("What the program reads from its standard input")
        self.input = InputLine()
        self.input.setFont(self.view.font())
        self.input.setPlaceholderText(IDLE_PLACEHOLDER)
        self.input.setToolTip(INPUT_TIP)
        self.input.returnPressed.connect(self._send_line)
        self.input.endOfInput.connect(self.endOfInput)
        self.end_button = QToolButton()
        self.end_button.setText("End input")
        self.end_button.setToolTip("Send the end of input (Ctrl+D in the field), as a closed pipe: the program reads no more")
        self.end_button.clicked.connect(self.endOfInput)
        row = QHBoxLayout(self.input_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.input_cue)
        row.addWidget(self.input, 1)
        row.addWidget(self.end_button)
        return self.input_row

    def write(self, text: str, kind: str = "out") -> None:
        """Append `text` (a newline is added when missing); `kind` picks the colour: out, info, error, result, input.

        INPUT_WAIT is the cue that the program waits for typed input (see the module docstring).
        """
        if kind == INPUT_WAIT:
            self.set_waiting(text)
            return
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        fmt = QTextCharFormat()
        color = self._colors().get(kind)
        if color:
            fmt.setForeground(QColor(color))
        cursor.insertText(text if text.endswith("\n") else text + "\n", fmt)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def show_input(self, on: bool) -> None:
        """Show the input row (the current tab holds a program that reads standard input) or hide it."""
        self.input_row.setVisible(on)

    def set_waiting(self, text: str) -> None:
        """Say beside the field that the program waits (`text`), and give the field the keyboard; "" ends the cue."""
        self.waiting = bool(text)
        self.input_cue.setText("⌨ waiting" if text else "stdin")
        self.input_cue.setStyleSheet(f"color: {self._colors()['input']}; font-weight: bold" if text else "")
        self.input.setToolTip(text or INPUT_TIP)
        self.input.setPlaceholderText(WAITING_PLACEHOLDER if text else IDLE_PLACEHOLDER)
        # the field framed in the cue's colour: where to type stands out (the status bar says it too)
        self.input.setStyleSheet(f"QLineEdit {{ border: 2px solid {self._colors()['input']}; }}" if text else "")
        if text and self.input_row.isVisible():
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _colors(self) -> dict[str, str | None]:
        """The kinds' colours for the palette the console has now (a line keeps the colour it was written in)."""
        return _DARK_COLORS if self.view.palette().color(QPalette.ColorRole.Base).lightness() < 128 else _COLORS

    def _send_line(self) -> None:
        line = self.input.text()
        self.input.clear()
        self.inputEntered.emit(line)

    def text(self) -> str:
        return self.view.toPlainText()

    def clear(self) -> None:
        self.view.clear()
