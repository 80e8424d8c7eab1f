"""The linear-memory viewer: a virtualized hex table, a go-to box, a value inspector, "Who wrote this?".

While a session is paused the bytes can be edited (double-click, two hex
digits): `bytesEdited(address, data)` asks the window to write them through
the debugger.

WebAssembly 3.0: an instance with several memories gets a chooser (named
from the name section or the `$id`s, else `memory N`; hidden while there is
one memory): `memoryChosen(index)` asks the window for that memory. A 64-bit
memory (memory64) prints its addresses with 16 hex digits. Bytes of a memory
other than memory 0 are not editable, and the last step's writes are tinted
in memory 0 only (the snapshot's changed ranges are memory 0's).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
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
from playground.ui.widgets.hex_model import ASCII_COLUMN, BYTES_PER_ROW, HexModel
from playground.ui.widgets.hex_table import HexTable
from playground.ui.widgets.panes import header_row, side_by_side
from playground.wasm.types import PAGE_SIZE
from playground.workbench.address import evaluate_address
from playground.workbench.inspect_values import inspect_bytes
from playground.workbench.status_text import describe_writer

NO_RECORDER_TIP = "Needs the debugger's write recorder, which this session does not have"
ONLY_MEMORY_0_EDITS = "Bytes can be edited in memory 0 only; choose it to edit"
CHOOSER_TIP = ("This instance has several memories (WebAssembly 3.0: multiple memories); "
               "loads and stores name the one they use. Choose the one to show.")


class MemoryHexModel(HexModel):
    """The hex model of a Wasm memory: addresses of 8 hex digits, or 16 for a 64-bit memory."""

    address_digits = 8

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and self.address_digits != 8:
            address = self.address_of(index)
            if address is None or index.column() == ASCII_COLUMN:
                return None
            value = self.source.data[address]
            return f"0x{address:0{self.address_digits}x} ({address}): {value} = 0x{value:02x}"
        return super().data(index, role)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return f"{section * BYTES_PER_ROW:0{self.address_digits}x}"
        return super().headerData(section, orientation, role)


# What the size label says when there are no bytes to show: nothing has run yet, or the module declares no memory.
NOTHING_PAUSED = "no memory yet: Debug a program to see its memory"
NO_MEMORY = "this module has no linear memory"
LONGEST_VALUE = "-2.2250738585072014e-308"  # the widest reading: an f64 (an i64 or u64 in full has 20 digits)
CELL_PADDING = 10  # a tree cell's margins, each side


class MemoryView(QWidget):
    """Memory of the session. `whoWroteFound(step, Location)` asks the window to jump to the writer."""

    whoWroteFound = Signal(int, object)
    message = Signal(str)  # for the status bar
    bytesEdited = Signal(int, bytes)  # address, new bytes
    memoryChosen = Signal(int)  # the index of the memory to show (3.0: several)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None
        self.model = MemoryHexModel()
        self._editable = False
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
        self.info = QLabel(NOTHING_PAUSED)
        self.chooser = QComboBox()
        self.chooser.setToolTip(CHOOSER_TIP)
        self.chooser.setVisible(False)
        self.chooser.activated.connect(lambda row: self.memoryChosen.emit(self.chooser.itemData(row)))
        top = header_row(self.goto, self.info)
        top.insertWidget(0, self.chooser)

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
        """Allow editing bytes (only while the debugger is paused, and in memory 0)."""
        self._editable = on
        self.model.editable = on and self.memory_index == 0
        self.table.setToolTip(ONLY_MEMORY_0_EDITS if on and self.memory_index != 0 else "")

    @property
    def memory(self):
        """The shown memory's MemoryInfo (debug/memories.py), None for a plain buffer or none."""
        return self.model.source.memory

    @property
    def memory_index(self) -> int:
        return self.memory.index if self.memory is not None else 0

    def set_source(self, source: MemorySource | None) -> None:
        """Show another memory (or none); its instance's memories fill the chooser when there are several."""
        self.model.address_digits = source.memory.address_digits if source is not None and source.memory is not None else 8
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setMinimumWidth(metrics.horizontalAdvance("0" * self.model.address_digits) + 16)
        self.model.set_source(source)
        self._fill_chooser(source.memories if source is not None else ())
        self.set_editable(self._editable)
        self._update_info()

    def _fill_chooser(self, memories) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for info in memories:
            self.chooser.addItem(info.label, info.index)
        self.chooser.setCurrentIndex(max(self.chooser.findData(self.memory_index), 0))
        self.chooser.setVisible(len(memories) > 1)
        self.chooser.blockSignals(False)

    def choose_memory(self, index: int) -> None:
        """As if the user chose memory `index` in the chooser."""
        row = self.chooser.findData(index)
        if row >= 0:
            self.chooser.setCurrentIndex(row)
            self.memoryChosen.emit(index)

    def address_text(self, address: int) -> str:
        """An address for messages: `0x14`, or `$b[0x14]` naming the memory when the instance has several."""
        memory = self.memory
        return memory.at(address) if memory is not None and len(self.model.source.memories) > 1 else f"{address:#x}"

    def refresh(self) -> None:
        """Re-read the memory after a step: follows memory.grow."""
        self.model.refresh()
        self._update_info()
        self._selection_changed()

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        """Tint the bytes the last step wrote and keep the frame for go-to expressions."""
        self.snapshot = snapshot
        self.model.set_changed(snapshot.changed_memory if snapshot and self.memory_index == 0 else ())
        self.refresh()

    def _update_info(self) -> None:
        size = len(self.model.data_bytes)
        if not size:
            self.info.setText(NO_MEMORY if self.snapshot is not None else NOTHING_PAUSED)
        else:
            pages = size / PAGE_SIZE
            wide = ", 64-bit addresses" if self.memory is not None and self.memory.is64 else ""
            self.info.setText(f"{size:,} bytes, {pages:g} page{'s' if pages != 1 else ''}{wide}")

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
        memory = self.memory
        if memory is not None and address >= memory.address_limit:
            bits = 64 if memory.is64 else 32
            self.message.emit(f"go to: 0x{address:x} is not a {bits}-bit address ({memory.name} has {bits}-bit addresses)")
            return None
        if address >= len(self.model.data_bytes):
            self.message.emit(f"go to: {self.address_text(address)} is past the end of memory (0x{len(self.model.data_bytes):x} bytes)")
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
        head = QTreeWidgetItem(["at", f"0x{address:0{self.model.address_digits}x} ({address})"])
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
            self.message.emit(f"no recorded write to {self.address_text(address)} in this session")
            return
        step, location = found
        self.message.emit(f"{self.address_text(address)}: {describe_writer(step, location)}")
        self.whoWroteFound.emit(step, location)

