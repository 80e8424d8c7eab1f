"""One GPU buffer shown three ways: a table of its elements, its bytes in hex, and (for 2-D data) an image.

Shared by the WGSL runner panel (one tab per buffer) and the dispatch stepper
(with a bar strip on top, and the changes since the previous dispatch tinted).
The hex view is the memory viewer's own `HexModel`/`HexTable`, so GPU buffers
and Wasm linear memory read alike.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.debug.snapshot import MemorySource
from playground.gpu.formatting import buffer_header
from playground.ui.gpu.buffer_image import BarStrip, ImageView, grayscale_image
from playground.ui.gpu.buffer_table import BufferTable
from playground.ui.widgets.hex_model import HexModel
from playground.ui.widgets.hex_table import HexTable
from playground.workbench.gpu_buffers import changed_byte_ranges, changed_mask, image_shape, leaf_columns

MAX_IMAGE_WIDTH = 1 << 14


class GpuBufferView(QWidget):
    """Header line, then Table / Hex / Image tabs; `set_buffer(array, raw, previous=..., previous_raw=...)`."""

    def __init__(self, name: str, type_text: str = "", parent=None, *, bar_strip: bool = False) -> None:
        super().__init__(parent)
        self.name, self.type_text = name, type_text
        self.array: np.ndarray | None = None
        self.header = QLabel(name)
        self.header.setWordWrap(True)
        self.strip = BarStrip() if bar_strip else None
        self.table = BufferTable()
        self.hex_model = HexModel(MemorySource(bytearray()))
        self.hex_table = HexTable(self.hex_model)

        self.image_view = ImageView()
        self.width_spin = QSpinBox()
        self.width_spin.setRange(0, MAX_IMAGE_WIDTH)
        self.width_spin.setSpecialValueText("auto")
        self.width_spin.setToolTip("image width in elements; auto: a square when the length is a square number")
        self.column_combo = QComboBox()
        self.column_combo.setToolTip("which number of each element the image shows")
        image_page = QWidget()
        controls = QHBoxLayout()
        controls.addWidget(QLabel("width"))
        controls.addWidget(self.width_spin)
        controls.addWidget(QLabel("value"))
        controls.addWidget(self.column_combo, 1)
        controls.addStretch(1)
        image_layout = QVBoxLayout(image_page)
        image_layout.setContentsMargins(4, 4, 4, 4)
        image_layout.addLayout(controls)
        image_layout.addWidget(self.image_view, 1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(self.hex_table, "Hex")
        self.tabs.addTab(image_page, "Image")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        if self.strip is not None:
            layout.addWidget(self.strip)
        layout.addWidget(self.tabs, 1)
        self.width_spin.valueChanged.connect(self._update_image)
        self.column_combo.currentIndexChanged.connect(self._update_image)

    def set_buffer(self, array: np.ndarray, raw: bytes | None = None, *, previous: np.ndarray | None = None,
                   previous_raw: bytes | None = None) -> None:
        """Show `array` (decoded) and `raw` (its bytes; default: the array's own); tint what differs from `previous`."""
        array = np.atleast_1d(array)
        raw = bytes(np.ascontiguousarray(array).tobytes()) if raw is None else bytes(raw)
        self.array = array
        self.header.setText(buffer_header(self.name, array, self.type_text) + f", {len(raw)} bytes")
        self.table.set_array(array, previous)
        self.hex_model.set_source(MemorySource(bytearray(raw)))
        self.hex_model.set_changed(changed_byte_ranges(raw, previous_raw))
        labels = [label for label, _ in leaf_columns(array)]
        if labels != [self.column_combo.itemText(i) for i in range(self.column_combo.count())]:
            self.column_combo.blockSignals(True)
            self.column_combo.clear()
            self.column_combo.addItems(labels)
            self.column_combo.blockSignals(False)
        self.column_combo.setVisible(len(labels) > 1)
        if self.strip is not None:
            column = leaf_columns(array)[0][1]
            moved = None
            if previous is not None and np.shape(previous) == array.shape and previous.dtype == array.dtype:
                moved = changed_mask(column, leaf_columns(np.atleast_1d(previous))[0][1])
            self.strip.set_values(column, moved)
        self._update_image()

    def _update_image(self) -> None:
        if self.array is None:
            self.image_view.set_image(None, "no data yet")
            return
        columns = leaf_columns(self.array)
        values = columns[max(0, min(self.column_combo.currentIndex(), len(columns) - 1))][1]
        shape = image_shape(len(values), self.width_spin.value() or None)
        if shape is None:
            self.image_view.set_image(None, f"{len(values)} elements is not a square number: "
                                            "give the image a width to see it as 2-D data")
            return
        self.image_view.set_image(grayscale_image(values, shape[0]))
        self.image_view.setToolTip(f"{shape[0]} x {shape[1]} pixels, black = smallest, white = largest")
