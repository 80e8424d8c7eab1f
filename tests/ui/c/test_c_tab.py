"""The C tab in a real window (offscreen): compile with zig, problems as squiggles, the linked C ⇄ Wasm view,
C-line breakpoints and stepping both ways, and the C variables panel.

The program (c_helpers.PROGRAM) is compiled once for this module with the
real toolchain (`build`); the first test compiles through the tab itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "debugger"))

from c_helpers import (  # noqa: E402
    ADD_LINE, CALL_LINE, COMPILE_MS, PRINT_LINE, PROGRAM, SUM_FIRST_LINE, line_of, open_built, stopped_at,
)
from debug_helpers import click_gutter, command, debug  # noqa: E402

from PySide6.QtGui import QTextFormat  # noqa: E402

from playground.toolchain import available  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")


def test_the_line_constants_match_the_program():
    assert line_of(PROGRAM, "total += values[i]") == ADD_LINE
    assert line_of(PROGRAM, "int s = sum(values, n)") == CALL_LINE
    assert line_of(PROGRAM, "printf(") == PRINT_LINE
    assert line_of(PROGRAM, "int total = 0") == SUM_FIRST_LINE


def test_a_new_c_file_compiles_in_the_tab_without_freezing_the_window(qtbot, make_window):
    window = make_window()
    buffer = window.c.new_file()
    assert buffer.language == "c" and buffer.title.endswith(".c")
    assert window.c.worker.busy(buffer)  # compiling on its worker; the window goes on
    qtbot.waitUntil(lambda: buffer in window.c.builds, timeout=COMPILE_MS)
    build = window.c.builds[buffer]
    assert build.ok and build.source_map is not None
    assert window.debugger.run_bar.current_export().name == "_start"
    assert buffer.binary == build.binary and buffer.binary[:4] == b"\0asm"
    assert "compiled untitled-1.c" in window.statusBar().currentMessage()
    assert window.c.linked_dock.isVisibleTo(window) and window.c.linked.table.rowCount() > 0
    # the editor colours C: `int` is a keyword
    fmt = buffer.editor.highlighter.format_for(__import__("pygments.token", fromlist=["Keyword"]).Keyword.Type)
    assert fmt is not None


def test_a_compile_error_becomes_a_squiggle_at_its_line_and_a_problem(qtbot, make_window):
    window = make_window()
    window.c.auto_compile = False
    text = "int main(void) {\n    int x = 1;\n    return x +* ;\n}\n"
    buffer = window.editor.files.make_buffer(text, title="broken.c", language="c")
    window.add_buffer(buffer)
    assert window.c.compile(buffer)
    qtbot.waitUntil(lambda: buffer in window.c.builds, timeout=COMPILE_MS)
    (error,) = [d for d in buffer.editor.diagnostics if d.severity == "error"]
    assert error.span.line == 3 and error.span.col == 17 and "expected expression" in error.message
    position = buffer.editor.document().findBlockByNumber(2).position() + 16
    assert buffer.editor.tooltip_at(position) == f"error: {error.message}"
    assert window.editor.problems.problem_count() >= 1 and window.editor.problems.topLevelItem(0).text(1) == "3"
    assert "1 error" in window.statusBar().currentMessage()
    assert window.debugger.run_bar.broken  # Run says to fix the problems first


def test_a_missing_toolchain_says_how_to_install_it(qtbot, make_window, monkeypatch):
    from playground.ui.c import feature

    window = make_window()
    monkeypatch.setattr(feature, "available", lambda: False)
    buffer = window.c.new_file()
    assert not window.c.compile(buffer)
    assert "pip install 'wasm-playground[c]'" in window.statusBar().currentMessage()
    assert "pip install 'wasm-playground[c]'" in window.c.linked.note.text()


def test_a_c_line_and_its_instructions_and_bytes_share_a_colour_both_ways(qtbot, make_window, build):
    window = make_window()
    buffer = open_built(window, build)
    listing = window.c.listings[buffer]
    rows = listing.rows_of_line(ADD_LINE)
    texts = [listing.rows[r].text.strip() for r in rows]
    assert "i32.add" in texts and any(t.startswith("i32.load") for t in texts)
    for r in rows:  # each row's bytes are the binary's bytes at its offset
        row = listing.rows[r]
        assert build.binary[row.offset : row.offset + len(row.data)] == row.data
    tint = {s.cursor.blockNumber() + 1: s.format.background().color() for s in buffer.editor.extraSelections()}
    colour = tint[ADD_LINE]
    assert all(window.c.linked.row_colour(r) == colour for r in rows)
    assert tint[ADD_LINE - 1] != colour  # neighbouring lines differ
    # the C line's text cursor outlines its instructions and puts its bytes in the Bytecode panel
    cursor = buffer.editor.textCursor()
    cursor.setPosition(buffer.editor.document().findBlockByNumber(ADD_LINE - 1).position())
    buffer.editor.setTextCursor(cursor)
    assert window.c.linked.shown_line == ADD_LINE
    first, last = listing.rows[rows[0]], listing.rows[rows[-1]]
    spans = sorted((listing.rows[r].offset, len(listing.rows[r].data)) for r in rows)
    marked = window.debugger.bytecode.model
    assert all(marked.is_marked(offset + k) for offset, size in spans for k in range(size))
    assert not marked.is_marked(spans[0][0] - 1) and not marked.is_marked(spans[-1][0] + spans[-1][1])
    # and back: a row of the listing selects its C line in the editor
    window.c.linked.table.cellClicked.emit(rows[0], 2)
    assert buffer.editor.textCursor().blockNumber() + 1 == ADD_LINE
    assert first.line == last.line == ADD_LINE


def test_a_gutter_breakpoint_stops_there_and_steps_go_by_c_line_both_ways(qtbot, make_window, build):
    window = make_window()
    window.resize(1280, 800)
    buffer = open_built(window, build)
    click_gutter(qtbot, buffer.editor, CALL_LINE)
    stop = debug(qtbot, window, "_start", [])
    assert stop.location.span.line == CALL_LINE and buffer.editor.current_line == CALL_LINE
    row = window.c.linked.current
    assert row is not None and window.c.listings[buffer].line_of_row(row) == CALL_LINE  # C line and instruction together
    # ... and in one colour: the current line is framed over its tint, the current row keeps its line's colour
    editor = buffer.editor
    tint = {s.cursor.blockNumber() + 1: s.format.background().color() for s in editor.extraSelections()
            if s.format.hasProperty(QTextFormat.Property.FullWidthSelection)}
    assert editor.current_line_framed() and tint[CALL_LINE] == window.c.linked.row_colour(row)
    assert list(tint).count(CALL_LINE) == 1  # no current-line background over the tint
    assert command(qtbot, window, "step_over").location.span.line == PRINT_LINE
    assert command(qtbot, window, "step_back_over").location.span.line == CALL_LINE  # gdb's reverse-next
    into = command(qtbot, window, "step_into")
    assert into.location.span.line == SUM_FIRST_LINE and buffer.editor.current_line == SUM_FIRST_LINE
    assert window.c.variables.where.text().startswith("in sum at points_sum.c")
    # one Wasm instruction still: the same C line, one step further
    before = window.debugger.last_snapshot.step
    after = command(qtbot, window, "step_instruction")
    assert after.step == before + 1 and after.location.span.line == SUM_FIRST_LINE
    assert command(qtbot, window, "step_instruction_back").step == before
    assert command(qtbot, window, "step_out").location.span.line == CALL_LINE
    assert command(qtbot, window, "step_over").location.span.line == PRINT_LINE
    # gdb's reverse-step: back into the last line of the call made in between
    back = command(qtbot, window, "step_back")
    assert back.location.span.line == line_of(PROGRAM, "return total;") and back.location.func_name == "sum"


def test_the_c_variables_panel_shows_an_int_a_struct_and_an_array(qtbot, make_window, build):
    window = make_window()
    stopped_at(qtbot, window, build, CALL_LINE)
    panel = window.c.variables
    rows = {name: (ctype, value) for name, ctype, value in panel.rows()}
    assert rows["n"] == ("int", "4")
    assert rows["pt"] == ("struct point", "{x = 3, y = 4}")
    assert rows["values"] == ("int [4]", "{5, 6, 7, 8}")
    assert panel.find("pt", ".y").text(2) == "4"
    assert [panel.find("values", f"[{i}]").text(2) for i in range(4)] == ["5", "6", "7", "8"]
    # an opened row stays open at the next stop
    panel.find("values").setExpanded(True)
    command(qtbot, window, "step_over")
    assert panel.find("values").isExpanded()
    assert dict((n, v) for n, _t, v in panel.rows())["s"] == "26"


def test_who_wrote_this_names_the_c_line(qtbot, make_window, build):
    window = make_window()
    stopped_at(qtbot, window, build, PRINT_LINE)
    snapshot = window.debugger.last_snapshot
    session = window.debugger.active
    address = next(n.address for n in snapshot.c.variables if n.name == "s")
    found = session.memory_source().who_wrote(address)
    assert found is not None
    step, location = found
    window.debugger.presenter.ask_jump = lambda step, location: False  # (the question is a modal box)
    window.debugger.memory.whoWroteFound.emit(step, location)
    assert f"written by C line points_sum.c:{CALL_LINE}: int s = sum(values, n);" in window.console.text()


def test_show_in_memory_selects_a_c_variable_s_bytes(qtbot, make_window, build):
    window = make_window()
    stopped_at(qtbot, window, build, CALL_LINE)
    panel, memory = window.c.variables, window.debugger.memory
    nodes = {n.name: n for n in window.debugger.last_snapshot.c.variables}

    def selected() -> tuple[int | None, int]:
        indexes = {memory.model.address_of(i) for i in memory.table.selectionModel().selectedIndexes()}
        indexes.discard(None)
        return memory.selected_address(), len(indexes)

    panel.tree.itemDoubleClicked.emit(panel.find("values"), 0)  # int [4]: its 16 bytes
    assert selected() == (nodes["values"].address, 16)
    assert memory.model.data_bytes[nodes["values"].address : nodes["values"].address + 16] == bytes(
        b for v in (5, 6, 7, 8) for b in v.to_bytes(4, "little"))
    assert "values: 16 bytes at" in window.statusBar().currentMessage()
    assert panel.show_in_memory(panel.find("pt"))  # struct point: 8 bytes
    assert selected() == (nodes["pt"].address, 8)
    assert panel.show_in_memory(panel.find("pt", ".y"))
    assert selected() == (nodes["pt"].address + 4, 4)
    assert not window.docks["memory"].visibleRegion().isEmpty() or not window.isVisible()
    # a pointer shows what it points to: step into sum(values, n)
    command(qtbot, window, "step_into")
    pointer = next(n for n in window.debugger.last_snapshot.c.variables if n.name == "values")
    assert pointer.type == "int *" and pointer.target == (nodes["values"].address, 4)
    assert panel.show_in_memory(panel.find("values"))
    assert selected() == (nodes["values"].address, 4)
    assert "*values: 4 bytes" in window.statusBar().currentMessage()
    assert panel.show_in_memory(panel.find("values"), own=True)  # the pointer itself, in the frame
    assert selected() == (pointer.address, 4)


def test_a_compile_that_ends_after_the_window_closed_changes_nothing(qtbot, make_window):
    """The worker is waited for at close (5 s at most); what it answers later reaches no closed window."""
    window = make_window()
    buffer = window.c.new_file()
    assert window.c.worker.busy(buffer)
    console = window.console.view.toPlainText()
    window.close()
    qtbot.wait(300)
    window.c.worker.wait(COMPILE_MS / 1000)
    qtbot.wait(300)  # the queued answer, if any, is delivered now
    assert buffer not in window.c.builds
    assert window.console.view.toPlainText() == console


def test_opening_the_window_does_not_look_for_zig_until_a_c_tab_is_current(qtbot, make_window):
    from playground.toolchain import which_zig

    which_zig.forget()
    window = make_window()
    window.editor.files.new_file("(module)\n")
    window.commands.update()
    assert which_zig.lookup.cache_info().currsize == 0  # no subprocess run at start for a learner who never meets C
    window.c.new_file()
    window.commands.update()
    assert "with zig" in window.commands.action("compile_c").statusTip()
