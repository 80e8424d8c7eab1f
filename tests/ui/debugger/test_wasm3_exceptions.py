"""The window's exception panel (3.0): a throw in samples/exceptions.wat shows its tag, payload and handler; Step Into lands there."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import command, debug, open_sample  # noqa: E402

from playground.workbench.exception_rows import EMPTY_TEXT  # noqa: E402


def test_the_panel_shows_the_throw_follows_it_into_the_handler_and_back(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "exceptions.wat")
    panel = window.debugger.exception_panel
    snap = debug(qtbot, window, "average", ["10", "0"])
    assert panel.note.text() == EMPTY_TEXT and not panel.tree.isVisible()
    while snap.exception is None:
        snap = command(qtbot, window, "step_into")
    assert window.docks["exception"].isVisible()  # brought forward when the throw is next
    rows = dict(panel.texts())
    assert rows["Tag"] == "$division_by_zero (param i32)" and rows["i32"] == "10"
    assert rows["Handler"] == "(catch $division_by_zero $no_values) in $average"
    assert rows["Lands at"] == "$average+8    drop" and rows["Frames left"] == "2 frames above the handler's are left"

    lands = panel.tree.topLevelItem(4)  # click "Lands at": the editor shows the drop it will land on
    panel.tree.itemClicked.emit(lands, 1)
    assert buffer.editor.highlighted_text() == "drop"

    snap = command(qtbot, window, "step_into")
    assert window.debugger.callstack.count() == 1 and snap.location.instr_text == "drop"
    assert panel.note.text().startswith("$division_by_zero was caught by (catch $division_by_zero $no_values) in $average")
    snap = command(qtbot, window, "step_back")
    assert window.debugger.callstack.count() == 3 and dict(panel.texts())["Tag"] == "$division_by_zero (param i32)"


def test_an_uncaught_exception_is_shown_at_the_end(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "exceptions.wat")
    debug(qtbot, window, "average", ["-3", "2"])
    snap = command(qtbot, window, "continue")
    assert snap.state == "trapped"
    rows = dict(window.debugger.exception_panel.texts())
    assert rows["Exception"] == "left the run uncaught" and rows["Tag"] == "$negative (param i32)" and rows["i32"] == "-3"
