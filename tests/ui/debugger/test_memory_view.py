"""The memory panel: virtualized rows over big memories, the inspector, go-to, who wrote this."""

from __future__ import annotations

from playground.debug.snapshot import FrameView, LocalView, Location, MemorySource, Snapshot
from playground.ui.debugger.memory_view import MemoryView
from playground.wasm.types import ValType
from playground.workbench.program import value_view

MIB = 1 << 20


def paused_at(ptr: int) -> Snapshot:
    frame = FrameView(Location(0, "f", 3, "i32.load"), (LocalView(0, "$ptr", value_view(ValType.I32, ptr), True),), ())
    return Snapshot(step=3, state="paused", frames=(frame,), changed_memory=((0x20, 0x24),))


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
