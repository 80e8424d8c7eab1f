"""The Heap and Exception tabs show only while the current tab's module has something for them; the user's word wins."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import SAMPLES, TIMEOUT_MS, debug, open_sample, open_text  # noqa: E402

from playground.ui.debugger.heap_view import NO_GC_TEXT  # noqa: E402

PLAIN = '(module (func (export "one") (result i32) (i32.const 1)))'
WITH_STRUCT = '(module (type $p (struct (field i32))) (func (export "one") (result i32) (i32.const 1)))'


def shown(window) -> set[str]:
    return {name for name in ("heap", "exception") if window.docks[name].isVisible()}


def current(qtbot, window, buffer) -> None:
    window.tabs.setCurrentWidget(buffer.editor)
    qtbot.wait(10)


def test_each_tab_shows_the_panels_its_module_has_something_for(qtbot, make_window):
    window = make_window()
    window.resize(1400, 900)
    window.show()
    fib = open_sample(qtbot, window, "fib.wat")
    assert shown(window) == set()
    gc = open_sample(qtbot, window, "gc_list.wat")
    assert shown(window) == {"heap"}
    throws = open_sample(qtbot, window, "exceptions.wat")
    assert shown(window) == {"exception"}
    for buffer, expected in ((fib, set()), (gc, {"heap"}), (fib, set()), (throws, {"exception"}), (gc, {"heap"})):
        current(qtbot, window, buffer)
        assert shown(window) == expected, buffer.title
    assert window.docks["heap"].toggleViewAction().isChecked()  # View lists it as open on a GC tab
    debug(qtbot, window, "build", ["2"])  # and debugging works as before
    assert window.docks["heap"].isVisible()


def test_the_heap_tab_comes_when_the_code_gains_a_struct_type(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_text(qtbot, window, PLAIN)
    assert shown(window) == set()
    buffer.editor.setPlainText(WITH_STRUCT)
    qtbot.waitUntil(lambda: window.docks["heap"].isVisible(), timeout=TIMEOUT_MS)
    buffer.editor.setPlainText(WITH_STRUCT.replace("(module", "(module (oops"))  # broken while typing: no flicker
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.module is None, timeout=TIMEOUT_MS)
    assert window.docks["heap"].isVisible()
    buffer.editor.setPlainText(PLAIN)
    qtbot.waitUntil(lambda: not window.docks["heap"].isVisible(), timeout=TIMEOUT_MS)


def test_the_users_choice_from_the_view_menu_wins(qtbot, make_window):
    window = make_window()
    window.show()
    fib = open_sample(qtbot, window, "fib.wat")
    gc = open_sample(qtbot, window, "gc_list.wat")
    heap = window.docks["heap"]
    view = heap.toggleViewAction()
    view.trigger()  # View > Heap: closed on a GC tab ...
    assert not heap.isVisible()
    current(qtbot, window, fib)
    current(qtbot, window, gc)
    assert not heap.isVisible()  # ... stays closed when a GC tab is current again
    view.trigger()  # opened again
    assert heap.isVisible()

    current(qtbot, window, fib)
    assert not heap.isVisible()
    view.trigger()  # opened on a tab without GC: it shows there, and says why it is empty
    assert heap.isVisible()
    debug(qtbot, window, "fib", ["3"])
    assert window.debugger.heap_panel.note.text() == NO_GC_TEXT

    current(qtbot, window, gc)
    heap.close()  # its close button is the user's word too
    current(qtbot, window, fib)
    current(qtbot, window, gc)
    assert not heap.isVisible()
    window.reset_layout()  # Reset Layout wants every panel again, where it has something to show
    current(qtbot, window, fib)
    assert not heap.isVisible()
    current(qtbot, window, gc)
    assert heap.isVisible()


def test_the_choice_is_kept_between_runs(qtbot, make_window, settings):
    first = make_window()
    first.show()
    open_sample(qtbot, first, "gc_list.wat")
    first.docks["heap"].toggleViewAction().trigger()
    second = make_window(settings=settings)
    second.show()
    open_sample(qtbot, second, "gc_list.wat")
    assert not second.docks["heap"].isVisible()


def test_a_c_tab_shows_neither(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "gc_list.wat")
    assert shown(window) == {"heap"}
    window.open_file(SAMPLES / "c" / "points.c")
    qtbot.wait(10)
    assert shown(window) == set()
