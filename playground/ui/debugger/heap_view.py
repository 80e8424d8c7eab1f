"""The heap panel (3.0 GC): the structs and arrays the program can reach now, with their fields and who allocated each.

It renders `Snapshot.heap` (debug/heap_view.py): one row per object
(`struct#12  $node  allocated by $build+7 ... at step 31`), its fields under
it (filled in when the row is opened: a big heap costs one row per object).
A field that refers to another object reads `→ struct#7` and is underlined:
clicking it selects that object (`select`), as clicking a reference in the
stack or locals panels does. Clicking "allocated by" shows the allocating
instruction in the source (`locationSelected`). The rows opened and the
object selected stay so from stop to stop (objects keep their numbers).
`appeared` is emitted when objects show after a stop without any, so the
window can bring the panel forward.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from playground.debug.snapshot import Snapshot
from playground.ui.debugger.stack_panel import link_style

IDLE_TEXT = "Debug a module that uses structs or arrays (3.0 GC): the objects it can reach show here."
NO_GC_TEXT = "This module defines no struct or array types: it has no GC heap to show."
EMPTY_TEXT = "No struct or array is reachable yet: objects show here once struct.new or array.new makes them."
OPEN_ALL_UNDER = 16  # with fewer objects than this, every object's fields are shown at once
NUMBER, KIND = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1  # an object's number; what a row is


class HeapPanel(QWidget):
    locationSelected = Signal(object)
    appeared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.note = QLabel(IDLE_TEXT, wordWrap=True)
        self.tree = _object_tree()
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemExpanded.connect(self._fill)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self.heap = None
        self._items: dict[int, QTreeWidgetItem] = {}  # object number -> its row
        self._opened: set[int] = set()
        self.render(None)

    # --- showing a stop -----------------------------------------------------------------------
    def render(self, snapshot: Snapshot | None) -> None:
        had = bool(self.heap and self.heap.objects)
        selected = self.selected_number()
        if self.heap is not None:
            self._opened = {n for n, item in self._items.items() if item.isExpanded()}
        heap = snapshot.heap if snapshot is not None else None
        self.heap = heap
        self.tree.clear()
        self._items = {}
        objects = heap.objects if heap is not None else ()
        open_all = len(objects) < OPEN_ALL_UNDER
        for obj in objects:
            item = QTreeWidgetItem([obj.label, obj.type_name, obj.summary])
            item.setData(0, NUMBER, obj.number)
            item.setToolTip(0, f"{obj.label}: reached from {obj.reached_from}")
            item.setToolTip(2, f"allocated by {obj.allocated_by}")
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.tree.addTopLevelItem(item)
            self._items[obj.number] = item
            if open_all or obj.number in self._opened:
                item.setExpanded(True)
        if heap is None:
            self.note.setText(IDLE_TEXT if snapshot is None else NO_GC_TEXT)
        else:
            self.note.setText(f"{heap.note}, reachable from the stacks, locals, globals and tables" if objects else EMPTY_TEXT)
        self.tree.setVisible(bool(objects))
        if selected is not None:
            self.select(selected)
        if objects and not had:
            self.appeared.emit()

    def _fill(self, item: QTreeWidgetItem) -> None:
        """An object's row opened: its allocation site and its fields."""
        if item.childCount() or item.parent() is not None or self.heap is None:
            return
        obj = self.heap.find(item.data(0, NUMBER))
        if obj is None:
            return
        site = QTreeWidgetItem(["allocated by", "", obj.allocated_by])
        site.setData(0, KIND, obj.allocated_at)
        site.setToolTip(2, obj.allocated_by)
        if obj.allocated_at is not None:
            link_style(site, 2)
        item.addChild(site)
        for field in obj.fields:
            child = QTreeWidgetItem([field.name, field.type, field.text])
            child.setToolTip(2, field.text)
            if field.ref is not None:
                child.setData(0, NUMBER, field.ref)
                link_style(child, 2)
            item.addChild(child)
        if obj.more_items:
            item.addChild(QTreeWidgetItem(["...", "", f"{obj.more_items:,} more elements"]))

    # --- clicks -----------------------------------------------------------------------------
    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is None:
            return
        location = item.data(0, KIND)
        if location is not None:
            self.locationSelected.emit(location)
            return
        number = item.data(0, NUMBER)
        if number is not None:
            self.select(number)

    def select(self, number: int) -> bool:
        """Select and show object `number`; False when it is not listed now."""
        item = self._items.get(number)
        if item is None:
            return False
        item.setExpanded(True)
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item, QTreeWidget.ScrollHint.PositionAtTop)
        return True

    def selected_number(self) -> int | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, NUMBER) if item is not None else None

    # --- for tests ---------------------------------------------------------------------------
    def object_rows(self) -> list[tuple[str, str]]:
        """(label, type) of every object listed, in order."""
        return [(self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1))
                for i in range(self.tree.topLevelItemCount())]

    def field_rows(self, number: int) -> list[tuple[str, str, str]]:
        """(name, type, value) of object `number`'s rows (opening it)."""
        item = self._items[number]
        item.setExpanded(True)
        return [(item.child(k).text(0), item.child(k).text(1), item.child(k).text(2)) for k in range(item.childCount())]

    def row_of(self, number: int, name: str) -> QTreeWidgetItem:
        """Object `number`'s row named `name` (`field 1`, `allocated by`)."""
        item = self._items[number]
        item.setExpanded(True)
        return next(item.child(k) for k in range(item.childCount()) if item.child(k).text(0) == name)


def _object_tree() -> QTreeWidget:
    """Objects, their fields under them: name, type, value."""
    tree = QTreeWidget()
    tree.setHeaderLabels(["Object", "Type", "Value"])
    for column, width in ((0, 130), (1, 190)):
        tree.setColumnWidth(column, width)
    tree.setUniformRowHeights(True)
    tree.setToolTip("Click a → reference to go to that object; click 'allocated by' to see the instruction")
    return tree
