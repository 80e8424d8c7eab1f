"""The window's Heap panel (3.0 GC): samples/gc_list.wat's list as it is built, its links followed by clicks, and undone by stepping back."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import command, debug, open_sample  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402

from playground.ui.debugger.heap_view import EMPTY_TEXT, NO_GC_TEXT  # noqa: E402


def click_cell(qtbot, tree, item, column: int) -> None:
    """A real mouse click on one cell of a tree widget."""
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    x = tree.header().sectionViewportPosition(column) + 8
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, rect.center().y()))


def local_row(window, name: str):
    panel = window.debugger.locals_panel
    return next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount()) if panel.topLevelItem(i).text(0).startswith(name))


def the_list(panel, head: int) -> list[str]:
    """The values of the list from object `head`, following the `$next` links as the panel shows them."""
    values, number = [], head
    while number is not None:
        rows = {name: (type_, text) for name, type_, text in panel.field_rows(number)}
        values.append(rows["$value"][1])
        assert rows["$value"][0] == "i32" and rows["$next"][0] == "(mut (ref null $node))"
        link = panel.row_of(number, "$next").data(0, Qt.ItemDataRole.UserRole)
        assert rows["$next"][1] == ("null" if link is None else f"→ struct#{link}")
        number = link
    return values


def test_the_heap_grows_with_the_list_links_jump_and_step_back_shrinks_it(qtbot, make_window):
    window = make_window()
    window.resize(1400, 900)
    window.show()
    buffer = open_sample(qtbot, window, "gc_list.wat")
    panel = window.debugger.heap_panel
    snap = debug(qtbot, window, "build", ["5"])
    assert panel.note.text() == EMPTY_TEXT and not panel.tree.isVisible()
    for _ in range(200):  # until the fifth node is made and linked into $list
        snap = command(qtbot, window, "step_into")
        if len(snap.heap.objects) == 5 and snap.location.instr_text.startswith("local.set $n"):
            break
    assert window.docks["heap"].isVisible()  # brought forward when the first object appeared
    assert [t for _, t in panel.object_rows()] == ["$node"] * 5
    assert panel.note.text().startswith("5 objects, reachable from")

    head_row = local_row(window, "$list")  # the locals read the typed reference and link to it
    assert head_row.text(1) == "(ref null $node)" and head_row.text(2).startswith("→ struct#")
    head = int(head_row.text(2).rsplit("#", 1)[1])
    click_cell(qtbot, window.debugger.locals_panel, head_row, 2)
    assert panel.selected_number() == head
    assert the_list(panel, head) == ["1", "2", "3", "4", "5"]

    site = panel.row_of(head, "allocated by")  # the last node made, and where
    assert site.text(2).startswith("$build+7 struct.new") and site.text(2).endswith(f"at step {snap.step - 5}")  # 5 instructions ago
    click_cell(qtbot, panel.tree, site, 2)
    assert "struct.new $node" in buffer.editor.highlighted_text()

    second = panel.row_of(head, "$next")  # clicking a reference goes to the object it names
    target = second.data(0, Qt.ItemDataRole.UserRole)
    click_cell(qtbot, panel.tree, second, 2)
    assert panel.selected_number() == target != head

    while len(snap.heap.objects) == 5:  # back before the last struct.new: that node is gone again
        snap = command(qtbot, window, "step_back")
    assert len(panel.object_rows()) == 4 and f"struct#{head}" not in dict(panel.object_rows())
    assert panel.selected_number() == target  # the selection stays on the object it was on
    snap = command(qtbot, window, "step_into")  # and forwards: the stack holds the new node
    top = window.debugger.stack_panel.rows()[0]
    assert top[1] == "(ref $node)" and top[2].startswith("→ struct#") and len(panel.object_rows()) == 5


def test_a_module_without_gc_types_says_so(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "fib.wat")
    assert debug(qtbot, window, "fib", ["5"]).heap is None
    assert window.debugger.heap_panel.note.text() == NO_GC_TEXT
