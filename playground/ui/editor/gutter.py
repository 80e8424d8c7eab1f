"""The editor's left margin: a breakpoint column (red dots, click to toggle) and line numbers."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

DOT_COLUMN = 16  # pixels reserved for the breakpoint dot


class Gutter(QWidget):
    """Paints what `editor` (a CodeEditor) knows: its visible blocks, breakpoints and current line."""

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to set or clear a breakpoint")

    def width_hint(self) -> int:
        digits = len(str(max(1, self.editor.blockCount())))
        return DOT_COLUMN + 6 + self.editor.fontMetrics().horizontalAdvance("9") * max(digits, 2) + 6

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.width_hint(), 0)

    def line_at(self, y: int) -> int | None:
        """The 1-based line shown at height `y`, or None below the last line."""
        block = self.editor.firstVisibleBlock()
        offset = self.editor.contentOffset()
        while block.isValid():
            geometry = self.editor.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > y:
                return None
            if y < geometry.bottom():
                return block.blockNumber() + 1
            block = block.next()
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            line = self.line_at(int(event.position().y()))
            if line is not None:
                self.editor.toggle_breakpoint(line)
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.window().color())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        number_color = palette.placeholderText().color()
        current_line = self.editor.current_line
        breakpoints = self.editor.breakpoints
        block = self.editor.firstVisibleBlock()
        offset = self.editor.contentOffset()
        height = self.editor.fontMetrics().height()
        while block.isValid():
            geometry = self.editor.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > event.rect().bottom():
                break
            if block.isVisible() and geometry.bottom() >= event.rect().top():
                line = block.blockNumber() + 1
                top = int(geometry.top())
                if line in breakpoints:
                    size = min(DOT_COLUMN - 4, height - 2)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor("#e51400"))
                    painter.drawEllipse(3, top + (height - size) // 2, size, size)
                if line == current_line:
                    painter.setBrush(QColor("#f0a30a"))
                    painter.setPen(Qt.PenStyle.NoPen)
                    mid = top + height // 2
                    painter.drawPolygon([QPoint(DOT_COLUMN - 2, mid - 4), QPoint(DOT_COLUMN + 3, mid), QPoint(DOT_COLUMN - 2, mid + 4)])
                painter.setPen(number_color)
                rect = QRect(DOT_COLUMN + 4, top, self.width() - DOT_COLUMN - 8, height)
                painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(line))
            block = block.next()
        painter.end()

