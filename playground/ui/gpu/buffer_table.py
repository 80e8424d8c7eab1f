"""A virtualized table of one decoded GPU buffer: an index column, then one column per number of an element.

A buffer of `array<f32>` shows `index | value`; `array<vec2f>` shows `index | x | y`;
`array<Particle>` shows `index | pos.x | pos.y | vel.x | vel.y | mass`. Columns are
numpy views of the decoded array (see `gpu.buffer_spec.decode`), so nothing is
copied or formatted ahead of time: Qt asks only for the visible cells, which are
formatted by `gpu.formatting`, the formatter the CLI uses too. Cells that differ
from a previous version of the buffer (the dispatch before) are tinted.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import QHeaderView, QTableView

from playground.gpu.formatting import format_array
from playground.workbench.gpu_buffers import changed_mask, leaf_columns

CHANGED_BG = QColor(255, 152, 0, 110)
VALUE_ROLE = Qt.ItemDataRole.UserRole  # the raw number of a cell (int or float), for tests and copy


class BufferTableModel(QAbstractTableModel):
    """Rows are elements; column 0 is the index, the others come from `leaf_columns`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns: list[tuple[str, np.ndarray]] = []
        self._changed: list[np.ndarray | None] = []
        self._changed_rows: np.ndarray | None = None
        self._rows = 0
        self._font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def set_array(self, array: np.ndarray | None, previous: np.ndarray | None = None) -> None:
        """Show `array` (None: nothing); cells that differ from `previous` (same shape) are tinted."""
        self.beginResetModel()
        if array is None:
            self._columns, self._rows = [], 0
        else:
            array = np.atleast_1d(array)
            self._columns, self._rows = leaf_columns(array), len(array)
        self._changed, self._changed_rows = [], None
        if array is not None and previous is not None and np.shape(previous) == array.shape \
                and np.asarray(previous).dtype == array.dtype:
            before = dict(leaf_columns(np.atleast_1d(previous)))
            self._changed = [changed_mask(column, before[label]) for label, column in self._columns]
            self._changed_rows = np.logical_or.reduce(self._changed) if self._changed else None
        self.endResetModel()

    # --- what tests and views ask ------------------------------------------------------

    def column_labels(self) -> list[str]:
        """The header labels after `index`."""
        return [label for label, _ in self._columns]

    def value(self, row: int, column: int) -> int | float:
        """The number in element `row`, leaf column `column` (0-based, not counting the index)."""
        return self._columns[column][1][row].item()

    def changed_rows(self) -> list[int]:
        """Indices of the elements that differ from the previous array."""
        return [] if self._changed_rows is None else np.flatnonzero(self._changed_rows).tolist()

    # --- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else (len(self._columns) + 1 if self._rows else 0)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row)
            return format_array(self._columns[column - 1][1][row])
        if role == VALUE_ROLE:
            return row if column == 0 else self.value(row, column - 1)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == 0:
                hit = self._changed_rows is not None and bool(self._changed_rows[row])
            else:
                mask = self._changed[column - 1] if self._changed else None
                hit = mask is not None and bool(mask[row])
            return QBrush(CHANGED_BG) if hit else None
        if role == Qt.ItemDataRole.ToolTipRole and column > 0:
            label, values = self._columns[column - 1]
            return f"[{row}] {label} = {values[row]} ({values.dtype})"  # numpy's shortest exact repr
        if role == Qt.ItemDataRole.FontRole:
            return self._font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "index" if section == 0 else self._columns[section - 1][0]
        return None

    def flags(self, index: QModelIndex):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class BufferTable(QTableView):
    """The view: fixed row heights and column widths, so a million-element buffer scrolls without scanning."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.buffer_model = BufferTableModel(self)
        self.setModel(self.buffer_model)
        self.setFont(self.buffer_model._font)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 4)
        horizontal = self.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setDefaultSectionSize(self.fontMetrics().horizontalAdvance("-0.0000000e+00") + 12)
        horizontal.setStretchLastSection(False)  # numbers stay next to their index
        self.buffer_model.modelReset.connect(self._size_index_column)

    def set_array(self, array: np.ndarray | None, previous: np.ndarray | None = None) -> None:
        """Show a buffer; see `BufferTableModel.set_array`."""
        self.buffer_model.set_array(array, previous)

    def _size_index_column(self) -> None:
        digits = len(str(max(self.buffer_model.rowCount() - 1, 0)))
        self.setColumnWidth(0, self.fontMetrics().horizontalAdvance("0" * max(digits, 5)) + 16)
