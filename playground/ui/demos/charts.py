"""The benchmark charts (pyqtgraph): time and GFLOP/s against size on log scales, and bars for one size.

Backends that stopped early are marked on their lines, in the legend and in
a note under the charts (`bench_notes.py` says which and why).

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

from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.bench.notes import mismatches, notes_text, skip_reason, stops
from playground.bench.records import MISMATCH, SKIPPED, BenchRecord, chart_series, format_seconds
from playground.workbench.compare_notes import slowest_note

# A fixed colour per backend, so a backend looks the same in every chart and every run.
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf", "#393b79", "#637939", "#1b9e77", "#e6ab02"]
_KNOWN_ORDER = ["gpu-naive", "gpu-tiled", "gpu-blocked", "gpu", "numpy", "python", "wasm", "wasm-simd",
                "wasmtime", "wasmtime-simd", "wasm+gpu", "wasm+numpy", "wasm-fast", "wasm-fast-simd"]


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


class TidyAxis(pg.AxisItem):
    """An axis that never draws two tick labels over each other.

    pyqtgraph draws every label of the first tick level, wherever it falls, so
    custom ticks (sizes, backend names, decades of time) collide in a narrow
    chart. Here a label whose box meets an already kept one (with a small gap)
    is left out; the ticks themselves stay.
    """

    GAP = 4  # pixels between neighbouring labels

    def generateDrawSpecs(self, p):  # noqa: N802 - pyqtgraph's name
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return specs
        axis, ticks, texts = specs
        kept: list = []
        for spec in texts:
            box = spec[0].adjusted(-self.GAP / 2, -self.GAP / 2, self.GAP / 2, self.GAP / 2)
            if not any(box.intersects(other[0]) for other in kept):
                kept.append(spec)
        return axis, ticks, kept


def _plot_widget() -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w", axisItems={"bottom": TidyAxis("bottom"), "left": TidyAxis("left")})
    for side in ("bottom", "left"):
        plot.getAxis(side).setTextPen("#333333")  # pyqtgraph's light grey is hard to read on white
    return plot


STOP_SYMBOL = "x"  # the mark at a stopped backend's last measured point
MISMATCH_COLOUR = "#d62728"
BAR_ROW_PX = 16  # the bar chart's height per backend: room for its name and its value
BAR_FRAME_PX = 84  # its title and time axis


class BenchCharts(QWidget):
    """A shared legend, two line charts side by side, a bar chart below them, and notes under it all.

    Backends that stopped early (over the time budget, unavailable, failed) end
    their line with an x mark, carry the reason in the legend and get a sentence
    in the notes; wrong results are ringed in red. The bar chart is horizontal,
    names on the left and each bar's time at its end, so nothing overlaps at
    any width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[BenchRecord] = []
        self.bar_size: int | None = None
        self._bar_pinned = False  # True once someone picked the bar chart's size
        # metric -> backend -> (sizes, values): what the line charts show; "bars" -> backend -> seconds;
        # "stops" -> backend -> (last measured size or None, label); "mismatches" -> [(backend, size)];
        # "bar_texts" -> backend -> the text beside its bar
        self.plotted: dict[str, dict] = {"seconds": {}, "gflops": {}, "bars": {}, "stops": {}, "mismatches": {},
                                         "bar_texts": {}}
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.time_plot = self._line_plot("Time per run", "seconds")
        self.gflops_plot = self._line_plot("Throughput", "GFLOP/s")
        self.bar_plot = _plot_widget()
        self.bar_plot.setTitle("Time at one size (log scale)", color="k")
        self.bar_plot.showGrid(x=True, alpha=0.3)
        self.bar_plot.getPlotItem().invertY(True)  # the first backend on top, as in the table
        self.bar_plot.setMouseEnabled(x=False, y=False)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.hide()
        palette = self.palette()  # white like the plots, in either theme, so the legend and notes read as part of them
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("black"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        lines = QHBoxLayout()
        lines.addWidget(self.time_plot)
        lines.addWidget(self.gflops_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addLayout(lines, 3)
        layout.addWidget(self.bar_plot, 2)
        layout.addWidget(self.notes)

    @staticmethod
    def _line_plot(title: str, unit: str) -> pg.PlotWidget:
        plot = _plot_widget()
        plot.setTitle(title, color="k")
        plot.setMinimumHeight(150)  # the bar chart and the notes must not squeeze the lines away
        plot.setLogMode(x=True, y=True)
        plot.showGrid(x=True, y=True, alpha=0.3)
        plot.setLabel("bottom", "size")
        plot.setLabel("left", unit)
        plot.getAxis("left").enableAutoSIPrefix(False)  # log axes already span decades
        return plot

    # -- data -------------------------------------------------------------------------
    def set_records(self, records: Iterable[BenchRecord]) -> None:
        """Show these records (replacing what was shown); the bar chart picks the largest common size."""
        self.records = list(records)
        stopped = {stop.backend: stop for stop in stops(self.records)}
        wrong = mismatches(self.records)
        self.plotted["stops"] = {b: (stop.last_size, stop.label) for b, stop in stopped.items()}
        self.plotted["mismatches"] = {(flag.backend, flag.size) for flag in wrong}
        for metric, plot in (("seconds", self.time_plot), ("gflops", self.gflops_plot)):
            plot.clear()
            series = {b: (s, v) for b, (s, v) in chart_series(self.records, metric).items()
                      if all(x > 0 for x in v)}  # log scales cannot show zeros
            self.plotted[metric] = series
            for backend, (sizes, values) in series.items():
                colour = backend_colour(backend)
                plot.plot(sizes, values, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                          symbolBrush=colour, symbolPen=colour)
                stop = stopped.get(backend)
                if stop is not None and stop.last_size in sizes:  # the line ends here: say so on it
                    at = sizes.index(stop.last_size)
                    plot.plot([sizes[at]], [values[at]], pen=None, symbol=STOP_SYMBOL, symbolSize=14,
                              symbolBrush=colour, symbolPen=pg.mkPen("k", width=1))
                bad = [i for i, size in enumerate(sizes) if (backend, size) in self.plotted["mismatches"]]
                if bad:
                    plot.plot([sizes[i] for i in bad], [values[i] for i in bad], pen=None, symbol="o",
                              symbolSize=15, symbolBrush=None, symbolPen=pg.mkPen(MISMATCH_COLOUR, width=2))
            # log axes tick at powers of ten; the sizes themselves read better
            sizes = sorted({x for xs, _ in series.values() for x in xs})
            plot.getAxis("bottom").setTicks([[(math.log10(x), str(x)) for x in sizes]] if sizes else None)
        self._show_legend(stopped, wrong)
        if not self._bar_pinned or self.bar_size not in self.sizes():
            self.bar_size = self.default_bar_size()
        self._draw_bars()
        self._show_notes()

    def _show_notes(self) -> None:
        """Under the charts: who stopped and why, wrong results, and why the slowest bar is the slowest."""
        lines = [notes_text(self.records), slowest_note(self.records, self.bar_size)]
        text = "\n".join(line for line in lines if line)
        self.notes.setText(text)
        self.notes.setToolTip(text)
        self.notes.setVisible(bool(text))

    def _show_legend(self, stopped: dict, wrong: list) -> None:
        """One legend for both line charts (the colours are the same), above them, where it hides no line."""
        backends = list(dict.fromkeys(r.backend for r in self.records))
        entries = []
        for backend in backends:
            suffix = ""
            stop = stopped.get(backend)
            if stop is not None:
                suffix = f"&nbsp;<i>{escape(stop.short()).replace(' ', '&nbsp;')}</i>"  # an entry never breaks
            if any(flag.backend == backend for flag in wrong):
                suffix += f'&nbsp;<span style="color:{MISMATCH_COLOUR}">wrong&nbsp;result</span>'
            swatch = f'<span style="color:{backend_colour(backend)}">&#9632;</span>'
            entries.append(f"{swatch}&nbsp;{escape(backend).replace('-', '&#8209;')}{suffix}")  # no break inside a name
        self.legend.setText("&nbsp;&nbsp; ".join(entries))
        self.legend.setVisible(bool(entries))

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
        self._show_notes()

    def _draw_bars(self) -> None:
        """Horizontal bars, one row per backend at `bar_size`: names on the left, each time at its bar's end.

        A backend that did not run at this size keeps its row, with the reason instead of a bar.
        """
        plot = self.bar_plot
        plot.clear()
        rows = [r for r in self.records if r.size == self.bar_size]
        points = [(r.backend, r.seconds) for r in rows if r.measured and r.seconds > 0]
        self.plotted["bars"] = dict(points)
        self.plotted["bar_texts"] = {}
        plot.setTitle(f"Time at size {self.bar_size} (log scale)" if points else "Time at one size", color="k")
        plot.setMinimumHeight(BAR_FRAME_PX + BAR_ROW_PX * len(rows) if points else 0)
        if not points:
            plot.getAxis("left").setWidth(None)
            plot.getAxis("bottom").setHeight(None)
            plot.getAxis("left").setTicks(None)
            plot.getAxis("bottom").setTicks(None)
            return
        logs = [math.log10(s) for _, s in points]
        base = math.floor(min(logs)) - 0.5  # bars grow from left of the fastest one
        top = max(logs)
        for row, r in enumerate(rows):
            if r.measured and r.seconds > 0:
                value = math.log10(r.seconds)
                plot.addItem(pg.BarGraphItem(x0=[base], y=[row], width=[value - base], height=0.6,
                                             brush=backend_colour(r.backend), pen="k"))
                text = format_seconds(r.seconds) + ("  wrong result" if r.status == MISMATCH else "")
                where, colour = value, (MISMATCH_COLOUR if r.status == MISMATCH else "k")
            else:
                text, where, colour = _not_run(r), base, "#555555"
            label = pg.TextItem(" " + text, color=colour, anchor=(0, 0.5))
            label.textItem.document().setDocumentMargin(0)  # one line of text high: rows stay apart
            label.setPos(where, row)
            plot.addItem(label)
            self.plotted["bar_texts"][r.backend] = text
        names = plot.getAxis("left")
        names.setTicks([[(row, r.backend) for row, r in enumerate(rows)]])
        # wide enough for the longest name from the first paint (pyqtgraph would widen it only after one)
        metrics = QFontMetrics(names.style["tickFont"] or names.font())
        names.setWidth(max(metrics.horizontalAdvance(r.backend) for r in rows) + 16)
        plot.getAxis("bottom").setHeight(metrics.height() + 12)  # the tick, its gap and one line of text
        plot.getAxis("bottom").setTicks([[(k, _time_label(k)) for k in range(math.floor(base), math.ceil(top) + 1)]])
        # room at the right for the value labels: about a third of the bars' span more
        plot.setXRange(base, top + max(0.8, 0.35 * (top - base)), padding=0)
        plot.setYRange(-0.6, len(rows) - 0.4, padding=0)


def _not_run(record: BenchRecord) -> str:
    """The bar chart's words for a backend without a bar at this size."""
    if record.status == SKIPPED:
        reason = skip_reason(record)
        return reason if reason == "skipped" else f"skipped: {reason}"
    return record.status


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
