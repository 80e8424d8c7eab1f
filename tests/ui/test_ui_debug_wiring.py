"""The window's wiring: WGSL runner for WGSL tabs, the GPU and Demos menus, the annotated bytes, the overlay's mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.workbench.eval_overlay import EvaluationOverlay, folded_roots, matching_parens
from playground.wasm.annotate import annotate, format_notes

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_menus_in_order(make_window):
    window = make_window()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[-3:] == ["&GPU", "&Demos", "&Help"]
    assert {"gpu_runner", "gpu_dispatch", "demo_compare", "demo_image", "demo_digits"} <= set(window.commands.commands)


def test_wgsl_tab_shows_the_runner_and_forwards_diagnostics(qtbot, make_window, monkeypatch):
    from playground.ui.wgsl_runner_view import WgslRunnerView

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
    from playground.ui.wgsl_runner_view import WgslRunnerView

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)  # the probe never answers here
    window = make_window()
    window.open_file(SAMPLES / "saxpy.wgsl")
    run = window.commands.action("run")
    assert not run.isEnabled() and "checking for a GPU adapter" in run.toolTip()
    window.gpu.runner._probed(("no device here", None))
    assert not run.isEnabled() and run.toolTip().endswith("no GPU adapter: no device here")
    window.files.new_file()  # a WAT tab: Run means the export again, once the check found it
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


def test_a_demo_that_cannot_load_reports_instead_of_crashing(make_window):
    window = make_window()
    assert window.demos.open("demo_x", "playground.ui.no_such_demo", "Nothing", "Nothing") is None
    assert "the Nothing demo cannot start" in window.console.text()


def test_annotate_covers_every_byte_of_the_samples():
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    for path in sorted(SAMPLES.glob("*.wat")):
        data = encode_module(parse_module(path.read_text()))
        notes = annotate(data)
        position = 0
        for note in notes:
            if note.length:
                assert note.offset == position, (path.name, note)
                position += note.length
        assert position == len(data), path.name
        assert not [n for n in notes if n.text in ("contents", "unknown")], path.name


def test_annotate_reads_names_and_simd_like_wat2wasm_v(tmp_path):
    import shutil
    import subprocess

    wat2wasm = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "wat2wasm"
    tool = str(wat2wasm) if wat2wasm.exists() else shutil.which("wat2wasm")
    if tool is None:
        pytest.skip("wat2wasm (WABT) is not installed")
    out = tmp_path / "simd.wasm"
    subprocess.run([tool, "--debug-names", str(SAMPLES / "simd_dot.wat"), "-o", str(out)], check=True)
    data = out.read_bytes()
    notes = annotate(data)
    assert sum(n.length for n in notes) == len(data)
    texts = [n.text for n in notes]
    assert 'custom section name "name"' in texts
    assert any(t.startswith("v128.load") or t.startswith("f32x4") for t in texts)
    text = format_notes(data, notes)
    assert text.splitlines()[0].startswith("0000000: 0061 736d") and "; WASM_BINARY_MAGIC" in text


def test_overlay_roots_come_from_the_folded_text():
    text = '(module (func $f (param $a i32) (result i32) ;; a (comment\n (i32.add (local.get $a) (i32.const 1)) (; x) ;)))'
    parens = matching_parens(text)
    assert text[parens[text.index("(i32.add")]] == ")"
    from playground.debug.source import program_from_text

    program = program_from_text(text)
    roots = folded_roots(program.text, program.spans)
    ((key, (start, end)),) = roots.items()
    assert text[start:end] == "(i32.add (local.get $a) (i32.const 1))" and key == (0, 2)
    overlay = EvaluationOverlay(program.text, program.spans)
    assert overlay.roots == roots


def test_demos_share_one_tabbed_place_with_room(qtbot, make_window):
    window = make_window()
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    first = window.demos.open("demo_a", "playground.ui.console", "ConsolePanel", "Demo A")  # any light widget
    second = window.demos.open("demo_b", "playground.ui.console", "ConsolePanel", "Demo B")
    qtbot.wait(10)
    assert window.docks["memory"] in window.tabifiedDockWidgets(first)  # over the memory panel, not a third column
    assert second in window.tabifiedDockWidgets(first)
    assert first.width() > window.width() // 2
    assert second.height() >= window.height() * 0.4
