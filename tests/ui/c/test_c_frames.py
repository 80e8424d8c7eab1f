"""The C variables follow the frame the stop marks and the frame chosen in the Call stack (real widgets, real zig).

Paused inside libc (no debug information: Pause while getchar waits for typed input), the C variables show
main's, the frame the editor marks (workbench/stop_place.py), under a line saying which frame it is; the Call
stack selects main's row, the libc rows above it greyed. A click on another row shows that frame's variables,
each level of a recursion its own `n`, and the next stop selects the stop's frame again.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "debugger"))

from debug_helpers import TIMEOUT_MS, click_gutter, command  # noqa: E402

from playground.toolchain import available  # noqa: E402
from playground.workbench.stop_place import stop_place  # noqa: E402
from tests.debug.test_debug_c_frames import CALL_LINE, FRAMES, GETCHAR_LINE, PRINTF_LINE, RETURN_LINE  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")


@pytest.fixture(scope="module")
def frames_build(tmp_path_factory):
    from playground.workbench.c_build import build_c

    made = build_c(FRAMES, "frames.c", tmp_path_factory.mktemp("c-build"))
    assert made.ok, made.diagnostics
    return made


def open_frames(window, build):
    window.resize(1300, 850)
    window.show()
    window.c.auto_compile = False
    buffer = window.editor.files.make_buffer(FRAMES, title="frames.c", language="c")
    window.add_buffer(buffer)
    window.c.show_build(buffer, build)
    assert window.debugger.run_bar.select_export("_start")
    return buffer


def click_row(qtbot, window, row: int) -> None:
    """A mouse click on a row of the Call stack, as the user does it."""
    callstack = window.debugger.callstack
    window.docks["callstack"].raise_()
    rect = callstack.visualItemRect(callstack.item(row))
    qtbot.mouseClick(callstack.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert callstack.currentRow() == row


def shown(window) -> dict[str, str]:
    return {name: value for name, _type, value in window.c.variables.rows()}


def type_line(qtbot, window, text: str) -> None:
    qtbot.keyClicks(window.console.input, text)
    qtbot.keyClick(window.console.input, Qt.Key.Key_Return)


def test_paused_in_getchar_the_c_variables_are_main_s_and_the_call_stack_selects_main(qtbot, make_window, frames_build):
    window = make_window()
    editor = open_frames(window, frames_build).editor
    click_gutter(qtbot, editor, PRINTF_LINE)
    assert window.commands.trigger("debug")  # runs to the breakpoint: getchar waits for a line first
    qtbot.waitUntil(lambda: window.console.waiting and window.debugger.session_state == "running", timeout=TIMEOUT_MS)
    stop = command(qtbot, window, "pause", timeout=3000)
    depth = stop_place(stop).depth
    assert stop.c.line is None and depth >= 2 and stop.c.frames[depth].function == "main"  # libc's frames above
    callstack, panel = window.debugger.callstack, window.c.variables
    assert callstack.currentRow() == depth and callstack.item(depth).text() == f"main  frames.c:{GETCHAR_LINE}"
    grey = callstack.palette().placeholderText().color()
    assert all(callstack.item(row).foreground().color() == grey for row in range(depth))
    assert callstack.item(depth).foreground().color() != grey
    assert shown(window) == {"c": "0", "f": "0"}  # main's, before getchar returned
    assert panel.where.text() == f"in main at frames.c:{GETCHAR_LINE} (frame #{depth}; the {depth} frames above it have no debug information)"
    assert editor.current_line == GETCHAR_LINE
    assert window.debugger.locals_panel.frame is stop.frames[-1]  # the Wasm panels stay at the machine's stop

    click_row(qtbot, window, 0)  # libc's innermost frame
    assert panel.where.text() == f"{stop.c.frames[0].function} has no C debug information" and shown(window) == {}
    click_row(qtbot, window, depth)
    assert shown(window) == {"c": "0", "f": "0"} and panel.where.text().startswith(f"in main at frames.c:{GETCHAR_LINE} (frame #")
    click_row(qtbot, window, 1)

    type_line(qtbot, window, "x")
    stop = command(qtbot, window, "continue")
    assert stop.reason == "breakpoint" and stop.location.span.line == PRINTF_LINE
    assert callstack.currentRow() == 0 and panel.where.text() == f"in main at frames.c:{PRINTF_LINE}"  # the stop's frame again
    assert shown(window) == {"c": "120", "f": "240"}


def test_a_caller_chosen_in_the_call_stack_shows_its_own_values_until_the_next_stop(qtbot, make_window, frames_build):
    window = make_window()
    editor = open_frames(window, frames_build).editor
    click_gutter(qtbot, editor, RETURN_LINE)
    assert window.commands.trigger("debug")
    qtbot.waitUntil(lambda: window.console.waiting, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=TIMEOUT_MS):
        type_line(qtbot, window, "x")
    qtbot.waitUntil(lambda: window.debugger.session_state == "paused", timeout=TIMEOUT_MS)
    callstack, panel = window.debugger.callstack, window.c.variables
    assert callstack.currentRow() == 0 and shown(window) == {"n": "1", "below": "10"}
    assert [callstack.item(row).text() for row in range(5)] == [f"factorial  frames.c:{RETURN_LINE}"] + [
        f"factorial  frames.c:{CALL_LINE}"] * 3 + ["main  frames.c:13"]

    click_row(qtbot, window, 2)
    assert shown(window) == {"n": "3", "below": "30"}
    assert window.debugger.locals_panel.frame is window.debugger.last_snapshot.frames[-3]  # a click: Wasm's too
    assert panel.where.text() == f"in factorial at frames.c:{CALL_LINE} (frame #2, chosen in the Call stack)"
    assert editor.current_line == CALL_LINE  # the marked line follows the frame
    linked = window.c.linked
    assert linked.listing.rows[linked.current].line == CALL_LINE
    click_row(qtbot, window, 4)
    assert shown(window) == {"c": "120", "f": "0"}

    stop = command(qtbot, window, "step_over")  # factorial(1) returns into factorial(2)
    assert stop.reason == "step" and callstack.currentRow() == 0
    assert panel.where.text().startswith("in factorial at frames.c:") and "frame #" not in panel.where.text()
    assert shown(window)["n"] == "2"
    assert editor.current_line == stop.location.span.line and linked.listing.rows[linked.current].line == stop.location.span.line
