"""An 8x8 drawing canvas, shown enlarged, whose cells hold the digit data set's ink levels 0..16."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

SIDE = 8
INK_MAX = 16
# A soft brush: the data set's images are 32x32 drawings summed into 8x8 blocks,
# so strokes have grey edges; full ink in the cell, some in its neighbours.
_BRUSH = {(0, 0): 16, (-1, 0): 5, (1, 0): 5, (0, -1): 5, (0, 1): 5}


class DigitCanvas(QWidget):
    """Draw with the left button, erase with the right one; `changed` fires after each stroke step.

    `drawn` fires too when the change came from the mouse (not from `set_pixels`):
    the picture is then the user's own, not a test image.
    """

    changed = Signal()
    drawn = Signal()

    def __init__(self, parent: QWidget | None = None, cell: int = 32) -> None:
        super().__init__(parent)
        self.cell = cell
        self._pixels = np.zeros((SIDE, SIDE), dtype=np.uint8)
        self._last: tuple[int, int] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Draw a digit: left button draws, right button erases")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(SIDE * self.cell + 1, SIDE * self.cell + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    # -- the pixels ----------------------------------------------------------------------------
    def pixels(self) -> np.ndarray:
        """The 64 ink levels (uint8, 0..16), row by row."""
        return self._pixels.reshape(-1).copy()

    def set_pixels(self, pixels: np.ndarray) -> None:
        """Show 64 ink levels (0..16)."""
        values = np.clip(np.asarray(pixels).reshape(SIDE, SIDE), 0, INK_MAX).astype(np.uint8)
        self._pixels = values
        self.update()
        self.changed.emit()

    def is_blank(self) -> bool:
        """True when there is no ink at all."""
        return not self._pixels.any()

    def clear(self) -> None:
        """Erase everything."""
        self.set_pixels(np.zeros(SIDE * SIDE, dtype=np.uint8))

    def stroke(self, row: int, col: int, erase: bool = False) -> None:
        """Apply the brush (or the eraser) centred on one cell."""
        if erase:
            self._pixels[row, col] = 0
        else:
            for (dr, dc), ink in _BRUSH.items():
                r, c = row + dr, col + dc
                if 0 <= r < SIDE and 0 <= c < SIDE:
                    self._pixels[r, c] = min(INK_MAX, int(self._pixels[r, c]) + ink)
        self.update()
        self.changed.emit()

    # -- mouse ----------------------------------------------------------------------------------
    def _cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        row, col = pos.y() // self.cell, pos.x() // self.cell
        return (row, col) if 0 <= row < SIDE and 0 <= col < SIDE else None

    def _paint_at(self, event: QMouseEvent) -> None:
        cell = self._cell_at(event.position().toPoint())
        if cell is None or cell == self._last:
            return
        self._last = cell
        self.stroke(*cell, erase=bool(event.buttons() & Qt.MouseButton.RightButton))
        self.drawn.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._last = None
        self._paint_at(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.buttons() & (Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton):
            self._paint_at(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._last = None

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        for row in range(SIDE):
            for col in range(SIDE):
                level = 255 - int(self._pixels[row, col]) * 255 // INK_MAX  # ink is dark on white
                painter.fillRect(col * self.cell, row * self.cell, self.cell, self.cell, QColor(level, level, level))
        painter.setPen(QPen(QColor(200, 200, 200)))
        for i in range(SIDE + 1):
            painter.drawLine(i * self.cell, 0, i * self.cell, SIDE * self.cell)
            painter.drawLine(0, i * self.cell, SIDE * self.cell, i * self.cell)
        painter.end()
