"""Tables of a frame's state: its locals, its open labels (the control stack), and the module's globals.

Locals and globals can be edited while paused: double-click a value, type,
press Enter; `valueEdited(key, text)` asks the window to make the edit
through the session (so stepping back undoes it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from playground.debug.snapshot import FrameView, GlobalView
from playground.ui.debugger.stack_panel import clicked_reference, show_reference, value_text


class _Table(QTreeWidget):
    valueEdited = Signal(object, str)  # the row's key (local or global index), the typed text
    referenceClicked = Signal(int)  # a GC object's number (3.0: a `→ struct#12` value was clicked)

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.hex = False
        self.editable = False  # the window turns it on while a session is paused
        self._editing: QTreeWidgetItem | None = None  # the row the user is editing: only its change is an edit
        self.itemDoubleClicked.connect(self._double_clicked)
        self.itemChanged.connect(self._item_changed)
        self.itemClicked.connect(self._clicked)

    def _add(self, texts: list[str], key=None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(texts)
        if key is not None:
            item.setData(0, Qt.ItemDataRole.UserRole, key)
        self.addTopLevelItem(item)
        return item

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        number = clicked_reference(item, column)
        if number is not None:
            self.referenceClicked.emit(number)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if not self.editable or item.data(0, Qt.ItemDataRole.UserRole) is None:
            return
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self._editing = item
        self.editItem(item, 2)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if column == 2 and key is not None and item is self._editing:
            self._editing = None
            self.valueEdited.emit(key, item.text(2).strip())

    def edit_row(self, row: int, text: str) -> None:
        """As if the user typed `text` over row `row`'s value (tests)."""
        item = self.topLevelItem(row)
        if item is not None and self.editable:
            self._editing = item
            item.setText(2, text)

    def set_hex(self, on: bool) -> None:
        self.hex = on
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the data last shown."""

    def texts(self) -> list[list[str]]:
        """Every row's cell texts, for tests."""
        return [
            [self.topLevelItem(i).text(c) for c in range(self.columnCount())] for i in range(self.topLevelItemCount())
        ]


class _FrameTable(_Table):
    """A table showing one frame: `show_frame` keeps it and redraws."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(headers, parent)
        self.frame: FrameView | None = None

    def show_frame(self, frame: FrameView | None) -> None:
        self.frame = frame
        self.refresh()


class LocalsPanel(_FrameTable):
    """The locals (parameters first) of one frame."""

    def __init__(self, parent=None) -> None:
        super().__init__(["Name", "Type", "Value"], parent)

    def refresh(self) -> None:
        self.clear()
        for local in self.frame.locals if self.frame else ():
            name = f"{local.name} (param)" if local.is_param else local.name
            item = self._add([name, local.value.type, value_text(local.value, self.hex)], local.index)
            item.setToolTip(2, f"{local.value.text}   {local.value.hex}")
            show_reference(item, 2, local.value)


class GlobalsPanel(_Table):
    """The module's globals with their mutability."""

    def __init__(self, parent=None) -> None:
        super().__init__(["Name", "Type", "Value"], parent)
        self.globals: tuple[GlobalView, ...] = ()

    def show_globals(self, globals_: tuple[GlobalView, ...]) -> None:
        self.globals = tuple(globals_)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for glob in self.globals:
            type_text = f"mut {glob.value.type}" if glob.mutable else glob.value.type
            item = self._add([glob.name, type_text, value_text(glob.value, self.hex)], glob.index)
            item.setToolTip(0, f"global {glob.index}")
            show_reference(item, 2, glob.value)


class LabelsPanel(_FrameTable):
    """The open blocks of one frame (its control stack), innermost first."""

    def __init__(self, parent=None) -> None:
        super().__init__(["Kind", "Label", "Arity", "Instructions"], parent)

    def refresh(self) -> None:
        self.clear()
        for label in reversed(self.frame.labels if self.frame else ()):
            span = f"{label.start_index}..{label.end_index}"
            self._add([label.kind, label.label or "", str(label.arity), span])
