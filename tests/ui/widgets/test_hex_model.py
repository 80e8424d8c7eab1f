"""The hex model shared by the memory panel, the bytecode panel and the GPU buffer views: big memories, tinted bytes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.debug.snapshot import MemorySource
from playground.ui.widgets.hex_model import ASCII_COLUMN, CHANGED_BG, HexModel

MIB = 1 << 20


def test_model_row_count_and_cells_for_64_mib():
    data = bytearray(64 * MIB)
    data[64 * MIB - 1] = 0x41
    model = HexModel(MemorySource(data))
    assert model.rowCount() == 4 * MIB
    assert model.columnCount() == 17
    last = model.rowCount() - 1
    assert model.data(model.index(last, 15)) == "41"
    assert model.data(model.index(last, ASCII_COLUMN)) == "." * 15 + "A"
    assert model.headerData(last, Qt.Orientation.Vertical) == f"{64 * MIB - 16:08x}"
    assert model.headerData(4096, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) == "page 1 starts here"
    assert model.headerData(4097, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) is None


def test_changed_bytes_are_highlighted():
    model = HexModel(MemorySource(bytearray(256)))
    model.set_changed([(0x20, 0x24), (0x22, 0x28)])
    background = model.data(model.index(2, 3), Qt.ItemDataRole.BackgroundRole)
    assert background is not None and background.color() == CHANGED_BG
    assert model.data(model.index(2, 7), Qt.ItemDataRole.BackgroundRole) is not None  # merged range
    assert model.data(model.index(2, 8), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
