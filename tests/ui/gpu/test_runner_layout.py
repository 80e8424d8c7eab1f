"""The WGSL runner's settings never overlap (issue 12, bug 8: after a Run the workgroups row covered the last binding row)."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from playground.resources import sample_path

SAXPY = sample_path("saxpy.wgsl").read_text(encoding="utf-8")
RESULT = ("ran main on 4 x 1 x 1 workgroup(s): upload 0.376 ms, compute 0.704 ms (gpu-timestamp), "
          "download 0.641 ms, total 1.721 ms [gpu]")


def _top_of(view, widget) -> int:
    return widget.mapTo(view, QPoint(0, 0)).y()


def _bottom_of(view, widget) -> int:
    return _top_of(view, widget) + widget.height()


def test_a_long_message_after_a_run_does_not_push_the_rows_over_each_other(qtbot):
    from playground.ui.gpu.runner_view import WgslRunnerView

    view = WgslRunnerView(probe=False)
    qtbot.addWidget(view)
    view.set_source(SAXPY, "saxpy.wgsl")
    view.resize(500, 620)
    view.show()
    qtbot.waitExposed(view)
    view._set_message(RESULT)  # as a Run ends: two lines at this width
    qtbot.wait(50)
    table = view.bindings
    last = table.visualRect(table.model().index(table.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height()  # the last binding row is not under the side scroll bar
    rows = [table, view.run_button, view.auto_grid, view.grid_label, view.command_label, view.message]
    for upper, lower in zip(rows, rows[1:]):
        assert _bottom_of(view, upper) <= _top_of(view, lower), (upper, lower)
    assert _bottom_of(view, view.message) <= _top_of(view, view.outputs)
    assert view.minimumSizeHint().width() < 420  # the settings fit a narrow dock without scrolling it sideways
