"""The binary beside the source: sections as a tree with offsets and sizes, and a hex dump.

`highlight_instruction(ref)` marks an instruction's bytes (the editor's cursor
moved onto it); clicking a byte emits `instructionSelected(InstrRef)` for the
instruction that holds it, so the window can select it in the editor.
The Annotated mode explains every byte (playground.wasm.annotate), as
`wat2wasm -v` does, in a tree: offset, bytes, meaning.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.debug.snapshot import MemorySource
from playground.ui.widgets.hex_model import HexModel
from playground.ui.widgets.hex_table import HexTable
from playground.ui.widgets.panes import header_row, side_by_side
from playground.wasm.model import Module
from playground.workbench.bytecode_rows import section_rows
from playground.workbench.instr_map import InstrMap, InstrRef

MAX_ANNOTATED_ROWS = 200_000  # past this, the tree would take seconds to fill: say so instead
NO_BINARY = "No binary yet: open a .wasm file, or a WAT file that assembles."


def no_binary_text(errors: int = 0, language: str = "wat") -> str:
    """What the view says without a binary: why, and where to look when the tab's source has errors."""
    if not errors:
        return NO_BINARY
    what = "This C file does not compile" if language == "c" else "This WAT does not assemble"
    return f"{what} yet: see Problems ({errors} error{'' if errors == 1 else 's'})"


