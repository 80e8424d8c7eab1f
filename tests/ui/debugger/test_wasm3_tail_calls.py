"""The window's call stack with tail calls (3.0): tail_factorial steps in one frame, marked as replacing the others."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import command, debug, open_sample  # noqa: E402

from playground.ui.debugger.callstack import NEXT_TAIL_CALL, TAIL_CALL_BG  # noqa: E402


def test_tail_factorial_keeps_one_marked_frame_in_the_window(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "tail_factorial.wat")
    panel = window.debugger.callstack
    snap = debug(qtbot, window, "fac", ["6"])
    assert snap.location.func_name == "fac" and panel.count() == 1
    assert panel.texts() == [f"{snap.location}    local.get $n"]  # nothing replaced yet: one plain line
    for _ in range(2):
        snap = command(qtbot, window, "step_into")
    assert snap.location.instr_text == "return_call $fac_acc"
    assert panel.texts()[0].endswith(NEXT_TAIL_CALL) and "replaces this frame" in panel.item(0).toolTip()

    deepest = 0
    for _ in range(40):  # down the recursion: fac_acc(6, 1) ... fac_acc(2, 360)
        snap = command(qtbot, window, "step_into")
        assert panel.count() == 1, panel.texts()  # the call stack stays one frame deep
        deepest = max(deepest, snap.frames[-1].tail_calls)
    assert deepest >= 4
    item = panel.item(0)
    assert item.text().splitlines()[1].strip() == f"↻ tail call, replaced {deepest} frames"
    assert item.background().color() == TAIL_CALL_BG
    assert "would stand without tail calls" in item.toolTip() and "return_call" in item.toolTip()
    assert window.debugger.locals_panel.texts()[0][:2] == ["$n (param)", "i64"]

    snap = command(qtbot, window, "step_back")  # back in time: the count comes back with the frame
    assert panel.count() == 1 and snap.frames[-1].tail_calls <= deepest
