"""The GPU views: the WGSL runner panel and the dispatch stepper (offscreen; GPU parts on lavapipe or skipped)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gpu.device import manager
from playground.resources import sample_path

TIMEOUT_MS = 20000


@pytest.fixture
def adapter():
    """Skip (with the reason) where wgpu has no usable adapter."""
    reason = manager.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no GPU adapter: {reason}")
    return manager.report()


@pytest.fixture
def runner(qtbot):
    from playground.ui.gpu.runner_view import WgslRunnerView

    view = WgslRunnerView()
    qtbot.addWidget(view)
    yield view
    view.worker.wait()


def _ready(qtbot, view) -> None:
    if view.adapter_reason is not None:
        with qtbot.waitSignal(view.adapterChecked, timeout=TIMEOUT_MS):
            pass


SAXPY = sample_path("saxpy.wgsl").read_text(encoding="utf-8")


# --- the runner panel --------------------------------------------------------------


def test_runner_reflects_saxpy_bindings(runner):
    runner.set_source(SAXPY, "saxpy.wgsl")
    table = runner.bindings
    rows = [tuple(table.item(r, c).text() for c in range(6)) for r in range(table.rowCount())]
    assert rows == [
        ("0", "0", "x", "read", "f32", "4 B x n"),
        ("0", "1", "y", "read_write", "f32", "4 B x n"),
        ("0", "2", "params", "uniform", "Params", "4 B"),
    ]
    assert table.specs() == {"x": "range:256", "y": "zeros:256", "params": "ones"}
    assert not runner.entry_combo.isVisibleTo(runner)  # one entry point: no picker
    table.set_fill("x", "range", length=1000)
    assert runner.default_grid() == (16, 1, 1)  # ceil(1000 / @workgroup_size(64))
    assert "-b x=range:1000" in runner.command_line()
    table.set_fill("params", "values", "")
    assert "at least one number" in table.row_error(2)
    assert not runner.run_button.isEnabled()


def test_runner_runs_saxpy_and_shows_the_output(qtbot, runner, adapter):
    runner.set_source(SAXPY, "saxpy.wgsl")
    _ready(qtbot, runner)
    assert runner.run_button.isEnabled()
    runner.bindings.set_fill("x", "range", length=8)
    runner.bindings.set_fill("y", "ones", length=8)
    runner.bindings.set_fill("params", "values", "2")
    with qtbot.waitSignal(runner.runFinished, timeout=TIMEOUT_MS) as blocker:
        assert runner.run()
    result = blocker.args[0]
    assert result.workgroups == (1, 1, 1)
    model = runner.output_view("y").table.buffer_model
    assert model.column_labels() == ["value"]
    assert [model.value(i, 0) for i in range(model.rowCount())] == [2 * i + 1 for i in range(8)]
    assert model.data(model.index(3, 1)) == "7."  # the CLI's formatter
    assert "compute" in runner.message.text() and "ms" in runner.message.text()
    assert runner.adapter_label.text().startswith("GPU: " + adapter.name)
    assert [runner.outputs.tabText(i) for i in range(runner.outputs.count())] == ["y", "x (input)", "params (input)"]


def test_runner_shows_struct_fields_as_columns(qtbot, runner, adapter):
    runner.set_source(sample_path("particles.wgsl").read_text(encoding="utf-8"), "particles.wgsl")
    _ready(qtbot, runner)
    runner.bindings.set_fill("particles", "range", length=4)
    runner.bindings.set_fill("sim", "values", "0.5, -10")
    with qtbot.waitSignal(runner.runFinished, timeout=TIMEOUT_MS):
        runner.run()
    model = runner.output_view("particles").table.buffer_model
    assert model.column_labels() == ["pos.x", "pos.y", "vel.x", "vel.y", "mass"]
    # particle 1 starts at pos (5, 6), vel (7, 8): vel.y += -10 * 0.5, pos += vel * 0.5
    assert [model.value(1, c) for c in range(5)] == [8.5, 7.5, 7.0, 3.0, 9.0]


def test_runner_syntax_error_emits_a_located_diagnostic(qtbot, runner, adapter):
    broken = SAXPY.replace("let i = gid.x;", "let i = gid.x +;")
    line = broken.splitlines().index("    let i = gid.x +;") + 1
    _ready(qtbot, runner)
    with qtbot.waitSignal(runner.diagnostics, timeout=TIMEOUT_MS, check_params_cb=bool) as blocker:
        runner.set_source(broken, "saxpy.wgsl")
        runner.run()
    (got_line, column, message), = blocker.args[0]
    assert got_line == line and column > 1 and "expected expression" in message
    assert "saxpy.wgsl:" in runner.message.text() and "expected expression" in runner.message.text()


def test_runner_reflection_error_is_reported_without_a_gpu(qtbot, runner):
    with qtbot.waitSignal(runner.diagnostics, timeout=1000) as blocker:
        runner.set_source(SAXPY.replace("array<f32>;", "array<foo>;", 1), "saxpy.wgsl")
    line = SAXPY.splitlines().index("@group(0) @binding(0) var<storage, read> x: array<f32>;") + 1
    assert blocker.args[0][0][0] == line
    assert not runner.run_button.isEnabled()
    assert runner.run() is False


def test_runner_without_an_adapter_says_so_and_disables_run(qtbot):
    from playground.ui.gpu.runner_view import WgslRunnerView

    saved = manager.force_cpu
    manager.force_cpu = True
    try:
        view = WgslRunnerView(probe=False)
        qtbot.addWidget(view)
        view.set_source(SAXPY, "saxpy.wgsl")
        with qtbot.waitSignal(view.adapterChecked, timeout=TIMEOUT_MS) as blocker:
            view.probe_adapter()
        assert blocker.args == [False]
        assert view.adapter_label.text().startswith("no GPU adapter: ")
        assert not view.run_button.isEnabled()
        assert view.run_button.toolTip().startswith("no GPU adapter: ")
        assert view.run() is False
        view.worker.wait()
    finally:
        manager.force_cpu = saved


# --- buffer rendering (no GPU) ---------------------------------------------------------


def test_table_marks_changed_cells(qtbot):
    from PySide6.QtCore import Qt

    from playground.ui.gpu.buffer_table import BufferTable

    table = BufferTable()
    qtbot.addWidget(table)
    table.set_array(np.array([1, 2, 3, np.nan], dtype=np.float32), previous=np.array([1, 5, 3, np.nan], dtype=np.float32))
    model = table.buffer_model
    assert model.changed_rows() == [1]
    assert model.data(model.index(1, 1), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None


def test_images_of_buffers():
    from playground.ui.gpu.buffer_image import bar_strip_image, grayscale_image

    image = grayscale_image(np.arange(16, dtype=np.float32), 4)
    assert (image.width(), image.height()) == (4, 4)
    assert image.pixelColor(0, 0).value() == 0 and image.pixelColor(3, 3).value() == 255
    big = np.float32(np.finfo(np.float32).max)
    strip = bar_strip_image(np.array([1, 2, 3, big], dtype=np.float32), 40, 20, changed=np.array([0, 1, 0, 0], bool))
    assert (strip.width(), strip.height()) == (40, 20)
    # value 3 is the top of the ordinary range: its bar is full height; the padding is grey
    assert strip.pixelColor(25, 0).alpha() == 255 and strip.pixelColor(5, 0).alpha() == 0
    assert strip.pixelColor(35, 19).name() == "#9e9e9e" and strip.pixelColor(15, 19).name() == "#ff9800"
    assert bar_strip_image(np.arange(1000), 100, 10).width() == 100  # more values than pixels


def test_buffer_view_image_tab_needs_a_square_or_a_width(qtbot):
    from playground.ui.gpu.buffer_view import GpuBufferView

    view = GpuBufferView("img", "array<f32>")
    qtbot.addWidget(view)
    view.set_buffer(np.arange(10, dtype=np.float32))
    assert view.image_view.image is None and "width" in view.image_view.message
    view.width_spin.setValue(5)
    assert (view.image_view.image.width(), view.image_view.image.height()) == (5, 2)
    assert view.header.text().startswith("img: array<f32>, 10 elements")


# --- the dispatch stepper ---------------------------------------------------------------


def test_stepper_view_steps_through_a_bitonic_sort(qtbot, adapter):
    from playground.ui.gpu.dispatch_view import DispatchView
    from playground.workbench.dispatch_panel import make_input

    view = DispatchView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
        pass  # the first input loads once the adapter is known
    with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
        view.load("bitonic sort", 16, 5)
    state = view.state
    assert (state.position, state.total) == (0, 10)  # log2(16) * (log2(16) + 1) / 2 dispatches
    values = make_input(16, 5)
    np.testing.assert_array_equal(state.buffers["data"], values)
    assert "merge 2: compare at distance 1" in view.pass_label.text()
    assert view.timeline.count() == 11 and not view.back_button.isEnabled()

    seen = {0: state.buffers["data"].copy()}
    for position in (1, 2, 3):
        with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
            view.step()
        assert view.state.position == position
        seen[position] = view.state.buffers["data"].copy()
    assert view.buffer_views["data"].table.buffer_model.changed_rows()  # dispatch 3 moved something
    with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
        view.step_back()
    assert view.state.position == 2 and view.slider.value() == 2 and view.timeline.currentRow() == 2
    np.testing.assert_array_equal(view.state.buffers["data"], seen[2])

    with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
        view.run_to_end()
    assert view.state.at_end and not view.step_button.isEnabled()
    np.testing.assert_array_equal(view.state.buffers["data"], np.sort(values))
    assert view.answer_matches() is True
    assert "all 10 dispatches done" in view.pass_label.text()
    view.worker.wait()


def test_stepper_view_tree_reduction_answer(qtbot, adapter):
    from playground.ui.gpu.dispatch_view import DispatchView
    from playground.workbench.dispatch_panel import make_input

    view = DispatchView(probe=False)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
        view._probed((None, adapter))  # known usable: skip the probe; this loads the default input...
        view.load("tree reduction", 10, 2)  # ...which this load supersedes (its answer is dropped)
    with qtbot.waitSignal(view.stateChanged, timeout=TIMEOUT_MS):
        view.run_to_end()
    assert view.state.answer.tolist() == [float(make_input(10, 2).sum())]
    assert view.answer_matches() is True
    view.worker.wait()


def test_stepper_view_without_an_adapter_says_so(qtbot):
    from playground.ui.gpu.dispatch_view import DispatchView

    view = DispatchView(probe=False)
    qtbot.addWidget(view)
    view._probed(("no GPU adapter found", None))
    assert view.message.text() == "no GPU adapter: no GPU adapter found"
    assert not view.load_button.isEnabled() and not view.step_button.isEnabled()
    assert view.step_button.toolTip().startswith("no GPU adapter")
    assert view.load() is False
    view.step()  # nothing loaded: a no-op, not a crash
