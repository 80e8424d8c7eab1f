"""The Bytecode panel: it follows the editor's cursor and back, for WAT and for .wasm tabs; the annotated mode."""

from __future__ import annotations

from playground.workbench.instr_map import InstrRef

ADD_WAT = """(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""


def test_bytecode_follows_the_editor_and_back(qtbot, make_window, tmp_path):
    window = make_window()
    buffer = window.editor.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.binary is not None, timeout=5000)
    titles = window.debugger.bytecode.section_titles()
    assert titles[0].startswith("Type") and any(t.startswith("Code") for t in titles)
    cursor = buffer.editor.textCursor()
    cursor.setPosition(ADD_WAT.index("i32.add") + 2)
    buffer.editor.setTextCursor(cursor)
    offset, length = window.debugger.bytecode.model._marked[0], window.debugger.bytecode.model._marked[1] - window.debugger.bytecode.model._marked[0]
    assert buffer.result.binary[offset] == 0x6A and length == 1  # i32.add's opcode
    local_get = buffer.result.binary.index(bytes([0x20, 0x01]))  # local.get $b
    ref = window.debugger.bytecode.select_offset(local_get + 1)
    assert ref is not None
    assert buffer.editor.textCursor().selectedText() == "local.get $b"
    assembled = tmp_path / "add.wasm"
    assembled.write_bytes(buffer.result.binary)
    wasm = window.open_file(assembled)
    assert wasm.language == "wasm" and wasm.editor.isReadOnly()
    assert window.debugger.bytecode.data == assembled.read_bytes()
    window.debugger.bytecode.select_offset(local_get + 1)  # the disassembly's lines and the bytes follow each other
    assert wasm.editor.textCursor().selectedText().startswith("local.get")
    line = wasm.instr_map.line_of(InstrRef(0, 2))  # i32.add
    cursor = wasm.editor.textCursor()
    cursor.setPosition(wasm.editor.document().findBlockByNumber(line - 1).position())  # the line's start, in its indentation
    wasm.editor.setTextCursor(cursor)
    marked = window.debugger.bytecode.model._marked
    assert wasm.binary[marked[0]] == 0x6A


def test_annotated_mode_explains_every_byte(qtbot, make_window):
    window = make_window()
    buffer = window.editor.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.binary is not None, timeout=5000)
    window.debugger.bytecode.annotated_button.setChecked(True)
    assert window.debugger.bytecode.pages.currentWidget() is window.debugger.bytecode.annotated
    rows = window.debugger.bytecode.annotated_rows()
    assert rows[0] == (0, "WASM_BINARY_MAGIC") and (0, 'section "code" (10)') in rows
    assert (2, "i32.add") in rows and (3, "local index 1") in rows


def test_no_column_is_cut(qtbot, make_window):
    """Issue 12, bug 5: the annotated view's offsets read "0x000…"; the sections table's Size column was cut off."""
    window = make_window()
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    buffer = window.editor.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.binary is not None, timeout=5000)
    window.docks["bytecode"].raise_()
    view = window.debugger.bytecode
    qtbot.wait(20)
    tree, header = view.tree, view.tree.header()
    assert header.sectionPosition(2) + header.sectionSize(2) <= tree.viewport().width()  # Size is in sight ...
    metrics = tree.fontMetrics()
    for column in (1, 2):  # ... and as wide as its widest text
        widest = max(metrics.horizontalAdvance(tree.topLevelItem(i).text(column)) for i in range(tree.topLevelItemCount()))
        assert header.sectionSize(column) >= widest
    view.annotated_button.setChecked(True)
    annotated = view.annotated
    annotated.expandAll()
    qtbot.wait(20)
    stack = [annotated.topLevelItem(i) for i in range(annotated.topLevelItemCount())]
    while stack:  # every offset whole, however deep its row
        item = stack.pop()
        rect = annotated.visualItemRect(item)
        text_left = rect.left() if rect.left() > 0 else 0
        assert text_left + metrics.horizontalAdvance(item.text(0)) <= annotated.columnWidth(0), item.text(0)
        stack.extend(item.child(i) for i in range(item.childCount()))


def test_a_wat_tab_with_errors_points_to_the_problems_panel(qtbot, make_window):
    """Without a binary because the WAT has errors, the panel says so and counts them, instead of 'open a .wasm'."""
    window = make_window()
    status = window.debugger.bytecode.status
    assert status.text().startswith("No binary yet")  # no tab: nothing to point at
    broken = "(module (func (i64.bogus) (i32.nonsense)))\n"
    buffer = window.editor.files.new_file(broken)
    qtbot.waitUntil(lambda: buffer.result is not None and bool(buffer.result.diagnostics), timeout=5000)
    errors = sum(d.severity == "error" for d in buffer.result.diagnostics)
    assert errors >= 1 and buffer.result.binary is None
    plural = "" if errors == 1 else "s"
    assert status.text() == f"This WAT does not assemble yet: see Problems ({errors} error{plural})"
    buffer.editor.setPlainText(ADD_WAT)  # fixed: the bytes come back
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.binary is not None, timeout=5000)
    assert status.text() == f"{len(buffer.result.binary):,} bytes"
