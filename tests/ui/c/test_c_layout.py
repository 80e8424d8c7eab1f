"""A C tab's own dock layout: C variables, call stack and operand stack in a readable middle column, C ⇄ Wasm beside;
the Wasm layout comes back unchanged. Needs no toolchain (nothing is compiled).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from c_helpers import PROGRAM  # noqa: E402

SAMPLES = HERE.parents[2] / "samples"


def _c_tab(qtbot, window):
    window.c.auto_compile = False
    buffer = window.editor.files.make_buffer(PROGRAM, title="points_sum.c", language="c")
    window.add_buffer(buffer)
    qtbot.wait(20)
    return buffer


def _shown(qtbot, make_window, size):
    """A window of `size` on the screen (kept at that size: the offscreen screen is smaller)."""
    window = make_window()
    window.fit_to_screen = lambda: False
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_c_layout_puts_what_a_c_learner_watches_in_a_readable_column(qtbot, make_window, size):
    window = _shown(qtbot, make_window, size)
    wat = window.open_file(SAMPLES / "fib.wat")
    qtbot.wait(20)
    stack_width = window.docks["stack"].width()
    _c_tab(qtbot, window)
    assert window.layouts.current == "c"
    variables, linked = window.c.variables_dock, window.c.linked_dock
    callstack, stack = window.docks["callstack"], window.docks["stack"]
    for dock in (variables, linked, callstack, stack, window.docks["memory"], window.docks["console"]):
        assert dock.isVisible(), dock.windowTitle()
    # one column, top to bottom: C variables, call stack, operand stack; C ⇄ Wasm right of it
    column = [variables, callstack, stack]
    assert len({dock.x() for dock in column}) == 1 and variables.y() < callstack.y() < stack.y()
    assert linked.x() >= variables.x() + variables.width()
    assert variables.width() >= 280 and linked.width() >= 330
    editor = window.current_buffer().editor
    assert editor.width() >= size[0] * 0.45 - 10  # the C keeps about half the window
    # C variables: the biggest of the three, room for a few variables and an opened small array
    tree = window.c.variables.tree
    assert variables.height() > callstack.height() and variables.height() > stack.height()
    assert tree.viewport().height() >= 8 * tree.fontMetrics().height()
    # its tabs read in full: C variables first, then the Wasm locals and globals
    bar = next(bar for bar in window.findChildren(__import__("PySide6.QtWidgets", fromlist=["QTabBar"]).QTabBar)
               if bar.isVisible() and "C variables" in [bar.tabText(i) for i in range(bar.count())])
    assert [bar.tabText(i) for i in range(bar.count())] == ["C variables", "Locals", "Globals"]
    for i in range(bar.count()):
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(i))
    # the operand stack in a narrow column puts the validator's types under its values
    panel = window.debugger.stack_panel
    assert panel.narrow == (panel.width() < 330)
    if panel.narrow:
        assert panel.values.width() >= panel.width() - 4
    # back on the WAT tab: the Wasm layout as it was, without the C docks
    window.tabs.setCurrentWidget(wat.editor)
    qtbot.wait(20)
    assert window.layouts.current == "wasm"
    assert not variables.isVisible() and not linked.isVisible()
    assert abs(window.docks["stack"].width() - stack_width) <= 2


def test_the_c_layout_is_its_own_and_is_kept(qtbot, make_window, settings):
    first = make_window()
    first.show()
    first.open_file(SAMPLES / "fib.wat")
    _c_tab(qtbot, first)
    first.docks["stack"].hide()  # the user's choice under a C tab ...
    first.save_layout()
    assert first.settings.value("window/state_c") is not None
    settings.remove("window/geometry")  # (the offscreen screen's frame margins would make it "not fit")

    second = make_window(settings=settings)
    second.show()
    wat = second.open_file(SAMPLES / "fib.wat")
    assert second.docks["stack"].isVisible()  # ... the Wasm layout keeps the operand stack
    _c_tab(qtbot, second)
    assert not second.docks["stack"].isVisible() and second.c.variables_dock.isVisible()
    second.tabs.setCurrentWidget(wat.editor)
    qtbot.wait(20)
    assert second.docks["stack"].isVisible()


def test_reset_layout_arranges_the_c_tab_again(qtbot, make_window):
    window = _shown(qtbot, make_window, (1280, 800))
    _c_tab(qtbot, window)
    variables, callstack = window.c.variables_dock, window.docks["callstack"]
    window.tabifyDockWidget(window.docks["memory"], variables)  # the user moved it away
    qtbot.wait(20)
    window.commands.trigger("reset_layout")
    qtbot.wait(20)
    assert variables.isVisible() and variables.x() == callstack.x() and variables.y() < callstack.y()


def test_the_operand_stack_stacks_its_types_under_its_values_when_narrow(qtbot):
    from playground.ui.debugger.stack_panel import NARROW_WIDTH, StackPanel

    panel = StackPanel()
    qtbot.addWidget(panel)
    panel.resize(NARROW_WIDTH + 100, 300)
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.narrow
    panel.resize(NARROW_WIDTH - 60, 300)
    qtbot.waitUntil(lambda: panel.narrow)
    assert panel.splitter.orientation().name == "Vertical"
    panel.resize(NARROW_WIDTH + 100, 300)
    qtbot.waitUntil(lambda: not panel.narrow)
    assert panel.splitter.orientation().name == "Horizontal"


def test_a_small_window_keeps_room_for_the_c_editor():
    from playground.ui.c.layout import EDITOR_SHARE, column_widths

    for width in (800, 1024, 1280, 1920, 2560):
        middle, linked = column_widths(width)
        assert middle + linked <= width * (1 - EDITOR_SHARE)
        assert middle <= 420 and linked <= 520
    assert column_widths(1280) == (294, 345) and column_widths(1920) == (420, 518)
