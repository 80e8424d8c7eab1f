"""The Compare view runs the harness in the background, charts its points, and exports them."""

from __future__ import annotations

import math

from playground.bench import read_csv
from playground.bench.records import format_seconds
from playground.ui.demos.compare_view import CompareView


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


def _records():
    """A run where backends stop in each way the harness knows: over the budget, unavailable, failed; and a wrong result."""
    from playground.bench.records import BenchRecord

    def ok(backend, size, seconds, status="ok", note=""):
        return BenchRecord("matmul", backend, size, seconds, 2 * size**3 / seconds / 1e9, 1e-7, status, note)

    over = "estimated 6.8 s at size 64, over the 2 s budget"
    return [
        ok("numpy", 16, 1e-6), ok("wasm", 16, 0.015), ok("gpu-naive", 16, 6e-4),
        BenchRecord("matmul", "wasmtime", 16, status="unavailable", note="wasmtime is not installed"),
        ok("python", 16, 2e-4),
        ok("numpy", 32, 3e-6), ok("wasm", 32, 0.11), ok("gpu-naive", 32, 7e-4, "mismatch", "differs from numpy by 0.5 (tolerance 0.001)"),
        BenchRecord("matmul", "wasmtime", 32, status="unavailable", note="wasmtime is not installed"),
        BenchRecord("matmul", "python", 32, status="error", note="MemoryError: out of memory"),
        ok("numpy", 64, 6e-6), BenchRecord("matmul", "wasm", 64, status="skipped", note=over, reason="budget (est. 6.8 s)"), ok("gpu-naive", 64, 1e-3),
        BenchRecord("matmul", "wasmtime", 64, status="unavailable", note="wasmtime is not installed"),
        BenchRecord("matmul", "python", 64, status="skipped", note="failed at size 32"),
    ]


def test_the_charts_say_which_backends_stopped_early_and_why(qtbot):
    from PySide6.QtGui import QTextDocument

    from playground.ui.demos.charts import BenchCharts

    charts = BenchCharts()
    qtbot.addWidget(charts)
    charts.set_records(_records())
    # the line of a stopped backend ends in a mark at its last measured point, on both charts
    assert charts.plotted["stops"] == {"wasm": (32, "stopped: budget (est. 6.8 s)"), "wasmtime": (None, "unavailable"),
                                       "python": (16, "stopped: error")}
    for plot, metric in ((charts.time_plot, "seconds"), (charts.gflops_plot, "gflops")):
        marks = {(tuple(item.xData), tuple(item.yData)) for item in plot.listDataItems() if item.opts["symbol"] == "x"}
        wasm, python = (next(r for r in charts.records if r.backend == b and r.size == s) for b, s in (("wasm", 32), ("python", 16)))
        assert marks == {((32.0,), (getattr(wasm, metric),)), ((16.0,), (getattr(python, metric),))}
    assert charts.plotted["mismatches"] == {("gpu-naive", 32)}
    # the legend carries a suffix, and a note under the charts says why, one line per backend
    legend = QTextDocument()
    legend.setHtml(charts.legend.text())
    legend = legend.toPlainText().replace("\u00a0", " ").replace("\u2011", "-")  # no-break space and hyphen
    assert "wasm \u2715 stopped after 32" in legend and "python \u2715 stopped after 16" in legend
    assert "wasmtime unavailable" in legend and "gpu-naive wrong result" in legend and "\u25a0 numpy " in legend
    assert not charts.notes.isHidden()
    assert charts.notes.text().splitlines() == [
        "\u2715 wasm stopped after size 32: estimated 6.8 s at size 64, over the 2 s budget",
        "\u2715 wasmtime: unavailable here (wasmtime is not installed)",
        "\u2715 python stopped after size 16: failed at size 32: MemoryError: out of memory",
        "Wrong result: gpu-naive at size 32: differs from numpy by 0.5 (tolerance 0.001)",
        "Why is wasm the slowest bar (15,000x the fastest)? Each Wasm instruction is interpreted in Python, one at a "
        "time (a teaching engine you can step through), while wasmtime compiles the same module to native machine "
        "code first.",
    ]
    # the bar chart keeps a row for a backend that did not run at its size, with the reason
    charts.set_bar_size(64)
    assert set(charts.plotted["bars"]) == {"numpy", "gpu-naive"}
    assert "Why is" not in charts.notes.text()  # at 64 the slowest bar is the GPU's: nothing to explain
    assert charts.plotted["bar_texts"]["wasm"] == "skipped: budget (est. 6.8 s)"
    assert charts.plotted["bar_texts"]["numpy"] == "6.0 us"
    charts.set_records([r for r in charts.records if r.backend == "numpy"])  # all ran: no notes
    assert charts.notes.isHidden() and charts.plotted["stops"] == {}


