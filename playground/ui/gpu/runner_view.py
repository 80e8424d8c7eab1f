"""The WGSL runner panel: reflect a compute shader's bindings, fill its buffers, dispatch once, look at the results.

    view = WgslRunnerView()
    view.diagnostics.connect(lambda items: editor.set_diagnostics(to_editor_diagnostics(editor.toPlainText(), items)))  # workbench.wgsl_panel
    view.set_source(editor.toPlainText(), "saxpy.wgsl")   # on load / after edits
    view.run()                                           # the Run button does the same

Everything GPU-side is `gpu.run_shader` (and naga, through `gpu.compile`), run on
a `GpuWorker` thread; the panel only edits the specs and renders the `RunResult`.
Without an adapter the panel says why once and disables Run; it never raises.
A device lost during a run is one message naming the shader and the step; the
shader has no CPU version, so Run waits for GPU > Use the GPU Again.
"""

from __future__ import annotations

import shlex

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.gpu.errors import DeviceLostError, NoAdapterError, ShaderError
from playground.gpu.wgsl_reflect import ShaderInfo, reflect
from playground.gpu.wgsl_runner import DEFAULT_LENGTH, RunResult, default_workgroups
from playground.ui.gpu.bindings_table import BindingsTable
from playground.ui.gpu.buffer_view import GpuBufferView
from playground.ui.gpu.worker import GpuWorker, error_text
from playground.workbench.wgsl_panel import grid_text

CHECK_DELAY_MS = 400
MAX_WORKGROUPS = 65535  # WebGPU's default maxComputeWorkgroupsPerDimension
ERROR_STYLE = "color: #e53935;"
PROBING = "checking for a GPU adapter..."


