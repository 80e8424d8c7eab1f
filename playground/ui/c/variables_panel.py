"""The C variables panel: one C frame's variables, as gdb prints them, with structs and arrays opening.

It renders one frame of the `CState` a stop carries (workbench/c_state.py;
computed on the session's worker, every frame's variables): the frame the
stop marks (the innermost with C source: main's, when the program waits
in libc's getchar) or the one clicked in the Call stack, under a line that
says which frame it is. One row per variable with its name, type and value;
a struct's members, an array's elements and what a pointer points to are
its children. Rows that were open stay open from one stop to the next.

"Show in memory" (the context menu, or a double-click) asks the window to
select a variable's bytes in the Memory view (`showInMemory(address, size,
what)`): a pointer's target (a C string up to its NUL), an array's or a
struct's bytes, an int's four.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from playground.workbench.c_state import CState, CVarNode, frame_heading

COLUMNS = ("Name", "Type", "Value")
COLUMN_GAP = 10  # pixels between a column's longest text and the next column
NODE = Qt.ItemDataRole.UserRole  # each row keeps its CVarNode


class CVariablesPanel(QWidget):
    """See the module docstring; `show_state(None)` empties it."""

    showInMemory = Signal(int, int, str)  # address, size, what ("values", "*p")

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
        self.tree.setExpandsOnDoubleClick(False)  # a double-click shows the bytes; the arrow opens a row
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self.show_in_memory(item))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.where)
        layout.addWidget(self.tree)
        self._open: set[tuple[str, ...]] = set()  # paths of the rows the user opened
        self.level = 0  # the frame shown (0: the innermost)
        self.tree.itemExpanded.connect(lambda item: (self._open.add(self._path(item)), self._fit_columns()))
        self.tree.itemCollapsed.connect(lambda item: self._open.discard(self._path(item)))

    def show_state(self, state: CState | None, level: int = 0, *, clicked: bool = False) -> None:
        """Show frame `level` (0: the innermost) of one stop's C state; `clicked`: chosen in the Call stack."""
        self.tree.clear()
        self.level = level
        if state is None:
            self.where.setText("Debug a compiled C program (Ctrl+D) to see its variables.")
            return
        self.where.setText(frame_heading(state, level, clicked=clicked))
        variables = state.frames[level].variables if 0 <= level < len(state.frames) and not state.problem else ()
        self.tree.blockSignals(True)
        for node in variables:
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

    # --- show in memory ------------------------------------------------------------------------
    def show_in_memory(self, item: QTreeWidgetItem, own: bool = False) -> bool:
        """Ask for the row's bytes in the Memory view (a pointer's target unless `own`); False when it has none."""
        node: CVarNode | None = item.data(0, NODE) if item is not None else None
        if node is None:
            return False
        where = (node.address, max(node.size, 1)) if own and node.address is not None else None if own else node.memory_range()
        if where is None:
            return False
        what = self._label(item)
        self.showInMemory.emit(where[0], where[1], f"*{what}" if node.target is not None and not own else what)
        return True

    def _context_menu(self, position) -> None:
        item = self.tree.itemAt(position)
        node: CVarNode | None = item.data(0, NODE) if item is not None else None
        if node is None:
            return
        menu = QMenu(self)
        what = self._label(item)
        if node.target is not None:
            menu.addAction(f"Show what {what} points to in memory", lambda: self.show_in_memory(item))
        if node.address is not None:
            menu.addAction(f"Show {what} in memory", lambda: self.show_in_memory(item, own=True))
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(position))

    def _label(self, item: QTreeWidgetItem) -> str:
        """A row as C writes it: `values`, `pt.x`, `values[2]`, `*p`."""
        path = self._path(item)
        text = path[0]
        for part in path[1:]:
            text = f"*{text}" if part == "*" else text + part
        return text

    def _item(self, node: CVarNode) -> QTreeWidgetItem:
        item = QTreeWidgetItem([node.name, node.type, node.value])
        item.setData(0, NODE, node)
        where = f"\nat {node.address:#x}" if node.address is not None else ""
        hint = "\ndouble-click: show in Memory" if node.memory_range() is not None else ""
        item.setToolTip(2, f"{node.value}{where}{hint}")
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
