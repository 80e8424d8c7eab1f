"""The call stack: frames innermost first; clicking one shows its locals and its place in the source.

A caller's frame is stopped at its return point (the instruction after the
call); the debugger gives its `call_site` too, the call instruction itself,
which is what people expect to see for a caller.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from playground.debug.snapshot import FrameView, Snapshot


class CallStackPanel(QListWidget):
    """Emits `frameSelected(FrameView)` and `locationSelected(Location)` when a frame is clicked."""

    frameSelected = Signal(object)
    locationSelected = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._frames: list[FrameView] = []
        self._locations: list = []
        self.currentRowChanged.connect(self._row_changed)
        self.itemClicked.connect(lambda item: self._row_changed(self.row(item)))

    def render(self, snapshot: Snapshot | None) -> None:
        """List the frames of `snapshot`, innermost (the current one) first and selected."""
        self.blockSignals(True)
        self.clear()
        self._frames = list(reversed(snapshot.frames)) if snapshot else []
        self._locations = [
            frame.location if i == 0 or frame.call_site is None else frame.call_site
            for i, frame in enumerate(self._frames)
        ]
        for location in self._locations:
            item = QListWidgetItem(f"{location}    {location.instr_text}")
            where = f"line {location.span.line}" if location.span else (f"offset 0x{location.offset:x}" if location.offset is not None else "")
            item.setToolTip(f"function {location.func_index} ${location.func_name}, instruction {location.instr_index} {where}")
            self.addItem(item)
        if self._frames:
            self.setCurrentRow(0)
        self.blockSignals(False)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._frames):
            frame = self._frames[row]
            self.frameSelected.emit(frame)
            self.locationSelected.emit(self._locations[row])
