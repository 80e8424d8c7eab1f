"""The window as a debugger: gutter breakpoints, Debug, Continue, steps in both directions, panels, editor spans."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import click_gutter, command, debug, open_sample, open_text  # noqa: E402

from playground.workbench.session_controller import SessionController  # noqa: E402


def test_each_tab_gets_the_default_controller_of_its_own(qtbot, make_window):
    window = make_window()
    first = open_sample(qtbot, window, "fib.wat")
    assert isinstance(window.debugger.controller, SessionController)
    second = open_sample(qtbot, window, "factorial.wat")
    assert isinstance(window.debugger.controller, SessionController)
    assert window.debugger.sessions[first].controller is not window.debugger.sessions[second].controller


def test_breakpoint_continue_and_steps_through_fib(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "fib.wat")
    editor = buffer.editor
    click_gutter(qtbot, editor, 9)  # (call $fib (i64.sub (local.get $n) (i64.const 1)))
    assert editor.breakpoints == {9}

    snap = debug(qtbot, window, "fib", ["5"])
    assert snap.state == "paused" and snap.reason == "breakpoint"
    assert window.debugger.callstack.count() == 1
    assert window.debugger.locals_panel.texts() == [["$n (param)", "i64", "5"]]
    # the right of the status bar says where, the left why (status_text.py), neither repeats the other
    assert window.debugger.session_label.text() == f"Paused at $fib+6 · step {snap.step}"
    assert window.statusBar().currentMessage() == "Breakpoint hit"
    assert editor.highlighted_text() == "local.get $n"
    assert editor.current_line == 9

    snap = command(qtbot, window, "continue")  # the recursive call hits it again, one frame deeper
    assert window.debugger.callstack.count() == 2 and window.debugger.locals_panel.texts()[0][2] == "4"

    command(qtbot, window, "step_into")  # local.get $n
    assert window.debugger.stack_panel.rows() == [("pushed", "i64", "4")]
    command(qtbot, window, "step_into")  # i64.const 1
    assert window.debugger.stack_panel.rows() == [("pushed", "i64", "1"), ("stack", "i64", "4")]
    snap = command(qtbot, window, "step_into")  # i64.sub
    assert window.debugger.stack_panel.rows() == [("pushed", "i64", "3"), ("popped", "i64", "4"), ("popped", "i64", "1")]
    assert editor.highlighted_text() == "call $fib"
    assert editor.textCursor().hasSelection() is False  # the highlight is an extra selection, not the cursor

    snap = command(qtbot, window, "step_into")  # into fib(3)
    assert window.debugger.callstack.count() == 3 and snap.location.instr_index == 0
    assert editor.highlighted_text() == "local.get $n" and editor.current_line == 5

    click_gutter(qtbot, editor, 9)  # cleared while paused, or step out would stop in fib(2)
    assert editor.breakpoints == set()
    snap = command(qtbot, window, "step_out")  # fib(3) = 2 comes back
    assert window.debugger.callstack.count() == 2 and window.debugger.stack_panel.rows()[0][1:] == ("i64", "2")

    snap = command(qtbot, window, "step_back")
    assert window.debugger.callstack.count() == 3  # back inside the callee, at its last instruction
    snap = command(qtbot, window, "step_back_over")
    assert window.debugger.callstack.count() == 3

    # clicking the caller's frame shows its locals and its instruction
    window.debugger.callstack.setCurrentRow(1)
    assert window.debugger.locals_panel.texts()[0][2] == "4"
    assert editor.highlighted_text() == "call $fib"
    window.debugger.callstack.setCurrentRow(0)

    click_gutter(qtbot, editor, 9)  # set again: reverse continue finds its last hit
    snap = command(qtbot, window, "reverse_continue")  # back to the last hit: fib(3) had called fib(2)
    assert snap.reason == "breakpoint" and window.debugger.callstack.count() == 4
    assert window.debugger.locals_panel.texts()[0][2] == "2"

    click_gutter(qtbot, editor, 9)  # cleared again: Continue now runs to the end
    snap = command(qtbot, window, "continue")
    assert snap.state == "finished" and window.debugger.session_label.text() == f"Finished: 5 · step {snap.step}"
    assert window.statusBar().currentMessage() == "The call returned"
    assert "fib(5) = 5" in window.console.text()
    assert window.commands.action("step_back").isEnabled()  # the history is kept after the end


def test_breakpoint_set_while_paused_applies(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "fib.wat")
    window.debugger.run_bar.select_export("fib_iter")
    snap = debug(qtbot, window, "fib_iter", ["4"])
    assert snap.state == "paused" and snap.step == 0 and window.debugger.session_label.text() == "Paused at $fib_iter+0 · step 0"
    assert window.statusBar().currentMessage() == "Debugging: paused before the first instruction"
    click_gutter(qtbot, buffer.editor, 21)  # (local.set $a (local.get $b))
    seen = []
    for _ in range(4):
        snap = command(qtbot, window, "continue")
        assert snap.reason == "breakpoint" and buffer.editor.current_line == 21
        seen.append(dict((row[0], row[2]) for row in window.debugger.locals_panel.texts())["$b"])
    assert seen == ["1", "1", "2", "3"]
    snap = command(qtbot, window, "continue")
    assert snap.state == "finished" and [r.text for r in snap.results] == ["3"]


def test_step_over_a_call_and_run_to_cursor(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "factorial.wat")
    debug(qtbot, window, window.debugger.run_bar.current_export().name, ["3"])
    editor = buffer.editor
    while "call" not in editor.highlighted_text():
        command(qtbot, window, "step_over")
        assert window.debugger.session_state == "paused"
    depth = window.debugger.callstack.count()
    command(qtbot, window, "step_over")
    assert window.debugger.callstack.count() == depth
    assert window.debugger.stack_panel.rows()[0][0] == "pushed"


def test_wasm_input_highlights_the_disassembly_line(qtbot, make_window, tmp_path):
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    from debug_helpers import SAMPLES

    path = tmp_path / "fib.wasm"
    path.write_bytes(encode_module(parse_module((SAMPLES / "fib.wat").read_text())))
    window = make_window()
    window.show()
    buffer = window.open_file(path)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=5000)
    debug(qtbot, window, "fib", ["3"])
    command(qtbot, window, "step_into")
    assert buffer.editor.highlighted_text() == "i64.const 2"
    line = buffer.editor.current_line
    assert buffer.editor.document().findBlockByNumber(line - 1).text().strip() == "i64.const 2"
    marked = window.debugger.bytecode.model._marked
    assert marked is not None and path.read_bytes()[marked[0]] == 0x42  # i64.const's opcode


def test_learner_overlay_shows_sub_expression_values(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "fib.wat")
    debug(qtbot, window, "fib_iter", ["3"])
    editor = buffer.editor
    while "i64.add" not in editor.highlighted_text():
        command(qtbot, window, "step_into")
    assert editor.annotation_texts() == ["i64.eqz ⇒ 0"]
    command(qtbot, window, "step_into")  # i64.add runs: (i64.add (local.get $a) (local.get $b)) = 0 + 1
    assert "i64.add ⇒ 1" in editor.annotation_texts()
    text = editor.toPlainText()
    position = text.index("(i64.add (local.get $a)") + 3
    assert editor.tooltip_at(position) == "i64.add ⇒ 1"
    command(qtbot, window, "step_back")  # going back in time drops the values
    assert editor.annotation_texts() == []


def test_run_prints_host_strings_and_logs(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "strings.wat")
    window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.debugger.session_state == "finished", timeout=10000)
    assert "Hello, WebAssembly!" in window.console.text()
    logger = """(module
  (import "env" "log" (func $log (param i32)))
  (func (export "main") (param $x i32)
    (call $log (i32.mul (local.get $x) (i32.const 2)))))
