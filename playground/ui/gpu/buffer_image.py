"""Pictures of GPU buffers: a grayscale image of 2-D data and a bar strip of 1-D data.

Both scale the values linearly between the smallest and largest *ordinary*
value. Infinities, NaN and the largest float32 (the padding that bitonic sort
appends, which sorts to the end) are left out of the range, so one sentinel
does not flatten every other bar; the bar strip draws them full height in grey.
The images are built with numpy (a whole frame in a few array operations) and
painted scaled by small widgets.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.workbench.gpu_buffers import normalized, ordinary

BAR_COLOR = QColor("#4a90d9")
CHANGED_COLOR = QColor("#ff9800")
SENTINEL_COLOR = QColor("#9e9e9e")


def _qimage(pixels: np.ndarray, fmt: QImage.Format) -> QImage:
    height, width = pixels.shape[:2]
    data = np.ascontiguousarray(pixels)
    # QImage only borrows the bytes; copy() gives it its own before `data` goes away.
    return QImage(data.tobytes(), width, height, data.strides[0], fmt).copy()


def grayscale_image(values: np.ndarray, width: int) -> QImage:
    """Row-major grayscale image, `width` pixels wide, black = smallest, white = largest; the last row is zero-padded."""
    v = normalized(values)
    height = max(1, -(-len(v) // width))
    gray = np.zeros(width * height, dtype=np.uint8)
    gray[: len(v)] = np.round(v * 255).astype(np.uint8)
    return _qimage(gray.reshape(height, width), QImage.Format.Format_Grayscale8)


def _argb(color: QColor) -> np.uint32:
    return np.uint32(color.rgba())


def bar_strip_image(values: np.ndarray, width: int, height: int, changed: np.ndarray | None = None) -> QImage:
    """One bar per value, left to right, `width` x `height` pixels; changed values in orange, outliers in grey.

    With more values than pixels, each pixel column shows the largest of its
    values and counts as changed when any of them changed.
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    n, width, height = len(v), max(1, width), max(1, height)
    image = np.zeros((height, width), dtype=np.uint32)  # transparent
    if n == 0:
        return _qimage(image, QImage.Format.Format_ARGB32)
    level = 0.08 + 0.92 * normalized(v)  # the smallest value keeps a visible stub
    plain = ordinary(v)
    moved = np.zeros(n, dtype=bool) if changed is None else np.asarray(changed, dtype=bool).ravel()
    if width >= n:
        which = (np.arange(width) * n) // width
        col_level, col_plain, col_moved = level[which], plain[which], moved[which]
        gap_px = (width // n) // 10 or (1 if width >= 4 * n else 0)  # room for a gap between neighbours
        gap = ((np.arange(width) * n) % width) < gap_px * n  # the first gap_px columns of each bar
    else:
        starts = (np.arange(width) * n) // width
        col_level = np.maximum.reduceat(level, starts)
        col_plain = np.logical_and.reduceat(plain, starts)
        col_moved = np.logical_or.reduceat(moved, starts)
        gap = np.zeros(width, dtype=bool)
    colors = np.where(col_moved, _argb(CHANGED_COLOR), np.where(col_plain, _argb(BAR_COLOR), _argb(SENTINEL_COLOR)))
    tops = height - np.round(col_level * height).astype(int)
    rows = np.arange(height)[:, None]
    filled = (rows >= tops[None, :]) & ~gap[None, :]
    image[filled] = np.broadcast_to(colors, (height, width))[filled]
    return _qimage(image, QImage.Format.Format_ARGB32)


class ImageView(QWidget):
    """Paints one image scaled to fit (pixels stay sharp), or a message when there is none."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._message = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(64, 64)

    @property
    def image(self) -> QImage | None:
        return self._image

    @property
    def message(self) -> str:
        return self._message

    def set_image(self, image: QImage | None, message: str = "") -> None:
        """Show `image`, or `message` in its place."""
        self._image, self._message = image, message
        self.update()

    def target_rect(self) -> QRect:
        """Where the image lands: the largest rectangle with its aspect ratio that fits the widget."""
        if self._image is None or self._image.isNull():
            return QRect()
        size = QSize(self._image.width(), self._image.height()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x, y = (self.width() - size.width()) // 2, (self.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        if self._image is not None and not self._image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # a pixel stays a square
            painter.drawImage(self.target_rect(), self._image)
        else:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self._message)
        painter.end()


class BarStrip(QWidget):
    """A bar per value (see `bar_strip_image`), redrawn at the widget's size."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._values = np.zeros(0)
        self._changed: np.ndarray | None = None
        self._cache: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(48)
        self.setToolTip("one bar per value, scaled from the smallest to the largest; "
                        "orange: changed by the last dispatch; grey: padding or infinities")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 110)

    def set_values(self, values: np.ndarray, changed: np.ndarray | None = None) -> None:
        """Draw these values, `changed` (same length, bool) marked."""
        self._values = np.asarray(values, dtype=np.float64).ravel()
        self._changed = None if changed is None else np.asarray(changed, dtype=bool).ravel()
        self._cache = None
        self.update()

    def image(self) -> QImage:
        """The strip at the widget's current size."""
        if self._cache is None or self._cache.size() != self.size():
            self._cache = bar_strip_image(self._values, self.width(), self.height(), self._changed)
        return self._cache

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()).darker(108))
        painter.drawImage(0, 0, self.image())
        painter.end()
