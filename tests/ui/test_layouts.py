"""A WGSL tab gets its own dock layout: the Wasm-only panels make room for the WGSL runner, and come back after."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
WASM_ONLY = ("stack", "callstack", "locals", "labels", "globals", "memory", "bytecode")  # the debugger's panels


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
    assert _visible(window) == set(WASM_ONLY)
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
    assert _visible(window) == set(WASM_ONLY)  # ... the Wasm layout is as it was
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
    assert _visible(second) == set(WASM_ONLY) and second.docks["console"].isVisible()
    second.open_file(SAMPLES / "saxpy.wgsl")
    qtbot.wait(10)
    assert _visible(second) == set() and not second.docks["console"].isVisible()
    assert second.gpu.runner_dock.isVisible()
