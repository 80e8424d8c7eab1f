"""The digit canvas: draw with the mouse (strokes, made into the model's 8x8 picture as its training images were), or show a test image.

The model reads 8x8 ink levels 0..16 (scikit-learn's digits). A drawing is
kept as pen strokes and turned into that picture by
`workbench.digit_strokes.strokes_to_pixels` (bounding box, centring, scale,
stroke weight, 4x4 block counts), so a thin "1" drawn in a corner reads as
the centred bar the data set's 1s are. A test image is shown as its 8x8
blocks. `pixels()` is what the model gets either way, and `preview` shows it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.workbench.digit_strokes import strokes_to_pixels

SIDE = 8
INK_MAX = 16
PEN_PX = 14  # the stroke as drawn on screen (the model's picture gets its own weight)
ERASE_PX = 14  # the right button removes strokes passing this close


def paint_blocks(painter: QPainter, pixels: np.ndarray, cell: float, x: float = 0, y: float = 0) -> None:
    """Draw 64 ink levels as an 8x8 grid of grey cells (ink dark on white)."""
    values = np.asarray(pixels).reshape(SIDE, SIDE)
    for row in range(SIDE):
        for col in range(SIDE):
            level = 255 - int(values[row, col]) * 255 // INK_MAX
            painter.fillRect(int(x + col * cell), int(y + row * cell), int(cell + 0.999), int(cell + 0.999),
                             QColor(level, level, level))


def _distance_to(stroke: list[tuple[float, float]], x: float, y: float) -> float:
    """How far (x, y) is from a stroke's line (its segments, not only its points)."""
    best = float("inf")
    for (ax, ay), (bx, by) in zip(stroke, stroke[1:] or stroke):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else min(1.0, max(0.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        best = min(best, ((ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2) ** 0.5)
    return best


class DigitCanvas(QWidget):
    """Draw with the left button, erase strokes with the right one; `changed` fires after each change.

    `drawn` fires too when the change came from the mouse (not from `set_pixels`):
    the picture is then the user's own, not a test image.
    """

    changed = Signal()
    drawn = Signal()

    def __init__(self, parent: QWidget | None = None, cell: int = 32) -> None:
        super().__init__(parent)
        self.cell = cell
        self.strokes: list[list[tuple[float, float]]] = []  # the user's drawing, in widget pixels
        self._image = np.zeros(SIDE * SIDE, dtype=np.uint8)  # a test image shown as blocks (when no strokes)
        self._drawing = False
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Draw a digit: left button draws, right button erases a stroke")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(SIDE * self.cell + 1, SIDE * self.cell + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    # -- what the model reads ------------------------------------------------------------------
    def pixels(self) -> np.ndarray:
        """The 64 ink levels (uint8, 0..16), row by row: the strokes made into the model's picture, else the test image."""
        if self.strokes:
            return strokes_to_pixels(self.strokes)
        return self._image.copy()

    def set_pixels(self, pixels: np.ndarray) -> None:
        """Show 64 ink levels (0..16) as blocks; the drawing, if any, goes."""
        self.strokes = []
        self._image = np.clip(np.asarray(pixels).reshape(-1), 0, INK_MAX).astype(np.uint8)
        self.update()
        self.changed.emit()

    def set_strokes(self, strokes) -> None:
        """Show a drawing given as strokes of (x, y) points in widget pixels (tests, replays)."""
        self.strokes = [[(float(x), float(y)) for x, y in stroke] for stroke in strokes if len(stroke)]
        self._image = np.zeros(SIDE * SIDE, dtype=np.uint8)
        self.update()
        self.changed.emit()

    def is_blank(self) -> bool:
        """True when there is no ink at all."""
        return not self.strokes and not self._image.any()

    def clear(self) -> None:
        """Erase everything."""
        self.set_pixels(np.zeros(SIDE * SIDE, dtype=np.uint8))

    def erase_near(self, x: float, y: float, radius: float = ERASE_PX) -> bool:
        """Remove the strokes that pass within `radius` of (x, y); True when one went."""
        kept = [s for s in self.strokes if _distance_to(s, x, y) > radius]
        if len(kept) == len(self.strokes):
            return False
        self.strokes = kept
        self.update()
        self.changed.emit()
        return True

    # -- mouse ----------------------------------------------------------------------------------
    def _inside(self, point: QPointF) -> tuple[float, float]:
        side = SIDE * self.cell
        return min(max(point.x(), 0.0), side), min(max(point.y(), 0.0), side)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        x, y = self._inside(event.position())
        if event.button() == Qt.MouseButton.RightButton:
            if self.erase_near(x, y):
                self.drawn.emit()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if not self.strokes and self._image.any():
            self._image = np.zeros(SIDE * SIDE, dtype=np.uint8)  # a test image gives way to the drawing
        self._drawing = True
        self.strokes.append([(x, y)])
        self.update()
        self.changed.emit()
        self.drawn.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        x, y = self._inside(event.position())
        if event.buttons() & Qt.MouseButton.RightButton:
            if self.erase_near(x, y):
                self.drawn.emit()
            return
        if not self._drawing or not self.strokes:
            return
        last = self.strokes[-1][-1]
        if (x - last[0]) ** 2 + (y - last[1]) ** 2 < 4:  # under 2 px: not yet a new point
            return
        self.strokes[-1].append((x, y))
        self.update()
        self.changed.emit()
        self.drawn.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._drawing = False

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        side = SIDE * self.cell
        painter.fillRect(0, 0, side, side, QColor("white"))
        if not self.strokes:
            paint_blocks(painter, self._image, self.cell)
        painter.setPen(QPen(QColor(225, 225, 225)))
        for i in range(SIDE + 1):  # the model's grid, faintly
            painter.drawLine(i * self.cell, 0, i * self.cell, side)
            painter.drawLine(0, i * self.cell, side, i * self.cell)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(20, 20, 20), PEN_PX, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            if len(stroke) == 1:
                painter.drawPoint(QPointF(*stroke[0]))
                continue
            path = QPainterPath(QPointF(*stroke[0]))
            for point in stroke[1:]:
                path.lineTo(QPointF(*point))
            painter.drawPath(path)
        painter.end()


class PixelPreview(QWidget):
    """What the model sees: the 8x8 picture, small, updated with the canvas."""

    def __init__(self, canvas: DigitCanvas, parent: QWidget | None = None, cell: int = 8) -> None:
        super().__init__(parent)
        self.canvas, self.cell = canvas, cell
        self.setFixedSize(SIDE * cell + 2, SIDE * cell + 2)
        self.setToolTip("What the network reads: your strokes scaled, centred and weighted like its training "
                        "images, counted into 8x8 ink levels")
        canvas.changed.connect(self.update)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(QPen(QColor(160, 160, 160)))
        painter.drawRect(0, 0, SIDE * self.cell + 1, SIDE * self.cell + 1)
        paint_blocks(painter, self.canvas.pixels(), self.cell, 1, 1)
        painter.end()
