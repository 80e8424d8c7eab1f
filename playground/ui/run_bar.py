"""The run bar: which export to call, one typed field per parameter; the commands sit beside them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolBar, QWidget

from playground.ui.program import ExportSig

_PLACEHOLDER = {"i32": "0", "i64": "0", "f32": "0.0", "f64": "0.0"}


class RunBar(QToolBar):
    """Export picker and argument fields. `exportChanged(name)` when the choice changes."""

    exportChanged = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__("Run", parent)
        self.setObjectName("run_bar")
        self.exports: list[ExportSig] = []
        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(14)
        self.picker.setToolTip("The exported function to run")
        self.picker.currentIndexChanged.connect(self._export_changed)
        self.args_box = QWidget()
        self.args_layout = QHBoxLayout(self.args_box)
        self.args_layout.setContentsMargins(4, 0, 4, 0)
        self.fields: list[QLineEdit] = []
        self.addWidget(QLabel(" Export "))
        self.addWidget(self.picker)
        self.addWidget(self.args_box)
        self.addSeparator()
        self.set_exports([])

    def set_exports(self, exports: list[ExportSig]) -> None:
        """Refill the picker, keeping the current choice (and its typed arguments) when it still exists."""
        previous = self.current_export()
        previous_args = self.arguments()
        self.exports = list(exports)
        self.picker.blockSignals(True)
        self.picker.clear()
        for sig in self.exports:
            self.picker.addItem(sig.name)
            self.picker.setItemData(self.picker.count() - 1, str(sig), 3)  # tooltip role
        if not self.exports:
            self.picker.addItem("(no exported function)")
        names = [sig.name for sig in self.exports]
        self.picker.setCurrentIndex(names.index(previous.name) if previous and previous.name in names else 0)
        self.picker.setEnabled(bool(self.exports))
        self.picker.blockSignals(False)
        current = self.current_export()
        self._build_fields(current)
        if previous and current and previous.params == current.params:
            for field, text in zip(self.fields, previous_args):
                field.setText(text)

    def current_export(self) -> ExportSig | None:
        index = self.picker.currentIndex()
        return self.exports[index] if 0 <= index < len(self.exports) else None

    def select_export(self, name: str) -> bool:
        for i, sig in enumerate(self.exports):
            if sig.name == name:
                self.picker.setCurrentIndex(i)
                return True
        return False

    def arguments(self) -> list[str]:
        """The texts typed in the argument fields, in parameter order."""
        return [field.text() for field in self.fields]

    def set_arguments(self, texts: list[str]) -> None:
        for field, text in zip(self.fields, texts):
            field.setText(text)

    def _export_changed(self, _index: int) -> None:
        current = self.current_export()
        self._build_fields(current)
        self.exportChanged.emit(current.name if current else "")

    def _build_fields(self, sig: ExportSig | None) -> None:
        while self.args_layout.count():
            widget = self.args_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.fields = []
        if sig is None:
            return
        for name, valtype in zip(sig.param_names, sig.params):
            field = QLineEdit()
            field.setPlaceholderText(f"{name}: {valtype}")
            field.setToolTip(f"{name}: {valtype}  (decimal, 0x hex{', or a float' if valtype.value[0] == 'f' else ''})")
            field.setMaximumWidth(110)
            field.setText(_PLACEHOLDER.get(valtype.value, ""))
            self.args_layout.addWidget(field)
            self.fields.append(field)
        if sig.results:
            label = QLabel("→ " + " ".join(str(t) for t in sig.results))
            self.args_layout.addWidget(label)
