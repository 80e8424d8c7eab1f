"""The Problems list: one row per diagnostic of the current buffer; clicking a row jumps to it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from playground.ui.editor.code_editor import SEVERITY_COLORS
from playground.workbench.checking import Diagnostic


class ProblemsPanel(QTreeWidget):
    """Lists diagnostics; emits `jump` with the Diagnostic the user clicked."""

    jump = Signal(object)  # Diagnostic

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["", "Line", "Message"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 70)
        self.setColumnWidth(1, 60)
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

    def problem_count(self) -> int:
        return len(self._diagnostics)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, 256)
        if index is not None and 0 <= index < len(self._diagnostics):
            self.jump.emit(self._diagnostics[index])
