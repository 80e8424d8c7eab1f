"""The linked view: the WAT of the C functions beside their bytes, each row tinted with its C line's colour.

One row per instruction (and one per function header): its byte offset,
its bytes and its WAT text (workbench/c_links.py). Rows of one C line share
that line's colour, as the C editor's line does, the way Compiler Explorer
colours source against assembly. Hovering a row (or selecting it) says
which C line it came from (`lineHovered`, `lineSelected`); `show_line`
outlines the rows of a C line the other side points at, and
`mark_current` the instruction the debugger stands at: framed, with a bar
at its left and bold text, over its line's colour (the C editor frames the
current C line the same way), so both sides still share a colour. Rows
from an included file's line have no colour and muted text; the first of
each run says where they came from (`;; from util.h:12`).

The palettes are soft tints that keep the editor's text readable: pale on
the light theme, deep and muted on the dark one; neighbouring lines always
get neighbouring colours of the palette, so they differ.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from playground.workbench.c_links import LinkedListing
from playground.workbench.instr_map import InstrRef

LIGHT = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#ffedd5", "#ede9fe", "#ecfccb", "#fee2e2")
DARK = ("#1e3a5f", "#1f4d33", "#4d3d12", "#4f1f3a", "#2e2f66", "#134e4a", "#5a3214", "#3b2a63", "#365314", "#5c1f1f")
CURRENT_FRAME = {False: "#c77c00", True: "#ffc940"}  # the frame of the current instruction's row, as the C editor's
CURRENT_PLAIN = {False: "#ffd54f", True: "#7a5c00"}  # the background of a current row that has no C line
COLUMNS = ("offset", "bytes", "WAT")


def line_colour(group: int | None, dark: bool) -> QColor | None:
    """The tint of a colour group (workbench/c_links.py), or None for code without a line."""
    if group is None:
        return None
    palette = DARK if dark else LIGHT
    return QColor(palette[group % len(palette)])


class LinkedView(QWidget):
    """See the module docstring."""

    lineHovered = Signal(object)  # a C line (int), or None when the pointer left the rows
    lineSelected = Signal(int)  # a row was clicked: its C line
    instructionSelected = Signal(object)  # a row was clicked: its InstrRef

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.listing: LinkedListing | None = None
        self.dark = False
        self.current: int | None = None  # the row of the debugger's instruction
        self.shown_line: int | None = None  # the C line whose rows are outlined
        self.note = QLabel("Compile a C file (Ctrl+B) to see each C line's instructions and bytes.")
        self.note.setWordWrap(True)
        self.note.setContentsMargins(6, 4, 6, 4)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setMouseTracking(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(_CurrentRowFrame(self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 84)  # most instructions are 1 to 3 bytes; the tooltip has the rest
        header.setStretchLastSection(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.table.setFont(font)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 4)
        self.table.cellEntered.connect(lambda row, _col: self.lineHovered.emit(self._line(row)))
        self.table.cellClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.note)
        layout.addWidget(self.table)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.lineHovered.emit(None)
        super().leaveEvent(event)

    # --- content ------------------------------------------------------------------------------
    def set_listing(self, listing: LinkedListing | None, note: str = "") -> None:
        """Show a compile's listing (None: empty, with `note` saying why)."""
        self.listing = listing
        self.current = None
        self.shown_line = None
        self.table.setRowCount(0)
        if listing is None:
            self.note.setText(note or "Compile a C file (Ctrl+B) to see each C line's instructions and bytes.")
            self.note.show()
            return
        self.note.setVisible(bool(note))
        self.note.setText(note)
        self.table.setRowCount(len(listing.rows))
        indents = [len(r.text) - len(r.text.lstrip()) for r in listing.rows if r.ref is not None]
        margin = min(indents, default=0)  # the function bodies' own indentation: shown from the first block's
        for i, row in enumerate(listing.rows):
            wat = row.text.strip() if row.ref is None else row.text[margin:] if row.text[:margin].isspace() else row.text.strip()
            first_from_there = row.elsewhere is not None and (i == 0 or listing.rows[i - 1].elsewhere != row.elsewhere)
            if first_from_there:
                wat += f"   ;; from {row.elsewhere}"  # once for a run of rows from the same header line
            texts = (f"{row.offset:06x}" if row.offset is not None else "", row.hex, wat)
            where = (f"  (C line {row.line})" if row.line is not None else
                     f"  (from {row.elsewhere}, an included file)" if row.elsewhere is not None else "")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{row.text.strip()}  [{row.hex}]{where}")
                if row.ref is None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if row.elsewhere is not None:
                    item.setForeground(self.palette().placeholderText())  # (muted: not this tab's own lines)
                self.table.setItem(i, column, item)
        self._paint()

    def set_dark(self, dark: bool) -> None:
        if dark != self.dark:
            self.dark = dark
            self._paint()

    # --- the other side points here -----------------------------------------------------------------
    def show_line(self, line: int | None) -> list[int]:
        """Outline the rows of C line `line` (bold) and scroll to the first; returns those rows."""
        self.shown_line = line
        rows = self.listing.rows_of_line(line) if self.listing is not None else []
        self._paint()
        if rows:
            self.table.scrollToItem(self.table.item(rows[0], 2), QAbstractItemView.ScrollHint.EnsureVisible)
        return rows

    def mark_current(self, ref: InstrRef | None) -> int | None:
        """Mark the instruction the debugger stands at (None clears); returns its row."""
        self.current = self.listing.row_of(ref) if self.listing is not None else None
        self._paint()
        if self.current is not None:
            self.table.scrollToItem(self.table.item(self.current, 2), QAbstractItemView.ScrollHint.PositionAtCenter)
        return self.current

    def row_colour(self, row: int) -> QColor | None:
        """The background a row is painted with now (tests, and the screenshot's reader)."""
        item = self.table.item(row, 2)
        brush = item.background() if item is not None else None
        return brush.color() if brush is not None and brush.style() != Qt.BrushStyle.NoBrush else None

    # --- painting -------------------------------------------------------------------------------------
    def _paint(self) -> None:
        listing = self.listing
        if listing is None:
            return
        outlined = set(listing.rows_of_line(self.shown_line))
        for i in range(len(listing.rows)):
            colour = line_colour(listing.group_of_row(i), self.dark)
            if colour is None and i == self.current:
                colour = QColor(CURRENT_PLAIN[self.dark])
            brush = QBrush(colour) if colour is not None else QBrush()
            for column in range(len(COLUMNS)):
                item = self.table.item(i, column)
                item.setBackground(brush)
                font = item.font()
                font.setBold(i in outlined or i == self.current or listing.rows[i].ref is None)
                font.setUnderline(i in outlined)
                item.setFont(font)
        self.table.viewport().update()

    def _line(self, row: int) -> int | None:
        return self.listing.line_of_row(row) if self.listing is not None else None

    def _clicked(self, row: int, _column: int) -> None:
        if self.listing is None:
            return
        line = self._line(row)
        if line is not None:
            self.lineSelected.emit(line)
        ref = self.listing.rows[row].ref
        if ref is not None:
            self.instructionSelected.emit(ref)


class _CurrentRowFrame(QStyledItemDelegate):
    """Paints the cells as usual, then the frame of the current instruction's row over them."""

    def __init__(self, view: LinkedView) -> None:
        super().__init__(view.table)
        self.view = view

    def paint(self, painter, option, index) -> None:  # noqa: D102
        super().paint(painter, option, index)
        if index.row() != self.view.current:
            return
        colour = QColor(CURRENT_FRAME[self.view.dark])
        box = option.rect
        painter.save()
        painter.setPen(QPen(colour, 2))
        painter.drawLine(box.left(), box.top() + 1, box.right(), box.top() + 1)
        painter.drawLine(box.left(), box.bottom(), box.right(), box.bottom())
        if index.column() == 0:
            painter.fillRect(box.left(), box.top(), 4, box.height(), colour)
        if index.column() == index.model().columnCount() - 1:
            painter.drawLine(box.right(), box.top(), box.right(), box.bottom())
        painter.restore()
