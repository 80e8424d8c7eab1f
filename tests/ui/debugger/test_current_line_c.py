"""A C tab marks and shows the line of each stop (real widgets, the real toolchain): a stop inside libc, which has
no debug information, marks the call in the program that is still running (the innermost frame with a line in
the tab's file, where gdb's `up` goes); a stop in an included header's function marks the call in the tab's file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from debug_helpers import SAMPLES, TIMEOUT_MS, command, debug, open_text  # noqa: E402
from test_current_line_visible import line_visible, scroll_away, shows_current_line  # noqa: E402

sys.path.insert(0, str(HERE.parent / "c"))
from c_helpers import line_of  # noqa: E402
from test_c_header_lines import HEADER, MAIN  # noqa: E402  (main.c calling an inline function of util.h)

from playground.toolchain import available  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")

FILLER = 200  # comment lines above rot13's code: its lines start off-screen
LONG_ROT13 = "".join(f"// line {i + 1} of a long preface\n" for i in range(FILLER)) + (SAMPLES / "c" / "rot13.c").read_text()
GETCHAR_LINE = line_of(LONG_ROT13, "getchar()")
PUTCHAR_LINE = line_of(LONG_ROT13, "putchar(c)")


@pytest.fixture(scope="module")
def rot13(tmp_path_factory):
    from playground.workbench.c_build import build_c

    made = build_c(LONG_ROT13, "long_rot13.c", tmp_path_factory.mktemp("c-build"))
    assert made.ok, made.diagnostics
    return made


def open_c(qtbot, window, text: str, title: str, build):
    window.resize(1300, 850)
    window.show()
    window.c.auto_compile = False
    buffer = window.editor.files.make_buffer(text, title=title, language="c")
    window.add_buffer(buffer)
    window.c.show_build(buffer, build)
    assert window.debugger.run_bar.select_export("_start")
    return buffer


def test_paused_inside_libc_the_c_tab_shows_the_call_that_waits(qtbot, make_window, rot13):
    window = make_window()
    editor = open_c(qtbot, window, LONG_ROT13, "long_rot13.c", rot13).editor
    assert not line_visible(editor, GETCHAR_LINE)
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.console.waiting and window.debugger.session_state == "running", timeout=TIMEOUT_MS)
    stop = command(qtbot, window, "pause", timeout=3000)
    assert stop.location.span is None and stop.c.line is None  # the innermost frame is libc's: no C line
    assert shows_current_line(editor, GETCHAR_LINE)  # main's call of getchar, still running
    linked = window.c.linked
    assert linked.current is not None and linked.listing.rows[linked.current].line == GETCHAR_LINE
    label = window.debugger.session_label.text()
    assert "(no debug information), called from main at long_rot13.c:" + str(GETCHAR_LINE) in label, label
    command(qtbot, window, "stop")


def test_a_c_breakpoint_stays_shown_when_the_tab_is_switched_away_and_back(qtbot, make_window, rot13):
    window = make_window()
    buffer = open_c(qtbot, window, LONG_ROT13, "long_rot13.c", rot13)
    editor = buffer.editor
    editor.toggle_breakpoint(PUTCHAR_LINE)
    assert window.commands.trigger("debug")
    qtbot.waitUntil(lambda: window.console.waiting, timeout=TIMEOUT_MS)  # getchar reads a line first
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=TIMEOUT_MS):
        qtbot.keyClicks(window.console.input, "Hi")
        qtbot.keyClick(window.console.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.debugger.session_state == "paused", timeout=TIMEOUT_MS)
    assert window.debugger.last_snapshot.reason == "breakpoint" and shows_current_line(editor, PUTCHAR_LINE)
    scroll_away(editor, PUTCHAR_LINE)
    assert command(qtbot, window, "continue").reason == "breakpoint"  # the next character, the same line
    assert shows_current_line(editor, PUTCHAR_LINE)
    open_text(qtbot, window, "(module (func (export \"f\")))", "other.wat")
    window.tabs.setCurrentWidget(editor)
    assert shows_current_line(editor, PUTCHAR_LINE)


def test_a_stop_in_a_header_s_function_marks_the_call_in_the_tab_s_file(qtbot, make_window, tmp_path_factory):
    from playground.workbench.c_build import build_c

    folder = tmp_path_factory.mktemp("with-header")
    (folder / "util.h").write_text(HEADER)
    build = build_c(MAIN, "main.c", tmp_path_factory.mktemp("c-build"), include_dir=folder)
    assert build.ok, build.diagnostics
    window = make_window()
    editor = open_c(qtbot, window, MAIN, "main.c", build).editor
    call = line_of(MAIN, "twice(21)")
    editor.toggle_breakpoint(call)
    assert debug(qtbot, window, "_start", []).location.span.line == call
    stop = command(qtbot, window, "step_into")
    assert stop.location.file.endswith("util.h") and stop.location.span.line == line_of(HEADER, "return v + v")
    assert editor.current_line == call  # not line 2 of main.c: main's call, as up to the tab's file
    assert "Paused in twice at util.h:2, called from main at main.c:4" in window.debugger.session_label.text()
