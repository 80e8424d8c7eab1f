"""A 1000 px window still shows every debugger command, whole numbers in the memory inspector, and the validator's types.

Issue 12, bug 10: at 1000 px the toolbar hid Reverse Continue, Pause and
Stop; the memory inspector cut i64/u64/f64 values; the types panel was very narrow.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import command, debug, open_sample  # noqa: E402

from playground.ui.debugger.memory_view import LONGEST_VALUE  # noqa: E402

RUN_BAR = ("run", "debug", "continue", "step_over", "step_into", "step_out", "step_back", "step_back_over",
           "reverse_continue", "pause", "stop")


def test_every_command_stays_in_reach_at_any_width(qtbot, make_window):
    """Names when there is room, pictures when not, a second row when even they do not fit: never behind »."""
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    open_sample(qtbot, window, "bulk_memory.wat")  # three parameters: the widest run bar of the samples
    bar, debugger = window.debugger.command_bar, window.debugger
    assert {a.objectName() for a in bar.actions()} >= set(RUN_BAR)
    assert all(not window.commands.action(name).icon().isNull() for name in RUN_BAR)
    seen = {}
    for width in (1600, 1000, 700, 520):
        layout = debugger.fit_toolbars(width)
        window.resize(width, 600)
        qtbot.wait(20)
        seen[width] = layout
        assert bar.hidden_actions() == [], (width, layout)
    assert seen[1600] == "names" and seen[520] == "two rows"
    assert window.toolBarBreak(bar)
    debugger.fit_toolbars(1600)
    assert not window.toolBarBreak(bar) and bar.toolButtonStyle() == bar.toolButtonStyle().ToolButtonTextOnly


def test_the_inspector_and_the_types_are_wide_enough(qtbot, make_window):
    window = make_window()
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    open_sample(qtbot, window, "bulk_memory.wat")
    debug(qtbot, window, "init", ["16"])
    command(qtbot, window, "step_into")
    panel = window.debugger.stack_panel
    assert panel.types_box.isVisible()
    title = panel.types_box.layout().itemAt(0).widget()
    assert panel.types_box.width() >= title.sizeHint().width()  # "Validator's types", whole
    memory = window.debugger.memory
    memory.select_address(0)
    inspector = memory.inspector
    room = inspector.viewport().width() - inspector.columnWidth(0)
    metrics = inspector.fontMetrics()
    for text in (LONGEST_VALUE, "-9223372036854775808", "18446744073709551615", "-1.7976931348623157e+308"):
        assert metrics.horizontalAdvance(text) < room, text
    assert memory.inspector_values()["i64"] == "0"
