"""A virtualized hex-dump model over a byte buffer: 16 bytes per row plus an ASCII column.

Qt asks only for the cells on screen, so a 1 GiB memory costs what one page
does: nothing is copied or formatted ahead of time. Rows that start a 64 KiB
page carry a marked row header. Two kinds of ranges are tinted: bytes written
by the last step (`set_changed`) and one marked range (`set_marked`: the
bytes of the instruction selected in the bytecode view).

With `editable` on, a byte cell accepts two hex digits; the model does not
write the buffer itself but emits `byteEdited(address, value)`, so the
debugger makes the write (recorded, undone by stepping back).
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase

from playground.debug.snapshot import MemorySource
from playground.wasm.types import PAGE_SIZE

BYTES_PER_ROW = 16
ASCII_COLUMN = BYTES_PER_ROW
CHANGED_BG = QColor(229, 57, 53, 90)
MARKED_BG = QColor(30, 136, 229, 90)
PAGE_HEADER_BG = QColor(30, 136, 229, 50)
# Computed once: enum arithmetic in data()/flags(), called per visible cell per repaint, is slow in PySide.
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole)
_FLAGS_NONE = Qt.ItemFlag.NoItemFlags
_FLAGS_READ = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FLAGS_EDIT = _FLAGS_READ | Qt.ItemFlag.ItemIsEditable
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def _ascii(chunk: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)


class HexModel(QAbstractTableModel):
    """Rows of 16 bytes of `source.data`; the vertical header is the row's address."""

    byteEdited = Signal(int, int)  # address, new byte value

    def __init__(self, source: MemorySource | None = None, parent=None) -> None:
        super().__init__(parent)
        self.editable = False
        self.source = source or MemorySource()
        self._rows = self._row_count()
        self._changed_starts: list[int] = []
        self._changed: list[tuple[int, int]] = []
        self._marked: tuple[int, int] | None = None
        self._font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._bold = QFont(self._font)
        self._bold.setBold(True)

    # --- the buffer --------------------------------------------------------------

    @property
    def data_bytes(self):
        return self.source.data

    def _row_count(self) -> int:
        return (len(self.source.data) + BYTES_PER_ROW - 1) // BYTES_PER_ROW

    def set_source(self, source: MemorySource | None) -> None:
        """Show another buffer (a new instance, or after memory.grow replaced the bytearray)."""
        self.beginResetModel()
        self.source = source or MemorySource()
        self._rows = self._row_count()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read the buffer: rows appear when memory grew, visible cells repaint."""
        rows = self._row_count()
        if rows > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, rows - 1)
            self._rows = rows
            self.endInsertRows()
        elif rows < self._rows:
            self.beginRemoveRows(QModelIndex(), rows, self._rows - 1)
            self._rows = rows
            self.endRemoveRows()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, ASCII_COLUMN))

    def set_changed(self, ranges) -> None:
        """Tint the bytes in these [start, end) ranges (Snapshot.changed_memory)."""
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            elif end > start:
                merged.append((start, end))
        self._changed = merged
        self._changed_starts = [start for start, _ in merged]
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, ASCII_COLUMN), [Qt.ItemDataRole.BackgroundRole])

    def set_marked(self, start: int | None, end: int | None = None) -> None:
        """Tint one [start, end) range (None clears)."""
        self._marked = None if start is None else (start, end if end is not None else start + 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, ASCII_COLUMN), [Qt.ItemDataRole.BackgroundRole])

    def is_changed(self, address: int) -> bool:
        i = bisect_right(self._changed_starts, address) - 1
        return i >= 0 and address < self._changed[i][1]

    def is_marked(self, address: int) -> bool:
        return self._marked is not None and self._marked[0] <= address < self._marked[1]

    # --- addresses ---------------------------------------------------------------

    def address_of(self, index: QModelIndex) -> int | None:
        """The byte address of a cell (the row's first byte for the ASCII column); None past the end."""
        if not index.isValid():
            return None
        column = 0 if index.column() == ASCII_COLUMN else index.column()
        address = index.row() * BYTES_PER_ROW + column
        return address if address < len(self.source.data) else None

    def index_of(self, address: int) -> QModelIndex:
        return self.index(address // BYTES_PER_ROW, address % BYTES_PER_ROW)

    @staticmethod
    def is_page_start(row: int) -> bool:
        return (row * BYTES_PER_ROW) % PAGE_SIZE == 0

    # --- QAbstractTableModel --------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else BYTES_PER_ROW + 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        data = self.source.data
        base = row * BYTES_PER_ROW
        if role in _TEXT_ROLES:
            if column == ASCII_COLUMN:
                return _ascii(bytes(data[base : base + BYTES_PER_ROW]))
            address = base + column
            return f"{data[address]:02x}" if address < len(data) else ""
        if role == Qt.ItemDataRole.BackgroundRole and column != ASCII_COLUMN:
            address = base + column
            if self.is_marked(address):
                return QBrush(MARKED_BG)
            if self.is_changed(address):
                return QBrush(CHANGED_BG)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_LEFT if column == ASCII_COLUMN else _ALIGN_CENTER
        if role == Qt.ItemDataRole.ToolTipRole and column != ASCII_COLUMN:
            address = base + column
            if address < len(data):
                return f"0x{address:08x} ({address}): {data[address]} = 0x{data[address]:02x}"
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return "ASCII" if section == ASCII_COLUMN else f"{section:x}"
            if role == Qt.ItemDataRole.FontRole:
                return self._font
            return None
        address = section * BYTES_PER_ROW
        page_start = address % PAGE_SIZE == 0
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{address:08x}"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if page_start else self._font
        if role == Qt.ItemDataRole.BackgroundRole and page_start:
            return QBrush(PAGE_HEADER_BG)
        if role == Qt.ItemDataRole.ToolTipRole and page_start:
            return f"page {address // PAGE_SIZE} starts here"
        return None

    def flags(self, index: QModelIndex):
        column = index.column()
        if column == ASCII_COLUMN:
            return _FLAGS_READ
        if self.address_of(index) is None:
            return _FLAGS_NONE
        return _FLAGS_EDIT if self.editable else _FLAGS_READ

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """A typed byte (hex, `0x` optional; or decimal with a leading `#`) becomes a `byteEdited` request."""
        address = self.address_of(index)
        if role != Qt.ItemDataRole.EditRole or not self.editable or address is None or index.column() == ASCII_COLUMN:
            return False
        text = str(value).strip().lower()
        try:
            byte = int(text[1:], 10) if text.startswith("#") else int(text, 16)
        except ValueError:
            return False
        if not 0 <= byte <= 0xFF:
            return False
        self.byteEdited.emit(address, byte)
        return True
