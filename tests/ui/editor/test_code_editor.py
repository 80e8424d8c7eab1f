"""The editor: highlighting, breakpoint gutter, exact span marking, diagnostics, hover and completion."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from playground.ui.editor.code_editor import CodeEditor
from playground.wasm.errors import SourceSpan

WAT = """(module (; a block comment
  over two lines ;)
  (func $add (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""


def _formats(editor: CodeEditor, line: int):
    block = editor.document().findBlockByNumber(line - 1)
    return [(r.start, r.length, r.format.foreground().color().name()) for r in block.layout().formats()]


def _span_of(text: str, needle: str) -> SourceSpan:
    start = text.index(needle)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return SourceSpan(line, col, line, col + len(needle), start, start + len(needle))


def test_highlighting_produces_formats(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    line3 = _formats(editor, 3)
    assert line3, "no formats on a line of code"
    keyword = next(f for f in line3 if f[0] == WAT.splitlines()[2].index("func"))
    assert keyword[1] == 4
    line6 = dict((start, color) for start, _, color in _formats(editor, 6))
    assert 4 in line6  # `i32.add` coloured as an instruction
    assert line6[4] != keyword[2]


def test_block_comment_state_carries_to_the_next_line(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    second = _formats(editor, 2)
    comment_color = second[0][2]
    assert second[0][:2] == (0, len(WAT.splitlines()[1]))  # the whole line is comment
    assert _formats(editor, 1)[-1][2] == comment_color


def test_wgsl_highlighting(qtbot):
    editor = CodeEditor("@compute @workgroup_size(64)\nfn main() { /* x\n y */ }\n", language="wgsl")
    qtbot.addWidget(editor)
    assert _formats(editor, 1) and _formats(editor, 3)


def test_wgsl_line_comments_are_comments_to_their_end(qtbot):
    """Issue 12, bug 7: keywords inside `//` comments were coloured as keywords."""
    source = "// let the fn return a var\nlet x = 1; // fn var\nfn main() {}\n"
    editor = CodeEditor(source, language="wgsl")
    qtbot.addWidget(editor)
    first = _formats(editor, 1)
    assert [(start, length) for start, length, _ in first] == [(0, len(source.splitlines()[0]))]  # one comment run
    comment = first[0][2]
    second = _formats(editor, 2)
    assert second[-1] == (11, 9, comment)  # "// fn var", whole, in the comment's colour
    keyword = _formats(editor, 3)[0]
    assert keyword[:2] == (0, 2) and keyword[2] != comment  # `fn` outside a comment is a keyword


def test_gutter_click_toggles_breakpoints(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    qtbot.waitExposed(editor)
    toggled = []
    editor.breakpointToggled.connect(lambda line, on: toggled.append((line, on)))
    block = editor.document().findBlockByNumber(3)
    y = int(editor.blockBoundingGeometry(block).translated(editor.contentOffset()).center().y())
    qtbot.mouseClick(editor.gutter, Qt.MouseButton.LeftButton, pos=QPoint(5, y))
    assert editor.breakpoints == {4}
    qtbot.mouseClick(editor.gutter, Qt.MouseButton.LeftButton, pos=QPoint(5, y))
    assert editor.breakpoints == frozenset()
    assert toggled == [(4, True), (4, False)]


def test_highlight_span_marks_exact_characters(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    span = _span_of(WAT, "local.get $b")
    editor.highlight_span(span)
    assert editor.highlighted_text() == "local.get $b"
    assert editor.current_line == 5
    selections = editor.extraSelections()
    assert len(selections) == 2  # the line, and the exact span
    editor.highlight_span(None)
    assert editor.highlighted_text() == "" and editor.current_line is None


def test_diagnostics_underline_and_hover(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    span = _span_of(WAT, "i32.add")
    editor.set_diagnostics([(span, "type mismatch", "error")])
    underline = [s for s in editor.extraSelections() if s.format.underlineStyle() != s.format.UnderlineStyle.NoUnderline]
    assert len(underline) == 1
    assert underline[0].cursor.selectedText() == "i32.add"
    assert editor.tooltip_at(span.start + 1) == "error: type mismatch"
    editor.set_diagnostics([])
    assert editor.tooltip_at(span.start + 1).startswith("i32.add: [i32 i32] -> [i32]  Add")


def test_empty_diagnostic_span_widens_to_the_word(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    start = WAT.index("i32.add")
    editor.set_diagnostics([(SourceSpan(6, 5, 6, 5, start, start), "unknown operator", "error")])
    assert editor.extraSelections()[-1].cursor.selectedText() == "i32.add"


def test_completion_offers_instruction_names(qtbot):
    editor = CodeEditor("(module (func\n  i32.ad", language="wat")
    qtbot.addWidget(editor)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    assert editor.prefix_at_cursor() == "i32.ad"
    assert editor.show_completions() == 1
    assert editor.completer.currentCompletion() == "i32.add"
    editor.insert_completion("i32.add")
    assert editor.toPlainText().endswith("i32.add")


def test_disassembly_is_read_only(qtbot):
    editor = CodeEditor("(module)", language="wasm")
    qtbot.addWidget(editor)
    assert editor.isReadOnly() and editor.completer is None


def _put_cursor(editor: CodeEditor, line: int, column: int = 0) -> None:
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(editor.document().findBlockByNumber(line - 1))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
    editor.setTextCursor(cursor)


def test_breakpoints_move_with_their_text_when_lines_change_above(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    editor.show()
    moved = []
    editor.breakpointsMoved.connect(moved.append)
    editor.toggle_breakpoint(5)  # local.get $b
    editor.toggle_breakpoint(6)  # i32.add
    _put_cursor(editor, 4)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # a new line above both
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.breakpoints == {7, 8}
    assert editor.document().findBlockByNumber(6).text().strip() == "local.get $b"
    assert moved[-1] == frozenset({7, 8})
    _put_cursor(editor, 8)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter at the start of the line: its text moves down, and the dot with it
    assert editor.breakpoints == {7, 9}
    assert editor.document().findBlockByNumber(8).text().strip() == "i32.add))"
    _put_cursor(editor, 1)
    for _ in range(3):  # delete lines 1-3 (Shift+Down selects them)
        qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.breakpoints == {4, 6}
    assert editor.document().findBlockByNumber(3).text().strip() == "local.get $b"


def test_joining_two_breakpoint_lines_leaves_one_breakpoint(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    editor.toggle_breakpoint(5)
    editor.toggle_breakpoint(6)
    _put_cursor(editor, 6)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # line 6 joins line 5
    assert editor.breakpoints == {5}
    editor.toggle_breakpoint(5)
    assert editor.breakpoints == frozenset()


def test_replacing_the_whole_text_keeps_breakpoint_line_numbers(qtbot):
    editor = CodeEditor(WAT)
    qtbot.addWidget(editor)
    editor.toggle_breakpoint(4)
    editor.toggle_breakpoint(6)
    editor.setPlainText(WAT.replace("i32.add", "i32.sub"))
    assert editor.breakpoints == {4, 6}
