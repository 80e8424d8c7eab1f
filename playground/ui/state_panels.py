"""Tables of a frame's state: its locals, its open labels (the control stack), and the module's globals."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from playground.debug.snapshot import FrameView, GlobalView
from playground.ui.stack_panel import value_text


class _Table(QTreeWidget):
    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.hex = False

    def set_hex(self, on: bool) -> None:
        self.hex = on
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the data last shown."""

    def texts(self) -> list[list[str]]:
        """Every row's cell texts, for tests."""
        return [
            [self.topLevelItem(i).text(c) for c in range(self.columnCount())] for i in range(self.topLevelItemCount())
        ]


class LocalsPanel(_Table):
    """The locals (parameters first) of one frame."""

    def __init__(self, parent=None) -> None:
        super().__init__(["Name", "Type", "Value"], parent)
        self.frame: FrameView | None = None

    def show_frame(self, frame: FrameView | None) -> None:
        self.frame = frame
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for local in self.frame.locals if self.frame else ():
            name = f"{local.name} (param)" if local.is_param else local.name
            item = QTreeWidgetItem([name, local.value.type, value_text(local.value, self.hex)])
            item.setToolTip(2, f"{local.value.text}   {local.value.hex}")
            self.addTopLevelItem(item)


class GlobalsPanel(_Table):
    """The module's globals with their mutability."""

    def __init__(self, parent=None) -> None:
        super().__init__(["Name", "Type", "Value"], parent)
        self.globals: tuple[GlobalView, ...] = ()

    def show_globals(self, globals_: tuple[GlobalView, ...]) -> None:
        self.globals = tuple(globals_)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for glob in self.globals:
            type_text = f"mut {glob.value.type}" if glob.mutable else glob.value.type
            item = QTreeWidgetItem([glob.name, type_text, value_text(glob.value, self.hex)])
            item.setToolTip(0, f"global {glob.index}")
            self.addTopLevelItem(item)


class LabelsPanel(_Table):
    """The open blocks of one frame (its control stack), innermost first."""

    def __init__(self, parent=None) -> None:
        super().__init__(["Kind", "Label", "Arity", "Instructions"], parent)
        self.frame: FrameView | None = None

    def show_frame(self, frame: FrameView | None) -> None:
        self.frame = frame
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for label in reversed(self.frame.labels if self.frame else ()):
            span = f"{label.start_index}..{label.end_index}"
            self.addTopLevelItem(QTreeWidgetItem([label.kind, label.label or "", str(label.arity), span]))
