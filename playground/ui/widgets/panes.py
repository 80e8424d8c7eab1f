"""The layouts the memory, stack and binary views share: a header row, and two panes side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget


def header_row(wide: QWidget, end: QWidget, margins: tuple[int, int] = (2, 2)) -> QHBoxLayout:
    """A row above a view: `wide` takes the width, `end` sits at the right; `margins` (horizontal, vertical)."""
    row = QHBoxLayout()
    row.setContentsMargins(margins[0], margins[1], margins[0], margins[1])
    row.addWidget(wide, 1)
    row.addWidget(end)
    return row


def side_by_side(left: QWidget, right: QWidget, stretch: tuple[int, int], keep: int = 1) -> QSplitter:
    """A horizontal splitter sharing extra width by `stretch`; pane `keep` (0 or 1) cannot be dragged shut."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for index, pane in enumerate((left, right)):
        splitter.addWidget(pane)
        splitter.setStretchFactor(index, stretch[index])
    splitter.setCollapsible(keep, False)
    return splitter
