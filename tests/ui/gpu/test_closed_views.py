"""A GPU view closed while its job runs is not updated by the job's late result (issue 14: late results)."""

from __future__ import annotations

from playground.gpu.device import manager


def test_a_closed_runner_shows_no_late_adapter_check(qtbot):
    """The adapter probe's answer arrives through the event loop after the view closed: it is dropped."""
    from playground.ui.gpu.runner_view import WgslRunnerView

    saved = manager.force_cpu
    manager.force_cpu = True  # a quick probe, GPU or not
    try:
        view = WgslRunnerView(probe=False)
        qtbot.addWidget(view)
        view.probe_adapter()
        heard, label = [], view.adapter_label.text()  # "probing ..."
        view.adapterChecked.connect(heard.append)
        view.worker.busyChanged.connect(heard.append)
        view.close()  # waits for the probe; its answer is still queued
        qtbot.wait(200)
        assert heard == [] and view.adapter_label.text() == label
    finally:
        manager.force_cpu = saved