class BytecodeView(QWidget):
    """Sections tree + hex dump of one binary."""

    instructionSelected = Signal(object)  # InstrRef
    message = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.data = b""
        self.map = InstrMap()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Section", "Offset", "Size"])
        # The name takes what the offset and the size leave: a fixed 200 px name pushed Size out of sight.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setMinimumWidth(self.fontMetrics().horizontalAdvance("Custom \"name\" 0x000000 12345") + 40)
        self.tree.itemClicked.connect(self._tree_clicked)
        self.model = HexModel()
        self.hex = HexTable(self.model)
        self.hex.clicked.connect(self._byte_clicked)
        self.annotated_button = QToolButton()
        self.annotated_button.setText("Annotated")
        self.annotated_button.setCheckable(True)
        self.annotated_button.setToolTip("Explain every byte: section ids and sizes, LEB128 fields, opcodes and immediates")
        self.annotated_button.toggled.connect(self._annotated_toggled)
        self.status = QLabel(NO_BINARY)
        self.status.setWordWrap(True)
        top = header_row(self.status, self.annotated_button)

        splitter = side_by_side(self.tree, self.hex, stretch=(1, 2), keep=0)
        self.annotated = QTreeWidget()
        self.annotated.setHeaderLabels(["Offset", "Bytes", "Meaning"])
        self.annotated.setColumnWidth(0, 80)
        self.annotated.setColumnWidth(1, 170)
        self.annotated.setUniformRowHeights(True)
        self.annotated.itemClicked.connect(self._annotated_clicked)
        self._annotated_for: bytes | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.annotated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.pages)

    def set_binary(self, data: bytes | None, binary_module: Module | None, text_module: Module | None = None, note: str = "",
                   *, errors: int = 0, language: str = "wat") -> None:
        """Show `data` (None: nothing); the modules let clicks find instructions. `errors`: the tab's (its
        `language`'s) errors in the Problems panel, which the view points to when there is no binary."""
        self.data = bytes(data or b"")
        self.map = InstrMap(text_module, binary_module)
        self.model.set_source(MemorySource(bytearray(self.data)))
        self.tree.clear()
        for title, offset, size, children in section_rows(self.data, binary_module) if self.data else []:
            item = QTreeWidgetItem([title, f"0x{offset:06x}", str(size)])
            item.setData(0, Qt.ItemDataRole.UserRole, (offset, size))
            for child_title, child_offset, child_size in children:
                child = QTreeWidgetItem([child_title, f"0x{child_offset:06x}", str(child_size)])
                child.setData(0, Qt.ItemDataRole.UserRole, (child_offset, child_size))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        if self.annotated_button.isChecked():
            self.fill_annotated()
        if self.data:
            self.status.setText(note or f"{len(self.data):,} bytes")
        else:
            self.status.setText(note or no_binary_text(errors, language))

    def section_titles(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def highlight_bytes(self, offset: int | None, length: int = 1) -> None:
        """Mark [offset, offset+length) in the dump and scroll to it (None clears)."""
        self.model.set_marked(offset, None if offset is None else offset + length)
        if offset is not None and offset < len(self.data):
            self.hex.scrollTo(self.model.index_of(offset), HexTable.ScrollHint.EnsureVisible)

    def highlight_instruction(self, ref: InstrRef | None) -> tuple[int, int] | None:
        """Mark the bytes of an instruction; returns its (offset, length) when known."""
        where = self.map.bytes_of(ref) if ref is not None else None
        self.highlight_bytes(*where) if where else self.highlight_bytes(None)
        return where

    def select_offset(self, offset: int) -> InstrRef | None:
        """As a click on byte `offset`: mark its instruction and emit instructionSelected."""
        ref = self.map.at_byte(offset)
        if ref is None:
            self.highlight_bytes(offset, 1)
            self.message.emit(f"offset 0x{offset:x} is not inside a function body")
            return None
        self.highlight_instruction(ref)
        self.instructionSelected.emit(ref)
        return ref

    def _byte_clicked(self, index) -> None:
        address = self.model.address_of(index)
        if address is not None:
            self.select_offset(address)

    def _tree_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        offset, size = item.data(0, Qt.ItemDataRole.UserRole)
        self.highlight_bytes(offset, max(1, size))

    def _annotated_toggled(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        if on:
            self.fill_annotated()

    def fill_annotated(self) -> int:
        """(Re)build the annotated tree for the current binary, once per binary; returns its row count."""
        if self._annotated_for == self.data:
            return self.annotated_row_count()
        from playground.wasm.annotate import annotate

        self.annotated.clear()
        self._annotated_for = self.data
        if not self.data:
            return 0
        notes = annotate(self.data)
        if len(notes) > MAX_ANNOTATED_ROWS:
            self.annotated.addTopLevelItem(QTreeWidgetItem(["", "", f"{len(notes):,} fields: too many to list; use `wasm-playground objdump`"]))
            return 1
        parents: list[QTreeWidgetItem] = []
        deepest = 0
        for note in notes:
            chunk = self.data[note.offset : note.offset + min(note.length, 8)]
            shown = chunk.hex(" ") + (" …" if note.length > 8 else "")
            item = QTreeWidgetItem([f"0x{note.offset:06x}", shown, note.text])
            item.setData(0, Qt.ItemDataRole.UserRole, (note.offset, note.length))
            del parents[note.depth :]
            deepest = max(deepest, note.depth)
            if parents:
                parents[-1].addChild(item)
            else:
                self.annotated.addTopLevelItem(item)
            parents.append(item)
        self._fit_offsets(deepest)
        return len(notes)

    def _fit_offsets(self, deepest: int) -> None:
        """The Offset column wide enough for "0x000000" at the deepest row's indentation (it showed "0x000…")."""
        metrics = self.annotated.fontMetrics()
        indent = self.annotated.indentation() * (deepest + 1)
        self.annotated.setColumnWidth(0, indent + metrics.horizontalAdvance("0x0000000") + 24)

    def annotated_row_count(self) -> int:
        count, stack = 0, [self.annotated.topLevelItem(i) for i in range(self.annotated.topLevelItemCount())]
        while stack:
            item = stack.pop()
            count += 1
            stack.extend(item.child(i) for i in range(item.childCount()))
        return count

    def annotated_rows(self) -> list[tuple[int, str]]:
        """(depth, meaning) of every row in order, for tests."""
        out: list[tuple[int, str]] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            out.append((depth, item.text(2)))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)

        for i in range(self.annotated.topLevelItemCount()):
            walk(self.annotated.topLevelItem(i), 0)
        return out

    def _annotated_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        where = item.data(0, Qt.ItemDataRole.UserRole)
        if not where:
            return
        offset, length = where
        self.highlight_bytes(offset, max(1, length))
        ref = self.map.at_byte(offset)
        if ref is not None:
            self.instructionSelected.emit(ref)
