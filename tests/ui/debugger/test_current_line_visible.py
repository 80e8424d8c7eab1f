"""Every stop scrolls its tab's editor to the current line (real widgets): each kind of stop, each kind of tab.

The program is long (a 300-line WAT, its .wasm's disassembly, rot13.wasm's)
so the line a stop marks starts off-screen; before each motion the editor is
scrolled to the other end, and the text cursor stays at the top (a stop once
scrolled back to it: presenter.show_stop and CodeEditor.ensure_visible).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt  # noqa: E402

from debug_helpers import SAMPLES, TIMEOUT_MS, call, command, debug, open_text  # noqa: E402

FILLER = 280  # nop lines between the helper at the top and the code at the end


def long_wat() -> str:
    """A module whose `main` runs 280 nops, then calls $helper (at the top), then spins (mode 1) or traps (mode 2)."""
    head = [
        "(module",
        "  (func $helper (param $x i32) (result i32)",
        "    local.get $x",  # HELPER_LINE
        "    i32.const 1",
        "    i32.add)",
        '  (func (export "main") (param $mode i32) (result i32)',
    ]
    tail = [
        "    local.get $mode",  # CALL_LINE - 1: the breakpoint
        "    call $helper",
        "    drop",
        "    block",
        "      local.get $mode",
        "      i32.const 1",
        "      i32.ne",
        "      br_if 0",
        "      loop $spin",
        "        br $spin",  # SPIN_LINE
        "      end",
        "    end",
        "    local.get $mode",
        "    i32.const 2",
        "    i32.eq",
        "    if",
        "      unreachable",  # TRAP_LINE
        "    end",
        "    i32.const 0))",
    ]
    return "\n".join(head + ["    nop"] * FILLER + tail) + "\n"


LINES = long_wat().splitlines()
HELPER_LINE = 3
BREAK_LINE = LINES.index("    local.get $mode") + 1
CALL_LINE = BREAK_LINE + 1
SPIN_LINE = LINES.index("        br $spin") + 1
TRAP_LINE = LINES.index("      unreachable") + 1


def line_visible(editor, line: int) -> bool:
    """Whether all of `line`'s height lies inside the editor's viewport."""
    block = editor.document().findBlockByNumber(line - 1)
    box = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    return 0 <= box.top() and box.bottom() <= editor.viewport().height()


def shows_current_line(editor, line: int) -> bool:
    return editor.current_line == line and line_visible(editor, line)


def scroll_away(editor, line: int) -> None:
    """Scroll to the end of the text farther from `line` (the text cursor stays at the top)."""
    bar = editor.verticalScrollBar()
    bar.setValue(bar.maximum() if line < editor.blockCount() // 2 else 0)
    assert not line_visible(editor, line)


def long_tab(qtbot, window):
    window.resize(1300, 850)
    window.show()
    buffer = open_text(qtbot, window, long_wat(), "long.wat")
    assert not line_visible(buffer.editor, BREAK_LINE) and buffer.editor.textCursor().position() == 0
    return buffer


def test_breakpoint_steps_and_going_back_show_their_line(qtbot, make_window):
    from playground.workbench.session_commands import GotoStep

    window = make_window()
    editor = long_tab(qtbot, window).editor
    editor.toggle_breakpoint(BREAK_LINE)
    stop = debug(qtbot, window, "main", ["0"])
    assert stop.reason == "breakpoint" and shows_current_line(editor, BREAK_LINE)
    at_break = stop.step
    command(qtbot, window, "step_into")
    scroll_away(editor, HELPER_LINE)
    assert command(qtbot, window, "step_into").location.func_name == "helper"  # up to the top of the text
    assert shows_current_line(editor, HELPER_LINE)
    scroll_away(editor, CALL_LINE)
    command(qtbot, window, "step_back")
    assert shows_current_line(editor, CALL_LINE)
    command(qtbot, window, "step_into")
    scroll_away(editor, BREAK_LINE)
    assert command(qtbot, window, "reverse_continue").reason == "breakpoint"
    assert shows_current_line(editor, BREAK_LINE)
    scroll_away(editor, HELPER_LINE)
    call(qtbot, window, window.debugger.send, GotoStep(at_break + 2))  # "who wrote this?" travels so
    assert shows_current_line(editor, HELPER_LINE)
    assert editor.textCursor().position() == 0  # the user's cursor stays where it was


def test_pause_in_a_long_loop_shows_its_line(qtbot, make_window):
    window = make_window()
    editor = long_tab(qtbot, window).editor
    window.debugger.run_bar.select_export("main")
    window.debugger.run_bar.set_arguments(["1"])
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.debugger.session_state == "running", timeout=TIMEOUT_MS)
    stop = command(qtbot, window, "pause")
    assert stop.reason == "paused" and editor.current_line in (SPIN_LINE - 1, SPIN_LINE)
    assert line_visible(editor, editor.current_line)


def test_the_fuel_limit_shows_its_line(qtbot, make_window):
    from dataclasses import replace

    from playground.wasm.limits import DEFAULT_LIMITS

    window = make_window()
    settings = window.run_settings
    settings.apply(replace(settings.current, limits=DEFAULT_LIMITS.but(fuel=20_000)))
    editor = long_tab(qtbot, window).editor
    window.debugger.run_bar.select_export("main")
    window.debugger.run_bar.set_arguments(["1"])
    stop = command(qtbot, window, "run")
    assert stop.reason == "limit" and "instruction limit" in stop.message
    assert editor.current_line in (SPIN_LINE - 1, SPIN_LINE) and line_visible(editor, editor.current_line)


def test_a_trap_shows_its_line(qtbot, make_window):
    window = make_window()
    editor = long_tab(qtbot, window).editor
    window.debugger.run_bar.select_export("main")
    window.debugger.run_bar.set_arguments(["2"])
    stop = command(qtbot, window, "run")
    assert stop.state == "trapped" and shows_current_line(editor, TRAP_LINE)


def test_a_stop_behind_another_tab_shows_when_its_tab_does(qtbot, make_window):
    from playground.workbench.session_commands import Continue

    window = make_window()
    buffer = long_tab(qtbot, window)
    editor = buffer.editor
    editor.toggle_breakpoint(BREAK_LINE)
    editor.toggle_breakpoint(TRAP_LINE)
    debug(qtbot, window, "main", ["2"])
    scroll_away(editor, TRAP_LINE)
    open_text(qtbot, window, "(module (func (export \"f\")))", "other.wat")
    call(qtbot, window, window.debugger.sessions[buffer].controller.send, Continue())
    assert window.current_buffer() is not buffer and window.debugger.sessions[buffer].last_snapshot.reason == "breakpoint"
    window.tabs.setCurrentWidget(editor)
    assert shows_current_line(editor, TRAP_LINE)
    window.tabs.setCurrentIndex(1)  # away and back: it stays
    window.tabs.setCurrentWidget(editor)
    assert shows_current_line(editor, TRAP_LINE)


def test_typing_while_paused_leaves_the_view_where_the_user_types(qtbot, make_window):
    window = make_window()
    editor = long_tab(qtbot, window).editor
    editor.toggle_breakpoint(BREAK_LINE)
    debug(qtbot, window, "main", ["0"])
    assert shows_current_line(editor, BREAK_LINE)
    editor.verticalScrollBar().setValue(0)
    editor.setFocus()
    qtbot.keyClicks(editor, ";; a note")  # at the top: the mark moves down a line, the view stays
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.current_line == BREAK_LINE + 1 and line_visible(editor, 1) and not line_visible(editor, BREAK_LINE)


def open_wasm(qtbot, window, path: Path):
    window.resize(1300, 850)
    window.show()
    buffer = window.open_file(path)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=TIMEOUT_MS)
    return buffer


def test_a_wasm_tab_shows_its_breakpoint_and_steps_in_the_disassembly(qtbot, make_window, tmp_path):
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    path = tmp_path / "long.wasm"
    path.write_bytes(encode_module(parse_module(long_wat())))
    window = make_window()
    editor = open_wasm(qtbot, window, path).editor
    text = editor.toPlainText().splitlines()
    call_line = next(i for i, row in enumerate(text, 1) if row.strip().startswith("call"))
    assert not line_visible(editor, call_line)
    editor.toggle_breakpoint(call_line)
    assert debug(qtbot, window, "main", ["0"]).reason == "breakpoint" and shows_current_line(editor, call_line)
    scroll_away(editor, 1)
    command(qtbot, window, "step_into")  # into $helper, at the top of the disassembly
    assert editor.current_line < call_line - FILLER and line_visible(editor, editor.current_line)


def test_a_wasm_tab_paused_while_waiting_for_input_shows_the_read(qtbot, make_window):
    window = make_window()
    editor = open_wasm(qtbot, window, SAMPLES / "c" / "rot13.wasm").editor
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.console.waiting and window.debugger.session_state == "running", timeout=TIMEOUT_MS)
    stop = command(qtbot, window, "pause", timeout=3000)
    assert stop.location.instr_text.startswith("call")  # before the read's call
    assert editor.current_line == stop.location.span.line and line_visible(editor, editor.current_line)
    assert editor.current_line > 40  # (not a line the editor shows from the start)
    command(qtbot, window, "stop")

