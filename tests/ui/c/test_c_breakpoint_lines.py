"""A gutter breakpoint on a C line without code goes where it will stop, and the window says so (real widgets, real zig).

A function's closing `}` holds no code at -O0 (clang gives a Wasm epilogue no
line): as gdb moves such a breakpoint to the next line with code, the C tab
moves its marker there when it is set (or when the compile that tells
arrives), the Console and the status bar say why, and Debug stops on that
line, saying so. A line with code keeps its marker.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "debugger"))

from c_helpers import ADD_LINE, PROGRAM, line_of, open_built  # noqa: E402
from debug_helpers import click_gutter, debug  # noqa: E402

from playground.toolchain import available  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")

SUM_CLOSE = line_of(PROGRAM, "return total;") + 1  # sum's closing `}`
MAIN_FIRST = line_of(PROGRAM, "struct point pt = {3, 4};")
MAIN_CLOSE = len(PROGRAM.splitlines())  # main's closing `}`, the last line


def test_a_breakpoint_on_a_closing_brace_moves_to_the_line_it_stops_on(qtbot, make_window, build):
    window = make_window()
    window.resize(1280, 800)
    buffer = open_built(window, build)
    assert buffer.editor.document().findBlockByNumber(SUM_CLOSE - 1).text() == "}"
    click_gutter(qtbot, buffer.editor, SUM_CLOSE)
    said = f"breakpoint moved from line {SUM_CLOSE} to line {MAIN_FIRST}: line {SUM_CLOSE} has no code"
    assert buffer.editor.breakpoints == {MAIN_FIRST}  # the marker shows where it will stop
    assert window.console.text().splitlines()[-1] == said and window.statusBar().currentMessage() == said
    stop = debug(qtbot, window, "_start", [])
    assert stop.location.span.line == MAIN_FIRST and buffer.editor.current_line == MAIN_FIRST
    assert stop.message.startswith(f"breakpoint at points_sum.c:{MAIN_FIRST}")


def test_a_line_with_code_keeps_its_marker_and_a_line_past_the_last_code_says_it_will_not_stop(qtbot, make_window, build):
    window = make_window()
    buffer = open_built(window, build)
    click_gutter(qtbot, buffer.editor, ADD_LINE)
    assert buffer.editor.breakpoints == {ADD_LINE} and "moved" not in window.console.text()
    click_gutter(qtbot, buffer.editor, MAIN_CLOSE)
    assert buffer.editor.breakpoints == {ADD_LINE, MAIN_CLOSE}
    assert window.console.text().splitlines()[-1] == (
        f"breakpoint on line {MAIN_CLOSE}: no line from there on has code, so it will not stop")


def test_a_breakpoint_set_before_the_compile_moves_when_the_compile_arrives(qtbot, make_window, build):
    window = make_window()
    window.c.auto_compile = False
    buffer = window.editor.files.make_buffer(PROGRAM, title="points_sum.c", language="c")
    window.add_buffer(buffer)
    click_gutter(qtbot, buffer.editor, SUM_CLOSE)
    assert buffer.editor.breakpoints == {SUM_CLOSE}  # nothing is known of its lines yet
    window.c.show_build(buffer, build)
    assert buffer.editor.breakpoints == {MAIN_FIRST}
    assert f"breakpoint moved from line {SUM_CLOSE} to line {MAIN_FIRST}" in window.console.text()
