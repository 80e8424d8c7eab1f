"""The C variables panel: the innermost C frame's variables, as gdb prints them, with structs and arrays opening.

It renders the `CState` a stop carries (workbench/c_state.py; computed on
the session's worker): one row per variable with its name, type and value;
a struct's members, an array's elements and what a pointer points to are
its children. Rows that were open stay open from one stop to the next.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from playground.workbench.c_state import CState, CVarNode, base_name

COLUMNS = ("Name", "Type", "Value")
COLUMN_GAP = 10  # pixels between a column's longest text and the next column


class CVariablesPanel(QWidget):
    """See the module docstring; `show_state(None)` empties it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.where = QLabel("")
        self.where.setContentsMargins(6, 3, 6, 3)
        self.where.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.tree.setColumnWidth(0, 64)
        self.tree.setColumnWidth(1, 56)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.where)
        layout.addWidget(self.tree)
        self._open: set[tuple[str, ...]] = set()  # paths of the rows the user opened
        self.tree.itemExpanded.connect(lambda item: (self._open.add(self._path(item)), self._fit_columns()))
        self.tree.itemCollapsed.connect(lambda item: self._open.discard(self._path(item)))

    def show_state(self, state: CState | None) -> None:
        """Show one stop's C state."""
        self.tree.clear()
        if state is None:
            self.where.setText("Debug a compiled C program (Ctrl+D) to see its variables.")
            return
        if state.problem:
            self.where.setText(state.problem)
        elif state.function:
            place = f" at {base_name(state.file)}:{state.line}" if state.line is not None else ""
            self.where.setText(f"in {state.function}{place}")
        else:
            self.where.setText("The program is not running.")
        self.tree.blockSignals(True)
        for node in state.variables:
            item = self._item(node)
            self.tree.addTopLevelItem(item)
            self._reopen(item)  # (an item opens only once it is in the tree)
        self.tree.blockSignals(False)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Name and type as wide as their texts (up to a third of the width each); the value gets the rest."""
        most = max(60, self.tree.viewport().width() // 3)
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column) + COLUMN_GAP, most))

    def rows(self) -> list[tuple[str, str, str]]:
        """The top-level rows as (name, type, value): for tests."""
        return [tuple(self.tree.topLevelItem(i).text(c) for c in range(3)) for i in range(self.tree.topLevelItemCount())]

    def find(self, *path: str) -> QTreeWidgetItem | None:
        """The row at `path` (`find("pts", "[1]", ".x")`), or None."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        found = None
        for name in path:
            found = next((item for item in items if item.text(0) == name), None)
            if found is None:
                return None
            items = [found.child(i) for i in range(found.childCount())]
        return found

    def _item(self, node: CVarNode) -> QTreeWidgetItem:
        item = QTreeWidgetItem([node.name, node.type, node.value])
        item.setToolTip(2, node.value if node.address is None else f"{node.value}\nat {node.address:#x}")
        for child in node.children:
            item.addChild(self._item(child))
        return item

    def _reopen(self, item: QTreeWidgetItem) -> None:
        if self._path(item) in self._open:
            item.setExpanded(True)
        for i in range(item.childCount()):
            self._reopen(item.child(i))

    @staticmethod
    def _path(item: QTreeWidgetItem) -> tuple[str, ...]:
        names = []
        while item is not None:
            names.append(item.text(0))
            item = item.parent()
        return tuple(reversed(names))
