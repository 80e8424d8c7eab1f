"""The benchmark charts (pyqtgraph): time and GFLOP/s against size on log scales, and bars for one size.

    charts = BenchCharts(); charts.set_records(records); charts.set_bar_size(64)
    render_png(records, "matmul.png")        # offscreen, for `wasm-playground bench --png`

The points come from `playground.bench.chart_series`, the same function the
CSV export and the table agree with; `charts.plotted` keeps what each plot
shows so tests can compare it with the records.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from playground.bench.records import BenchRecord, chart_series

# A fixed colour per backend, so a backend looks the same in every chart and every run.
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf", "#393b79", "#637939"]
_KNOWN_ORDER = ["gpu-naive", "gpu-tiled", "gpu-blocked", "gpu", "numpy", "python", "wasm", "wasm-simd",
                "wasmtime", "wasmtime-simd", "wasm+gpu", "wasm+numpy"]


def backend_colour(name: str) -> str:
    """The colour of a backend's line and bar."""
    index = _KNOWN_ORDER.index(name) if name in _KNOWN_ORDER else len(_KNOWN_ORDER) + sum(map(ord, name))
    return _PALETTE[index % len(_PALETTE)]


def _time_label(log_seconds: float) -> str:
    seconds = 10.0**log_seconds
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale * 0.999:
            return f"{seconds / scale:g} {unit}"
    return f"{seconds:.0e} s"


class BenchCharts(QWidget):
    """Two line charts side by side and a bar chart below them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[BenchRecord] = []
        self.bar_size: int | None = None
        self._bar_pinned = False  # True once someone picked the bar chart's size
        # metric -> backend -> (sizes, values): what the line charts show; "bars" -> backend -> seconds
        self.plotted: dict[str, dict] = {"seconds": {}, "gflops": {}, "bars": {}}
        self.time_plot = self._line_plot("Time per run", "seconds")
        self.gflops_plot = self._line_plot("Throughput", "GFLOP/s")
        self.bar_plot = pg.PlotWidget(background="w")
        self.bar_plot.setTitle("Time at one size (log scale)", color="k")
        self.bar_plot.showGrid(y=True, alpha=0.3)
        lines = QHBoxLayout()
        lines.addWidget(self.time_plot)
        lines.addWidget(self.gflops_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(lines, 3)
        layout.addWidget(self.bar_plot, 2)

    @staticmethod
    def _line_plot(title: str, unit: str) -> pg.PlotWidget:
        plot = pg.PlotWidget(background="w")
        plot.setTitle(title, color="k")
        plot.setLogMode(x=True, y=True)
        plot.showGrid(x=True, y=True, alpha=0.3)
        plot.setLabel("bottom", "size")
        plot.setLabel("left", unit)
        plot.getAxis("left").enableAutoSIPrefix(False)  # log axes already span decades
        plot.addLegend(offset=(5, 5), labelTextColor="k")
        return plot

    # -- data -------------------------------------------------------------------------
    def set_records(self, records: Iterable[BenchRecord]) -> None:
        """Show these records (replacing what was shown); the bar chart picks the largest common size."""
        self.records = list(records)
        for metric, plot in (("seconds", self.time_plot), ("gflops", self.gflops_plot)):
            plot.clear()
            series = {b: (s, v) for b, (s, v) in chart_series(self.records, metric).items()
                      if all(x > 0 for x in v)}  # log scales cannot show zeros
            self.plotted[metric] = series
            for backend, (sizes, values) in series.items():
                colour = backend_colour(backend)
                plot.plot(sizes, values, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                          symbolBrush=colour, symbolPen=colour, name=backend)
            # log axes tick at powers of ten; the sizes themselves read better
            sizes = sorted({x for xs, _ in series.values() for x in xs})
            plot.getAxis("bottom").setTicks([[(math.log10(x), str(x)) for x in sizes]] if sizes else None)
        if not self._bar_pinned or self.bar_size not in self.sizes():
            self.bar_size = self.default_bar_size()
        self._draw_bars()

    def sizes(self) -> list[int]:
        """The sizes with at least one measured point."""
        return sorted({r.size for r in self.records if r.measured})

    def default_bar_size(self) -> int | None:
        """The largest size that the most backends reached (a fair comparison)."""
        counts: dict[int, int] = {}
        for r in self.records:
            if r.measured:
                counts[r.size] = counts.get(r.size, 0) + 1
        if not counts:
            return None
        best = max(counts.values())
        return max(size for size, count in counts.items() if count == best)

    def set_bar_size(self, size: int | None) -> None:
        """Which size the bar chart compares (kept while new records arrive); None goes back to the default."""
        self._bar_pinned = size is not None
        self.bar_size = size if size is not None else self.default_bar_size()
        self._draw_bars()

    def _draw_bars(self) -> None:
        plot = self.bar_plot
        plot.clear()
        points = [(r.backend, r.seconds) for r in self.records
                  if r.measured and r.size == self.bar_size and r.seconds > 0]
        self.plotted["bars"] = dict(points)
        plot.setTitle(f"Time at size {self.bar_size} (log scale)" if points else "Time at one size", color="k")
        if not points:
            return
        logs = [math.log10(s) for _, s in points]
        base = math.floor(min(logs)) - 0.5  # bars rise from below the fastest one
        for i, ((backend, _), value) in enumerate(zip(points, logs)):
            plot.addItem(pg.BarGraphItem(x=[i], height=[value - base], y0=[base], width=0.6,
                                         brush=backend_colour(backend), pen="k"))
        plot.getAxis("bottom").setTicks([[(i, backend) for i, (backend, _) in enumerate(points)]])
        top = math.ceil(max(logs))
        plot.getAxis("left").setTicks([[(k, _time_label(k)) for k in range(math.floor(base), top + 1)]])
        plot.setYRange(base, max(logs) + 0.3, padding=0)
        plot.setXRange(-0.6, len(points) - 0.4, padding=0)


def ensure_app():
    """The QApplication, created offscreen when there is no display (the CLI's --png)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


def render_png(records: Sequence[BenchRecord], path: str | Path, width: int = 1200, height: int = 800) -> Path:
    """Draw the charts of `records` into a PNG file without showing a window; returns the path."""
    ensure_app()
    charts = BenchCharts()
    charts.resize(width, height)
    charts.set_records(records)
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def quiet(mode, context, message):  # the offscreen platform's notices are not news for a CLI user
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(quiet)
    charts.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    charts.show()  # lay out the plots; nothing appears on a screen
    QApplication.processEvents()
    image = charts.grab()
    charts.close()
    qInstallMessageHandler(previous)
    target = Path(path)
    if not image.save(str(target), "PNG"):
        raise OSError(f"Qt could not write {target}")
    return target
