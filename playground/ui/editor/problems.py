"""The Problems list: one row per diagnostic of the current buffer; clicking a row jumps to it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem

from playground.ui.editor.code_editor import SEVERITY_COLORS
from playground.workbench.checking import Diagnostic


MESSAGE = 2  # the message column
TEXT_MARGIN = 8  # the delegate's padding left and right of a cell's text


class _WrappedMessage(QStyledItemDelegate):
    """A message as tall as its words need at the column's width (QTreeView sizes a row as one line)."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        size = super().sizeHint(option, index)
        view = self.parent()
        if index.column() != MESSAGE:
            return size
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(view.columnWidth(MESSAGE) - TEXT_MARGIN, 40)
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, opt.text)
        return QSize(size.width(), max(size.height(), text.height() + 4))


class ProblemsPanel(QTreeWidget):
    """Lists diagnostics; emits `jump` with the Diagnostic the user clicked."""

    jump = Signal(object)  # Diagnostic

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["", "Line", "Message"])
        self.setRootIsDecorated(False)
        self.setWordWrap(True)  # the whole message, on as many lines as the panel's width needs (was elided at 1280 px)
        self.setItemDelegateForColumn(MESSAGE, _WrappedMessage(self))
        self.setColumnWidth(0, 50)
        self.setColumnWidth(1, 45)
        self._diagnostics: list[Diagnostic] = []
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def set_problems(self, diagnostics: list[Diagnostic]) -> None:
        """Show `diagnostics`, one row each."""
        self.clear()
        self._diagnostics = list(diagnostics)
        for index, diagnostic in enumerate(self._diagnostics):
            line = str(diagnostic.span.line) if diagnostic.span else ""
            item = QTreeWidgetItem([diagnostic.severity, line, diagnostic.message])
            item.setForeground(0, QColor(SEVERITY_COLORS.get(diagnostic.severity, "#e51400")))
            item.setToolTip(2, diagnostic.message)
            item.setData(0, 256, index)
            self.addTopLevelItem(item)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # the rows' heights follow the message column's new width

    def problem_count(self) -> int:
        return len(self._diagnostics)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, 256)
        if index is not None and 0 <= index < len(self._diagnostics):
            self.jump.emit(self._diagnostics[index])
