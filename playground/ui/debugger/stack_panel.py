"""The operand stack, top first, with the validator's type stack beside it (the learner overlay).

In a narrow dock (under NARROW_WIDTH, as in the C tab's middle column) the
types go under the values instead, in one row, top first: side by side,
both would be slivers.

Values pushed by the last step are highlighted; values it popped are listed
below the stack, struck out and faded, so one step's effect reads at a glance.
Double-clicking a value (while paused) edits it in place: `valueEdited(depth, text)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QLabel,
    QListWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.debug.snapshot import Snapshot, ValueView
from playground.ui.widgets.panes import header_row, side_by_side

PUSHED_BG = QColor(46, 160, 67, 70)
NARROW_WIDTH = 330  # below this the types go under the values
POPPED_FG = QColor(140, 140, 140)
LINK_FG = QColor(40, 110, 220)
REF_ROLE = Qt.ItemDataRole.UserRole + 2  # the GC object a value cell refers to (3.0)


def value_text(value: ValueView, hex: bool) -> str:
    """The text of a value in the chosen base (references have no hex form)."""
    return value.hex if hex else value.text


def show_reference(item: QTreeWidgetItem, column: int, value: ValueView) -> None:
    """A reference to a GC object (`→ struct#12`) looks like a link; its number is kept for `referenceClicked`."""
    if value.ref is None:
        return
    item.setData(column, REF_ROLE, value.ref)
    link_style(item, column)
    item.setToolTip(column, f"{value.type} {value.text}: click to see it in the Heap panel")


def link_style(item: QTreeWidgetItem, column: int) -> None:
    """A cell that can be clicked to go somewhere: underlined, in the link colour."""
    font = item.font(column)
    font.setUnderline(True)
    item.setFont(column, font)
    item.setForeground(column, QBrush(LINK_FG))


def clicked_reference(item: QTreeWidgetItem, column: int) -> int | None:
    """The GC object number of a clicked reference cell, else None."""
    number = item.data(column, REF_ROLE)
    return int(number) if number is not None else None


class StackPanel(QWidget):
    """Renders `Snapshot.stack`/`pushed`/`popped` and `type_stack`; the Hex box switches bases."""

    hexChanged = Signal(bool)
    valueEdited = Signal(int, str)  # depth (0: the top), the typed text
    referenceClicked = Signal(int)  # a GC object's number (3.0: a `→ struct#12` value was clicked)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None
        self.hex_box = QCheckBox("Hex")
        self.hex_box.setToolTip("Show integers and float bit patterns in hexadecimal")
        self.hex_box.toggled.connect(self._hex_toggled)
        self.summary = QLabel("")
        header = header_row(self.summary, self.hex_box, margins=(4, 2))

        self.values = QTreeWidget()
        self.values.setHeaderLabels(["#", "Type", "Value"])
        self.values.setRootIsDecorated(False)
        self.values.setUniformRowHeights(True)
        self.values.setColumnWidth(0, 56)
        self.values.setColumnWidth(1, 56)
        self.values.setToolTip("Double-click a value to change it while paused")
        self.editable = False
        self._editing: QTreeWidgetItem | None = None  # the row the user is editing: only its change is an edit
        self.values.itemDoubleClicked.connect(self._double_clicked)
        self.values.itemChanged.connect(self._item_changed)
        self.values.itemClicked.connect(self._clicked)

        self.types_box = QWidget()
        self.types_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.types_box)
        self.types_layout.setContentsMargins(0, 0, 0, 0)
        types_label = QLabel("Validator's types")
        types_label.setToolTip("The type stack the validator computed before the current instruction")
        self.types = QListWidget()
        self.types_layout.addWidget(types_label)
        self.types_layout.addWidget(self.types)
        self.types_box.setVisible(False)
        # As wide as its title (and "externref"): a third of a narrow dock cut both.
        widest = max(types_label.sizeHint().width(), self.types.fontMetrics().horizontalAdvance("externref") + 24)
        self.types_box.setMinimumWidth(widest + 8)
        self._wide_minimum = widest + 8

        self.splitter = side_by_side(self.values, self.types_box, stretch=(3, 1))
        self.narrow = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.splitter)
        self.render(None)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.set_narrow(self.width() < NARROW_WIDTH)

    def set_narrow(self, narrow: bool) -> None:
        """The types beside the values (wide) or in one row under them (narrow)."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        self.splitter.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)
        self.types_layout.setDirection(QBoxLayout.Direction.LeftToRight if narrow else QBoxLayout.Direction.TopToBottom)
        self.types.setFlow(QListWidget.Flow.LeftToRight if narrow else QListWidget.Flow.TopToBottom)
        row = self.types.fontMetrics().height() + 10
        self.types_box.setMinimumWidth(0 if narrow else self._wide_minimum)
        self.types_box.setMaximumHeight(row if narrow else 16777215)
        self.types.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if narrow else Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    @property
    def hex(self) -> bool:
        return self.hex_box.isChecked()

    def set_hex(self, on: bool) -> None:
        self.hex_box.setChecked(on)

    def _hex_toggled(self, on: bool) -> None:
        self.render(self.snapshot)
        self.hexChanged.emit(on)

    def render(self, snapshot: Snapshot | None) -> None:
        """Show a snapshot (None: empty)."""
        self.snapshot = snapshot
        self._editing = None
        self.values.clear()
        stack = snapshot.stack if snapshot else ()
        pushed = snapshot.pushed if snapshot else 0
        popped = snapshot.popped if snapshot else ()
        first_pushed = len(stack) - pushed
        for depth, index in enumerate(reversed(range(len(stack)))):
            value = stack[index]
            item = QTreeWidgetItem([str(depth), value.type, value_text(value, self.hex)])
            item.setData(0, Qt.ItemDataRole.UserRole, "pushed" if index >= first_pushed else "stack")
            item.setData(1, Qt.ItemDataRole.UserRole, depth)
            item.setToolTip(2, f"{value.text}   {value.hex}")
            show_reference(item, 2, value)
            if index >= first_pushed:
                for column in range(3):
                    item.setBackground(column, QBrush(PUSHED_BG))
                font = item.font(2)
                font.setBold(True)
                item.setFont(2, font)
            self.values.addTopLevelItem(item)
        for value in popped:
            item = QTreeWidgetItem(["popped", value.type, value_text(value, self.hex)])
            item.setData(0, Qt.ItemDataRole.UserRole, "popped")
            item.setToolTip(2, "consumed by the last step")
            for column in range(3):
                font = QFont(item.font(column))
                font.setStrikeOut(True)
                item.setFont(column, font)
                item.setForeground(column, QBrush(POPPED_FG))
            self.values.addTopLevelItem(item)
        if snapshot is None or (not stack and not popped):
            self.summary.setText("Operand stack: empty")
        else:
            self.summary.setText(f"Operand stack: {len(stack)} value{'s' if len(stack) != 1 else ''}")
        self.types.clear()
        type_stack = snapshot.type_stack if snapshot else None
        self.types_box.setVisible(type_stack is not None)
        for valtype in reversed(type_stack or ()):
            self.types.addItem(valtype)

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        number = clicked_reference(item, column)
        if number is not None:
            self.referenceClicked.emit(number)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if not self.editable or item.data(0, Qt.ItemDataRole.UserRole) == "popped":
            return
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self._editing = item
        self.values.editItem(item, 2)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        depth = item.data(1, Qt.ItemDataRole.UserRole)
        if column == 2 and depth is not None and item is self._editing:
            self._editing = None
            self.valueEdited.emit(int(depth), item.text(2).strip())

    def edit_value(self, depth: int, text: str) -> None:
        """As if the user typed `text` over the value at `depth` (tests)."""
        item = self.values.topLevelItem(depth)
        if item is not None and self.editable:
            self._editing = item
            item.setText(2, text)

    def rows(self) -> list[tuple[str, str, str]]:
        """(mark, type, shown text) per row, top first: mark is "pushed", "stack" or "popped". For tests."""
        out = []
        for i in range(self.values.topLevelItemCount()):
            item = self.values.topLevelItem(i)
            out.append((item.data(0, Qt.ItemDataRole.UserRole), item.text(1), item.text(2)))
        return out
