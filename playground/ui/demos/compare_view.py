"""The Compare view: run the benchmark harness on chosen backends and sizes, and chart the results.

An operation picker, one checkbox per backend (those missing here are greyed
out with the reason), sizes, a time budget per point, Run and Stop with a
progress bar; the harness runs on a worker thread and each finished point
lands in the charts (time and GFLOP/s against size, log scales; bars for one
size) and in the table, max abs error included. Export writes the same
records as CSV, or the charts as PNG.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.bench import (
    BACKENDS,
    DEFAULT_BUDGET,
    DEFAULT_SIZES,
    OPERATIONS,
    SIZE_MEANING,
    BenchRecord,
    backends_for,
    run_bench,
    write_csv,
)
from playground.bench.notes import stops
from playground.bench.records import format_seconds
from playground.ui.demos.charts import BenchCharts
from playground.ui.demos.worker import BackgroundJob, WorkerView, side_by_side
from playground.workbench.compare_inputs import parse_sizes

TABLE_COLUMNS = ("backend", "size", "time", "GFLOP/s", "max abs error", "status")
# Where the charts will be, until the first Run gives them data (empty log axes with made-up ticks told nothing).
BEFORE_FIRST_RUN = ("Press Run to time each backend on the same work: the GPU, numpy's SIMD, the interpreter, "
                    "the fast engine.\n\nThe charts will show the time and the GFLOP/s of each at every size, "
                    "and the table each point's error against the reference.")
STATUS_COLOURS = {"skipped": "#777777", "unavailable": "#777777", "cancelled": "#777777",
                  "error": "#d62728", "mismatch": "#d62728"}


class CompareView(WorkerView, QWidget):
    """The benchmark comparison view."""

    finished = Signal()  # a run ended (done, stopped or failed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.records: list[BenchRecord] = []
        self._cancel = threading.Event()
        self.worker = BackgroundJob(self)
        self.worker.finished.connect(self._run_ended)

        self.operation = QComboBox()
        self.operation.addItems(OPERATIONS)
        self.sizes = QLineEdit()
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0.05, 600.0)
        self.budget.setDecimals(2)
        self.budget.setSuffix(" s")
        self.budget.setValue(DEFAULT_BUDGET)
        self.budget.setToolTip("Time allowed per point: a backend slower than this stops at the previous size")
        self.run_button = QPushButton("Run")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m points")
        self.progress.hide()  # until a run starts
        self.status = QLabel("Pick backends and sizes, then Run.")
        self.status.setWordWrap(True)
        self.export_csv_button = QPushButton("Export CSV…")
        self.export_png_button = QPushButton("Export PNG…")
        self.bar_size = QComboBox()
        self.bar_size.setToolTip("The size the bar chart compares")

        self.backend_box = QGroupBox("Backends")
        self.backend_layout = QGridLayout(self.backend_box)
        self.checks: dict[str, QCheckBox] = {}

        form = QFormLayout()
        form.addRow("Operation", self.operation)
        self.size_label = QLabel("Sizes")
        form.addRow(self.size_label, self.sizes)
        form.addRow("Budget per point", self.budget)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.stop_button):
            buttons.addWidget(button)
        controls = QVBoxLayout()
        controls.addLayout(form)
        controls.addWidget(self.backend_box)
        controls.addLayout(buttons)
        controls.addWidget(self.progress)
        controls.addWidget(self.status)
        exports = QHBoxLayout()
        exports.addWidget(self.export_csv_button)
        exports.addWidget(self.export_png_button)
        controls.addLayout(exports)
        controls.addStretch(1)
        left = QWidget()
        left.setLayout(controls)
        left.setMaximumWidth(340)

        self.charts = BenchCharts()
        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setHorizontalHeaderLabels(TABLE_COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        bar_row = QHBoxLayout()
        bar_row.addWidget(QLabel("Bar chart at size"))
        bar_row.addWidget(self.bar_size)
        bar_row.addStretch(1)
        right_split = QSplitter(Qt.Orientation.Vertical)
        self.before_run = QLabel(BEFORE_FIRST_RUN)
        self.before_run.setWordWrap(True)
        self.before_run.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.before_run.setMargin(40)
        self.chart_pages = QStackedWidget()  # the explanation, then the charts from the first Run on
        self.chart_pages.addWidget(self.before_run)
        self.chart_pages.addWidget(self.charts)
        right_split.addWidget(self.chart_pages)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(bar_row)
        table_layout.addWidget(self.table)
        right_split.addWidget(table_box)
        right_split.setSizes([600, 150])  # the charts first; the table scrolls
        right_split.setCollapsible(0, False)

        side_by_side(self, left, right_split)

        self.operation.currentTextChanged.connect(self._operation_changed)
        self.run_button.clicked.connect(self.run)
        self.stop_button.clicked.connect(self.stop)
        self.export_csv_button.clicked.connect(self._ask_csv)
        self.export_png_button.clicked.connect(self._ask_png)
        self.bar_size.currentTextChanged.connect(self._bar_size_changed)
        self._operation_changed(self.operation.currentText())

    # -- controls -------------------------------------------------------------------------
    def _operation_changed(self, operation: str) -> None:
        for check in self.checks.values():
            self.backend_layout.removeWidget(check)
            check.deleteLater()
        self.checks = {}
        for i, name in enumerate(backends_for(operation)):
            backend = BACKENDS[name]
            check = QCheckBox(name)
            check.setToolTip(backend.description)
            missing = backend.unavailable()
            if missing:
                check.setEnabled(False)
                check.setToolTip(f"{backend.description}\nUnavailable here: {missing}")
            else:
                check.setChecked(True)
            self.checks[name] = check
            self.backend_layout.addWidget(check, i // 2, i % 2)
        self.sizes.setText(", ".join(str(s) for s in DEFAULT_SIZES[operation]))
        self.sizes.setCursorPosition(0)  # a long list shows its first sizes, not its last
        self.size_label.setToolTip(SIZE_MEANING[operation])
        self.sizes.setToolTip(SIZE_MEANING[operation])

    def selected_backends(self) -> list[str]:
        """The checked (and available) backends."""
        return [name for name, check in self.checks.items() if check.isChecked() and check.isEnabled()]

    def set_selection(self, operation: str, backends: list[str], sizes: list[int], budget: float) -> None:
        """Set every control at once (tests, and a 'repeat last run' command)."""
        self.operation.setCurrentText(operation)
        for name, check in self.checks.items():
            check.setChecked(name in backends)
        self.sizes.setText(", ".join(str(s) for s in sizes))
        self.budget.setValue(budget)

    # -- running (`running`: WorkerView) ----------------------------------------------------------
    def run(self) -> bool:
        """Start the harness with the current settings; False when the settings are not usable."""
        if self.running:
            return False
        try:
            sizes = parse_sizes(self.sizes.text())
        except ValueError as exc:
            self.status.setText(str(exc))
            return False
        backends = self.selected_backends()
        if not backends:
            self.status.setText("Check at least one backend.")
            return False
        operation, budget = self.operation.currentText(), self.budget.value()
        self.records = []
        self.charts.set_bar_size(None)
        self._show_records()
        self._cancel.clear()
        self.progress.setRange(0, len(sizes) * len(backends))
        self.progress.setValue(0)
        self.progress.show()
        self.chart_pages.setCurrentWidget(self.charts)
        self.status.setText(f"Running {operation} on {len(backends)} backends…")
        self.run_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        cancel = self._cancel

        def work(report):
            return run_bench(operation, backends, sizes, budget=budget, cancel=cancel,
                             progress=lambda record, done, total: report((record, done, total)))

        return self.worker.start(work, on_done=self._run_done, on_failed=self._run_failed,
                                 on_progress=self._point_done)

    def stop(self) -> None:
        """Ask the run to stop after the point in progress."""
        self._cancel.set()
        self.status.setText("Stopping after the current point…")

    def _point_done(self, item) -> None:
        record, done, total = item
        self.records.append(record)
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self._show_records()

    def _run_done(self, records: list[BenchRecord]) -> None:
        self.records = list(records)
        self._show_records()
        stopped = self._cancel.is_set()
        measured = sum(r.measured for r in self.records)
        text = f"{'Stopped' if stopped else 'Done'}: {measured} of {len(self.records)} points measured."
        early = [stop.backend for stop in stops(self.records)]
        if early:
            text += f" Stopped early: {', '.join(early)} (the notes under the charts say why)."
        self.status.setText(text)

    def _run_failed(self, message: str) -> None:
        self.status.setText(f"error: {message}")

    def _run_ended(self) -> None:
        self.run_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.finished.emit()

    # -- showing ----------------------------------------------------------------------------
    def _show_records(self) -> None:
        self.charts.set_records(self.records)
        sizes = [str(s) for s in self.charts.sizes()]
        current = str(self.charts.bar_size) if self.charts.bar_size is not None else ""
        self.bar_size.blockSignals(True)
        self.bar_size.clear()
        self.bar_size.addItems(sizes)
        self.bar_size.setCurrentText(current)
        self.bar_size.blockSignals(False)
        self.table.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            status = f"{r.status}: {r.note}" if r.note else r.status
            cells = (r.backend, str(r.size), format_seconds(r.seconds),
                     "-" if math.isnan(r.gflops) else f"{r.gflops:.4g}",
                     "-" if math.isnan(r.max_abs_error) else f"{r.max_abs_error:.2e}", status)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == len(cells) - 1:
                    item.setToolTip(status)
                    if r.status in STATUS_COLOURS:  # what did not run, or ran wrong, stands out
                        item.setForeground(QColor(STATUS_COLOURS[r.status]))
                self.table.setItem(row, column, item)

    def _bar_size_changed(self, text: str) -> None:
        if text.isdigit():
            self.charts.set_bar_size(int(text))

    # -- export ----------------------------------------------------------------------------
    def export_csv(self, path: str | Path) -> None:
        """Write the records shown to a CSV file."""
        write_csv(self.records, path)

    def export_png(self, path: str | Path) -> None:
        """Save the charts as a PNG image."""
        if not self.charts.grab().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export results as CSV", "bench.csv", "CSV files (*.csv)")
        if path:
            self._export(self.export_csv, path)

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export charts as PNG", "bench.png", "PNG images (*.png)")
        if path:
            self._export(self.export_png, path)

    def _export(self, action, path: str) -> None:
        try:
            action(path)
        except OSError as exc:
            self.status.setText(f"error: cannot write {path}: {exc}")
        else:
            self.status.setText(f"Saved {path}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._cancel.set()
        self.worker.close()  # and what it still reports does not update the closed view
        super().closeEvent(event)
