"""The console: program output (host imports' prints), traps with their location, session notes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

_COLORS = {"out": None, "info": "#1e88e5", "error": "#e51400", "result": "#2e7d32"}


class ConsolePanel(QWidget):
    """A read-only log with a Clear button. `write(text, kind)` appends one message."""

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

    def write(self, text: str, kind: str = "out") -> None:
        """Append `text` (a newline is added when missing); `kind` picks the colour: out, info, error, result."""
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        fmt = QTextCharFormat()
        color = _COLORS.get(kind)
        if color:
            fmt.setForeground(QColor(color))
        cursor.insertText(text if text.endswith("\n") else text + "\n", fmt)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def text(self) -> str:
        return self.view.toPlainText()

    def clear(self) -> None:
        self.view.clear()
