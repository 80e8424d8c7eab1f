"""The Compare view runs the harness in the background, charts its points, and exports them."""

from __future__ import annotations

import math

from playground.bench import read_csv
from playground.ui.compare_view import CompareView, parse_sizes


def test_parse_sizes():
    assert parse_sizes("16, 32,64") == [16, 32, 64]
    for bad in ("", "a,b", "0,4"):
        try:
            parse_sizes(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")


def test_compare_view_runs_charts_and_exports(qtbot, tmp_path):
    view = CompareView()
    qtbot.addWidget(view)
    view.set_selection("matmul", ["numpy", "python", "wasm"], [4, 8], budget=5.0)
    assert view.selected_backends() == ["numpy", "python", "wasm"]
    with qtbot.waitSignal(view.finished, timeout=60000):
        assert view.run()
        assert view.running
    assert not view.running
    assert len(view.records) == 6 and all(r.status == "ok" for r in view.records)
    assert view.progress.value() == 6
    assert view.table.rowCount() == 6

    # every measured point is on the time and GFLOP/s charts
    for metric in ("seconds", "gflops"):
        plotted = view.charts.plotted[metric]
        assert set(plotted) == {"numpy", "python", "wasm"}
        for backend, (sizes, values) in plotted.items():
            assert sizes == [4, 8]
            expected = [getattr(r, metric) for r in view.records if r.backend == backend]
            assert values == expected
    assert view.charts.bar_size == 8
    assert set(view.charts.plotted["bars"]) == {"numpy", "python", "wasm"}

    # the CSV export holds exactly the charted points
    path = tmp_path / "bench.csv"
    view.export_csv(path)
    exported = read_csv(path)
    assert exported == view.records
    for backend, (sizes, values) in view.charts.plotted["seconds"].items():
        rows = [r for r in exported if r.backend == backend]
        assert [r.size for r in rows] == sizes and [r.seconds for r in rows] == values
    png = tmp_path / "bench.png"
    view.export_png(png)
    assert png.stat().st_size > 1000


def test_compare_view_stop(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.set_selection("filter", ["python", "numpy"], [8, 16, 32, 64], budget=5.0)
    with qtbot.waitSignal(view.finished, timeout=60000):
        view.run()
        view.stop()
    statuses = {r.status for r in view.records}
    assert "cancelled" in statuses or len(view.records) == 8
    assert not math.isnan(view.records[0].seconds) or view.records[0].status == "cancelled"


def test_compare_view_rejects_bad_settings(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.sizes.setText("x")
    assert not view.run()
    assert "sizes" in view.status.text()
    view.sizes.setText("4")
    for check in view.checks.values():
        check.setChecked(False)
    assert not view.run()
    assert "backend" in view.status.text()
