"""The GPU feature in the window: a WGSL tab gets the WGSL runner, its diagnostics, and Run (Ctrl+R) dispatches it."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def test_wgsl_tab_shows_the_runner_and_forwards_diagnostics(qtbot, make_window, monkeypatch):
    from playground.ui.gpu.runner_view import WgslRunnerView

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)  # no GPU probe in this test
    window = make_window()
    window.show()
    assert window.gpu.runner is None  # nothing GPU-side until a WGSL tab opens
    buffer = window.open_file(SAMPLES / "saxpy.wgsl")
    assert window.gpu.runner is not None and window.gpu.runner_dock.isVisible()
    assert window.gpu.runner.source == buffer.editor.toPlainText()
    window.gpu.runner.diagnostics.emit([(2, 3, "expected ';'")])
    (diagnostic,) = buffer.editor.diagnostics
    assert diagnostic.message == "expected ';'" and diagnostic.span.line == 2
    buffer.editor.insertPlainText("// edited\n")
    qtbot.waitUntil(lambda: window.gpu.runner.source.startswith("// edited"), timeout=3000)
    view_menu = [a.text() for a in window.commands.menu("&View").actions()]
    assert "WGSL Runner" in view_menu


def test_run_on_a_wgsl_tab_waits_for_the_adapter_and_says_why(qtbot, make_window, monkeypatch):
    from playground.ui.gpu.runner_view import WgslRunnerView

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)  # the probe never answers here
    window = make_window()
    window.open_file(SAMPLES / "saxpy.wgsl")
    run = window.commands.action("run")
    assert not run.isEnabled() and "checking for a GPU adapter" in run.toolTip()
    window.gpu.runner._probed(("no device here", None))
    assert not run.isEnabled() and run.toolTip().endswith("no GPU adapter: no device here")
    window.editor.files.new_file()  # a WAT tab: Run means the export again, once the check found it
    qtbot.waitUntil(run.isEnabled, timeout=5000)
    assert run.toolTip().startswith("Run the export to completion")


def test_ctrl_r_on_a_wgsl_tab_dispatches_the_shader(qtbot, make_window):
    from PySide6.QtCore import Qt

    from playground.gpu.device import manager

    reason = manager.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no GPU adapter: {reason}")
    window = make_window()
    window.show()
    buffer = window.open_file(SAMPLES / "saxpy.wgsl")
    runner = window.gpu.runner
    qtbot.waitUntil(lambda: runner.adapter_reason is None, timeout=20000)
    run = window.commands.action("run")
    assert run.isEnabled() and "WGSL" in run.toolTip()  # the same Run command, for this tab's language
    assert not window.commands.action("debug").isEnabled()  # stepping is for Wasm
    buffer.editor.setFocus()
    with qtbot.waitSignal(runner.runFinished, timeout=20000) as finished:
        qtbot.keyClick(buffer.editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert finished.args[0].entry_point == "main" and runner.output_view("y") is not None
    assert window.gpu.runner_dock.isVisible()

