"""The linear-memory viewer: a virtualized hex table, a go-to box, a value inspector, "Who wrote this?".

While a session is paused the bytes can be edited (double-click, two hex
digits): `bytesEdited(address, data)` asks the window to write them through
the debugger.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.debug.snapshot import MemorySource, Snapshot
from playground.errors import PlaygroundError
from playground.ui.widgets.hex_model import HexModel
from playground.ui.widgets.hex_table import HexTable
from playground.ui.widgets.panes import header_row, side_by_side
from playground.wasm.types import PAGE_SIZE
from playground.workbench.address import evaluate_address
from playground.workbench.inspect_values import inspect_bytes
from playground.workbench.status_text import describe_writer

NO_RECORDER_TIP = "Needs the debugger's write recorder, which this session does not have"


LONGEST_VALUE = "-2.2250738585072014e-308"  # the widest reading: an f64 (an i64 or u64 in full has 20 digits)
CELL_PADDING = 10  # a tree cell's margins, each side


class MemoryView(QWidget):
    """Memory of the session. `whoWroteFound(step, Location)` asks the window to jump to the writer."""

    whoWroteFound = Signal(int, object)
    message = Signal(str)  # for the status bar
    bytesEdited = Signal(int, bytes)  # address, new bytes

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None
        self.model = HexModel()
        self.model.byteEdited.connect(lambda address, value: self.bytesEdited.emit(address, bytes([value])))
        self.table = HexTable(self.model)
        self.table.setEditTriggers(HexTable.EditTrigger.DoubleClicked | HexTable.EditTrigger.EditKeyPressed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.goto = QLineEdit()
        self.goto.setPlaceholderText("Go to address: 0x400, 1024, $ptr+16")
        self.goto.setToolTip("Hex or decimal, or an expression over the current frame's locals, e.g. $ptr+16")
        self.goto.returnPressed.connect(lambda: self.go_to(self.goto.text()))
        self.info = QLabel("no memory")
        top = header_row(self.goto, self.info)

        self.inspector = QTreeWidget()
        self.inspector.setHeaderLabels(["Type", "Value (little-endian)"])
        self.inspector.setRootIsDecorated(False)
        # Wide enough for the longest reading (an f64 or an i64 in full), never cut to "-92233720…"
        metrics = self.inspector.fontMetrics()
        type_width = metrics.horizontalAdvance("Type") + 2 * CELL_PADDING
        value_width = max(metrics.horizontalAdvance(LONGEST_VALUE), metrics.horizontalAdvance("Value (little-endian)"))
        self.inspector.setColumnWidth(0, type_width)
        self.inspector.setMinimumWidth(type_width + value_width + 2 * CELL_PADDING + 2 * self.inspector.frameWidth())

        self.who_wrote_action = QAction("Who wrote this?", self)
        self.who_wrote_action.triggered.connect(self.who_wrote_selected)

        splitter = side_by_side(self.table, self.inspector, stretch=(4, 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)  # a tall dock gives its height to the bytes, not around the go-to row
        self._update_info()

    # --- data -------------------------------------------------------------------

    def set_editable(self, on: bool) -> None:
        """Allow editing bytes (only while the debugger is paused)."""
        self.model.editable = on

    def set_source(self, source: MemorySource | None) -> None:
        """Show another memory (or none)."""
        self.model.set_source(source)
        self._update_info()

    def refresh(self) -> None:
        """Re-read the memory after a step: follows memory.grow."""
        self.model.refresh()
        self._update_info()
        self._selection_changed()

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        """Tint the bytes the last step wrote and keep the frame for go-to expressions."""
        self.snapshot = snapshot
        self.model.set_changed(snapshot.changed_memory if snapshot else ())
        self.refresh()

    def _update_info(self) -> None:
        size = len(self.model.data_bytes)
        if not size:
            self.info.setText("no memory")
        else:
            pages = size / PAGE_SIZE
            self.info.setText(f"{size:,} bytes, {pages:g} page{'s' if pages != 1 else ''}")

    # --- navigation --------------------------------------------------------------

    def go_to(self, text: str) -> int | None:
        """Scroll to and select the address `text` denotes; a bad expression goes to the status bar."""
        try:
            address = evaluate_address(text, self.snapshot)
        except PlaygroundError as exc:
            self.message.emit(f"go to: {exc}")
            self.goto.setStyleSheet("color: #e51400;")
            return None
        self.goto.setStyleSheet("")
        if address >= len(self.model.data_bytes):
            self.message.emit(f"go to: 0x{address:x} is past the end of memory (0x{len(self.model.data_bytes):x} bytes)")
            return None
        self.select_address(address)
        return address

    def select_address(self, address: int, length: int = 1) -> None:
        index = self.model.index_of(address)
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select
        for a in range(address, min(address + max(1, length), len(self.model.data_bytes))):
            selection.select(self.model.index_of(a), flags)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
        self._selection_changed()

    def selected_address(self) -> int | None:
        """The lowest selected byte's address (the ASCII column counts as its row's first byte)."""
        addresses = [self.model.address_of(index) for index in self.table.selectionModel().selectedIndexes()]
        addresses = [a for a in addresses if a is not None]
        return min(addresses) if addresses else None

    # --- inspector ------------------------------------------------------------------

    def _selection_changed(self, *_args) -> None:
        self.inspector.clear()
        address = self.selected_address()
        if address is None:
            return
        data = self.model.data_bytes
        head = QTreeWidgetItem(["at", f"0x{address:08x} ({address})"])
        self.inspector.addTopLevelItem(head)
        for label, text in inspect_bytes(bytes(data[address : address + 8])):
            self.inspector.addTopLevelItem(QTreeWidgetItem([label, text]))

    def inspector_values(self) -> dict[str, str]:
        """The inspector's rows as {type: text}, for tests."""
        return {
            self.inspector.topLevelItem(i).text(0): self.inspector.topLevelItem(i).text(1)
            for i in range(self.inspector.topLevelItemCount())
        }

    # --- who wrote this? ------------------------------------------------------------

    def _context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and not self.table.selectionModel().isSelected(index):
            self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        self.update_who_wrote_action()
        menu.addAction(self.who_wrote_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def update_who_wrote_action(self) -> None:
        """Enabled only when the memory source can answer (the debugger's recorder)."""
        available = callable(self.model.source.who_wrote)
        self.who_wrote_action.setEnabled(available and self.selected_address() is not None)
        self.who_wrote_action.setToolTip(
            "Find the instruction (or the data segment) that last wrote this byte" if available else NO_RECORDER_TIP)

    def who_wrote_selected(self) -> None:
        address = self.selected_address()
        who_wrote = self.model.source.who_wrote
        if address is None or not callable(who_wrote):
            self.message.emit(NO_RECORDER_TIP)
            return
        found = who_wrote(address)
        if found is None:
            self.message.emit(f"no recorded write to 0x{address:x} in this session")
            return
        step, location = found
        self.message.emit(f"0x{address:x}: {describe_writer(step, location)}")
        self.whoWroteFound.emit(step, location)

