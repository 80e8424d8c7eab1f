"""A WGSL tab gets its own dock layout: the Wasm-only panels make room for the WGSL runner, and come back after."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
WASM_ONLY = ("stack", "callstack", "locals", "labels", "globals", "memory", "bytecode", "exception", "heap")  # the debugger's panels
FOR_FIB = set(WASM_ONLY) - {"exception", "heap"}  # fib.wat has no tags and no GC types: those tabs stay hidden


@pytest.fixture(autouse=True)
def no_gpu_probe(monkeypatch):
    from playground.ui.gpu.runner_view import WgslRunnerView

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)


def test_the_debugger_s_panels_belong_to_wasm_tabs_and_the_runner_to_wgsl_tabs(make_window):
    window = make_window()
    assert {dock.objectName() for dock in window.layouts.docks_of("wasm")} == {f"dock_{name}" for name in WASM_ONLY}
    window.gpu.ensure_runner()
    assert window.layouts.docks_of("wgsl") == [window.gpu.runner_dock]


def _visible(window) -> set[str]:
    return {name for name in WASM_ONLY if window.docks[name].isVisible()}


def test_wgsl_tab_hides_the_wasm_panels_and_gives_the_runner_room(qtbot, make_window):
    window = make_window()
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    wat = window.open_file(SAMPLES / "fib.wat")
    assert _visible(window) == FOR_FIB
    stack_width = window.docks["stack"].width()
    wgsl = window.open_file(SAMPLES / "saxpy.wgsl")
    qtbot.wait(10)
    assert _visible(window) == set()
    runner = window.gpu.runner_dock
    assert runner.isVisible() and runner.width() >= 520
    assert window.docks["console"].isVisible()

    window.docks["console"].hide()  # the user's choice under a WGSL tab ...
    window.tabs.setCurrentWidget(wat.editor)
    qtbot.wait(10)
    assert _visible(window) == FOR_FIB  # ... the Wasm layout is as it was
    assert window.docks["console"].isVisible() and not runner.isVisible()
    assert abs(window.docks["stack"].width() - stack_width) <= 2  # the runner's width went with it

    window.tabs.setCurrentWidget(wgsl.editor)
    qtbot.wait(10)
    assert not window.docks["console"].isVisible() and runner.isVisible() and _visible(window) == set()


def test_both_layouts_are_kept_between_runs(qtbot, make_window, settings):
    first = make_window()
    first.show()
    first.open_file(SAMPLES / "fib.wat")
    wgsl = first.open_file(SAMPLES / "saxpy.wgsl")
    first.docks["console"].hide()
    first.tabs.setCurrentWidget(wgsl.editor)
    first.save_layout()  # as closing does, here with a WGSL tab current

    second = make_window(settings=settings)
    second.show()
    second.open_file(SAMPLES / "fib.wat")
    assert _visible(second) == FOR_FIB and second.docks["console"].isVisible()
    second.open_file(SAMPLES / "saxpy.wgsl")
    qtbot.wait(10)
    assert _visible(second) == set() and not second.docks["console"].isVisible()
    assert second.gpu.runner_dock.isVisible()


def test_a_saved_layout_that_does_not_fit_the_screen_is_reset(qtbot, make_window, settings):
    """Issue 12, bug 4: a restart restored a layout larger than the screen."""
    first = make_window()
    first.resize(2600, 1900)  # as saved on a bigger screen
    first.save_layout()
    second = make_window(settings=settings)
    area = second.available_geometry()
    assert second.layout_was_reset and "does not fit this screen" in second.console.text()
    assert second.width() <= area.width() and second.height() <= area.height()
    second.show()
    qtbot.waitExposed(second)
    qtbot.waitUntil(lambda: area.contains(second.frameGeometry()), timeout=2000)
    assert second.docks["stack"].isVisible() and second.docks["console"].isVisible()  # the default layout


def test_a_saved_wgsl_layout_that_squashes_the_runner_is_reset(qtbot, make_window, settings):
    """Issue 12, bug 4: a restart restored a layout that squashed the WGSL runner."""
    first = make_window()
    first.show()
    qtbot.waitExposed(first)
    first.open_file(SAMPLES / "fib.wat")
    first.open_file(SAMPLES / "saxpy.wgsl")
    qtbot.wait(20)
    runner = first.gpu.runner_dock
    first.resizeDocks([runner], [60], Qt.Orientation.Horizontal)
    qtbot.wait(20)
    assert runner.width() < 260  # squashed
    first.save_layout()
    second = make_window(settings=settings)
    second.show()
    qtbot.waitExposed(second)
    second.open_file(SAMPLES / "fib.wat")
    second.open_file(SAMPLES / "saxpy.wgsl")
    qtbot.wait(20)
    assert second.gpu.runner_dock.isVisible() and second.gpu.runner_dock.width() >= 260
