"""The WGSL runner's binding rows: what reflection found, and an editable fill spec for each buffer.

One row per binding: group, binding, name, access (read / read_write / uniform),
element type, layout size, then the fill (zeros, ones, range, random, values,
numpy expression), its parameter (the seed, the numbers, the expression) and
the element count. Each row turns into the `NAME=SPEC` text of
`gpu.buffer_spec` -- the same text `wasm-playground gpu run --buffer` takes --
so the panel can show the equivalent command line.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QSpinBox, QTableWidget, QTableWidgetItem

from playground.gpu.buffer_spec import element_and_count, parse_buffer_spec
from playground.gpu.errors import BufferSpecError
from playground.gpu.safe_expr import MAX_ELEMENTS
from playground.gpu.wgsl_reflect import Binding
from playground.workbench.wgsl_panel import Fill, access_of, default_fill, layout_text, spec_text

# (spec kind, what the combo shows, placeholder of the parameter box or "" when it takes none)
FILLS = (
    ("zeros", "zeros", ""),
    ("ones", "ones", ""),
    ("range", "range 0, 1, 2, ...", ""),
    ("random", "random", "seed (default 0)"),
    ("values", "values...", "numbers: 1, 2.5, 3"),
    ("expr", "numpy expression", "expression of i and n: sin(i * 0.1)"),
)
FILL_KINDS = tuple(kind for kind, _, _ in FILLS)
HEADERS = ("group", "binding", "name", "access", "element type", "layout size", "fill", "parameter", "length")
COL_FILL, COL_PARAM, COL_LENGTH = 6, 7, 8
ERROR_BG = QColor(229, 57, 53, 70)


class BindingsTable(QTableWidget):
    """The editable rows; `changed` fires whenever a fill, parameter or length changes."""

    changed = Signal()
    heightChanged = Signal()  # the rows' fixed height changed (the panel re-fits its settings)

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(HEADERS)
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PARAM, QHeaderView.ResizeMode.Stretch)
        self.bindings: list[Binding] = []
        self.default_length = 256

    # --- rows --------------------------------------------------------------------

    def set_bindings(self, bindings: list[Binding], default_length: int = 256) -> None:
        """Rebuild the rows; a binding with a name seen before keeps the user's fill."""
        kept = {b.name: self.fill(b.name) for b in self.bindings}
        self.bindings = [b for b in bindings if b.is_buffer and b.type is not None]
        self.default_length = default_length
        self.setRowCount(len(self.bindings))
        for row, b in enumerate(self.bindings):
            cells = (b.group, b.binding, b.name, access_of(b), self._element_name(b), layout_text(b))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                item.setToolTip(f"line {b.line}: var<{b.space}{', ' + b.access if b.space == 'storage' else ''}> "
                                f"{b.name}: {b.type_text}")
                self.setItem(row, column, item)
            self._add_editors(row, b, kept.get(b.name) or Fill(default_fill(b), "", default_length))
        self.resizeRowsToContents()
        self._fit_height()
        self.changed.emit()

    def _fit_height(self) -> None:
        """As tall as the rows (up to eight), so the outputs below get the rest of the panel."""
        rows = sum(self.rowHeight(r) for r in range(min(self.rowCount(), 8)))
        if self.rowCount() == 0:
            rows = self.verticalHeader().defaultSectionSize()
        frame = 2 * self.frameWidth() + self.horizontalHeader().sizeHint().height()
        # A narrow panel scrolls the columns sideways: that scroll bar must not cover the last row.
        wide = self.horizontalHeader().length() > self.viewport().width()
        scroll = self.horizontalScrollBar().sizeHint().height() if self.rowCount() > 8 or wide else 0
        height = rows + frame + scroll + 2
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)
            self.heightChanged.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_height)  # narrower or wider: the side scroll bar comes or goes

    @staticmethod
    def _element_name(b: Binding) -> str:
        element, _ = element_and_count(b.type)  # type: ignore[arg-type]
        return element.name

    def _add_editors(self, row: int, b: Binding, fill: Fill) -> None:
        combo = QComboBox()
        for kind, text, _ in FILLS:
            combo.addItem(text, kind)
        combo.setCurrentIndex(FILL_KINDS.index(fill.kind) if fill.kind in FILL_KINDS else 0)
        param = QLineEdit(fill.param)
        length = QSpinBox()
        length.setRange(1, MAX_ELEMENTS)
        _, fixed = element_and_count(b.type)  # type: ignore[arg-type]
        length.setValue(fixed if fixed is not None else fill.length)
        length.setEnabled(fixed is None)
        length.setToolTip("number of elements" if fixed is None else f"{b.type_text} has a fixed size")
        self.setCellWidget(row, COL_FILL, combo)
        self.setCellWidget(row, COL_PARAM, param)
        self.setCellWidget(row, COL_LENGTH, length)
        combo.currentIndexChanged.connect(lambda _i, r=row: self._edited(r))
        param.textChanged.connect(lambda _t, r=row: self._edited(r))
        length.valueChanged.connect(lambda _v, r=row: self._edited(r))
        self._refresh_row(row)

    def _widgets(self, row: int) -> tuple[QComboBox, QLineEdit, QSpinBox]:
        return self.cellWidget(row, COL_FILL), self.cellWidget(row, COL_PARAM), self.cellWidget(row, COL_LENGTH)  # type: ignore[return-value]

    def _row_of(self, name: str) -> int:
        for row, b in enumerate(self.bindings):
            if b.name == name:
                return row
        raise KeyError(f"no binding named {name!r}; the shader binds {', '.join(b.name for b in self.bindings)}")

    def _edited(self, row: int) -> None:
        self._refresh_row(row)
        self.changed.emit()

    def _refresh_row(self, row: int) -> None:
        """Enable the parameter box only where the fill takes one, and flag a spec that does not parse."""
        combo, param, length = self._widgets(row)
        kind = combo.currentData()
        placeholder = FILLS[FILL_KINDS.index(kind)][2]
        param.setEnabled(bool(placeholder))
        param.setPlaceholderText(placeholder)
        fixed = element_and_count(self.bindings[row].type)[1]  # type: ignore[arg-type]
        length.setEnabled(fixed is None and kind != "values")  # values brings its own count
        error = self.row_error(row)
        param.setStyleSheet(f"background: {ERROR_BG.name(QColor.NameFormat.HexArgb)};" if error else "")
        param.setToolTip(error or f"{self.bindings[row].name}={self.spec(self.bindings[row].name)}")

    # --- what the runner asks ----------------------------------------------------------

    def fill(self, name: str) -> Fill:
        """The fill chosen for binding `name`."""
        combo, param, length = self._widgets(self._row_of(name))
        return Fill(combo.currentData(), param.text(), length.value())

    def set_fill(self, name: str, kind: str, param: str = "", length: int | None = None) -> None:
        """Choose a fill from code (tests, the lead's presets): `set_fill("x", "range", length=8)`."""
        if kind not in FILL_KINDS:
            raise BufferSpecError(f"unknown fill {kind!r}; expected one of {', '.join(FILL_KINDS)}")
        combo, param_box, length_box = self._widgets(self._row_of(name))
        combo.setCurrentIndex(FILL_KINDS.index(kind))
        param_box.setText(param)
        if length is not None and length_box.isEnabled():
            length_box.setValue(length)

    def spec(self, name: str) -> str:
        """The SPEC text of binding `name`'s row."""
        row = self._row_of(name)
        combo, param, length = self._widgets(row)
        fixed = element_and_count(self.bindings[row].type)[1]  # type: ignore[arg-type]
        return spec_text(combo.currentData(), param.text(), None if fixed is not None else length.value())

    def specs(self) -> dict[str, str]:
        """name -> SPEC for every buffer binding, ready for `run_shader`."""
        return {b.name: self.spec(b.name) for b in self.bindings}

    def row_error(self, row: int) -> str:
        """Why a row's spec does not parse ("" when it does); expressions are checked when they run."""
        name = self.bindings[row].name
        try:
            parse_buffer_spec(f"{name}={self.spec(name)}")
        except BufferSpecError as exc:
            return str(exc)
        return ""

    def length_of(self, name: str) -> int:
        """How many elements the buffer will have, as `buffer_spec.build` decides it."""
        row = self._row_of(name)
        b = self.bindings[row]
        element, fixed = element_and_count(b.type)  # type: ignore[arg-type]
        if fixed is not None:
            return fixed
        fill = self.fill(name)
        if fill.kind == "values":
            try:
                count = len(parse_buffer_spec(f"{name}={self.spec(name)}").values)
            except BufferSpecError:
                return fill.length
            width = len(element.leaf_scalars())
            return count // width if count > 1 else self.default_length  # one number fills the default length
        return fill.length

    def runtime_lengths(self) -> list[int]:
        """Element counts of the runtime-sized arrays: what the default grid covers."""
        return [self.length_of(b.name) for b in self.bindings if b.type is not None and b.type.runtime_sized]