"""
    open_text(qtbot, window, logger, "log.wat")
    window.debugger.run_bar.set_arguments(["21"])
    window.commands.trigger("run")
    qtbot.waitUntil(lambda: "env.log(42)" in window.console.text(), timeout=10000)


def test_editing_while_paused_keeps_marks_on_their_text_and_says_what_runs(qtbot, make_window):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "fib.wat")
    editor = buffer.editor
    click_gutter(qtbot, editor, 9)  # (call $fib (i64.sub (local.get $n) (i64.const 1)))
    snap = debug(qtbot, window, "fib", ["3"])
    assert snap.reason == "breakpoint" and editor.current_line == 9

    editor.setTextCursor(QTextCursor(editor.document()))  # type two comment lines at the top
    qtbot.keyClicks(editor, ";; my notes")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, ";; more notes")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.breakpoints == {11}  # the dot moved with its line ...
    assert window.debugger.controller.breakpoints == {9}  # ... and the session, running the old text, still has it on its line 9
    assert editor.current_line == 11 and editor.highlighted_text() == "local.get $n"  # the highlight followed too
    assert "still runs the version it started with" in window.console.text()

    snap = command(qtbot, window, "continue")  # fib(2) hits the same breakpoint
    assert snap.reason == "breakpoint" and window.debugger.callstack.count() == 2
    assert editor.current_line == 11 and editor.highlighted_text() == "local.get $n"

    cursor = QTextCursor(editor.document().findBlockByNumber(10))  # change the current line itself
    cursor.insertText(" ")
    assert editor.current_line is None  # no highlight rather than one on the wrong characters
    assert window.console.text().count("still runs the version") == 1  # said once per session
