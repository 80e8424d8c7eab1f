"""The hex table that shows a `HexModel`: Wasm linear memory, a binary's bytes, a GPU buffer's bytes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QTableView

from playground.ui.widgets.hex_model import ASCII_COLUMN, BYTES_PER_ROW, HexModel
from playground.wasm.types import PAGE_SIZE


class HexTable(QTableView):
    """The table itself: fixed row heights and column widths so nothing scans the whole model."""

    def __init__(self, model: HexModel, parent=None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setFont(model._font)
        self.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        metrics = self.fontMetrics()
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(metrics.height() + 4)
        vertical.setMinimumWidth(metrics.horizontalAdvance("00000000") + 16)
        horizontal = self.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        horizontal.setMinimumSectionSize(8)
        cell = metrics.horizontalAdvance("00") + 10
        for column in range(BYTES_PER_ROW):
            self.setColumnWidth(column, cell)
        self.setColumnWidth(ASCII_COLUMN, metrics.horizontalAdvance("0" * BYTES_PER_ROW) + 16)
        horizontal.setStretchLastSection(True)

    def paintEvent(self, event) -> None:  # noqa: N802
        # A line above each row that starts a 64 KiB page. Drawn here rather than in
        # an item delegate: only the few visible rows are looked at.
        super().paintEvent(event)
        viewport = self.viewport()
        first = self.rowAt(0)
        if first < 0:
            return
        last = self.rowAt(viewport.height() - 1)
        last = self.model().rowCount() - 1 if last < 0 else last
        rows_per_page = PAGE_SIZE // BYTES_PER_ROW
        row = -(-first // rows_per_page) * rows_per_page
        painter = QPainter(viewport)
        painter.setPen(QPen(QColor(30, 136, 229), 1))
        while row <= last:
            if row > 0:
                y = self.rowViewportPosition(row)
                painter.drawLine(0, y, viewport.width(), y)
            row += rows_per_page
        painter.end()
