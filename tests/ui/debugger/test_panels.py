"""The debugger panels render a hand-built Snapshot: stack with pushed/popped marks, frames, locals, globals, labels."""

from __future__ import annotations

from playground.debug.snapshot import FrameView, GlobalView, LabelView, LocalView, Location, Snapshot
from playground.ui.debugger.callstack import CallStackPanel
from playground.ui.debugger.stack_panel import StackPanel
from playground.ui.debugger.state_panels import GlobalsPanel, LabelsPanel, LocalsPanel
from playground.wasm.types import ValType
from playground.workbench.program import value_view


def i32(v: int):
    return value_view(ValType.I32, v & 0xFFFFFFFF)


def snapshot() -> Snapshot:
    outer = FrameView(Location(1, "main", 4, "call $fib"), (LocalView(0, "$x", i32(7), True),), ())
    inner = FrameView(
        Location(0, "fib", 12, "i32.add"),
        (LocalView(0, "$n", i32(-5), True), LocalView(1, "local[1]", value_view(ValType.F64, 0x3FF8000000000000), False)),
        (LabelView("function", None, 1, 0, 20), LabelView("block", "$done", 0, 3, 18)),
    )
    return Snapshot(
        step=9,
        state="paused",
        frames=(outer, inner),
        stack=(i32(1), i32(255), i32(-1)),
        pushed=1,
        popped=(i32(3), i32(4)),
        globals=(GlobalView(0, "$counter", True, i32(42)),),
        type_stack=("i32", "i32"),
    )


def test_stack_panel_marks_pushed_and_popped(qtbot):
    panel = StackPanel()
    qtbot.addWidget(panel)
    panel.render(snapshot())
    assert panel.rows() == [
        ("pushed", "i32", "-1"),
        ("stack", "i32", "255"),
        ("stack", "i32", "1"),
        ("popped", "i32", "3"),
        ("popped", "i32", "4"),
    ]
    popped_item = panel.values.topLevelItem(3)
    assert popped_item.font(2).strikeOut()
    assert panel.values.topLevelItem(0).font(2).bold()


def test_stack_panel_hex_toggle(qtbot):
    panel = StackPanel()
    qtbot.addWidget(panel)
    panel.render(snapshot())
    seen = []
    panel.hexChanged.connect(seen.append)
    panel.set_hex(True)
    assert [row[2] for row in panel.rows()][:3] == ["0xffffffff", "0x000000ff", "0x00000001"]
    assert seen == [True]


def test_type_stack_overlay_shows_only_when_present(qtbot):
    panel = StackPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.render(snapshot())
    assert panel.types_box.isVisible()
    assert [panel.types.item(i).text() for i in range(panel.types.count())] == ["i32", "i32"]
    panel.render(Snapshot(step=0, state="ready"))
    assert not panel.types_box.isVisible()
    assert panel.rows() == []


def test_call_stack_click_emits_location_and_shows_locals(qtbot):
    frames = CallStackPanel()
    local_panel = LocalsPanel()
    labels = LabelsPanel()
    qtbot.addWidget(frames)
    qtbot.addWidget(local_panel)
    qtbot.addWidget(labels)
    frames.frameSelected.connect(local_panel.show_frame)
    frames.frameSelected.connect(labels.show_frame)
    locations = []
    frames.locationSelected.connect(locations.append)
    frames.render(snapshot())
    assert frames.item(0).text().startswith("$fib+12")  # innermost first
    frames.setCurrentRow(1)
    assert str(locations[-1]) == "$main+4"
    assert local_panel.texts() == [["$x (param)", "i32", "7"]]
    frames.setCurrentRow(0)
    assert local_panel.texts() == [["$n (param)", "i32", "-5"], ["local[1]", "f64", "1.5"]]
    assert labels.texts()[0] == ["block", "$done", "0", "3..18"]  # innermost first


def test_globals_panel_with_hex(qtbot):
    panel = GlobalsPanel()
    qtbot.addWidget(panel)
    panel.show_globals(snapshot().globals)
    assert panel.texts() == [["$counter", "mut i32", "42"]]
    panel.set_hex(True)
    assert panel.texts()[0][2] == "0x0000002a"
