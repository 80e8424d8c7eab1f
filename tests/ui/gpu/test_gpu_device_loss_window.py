"""A GPU lost while the window works: the demos finish on numpy and say so; the WGSL runner gives one message.

Real widgets offscreen; the device is the failing double of tests/gpu/gpu_doubles.py
(a real device on this machine's adapter whose `queue.submit` raises wgpu's own error).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from playground.gpu import reference
from playground.gpu.device import manager
from playground.gpu.filters import FILTERS

wgpu = pytest.importorskip("wgpu")

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
LOST = "Validation Error\n\nCaused by:\n  In wgpuQueueSubmit\n    Parent device is lost"


def _console(window) -> str:
    return window.console.view.toPlainText()


def _check_runs(demo, backend: str) -> None:
    """Every filter run of the image demo is numpy's answer (exactly, on the CPU), and ran on `backend`."""
    assert len(demo.runs) == 4
    for run in demo.runs:
        expected = reference.conv2d_ref(demo.image, FILTERS[run.filter])
        ran = backend if run.requested == "gpu" else "cpu"
        assert run.backend == ran, run.describe()
        if ran == "cpu":
            np.testing.assert_array_equal(run.output, expected)
        else:
            np.testing.assert_allclose(run.output, expected, atol=1e-5)


def test_image_demo_finishes_on_numpy_and_the_window_says_so(qtbot, make_window, failing_gpu):
    double = failing_gpu(submit=wgpu.GPUValidationError(LOST))
    window = make_window()
    use_again = window.commands.action("gpu_use_again")
    assert not use_again.isEnabled()
    demo = window.demos.open_named("image")  # filters the generated image on the GPU and the CPU
    assert demo.backends == ("gpu", "cpu")
    qtbot.waitUntil(lambda: len(demo.runs) == 4, timeout=60000)
    _check_runs(demo, "cpu")
    assert demo.panes[("box_blur", "gpu")].caption.text().startswith("blur on cpu")
    message = ("GPU device lost (GPUValidationError: Parent device is lost (in wgpuQueueSubmit)); using the CPU "
               "(numpy) from now on; GPU > Use the GPU Again requests a fresh device")
    qtbot.waitUntil(lambda: message in _console(window), timeout=5000)
    assert _console(window).count("GPU device lost") == 1
    assert window.statusBar().currentMessage() == message
    assert use_again.isEnabled()

    demo.apply()  # later runs go straight to the CPU: the lost device is not asked again
    submits = double.calls["submit"]
    qtbot.waitUntil(lambda: not demo.running, timeout=60000)
    _check_runs(demo, "cpu")
    assert double.calls["submit"] == submits and _console(window).count("GPU device lost") == 1

    double.fail.clear()  # the driver recovered
    use_again.trigger()
    assert not manager.lost and not use_again.isEnabled()
    assert "Using the GPU again" in _console(window)
    demo.runs = []
    demo.apply()
    qtbot.waitUntil(lambda: not demo.running and len(demo.runs) == 4, timeout=60000)
    _check_runs(demo, "gpu")


def test_the_runner_says_one_located_message_and_the_window_stays_usable(qtbot, make_window, failing_gpu):
    double = failing_gpu(submit=wgpu.GPUValidationError(LOST))
    window = make_window()
    window.show()
    buffer = window.open_file(SAMPLES / "saxpy.wgsl")
    text = buffer.editor.toPlainText()
    runner = window.gpu.runner
    qtbot.waitUntil(lambda: runner.adapter_reason is None, timeout=20000)
    runner.bindings.set_fill("x", "range", length=8)
    runner.bindings.set_fill("y", "ones", length=8)
    runner.bindings.set_fill("params", "values", "2")
    with qtbot.waitSignal(runner.runFailed, timeout=20000) as failed:
        assert window.gpu.run_current()
    shown = failed.args[0]
    assert shown.startswith("saxpy.wgsl: dispatch of main: GPU device lost (GPUValidationError: Parent device is lost")
    assert shown.endswith("GPU > Use the GPU Again requests a fresh device")
    qtbot.waitUntil(lambda: runner.adapter_reason is not None and runner.adapter_reason.startswith("the GPU device"),
                    timeout=10000)
    run = window.commands.action("run")
    assert not run.isEnabled() and "the GPU device was lost" in run.toolTip()
    assert buffer.editor.toPlainText() == text and runner.message.text() == shown  # nothing lost, said once
    qtbot.waitUntil(lambda: "using the CPU (numpy) from now on" in _console(window), timeout=5000)

    double.fail.clear()
    window.commands.action("gpu_use_again").trigger()
    qtbot.waitUntil(lambda: runner.adapter_reason is None, timeout=20000)
    with qtbot.waitSignal(runner.runFinished, timeout=20000) as finished:
        assert window.gpu.run_current()
    assert finished.args[0].outputs["y"].tolist() == [2 * i + 1 for i in range(8)]  # the same fills as before
    assert runner.message.text().startswith("ran main on 1 x 1 x 1 workgroup(s)")