class WgslRunnerView(QWidget):
    """Bindings, workgroups and entry point in; one dispatch; every buffer out (table, hex, image)."""

    diagnostics = Signal(list)  # [(line, column, message)]: naga's located errors; [] clears them
    runFinished = Signal(object)  # RunResult
    runFailed = Signal(str)  # the message shown in the panel
    adapterChecked = Signal(bool)  # whether a GPU adapter can run shaders

    def __init__(self, parent=None, *, worker: GpuWorker | None = None, probe: bool = True) -> None:
        super().__init__(parent)
        self.worker = worker or GpuWorker(self)
        self.source = ""
        self.source_name = "shader.wgsl"
        self.info: ShaderInfo | None = None
        self.result: RunResult | None = None
        self.adapter_reason: str | None = PROBING  # None once an adapter is known to work
        self._check_generation = 0
        self._running = False
        self._build()
        self.worker.busyChanged.connect(self._update_enabled)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._compile_check)
        self._update_enabled()
        if probe:
            self.probe_adapter()

    # --- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.adapter_label = QLabel(PROBING)
        self.adapter_label.setWordWrap(True)
        self.adapter_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bindings = BindingsTable()
        self.bindings.changed.connect(self._specs_changed)
        self.bindings.heightChanged.connect(lambda: QTimer.singleShot(0, self, self._fit_top))

        self.entry_label = QLabel("entry point")
        self.entry_combo = QComboBox()
        self.entry_combo.currentIndexChanged.connect(self._specs_changed)
        self.auto_grid = QCheckBox("auto")
        self.auto_grid.setChecked(True)
        self.auto_grid.setToolTip("enough workgroups along x for one invocation per element of the longest array")
        self.auto_grid.toggled.connect(self._specs_changed)
        self.grid_spins = []
        for axis in "xyz":
            spin = QSpinBox()
            spin.setRange(1, MAX_WORKGROUPS)
            spin.setPrefix(f"{axis} ")
            spin.valueChanged.connect(self._grid_edited)
            self.grid_spins.append(spin)
        self.grid_label = QLabel()
        self.grid_label.setWordWrap(True)  # "of @workgroup_size(64, 1, 1) = 256 invocations" must not set the dock's width
        self.run_button = QPushButton("Run")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)

        # Two rows and the grid's meaning under them: in one row they set the dock's least width at 600 px.
        controls = QHBoxLayout()
        controls.addWidget(self.entry_label)
        controls.addWidget(self.entry_combo)
        controls.addStretch(1)
        controls.addWidget(self.run_button)
        grid_row = QHBoxLayout()
        grid_row.addWidget(QLabel("workgroups"))
        grid_row.addWidget(self.auto_grid)
        for spin in self.grid_spins:
            grid_row.addWidget(spin)
        grid_row.addStretch(1)

        self.command_label = QLabel()
        self.command_label.setWordWrap(True)
        self.command_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.command_label.setToolTip("the same run from the command line")
        self.message = QLabel("open a .wgsl compute shader to run it")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.adapter_label)
        top_layout.addWidget(self.bindings)
        top_layout.addLayout(controls)
        top_layout.addLayout(grid_row)
        top_layout.addWidget(self.grid_label)
        top_layout.addWidget(self.command_label)
        top_layout.addWidget(self.message)
        top_layout.addStretch(1)
        self._top = top

        self.outputs = QTabWidget()
        self.buffer_views: dict[str, GpuBufferView] = {}
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.outputs)
        splitter.setStretchFactor(0, 0)  # the settings keep their natural height; the buffers get the rest
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        self._splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # --- the adapter -------------------------------------------------------------------

    def probe_adapter(self) -> None:
        """Ask (off the UI thread) whether shaders can run here; `adapterChecked` tells the answer."""

        def probe():
            from playground.gpu.device import manager

            reason = manager.unavailable_reason()
            return reason, (None if reason else manager.report())

        self.adapter_reason = PROBING
        self.adapter_label.setText(PROBING)
        self.worker.submit(probe, on_done=self._probed,
                           on_error=lambda exc: self._probed((error_text(exc), None)))

    def _probed(self, outcome) -> None:
        reason, report = outcome
        self.adapter_reason = reason
        if reason:
            self.adapter_label.setText(f"no GPU adapter: {reason}")
            self.adapter_label.setStyleSheet(ERROR_STYLE)
        else:
            kind = f"{report.adapter_type} (a software adapter)" if report.adapter_type == "cpu" else report.adapter_type
            self.adapter_label.setText(f"GPU: {report.name} - {kind}, {report.backend}")
            self.adapter_label.setStyleSheet("")
            self.adapter_label.setToolTip("\n".join(report.lines()))
        self._update_enabled()
        self.adapterChecked.emit(reason is None)
        if reason is None and self.source:
            self._check_timer.start()

    # --- the shader --------------------------------------------------------------------

    def set_source(self, source: str, source_name: str = "shader.wgsl") -> None:
        """Reflect `source` and rebuild the binding rows (fills of same-named bindings are kept).

        A declaration reflection cannot read is reported at once; naga's own check
        follows shortly in the worker (both through `diagnostics`).
        """
        self.source, self.source_name = source, source_name
        try:
            self.info = reflect(source, source_name)
        except ShaderError as exc:
            self.info = None
            self.bindings.set_bindings([])
            self._show_error(exc)
            self._update_enabled()
            if self.adapter_reason is None:
                self._check_timer.start()  # naga may know the real cause (often a syntax error)
            return
        entries = [e.name for e in self.info.entry_points]
        current = self.entry_combo.currentText()
        self.entry_combo.blockSignals(True)
        self.entry_combo.clear()
        self.entry_combo.addItems(entries)
        if current in entries:
            self.entry_combo.setCurrentText(current)
        self.entry_combo.blockSignals(False)
        several = len(entries) > 1
        self.entry_label.setVisible(several)
        self.entry_combo.setVisible(several)
        self.bindings.set_bindings(list(self.info.bindings), DEFAULT_LENGTH)
        if self.isVisible():
            self._fit_top()
        if not entries:
            self._set_message("the shader has no @compute entry point", error=True)
        elif any(not b.is_buffer for b in self.info.bindings):
            names = ", ".join(b.name for b in self.info.bindings if not b.is_buffer)
            self._set_message(f"the runner binds buffers only; {names} cannot be filled", error=True)
        else:
            self._set_message(f"{len(self.bindings.bindings)} buffer binding(s); fill them and press Run")
        self._update_enabled()
        if self.adapter_reason is None:
            self._check_timer.start()

    def _compile_check(self) -> None:
        """naga's verdict on the current text, without running it; stale answers are dropped."""
        self._check_generation += 1
        generation, source, name = self._check_generation, self.source, self.source_name

        def check():
            from playground.gpu.compile import compile_module
            from playground.gpu.device import get_device

            compile_module(get_device(), source, name)

        def done(_result) -> None:
            if generation == self._check_generation and self.info is not None:
                self.diagnostics.emit([])

        def failed(exc: BaseException) -> None:
            if generation == self._check_generation and isinstance(exc, ShaderError):
                self._show_error(exc)

        self.worker.submit(check, on_done=done, on_error=failed)

    def entry_point(self) -> str | None:
        """The chosen compute entry point (None when the shader has none)."""
        return self.entry_combo.currentText() or None

    # --- workgroups -------------------------------------------------------------------

    def workgroup_size(self) -> tuple[int, int, int]:
        if self.info is None or not self.info.entry_points:
            return (1, 1, 1)
        return self.info.entry_point(self.entry_point()).workgroup_size

    def default_grid(self) -> tuple[int, int, int]:
        """What `run_shader` picks: one invocation per element of the longest runtime-sized array."""
        return default_workgroups(self.workgroup_size(), max(self.bindings.runtime_lengths(), default=1))

    def workgroups(self) -> tuple[int, int, int]:
        """The grid the next run dispatches."""
        if self.auto_grid.isChecked():
            return self.default_grid()
        return tuple(spin.value() for spin in self.grid_spins)  # type: ignore[return-value]

    def set_workgroups(self, grid: tuple[int, int, int] | None) -> None:
        """A fixed grid, or None for the automatic one."""
        self.auto_grid.setChecked(grid is None)
        if grid is not None:
            for spin, value in zip(self.grid_spins, grid):
                spin.setValue(value)

    def _grid_edited(self) -> None:
        if not self.auto_grid.isChecked():
            self._update_grid_label()
            self._update_command()

    def _specs_changed(self) -> None:
        auto = self.auto_grid.isChecked()
        if auto:
            for spin, value in zip(self.grid_spins, self.default_grid()):
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)
        for spin in self.grid_spins:
            spin.setEnabled(not auto)
        self._update_grid_label()
        self._update_command()
        self._update_enabled()

    def _update_grid_label(self) -> None:
        self.grid_label.setText(grid_text(self.workgroups(), self.workgroup_size()))

    def command_line(self) -> str:
        """The `wasm-playground gpu run` command that does what Run does."""
        parts = ["wasm-playground gpu run", shlex.quote(self.source_name)]
        parts += [f"-b {shlex.quote(f'{name}={spec}')}" for name, spec in self.bindings.specs().items()]
        if not self.auto_grid.isChecked():
            parts.append("-d " + ",".join(str(v) for v in self.workgroups()))
        if self.entry_combo.count() > 1:
            parts.append(f"-e {self.entry_point()}")
        return " ".join(parts)

    def _update_command(self) -> None:
        text = self.command_line() if self.info is not None else ""
        self.command_label.setText(f"<code>{_escape(text)}</code>" if text else "")
        QTimer.singleShot(0, self, self._fit_top)

    # --- running -----------------------------------------------------------------------

    def can_run(self) -> tuple[bool, str]:
        """(whether Run is possible now, why not)."""
        if self.adapter_reason is not None:
            return False, self.adapter_reason if self.adapter_reason == PROBING else f"no GPU adapter: {self.adapter_reason}"
        if self.info is None:
            return False, "no shader to run (or its bindings cannot be read)"
        if not self.info.entry_points:
            return False, "the shader has no @compute entry point"
        if any(not b.is_buffer for b in self.info.bindings):
            return False, "the runner binds buffers only (no textures or samplers)"
        if self._running:
            return False, "the previous run has not finished yet"
        bad = [self.bindings.row_error(row) for row in range(len(self.bindings.bindings))]
        bad = [text for text in bad if text]
        if bad:
            return False, bad[0]
        return True, ""

    def _update_enabled(self, *_args) -> None:
        ok, why = self.can_run()
        self.run_button.setEnabled(ok)
        self.run_button.setToolTip("dispatch the shader once" if ok else why)

    def run(self) -> bool:
        """Dispatch once in the worker; returns False (and says why in the panel) when it cannot start."""
        ok, why = self.can_run()
        if not ok:
            self._set_message(why, error=True)
            return False
        from playground.gpu.wgsl_runner import run_shader

        source, name, specs = self.source, self.source_name, self.bindings.specs()
        grid = None if self.auto_grid.isChecked() else self.workgroups()
        entry = self.entry_point()
        self._set_message(f"running {entry} on the GPU...")
        self._running = True
        self.worker.submit(
            lambda: run_shader(source, specs, workgroups=grid, entry_point=entry, source_name=name),
            on_done=self._run_done, on_error=self._run_failed)
        self._update_enabled()
        return True

    def _run_done(self, result: RunResult) -> None:
        self._running = False
        self.result = result
        grid = " x ".join(map(str, result.workgroups))
        self._set_message(f"ran {result.entry_point} on {grid} workgroup(s): {result.timing.describe()}")
        self._show_buffers(result)
        self.diagnostics.emit([])
        self._update_enabled()
        self.runFinished.emit(result)

    def _run_failed(self, exc: BaseException) -> None:
        self._running = False
        self._update_enabled()
        if isinstance(exc, DeviceLostError):
            self.probe_adapter()  # the label says "lost"; the message below names the shader and step
        elif isinstance(exc, NoAdapterError):
            self._probed((str(exc), None))
        if isinstance(exc, ShaderError):
            self._show_error(exc)
        else:
            self._set_message(error_text(exc), error=True)
        self.runFailed.emit(self.message.text())

    def _show_buffers(self, result: RunResult) -> None:
        """One tab per buffer: the outputs (read_write storage) first, then the inputs as uploaded."""
        current = self.outputs.tabText(self.outputs.currentIndex()) if self.outputs.count() else ""
        self.outputs.clear()
        for view in self.buffer_views.values():
            view.deleteLater()
        self.buffer_views = {}
        types = {b.name: b.type_text for b in result.info.bindings}
        tabs = [(name, array, name) for name, array in result.outputs.items()]
        tabs += [(name, array, f"{name} (input)") for name, array in result.inputs.items() if name not in result.outputs]
        for name, array, title in tabs:
            view = GpuBufferView(name, types.get(name, ""))
            view.set_buffer(array)
            self.buffer_views[name] = view
            self.outputs.addTab(view, title)
            if title == current:
                self.outputs.setCurrentWidget(view)

    def output_view(self, name: str) -> GpuBufferView:
        """The tab showing buffer `name` after the last run."""
        return self.buffer_views[name]

    # --- messages ---------------------------------------------------------------------

    def _show_error(self, exc: ShaderError) -> None:
        located = exc.line is not None
        self.diagnostics.emit([(exc.line, exc.column or 1, exc.message)] if located else [])
        self._set_message(str(exc), error=True, details=exc.details)

    def _set_message(self, text: str, *, error: bool = False, details: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setToolTip(details or text)
        QTimer.singleShot(0, self, self._fit_top)  # a longer message may take another line

    def _fit_top(self) -> None:
        """Give the settings the height they need at this width and the buffer tabs everything else.

        The wrapped labels (the message after a Run, the command line) need more
        height when the panel is narrow; a splitter does not ask them, and
        squeezed the workgroups row over the last binding row. So the settings'
        least height follows their height for the width, and the splitter is told.
        """
        layout = self._top.layout()
        width = self._top.width() or self.width()
        wanted = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        wanted = max(wanted, layout.totalMinimumSize().height())
        self._top.setMinimumHeight(wanted)
        total = sum(self._splitter.sizes())
        if total > wanted:
            self._splitter.setSizes([wanted, total - wanted])

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_top()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_top)  # after the layout gave the labels their new width

    def closeEvent(self, event) -> None:  # noqa: N802
        self.worker.close(10000)  # a job still on the GPU must not outlive its view, nor update it later
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

