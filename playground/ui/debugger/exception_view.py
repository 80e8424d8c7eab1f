"""The exception panel (3.0): the exception about to be thrown, its tag, payload and the handler it will land in.

Rows come from workbench/exception_rows.py. Clicking the handler's row or
its landing place shows that instruction in the source (`locationSelected`).
After the throw is stepped, the panel says where it was caught; with no
exception it says what it is for. `appeared` is emitted when an exception
shows after a stop without one, so the window can bring the panel forward.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from playground.debug.snapshot import Snapshot
from playground.workbench.exception_rows import EMPTY_TEXT, caught_note, exception_rows


class ExceptionPanel(QWidget):
    locationSelected = Signal(object)
    appeared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.note = QLabel(EMPTY_TEXT)
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["", "Value"])
        self.tree.setColumnWidth(0, 110)
        self.tree.itemClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self._last: Snapshot | None = None
        self.render(None)

    def render(self, snapshot: Snapshot | None) -> None:
        had = self._last is not None and self._last.exception is not None
        caught = caught_note(self._last, snapshot)
        self._last = snapshot
        self.tree.clear()
        rows = exception_rows(snapshot)
        for row in rows:
            item = QTreeWidgetItem([row.label, row.text])
            item.setData(0, Qt.ItemDataRole.UserRole, row.location)
            item.setToolTip(1, f"{row.text}\n\n{row.tooltip}" if row.tooltip else row.text)  # a narrow dock cuts the text
            if row.location is not None:
                font = item.font(1)
                font.setUnderline(True)
                item.setFont(1, font)
            for label, text in row.children:
                item.addChild(QTreeWidgetItem([label, text]))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.tree.setVisible(bool(rows))
        self.note.setText(caught or ("" if rows else EMPTY_TEXT))
        self.note.setVisible(bool(caught) or not rows)
        if rows and not had:
            self.appeared.emit()

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        location = item.data(0, Qt.ItemDataRole.UserRole)
        if location is not None:
            self.locationSelected.emit(location)

    def texts(self) -> list[tuple[str, str]]:
        """(label, text) of every row, children after their parent; for tests."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            out.append((item.text(0), item.text(1)))
            out.extend((item.child(k).text(0), item.child(k).text(1)) for k in range(item.childCount()))
        return out