NINE = ("gpu-naive", "gpu-tiled", "gpu-blocked", "numpy", "python", "wasm", "wasm-simd", "wasmtime", "wasmtime-simd")


def _drawn_labels(axis):
    """The tick labels the axis draws: [(rect, text)] in its own coordinates."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(max(1, int(axis.width())), max(1, int(axis.height())), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    if axis.style["tickFont"] is not None:
        painter.setFont(axis.style["tickFont"])
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _flags, text in texts]


def test_bar_chart_labels_never_overlap_in_a_narrow_chart(qtbot):
    from playground.bench.records import BenchRecord
    from playground.ui.demos.charts import BenchCharts

    charts = BenchCharts()
    qtbot.addWidget(charts)
    records = [BenchRecord("matmul", b, 64, 10.0 ** (i - 6), 1.0, 0.0) for i, b in enumerate(NINE)]
    charts.set_records(records)
    charts.resize(380, 700)
    charts.show()
    qtbot.waitExposed(charts)
    plot = charts.bar_plot.getPlotItem()
    qtbot.waitUntil(lambda: bool(_drawn_labels(plot.getAxis("bottom"))), timeout=5000)  # laid out, ranges applied
    charts.grab()  # painted once: text items place themselves when drawn
    drawn = {side: _drawn_labels(plot.getAxis(side)) for side in ("left", "bottom")}
    names = [text for side in drawn.values() for _rect, text in side if text in NINE]
    assert sorted(names) == sorted(NINE)  # every backend is named...
    for labels in drawn.values():  # ...and no two labels of an axis share pixels
        for i, (rect, text) in enumerate(labels):
            for other, other_text in labels[i + 1 :]:
                assert not rect.intersects(other), f"{text!r} overlaps {other_text!r}"
    # each bar shows its value, inside the chart and clear of the others
    values = [item for item in plot.items if hasattr(item, "textItem")]
    assert sorted(item.toPlainText().strip() for item in values) == sorted(format_seconds(r.seconds) for r in records)
    view = plot.getViewBox().sceneBoundingRect()
    boxes = [item.sceneBoundingRect() for item in values]
    for i, box in enumerate(boxes):
        assert view.contains(box)
        assert not any(box.intersects(other) for other in boxes[i + 1 :])


def test_compare_view_status_names_the_backends_that_stopped_early(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view._run_done(_records())
    assert "Stopped early: wasm, wasmtime, python" in view.status.text()
    assert view.table.rowCount() == len(_records())


def test_compare_view_charts_the_fast_engine_beside_the_interpreter(qtbot):
    """The fast engine's scalar and SIMD kernels are backends of their own: a checkbox, a line, a bar."""
    view = CompareView()
    qtbot.addWidget(view)
    for operation in ("matmul", "filter"):
        view.operation.setCurrentText(operation)
        assert {"wasm", "wasm-fast", "wasm-fast-simd"} <= set(view.checks)
    view.set_selection("matmul", ["wasm", "wasm-fast", "wasm-fast-simd"], [8, 16], budget=10.0)
    with qtbot.waitSignal(view.finished, timeout=120000):
        assert view.run()
    assert all(r.status == "ok" for r in view.records), [(r.backend, r.status) for r in view.records]
    assert set(view.charts.plotted["bars"]) == {"wasm", "wasm-fast", "wasm-fast-simd"}
    seconds = {r.backend: r.seconds for r in view.records if r.size == 16}
    assert seconds["wasm-fast"] < seconds["wasm"]  # about 7x apart on a 2-core machine


def test_before_its_first_run_the_view_explains_itself_instead_of_empty_axes(qtbot):
    """Empty log-scale charts with made-up ticks and an empty progress bar said nothing: an explanation shows
    where the charts will be, the progress bar is hidden, and both appear when a run starts."""
    view = CompareView()
    qtbot.addWidget(view)
    view.show()
    assert view.before_run.isVisible() and not view.charts.isVisible()
    assert view.before_run.text().startswith("Press Run to time each backend on the same work")
    assert not view.progress.isVisible()
    view.sizes.setText("0")  # refused settings start nothing: the explanation stays
    assert not view.run() and view.before_run.isVisible() and not view.progress.isVisible()
    view.set_selection("matmul", ["numpy"], [4], budget=1.0)
    with qtbot.waitSignal(view.finished, timeout=60000):
        assert view.run()
        assert view.charts.isVisible() and view.progress.isVisible() and not view.before_run.isVisible()
    assert view.charts.plotted["seconds"]["numpy"][0] == [4]  # the charts have data now
