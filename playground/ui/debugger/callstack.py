"""The call stack: frames innermost first; clicking one shows its locals and its place in the source.

A caller's frame is stopped at its return point (the instruction after the
call); the debugger gives its `call_site` too, the call instruction itself,
which is what people expect to see for a caller.

A frame that replaced others by tail calls (3.0) gets a second, tinted line,
`↻ tail call, replaced N frames`, and a tooltip explaining tail calls; so
does the current frame when its next instruction is a tail call. What each
row says comes from workbench/call_stack_rows.py.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from playground.debug.snapshot import Snapshot
from playground.workbench.call_stack_rows import CallStackRow, call_stack_rows

TAIL_CALL_BG = QColor(64, 128, 230, 60)  # a translucent blue: readable on light and dark themes
NEXT_TAIL_CALL = "↻ next instruction replaces this frame"


class CallStackPanel(QListWidget):
    """Emits `frameSelected(FrameView)` and `locationSelected(Location)` when a frame is clicked."""

    frameSelected = Signal(object)
    locationSelected = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CallStackRow] = []
        self.currentRowChanged.connect(self._row_changed)
        self.itemClicked.connect(lambda item: self._row_changed(self.row(item)))

    def render(self, snapshot: Snapshot | None) -> None:
        """List the frames of `snapshot`, innermost (the current one) first and selected."""
        self.blockSignals(True)
        self.clear()
        self._rows = call_stack_rows(snapshot)
        for row in self._rows:
            marks = [m for m in (row.mark, NEXT_TAIL_CALL if row.about_to_tail_call else "") if m]
            item = QListWidgetItem("\n".join([row.text] + [f"    {m}" for m in marks]))
            item.setToolTip(row.tooltip)
            if marks:
                item.setBackground(QBrush(TAIL_CALL_BG))
            self.addItem(item)
        if self._rows:
            self.setCurrentRow(0)
        self.blockSignals(False)

    def texts(self) -> list[str]:
        """Each row's shown text (with its tail-call line), innermost first; for tests."""
        return [self.item(i).text() for i in range(self.count())]

    def location(self, row: int):
        """Where row `row` points (the current instruction, or a caller's call); None past the rows."""
        return self._rows[row].location if 0 <= row < len(self._rows) else None

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.frameSelected.emit(self._rows[row].frame)
            self.locationSelected.emit(self._rows[row].location)
