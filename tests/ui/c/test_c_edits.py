"""Edits after a compile in a C tab (real widgets, real zig): Run and Debug compile the edited text first, a compile
error starts nothing, and while a session runs an older compile the editor says the source changed.

The program is c_helpers.PROGRAM, compiled once for this module (`build`); the compiles the tab makes for
its edits share zig's cache with it, so only the first compile of a fresh machine is slow.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "debugger"))

from c_helpers import CALL_LINE, COMPILE_MS, PRINT_LINE, open_built, stopped_at  # noqa: E402
from debug_helpers import click_gutter, command  # noqa: E402

from playground.toolchain import available  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")


def replace_text(editor, old: str, new: str) -> None:
    """Type over `old` in the editor (one edit, as a learner's; undoable)."""
    cursor = editor.document().find(old)
    assert not cursor.isNull(), old
    cursor.insertText(new)


def test_debug_after_an_edit_compiles_it_first_and_debugs_the_new_text(qtbot, make_window, build):
    window = make_window()
    buffer = open_built(window, build)
    assert not window.c.pending(buffer)
    replace_text(buffer.editor, "int n = 4;", "int n = 3;")  # the same lines: only a compile can tell
    assert window.c.pending(buffer)
    click_gutter(qtbot, buffer.editor, PRINT_LINE)
    old_binary = buffer.binary
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=COMPILE_MS):
        assert window.commands.trigger("debug")
        assert window.c.worker.busy(buffer) and not window.debugger.session_of(buffer).has_session
        assert "compiling points_sum.c first" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.debugger.controller.busy, timeout=COMPILE_MS)
    stop = window.debugger.last_snapshot
    assert window.c.builds[buffer].text == buffer.editor.toPlainText() and buffer.binary != old_binary
    assert stop.location.span.line == PRINT_LINE
    values = {name: value for name, _type, value in window.c.variables.rows()}
    assert values["n"] == "3" and values["s"] == "18"  # 5 + 6 + 7: the edited program runs
    assert window.c.notes[buffer].isHidden()  # it runs what the editor shows


def test_a_compile_error_on_run_shows_the_problem_and_starts_nothing(qtbot, make_window, build):
    window = make_window()
    buffer = open_built(window, build)
    replace_text(buffer.editor, "int n = 4;", "int n = ;")
    assert window.commands.trigger("run")  # enabled: the edit is compiled first
    qtbot.waitUntil(lambda: window.c.builds[buffer].text == buffer.editor.toPlainText(), timeout=COMPILE_MS)
    qtbot.wait(50)
    assert not window.c.builds[buffer].ok and buffer not in window.c.waiting
    session = window.debugger.sessions.get(buffer)
    assert session is None or not session.has_session
    assert window.editor.problems.problem_count() >= 1
    assert "not started: fix the errors (see Problems)" in window.console.text()
    assert not window.commands.action("run").isEnabled()  # the same text again: fix it first


def test_editing_during_a_session_shows_a_note_until_the_text_is_back_or_the_session_ends(qtbot, make_window, build):
    window = make_window()
    window.resize(1280, 800)
    buffer = stopped_at(qtbot, window, build, CALL_LINE)
    note = window.c.notes[buffer]
    assert note.isHidden()
    cursor = buffer.editor.textCursor()
    cursor.setPosition(0)
    cursor.insertText("// a comment that moves every line\n")
    assert not note.isHidden() and "Source changed since this session started" in note.text()
    assert "source changed since this session started" in window.statusBar().currentMessage()
    area = buffer.editor.viewport().geometry()
    assert area.contains(note.geometry()) and note.geometry().top() - area.top() < 20  # top right of the text
    buffer.editor.undo()
    assert note.isHidden()  # the text is the compiled one again
    replace_text(buffer.editor, "int n = 4;", "int n = 5;")
    assert not note.isHidden()
    command(qtbot, window, "stop")
    assert note.isHidden()
