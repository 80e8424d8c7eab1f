"""A small note on a C tab's editor: the C text changed since the running session's compile.

A debug session runs the binary it started with, and its DWARF numbers the
lines of the text compiled then. When the learner edits the C text during
the session, the current-line mark, the breakpoints' lines and the linked
view's colours still refer to that older text; the note says so in the
editor's top right corner (over the text, clear of the scroll bar), with
what to do in its tooltip, instead of letting the marks quietly point at
the wrong lines. It hides when the text is back as compiled or the session
ends (ui/c/feature.py decides when).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

TEXT = "⚠ Source changed since this session started: lines and breakpoints refer to the compiled version"
TIP = ("This debug session runs the program as it was compiled when it started. "
       "Press Debug (Ctrl+D) to compile your changes and start again.")
MARGIN = 6
WIDTH_SHARE = 0.6  # two lines in a 600-pixel editor: it covers the ends of the first lines, not the code under them


class SourceChangedNote(QLabel):
    """See the module docstring. `show_note(True/False)`; it keeps to the editor's top right corner."""

    def __init__(self, editor) -> None:
        super().__init__(TEXT, editor)
        self.editor = editor
        self.setObjectName("sourceChangedNote")
        self.setToolTip(TIP)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(8, 4, 8, 4)
        self.setAutoFillBackground(True)
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.hide()
        self._follow = _Resized(editor, self.place)

    def show_note(self, on: bool) -> None:
        if on:
            self.set_colours()
            self.place()
            self.raise_()
        self.setVisible(on)

    def set_colours(self) -> None:
        """An amber note, readable on the light and the dark editor alike."""
        dark = self.editor.palette().base().color().lightness() < 128
        background, text, border = ("#4d3d12", "#ffe7a3", "#c99a2e") if dark else ("#fff4cc", "#5c4400", "#e0b74a")
        self.setStyleSheet(f"QLabel#sourceChangedNote {{ background: {background}; color: {text}; "
                           f"border: 1px solid {border}; border-radius: 4px; }}")

    def place(self) -> None:
        """At the top right of the editor's text area, at most WIDTH_SHARE of its width wide."""
        area = self.editor.viewport().geometry()
        width = max(160, min(self.sizeHint().width(), int(area.width() * WIDTH_SHARE)))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        self.setGeometry(area.right() - width - MARGIN, area.top() + MARGIN, width, height)


class _Resized(QObject):
    """Calls `on_resize` whenever the editor changes size."""

    def __init__(self, editor, on_resize) -> None:
        super().__init__(editor)
        self.on_resize = on_resize
        editor.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.on_resize()
        return False
