"""The hex viewer: virtualized rows over big memories, changed bytes, inspector, go-to, who wrote this."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from playground.debug.snapshot import FrameView, LocalView, Location, MemorySource, Snapshot
from playground.errors import PlaygroundError
from playground.workbench.address import evaluate_address
from playground.ui.hex_model import ASCII_COLUMN, CHANGED_BG, HexModel
from playground.workbench.inspect_values import inspect_bytes
from playground.ui.memory_view import MemoryView
from playground.workbench.program import value_view
from playground.wasm.types import ValType

MIB = 1 << 20


def paused_at(ptr: int) -> Snapshot:
    frame = FrameView(Location(0, "f", 3, "i32.load"), (LocalView(0, "$ptr", value_view(ValType.I32, ptr), True),), ())
    return Snapshot(step=3, state="paused", frames=(frame,), changed_memory=((0x20, 0x24),))


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


def test_view_opens_64_mib_and_follows_growth(qtbot):
    view = MemoryView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    data = bytearray(64 * MIB)
    view.set_source(MemorySource(data))
    assert view.model.rowCount() == 4 * MIB
    assert view.go_to(hex(64 * MIB - 1)) == 64 * MIB - 1
    data.extend(bytes(65536))  # memory.grow by one page
    view.refresh()
    assert view.model.rowCount() == 4 * MIB + 4096
    assert "1025 pages" in view.info.text()


def test_changed_bytes_are_highlighted():
    model = HexModel(MemorySource(bytearray(256)))
    model.set_changed([(0x20, 0x24), (0x22, 0x28)])
    background = model.data(model.index(2, 3), Qt.ItemDataRole.BackgroundRole)
    assert background is not None and background.color() == CHANGED_BG
    assert model.data(model.index(2, 7), Qt.ItemDataRole.BackgroundRole) is not None  # merged range
    assert model.data(model.index(2, 8), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_value_inspector_readings():
    rows = dict(inspect_bytes(bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0xC0, 0x7F])))
    assert rows["i8"] == "-1" and rows["u8"] == "255"
    assert rows["i16"] == "-1" and rows["u16"] == "65535"
    assert rows["i32"] == "-1" and rows["u32"] == "4294967295"
    assert rows["u64"] == str(0x7FC00000FFFFFFFF)
    assert rows["f32"] == "-nan:0x7fffff"
    assert rows["f64"] == "2.247118561595109e+307"
    assert dict(inspect_bytes(b"\x00\x00\xc0\x3f"))["f32"] == "1.5"
    assert dict(inspect_bytes(b"\x01"))["i32"] == "—"


def test_inspector_follows_selection(qtbot):
    view = MemoryView()
    qtbot.addWidget(view)
    data = bytearray(4096)
    data[0x40:0x44] = (1234).to_bytes(4, "little")
    view.set_source(MemorySource(data))
    view.select_address(0x40, 4)
    values = view.inspector_values()
    assert values["i32"] == "1234" and values["at"].startswith("0x00000040")


def test_go_to_expressions(qtbot):
    assert evaluate_address("0x400") == 1024
    assert evaluate_address("1024") == 1024
    assert evaluate_address("$ptr+16", paused_at(100)) == 116
    assert evaluate_address("($ptr + 4) * 2", paused_at(100)) == 208
    with pytest.raises(PlaygroundError):
        evaluate_address("$nope+1", paused_at(100))
    with pytest.raises(PlaygroundError):
        evaluate_address("__import__('os')")
    view = MemoryView()
    qtbot.addWidget(view)
    view.set_source(MemorySource(bytearray(4096)))
    view.set_snapshot(paused_at(0x100))
    messages = []
    view.message.connect(messages.append)
    assert view.go_to("$ptr+16") == 0x110
    assert view.selected_address() == 0x110
    assert view.go_to("$ptr+0x10000") is None and "past the end" in messages[-1]
    assert view.go_to("1 +") is None and messages[-1].startswith("go to:")


def test_who_wrote_this(qtbot):
    view = MemoryView()
    qtbot.addWidget(view)
    view.set_source(MemorySource(bytearray(64)))
    view.select_address(8)
    view.update_who_wrote_action()
    assert not view.who_wrote_action.isEnabled()
    assert "recorder" in view.who_wrote_action.toolTip()
    where = Location(0, "store_it", 5, "i32.store")
    view.set_source(MemorySource(bytearray(64), who_wrote=lambda address: (17, where) if address == 8 else None))
    view.select_address(8)
    view.update_who_wrote_action()
    assert view.who_wrote_action.isEnabled()
    with qtbot.waitSignal(view.whoWroteFound) as blocker:
        view.who_wrote_selected()
    assert blocker.args == [17, where]


def test_a_tall_panel_keeps_the_go_to_row_at_the_top_and_gives_the_height_to_the_bytes(qtbot):
    view = MemoryView()
    qtbot.addWidget(view)
    view.set_source(MemorySource(bytearray(65536)))
    view.resize(800, 900)
    view.show()
    qtbot.waitExposed(view)
    assert view.goto.geometry().top() < 10  # not floating in the middle of the panel
    assert view.table.height() > 800  # the table takes the height
