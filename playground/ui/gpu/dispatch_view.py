"""The dispatch stepper view: watch a multi-pass GPU algorithm one dispatch at a time.

Pick an algorithm (bitonic sort, tree reduction) and an input (size, seed),
then Step, Step back, Run to end, or jump with the slider or the list of
dispatches. After each dispatch every buffer is shown as a bar strip and a
table, with what the dispatch changed in orange; the next pass is described,
and at the end the GPU's answer is compared with numpy's.

The `DispatchStepper` lives in a `GpuWorker` thread and is touched only there;
each job hands back a `StepperState`, a read-only picture the view renders.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.gpu.formatting import format_array
from playground.ui.gpu.buffer_view import GpuBufferView
from playground.ui.gpu.worker import GpuWorker, error_text
from playground.workbench.dispatch_panel import ALGORITHM_NAMES, Algorithm, StepperState, algorithms, capture, make_input

MAX_SIZE = 1 << 14  # every dispatch keeps a copy of the buffers: 105 of 64 KiB at this size
_TIPS = ("make the input and upload it to the GPU (nothing is dispatched yet)",
         "restore the buffers as they were before the last dispatch",
         "run the next dispatch on the GPU", "run every remaining dispatch")
ERROR_STYLE = "color: #e53935;"


class DispatchView(QWidget):
    """Algorithm and input, the stepping controls, the timeline and each buffer after the current dispatch."""

    stateChanged = Signal(object)  # StepperState, after every load or move
    failed = Signal(str)

    def __init__(self, parent=None, *, worker: GpuWorker | None = None, probe: bool = True) -> None:
        super().__init__(parent)
        self.worker = worker or GpuWorker(self)
        self.algorithms = algorithms()
        self.algorithm: Algorithm | None = None
        self.values: np.ndarray | None = None
        self.state: StepperState | None = None
        self.adapter_reason: str | None = "checking for a GPU adapter..."
        self.adapter_text = ""
        self._stepper = None  # owned by the worker thread
        self._target: int | None = None  # the position asked for (ahead of `state` while jobs run)
        self._in_flight = 0  # jobs submitted and not yet answered
        self._generation = 0  # bumped by each load: answers about an older input are dropped
        self._queued: Callable[[], object] | None = None  # the latest move asked for while one runs
        self.buffer_views: dict[str, GpuBufferView] = {}
        self._build()
        self._update_controls()
        if probe:
            self.probe_adapter()

    # --- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.algorithm_combo = QComboBox()
        self.algorithm_combo.addItems(ALGORITHM_NAMES)
        self.size_spin = QSpinBox()
        self.size_spin.setRange(1, MAX_SIZE)
        self.size_spin.setValue(16)
        self.size_spin.setToolTip("how many random integers (0-99) to start from")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.load_button = QPushButton("New input")
        self.load_button.clicked.connect(lambda: self.load())
        top = QHBoxLayout()
        top.addWidget(QLabel("algorithm"))
        top.addWidget(self.algorithm_combo)
        top.addWidget(QLabel("size"))
        top.addWidget(self.size_spin)
        top.addWidget(QLabel("seed"))
        top.addWidget(self.seed_spin)
        top.addWidget(self.load_button)
        top.addStretch(1)

        self.back_button = QPushButton("Step back")
        self.step_button = QPushButton("Step")
        self.end_button = QPushButton("Run to end")
        self.back_button.clicked.connect(self.step_back)
        self.step_button.clicked.connect(self.step)
        self.end_button.clicked.connect(self.run_to_end)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._slider_moved)
        self.position_label = QLabel()
        moves = QHBoxLayout()
        moves.addWidget(self.back_button)
        moves.addWidget(self.step_button)
        moves.addWidget(self.end_button)
        moves.addWidget(self.slider, 1)
        moves.addWidget(self.position_label)

        self.timeline = QListWidget()
        self.timeline.setToolTip("the state after each dispatch; click one to go there")
        self.timeline.currentRowChanged.connect(self._timeline_clicked)
        self.buffers_area = QSplitter(Qt.Orientation.Vertical)
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.addWidget(self.timeline)
        middle.addWidget(self.buffers_area)
        middle.setStretchFactor(0, 1)
        middle.setStretchFactor(1, 4)
        middle.setSizes([240, 760])

        self.pass_label = QLabel()
        self.pass_label.setWordWrap(True)
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message = QLabel("checking for a GPU adapter...")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(moves)
        layout.addWidget(self.pass_label)
        layout.addWidget(middle, 1)
        layout.addWidget(self.answer_label)

    # --- the adapter -------------------------------------------------------------------

    def probe_adapter(self) -> None:
        """Ask (off the UI thread) whether a GPU adapter is usable; loads the first input when it is."""

        def probe():
            from playground.gpu.device import manager

            reason = manager.unavailable_reason()
            return reason, (None if reason else manager.report())

        self.worker.submit(probe, on_done=self._probed, on_error=lambda exc: self._probed((error_text(exc), None)))

    def _probed(self, outcome) -> None:
        reason, report = outcome
        self.adapter_reason = reason
        if reason:
            self._set_message(f"no GPU adapter: {reason}", error=True)
        else:
            self.adapter_text = f"GPU: {report.name} ({report.adapter_type}, {report.backend})"
            self._set_message(self.adapter_text)
        self._update_controls()
        if reason is None and self.state is None:
            self.load()

    # --- commands ---------------------------------------------------------------------

    def load(self, algorithm: str | None = None, size: int | None = None, seed: int | None = None) -> bool:
        """Start over with a new input (the widgets' values where an argument is None)."""
        if algorithm is not None:
            self.algorithm_combo.setCurrentText(algorithm)
        if size is not None:
            self.size_spin.setValue(size)
        if seed is not None:
            self.seed_spin.setValue(seed)
        if self.adapter_reason is not None:
            self._set_message(f"no GPU adapter: {self.adapter_reason}", error=True)
            return False
        chosen = self.algorithms[self.algorithm_combo.currentText()]
        values = make_input(self.size_spin.value(), self.seed_spin.value())
        self.algorithm, self.values = chosen, values

        def job():
            from playground.gpu.dispatch_stepper import DispatchStepper

            self._stepper = DispatchStepper(chosen.plan(values))
            return capture(self._stepper)

        self._queued = None  # moves meant for the old input are void
        self._generation += 1
        self.state, self._target = None, None
        self._submit(job, reset=True)
        return True

    # Every move is a target position: clicks made while the GPU is busy add up
    # (three Steps go three dispatches further), and only the newest target is run.

    def step(self) -> None:
        """Run the next dispatch."""
        if self._target is not None:
            self.goto(self._target + 1)

    def step_back(self) -> None:
        """Go back to the state before the last dispatch."""
        if self._target is not None:
            self.goto(self._target - 1)

    def run_to_end(self) -> None:
        """Run every remaining dispatch."""
        if self.state is not None:
            self.goto(self.state.total)

    def goto(self, index: int) -> None:
        """Go to the state after `index` dispatches (0: the input); clamped to the plan."""
        if self.state is None or self._target is None:
            return
        index = max(0, min(index, self.state.total))
        if index == self._target:
            return
        self._target = index

        def job():
            self._stepper.goto(index)  # back: restores a capture; forward: runs the dispatches
            return capture(self._stepper)

        self._submit(job)
        self._update_controls()

    def _submit(self, job: Callable[[], object], reset: bool = False) -> None:
        if self._in_flight and not reset:
            self._queued = job  # the newest request wins: a dragged slider does not pile up jobs
            return
        self._in_flight += 1
        generation = self._generation
        self._update_controls()
        self.worker.submit(job, on_done=lambda state: self._job_done(generation, state),
                           on_error=lambda exc: self._job_failed(generation, exc))

    def _job_done(self, generation: int, state: StepperState) -> None:
        self._in_flight -= 1
        if generation != self._generation:
            return
        if self._target is None:  # the answer to a load
            self._target = state.position
        self._show(state)
        if self._queued is not None and not self._in_flight:
            job, self._queued = self._queued, None
            self._submit(job)
        self._update_controls()
        self.stateChanged.emit(state)

    def _job_failed(self, generation: int, exc: BaseException) -> None:
        self._in_flight -= 1
        if generation != self._generation:
            return
        self._queued = None
        self._target = None if self.state is None else self.state.position
        self._set_message(error_text(exc), error=True)
        self._update_controls()
        self.failed.emit(self.message.text())

    # --- rendering --------------------------------------------------------------------

    def _show(self, state: StepperState) -> None:
        fresh = self.state is None or self.state.labels != state.labels or set(self.buffer_views) != set(state.buffers)
        self.state = state
        if fresh:
            self._rebuild(state)
        for name, view in self.buffer_views.items():
            previous = state.previous.get(name) if state.previous else None
            previous_raw = state.previous_raw.get(name) if state.previous_raw else None
            view.set_buffer(state.buffers[name], state.raw[name], previous=previous, previous_raw=previous_raw)
        self._sync_position(state)
        done = f"after dispatch {state.position}: {state.labels[state.position]}" if state.position else "the input, before any dispatch"
        timing = f" ({state.compute_ms:.3f} ms, {state.clock})" if state.position else ""
        following = f"next: {state.next_label}" if state.next_label else f"all {state.total} dispatches done"
        self.pass_label.setText(f"<b>{_escape(done)}</b>{timing}<br>{_escape(following)}")
        self._show_answer(state)
        if self.adapter_reason is None:
            self._set_message(f"{state.description} - {self.adapter_text}" if self.adapter_text else state.description)

    def _rebuild(self, state: StepperState) -> None:
        for view in self.buffer_views.values():
            view.setParent(None)
            view.deleteLater()
        self.buffer_views = {}
        for name, array in state.buffers.items():
            arr = np.atleast_1d(array)
            strip = arr.dtype.names is None and arr.ndim == 1 and len(arr) > 1
            view = GpuBufferView(name, state.types.get(name, ""), bar_strip=strip)
            if len(arr) == 1:  # a uniform: a header and one row
                view.setMaximumHeight(view.header.sizeHint().height() + 6 * view.table.verticalHeader().defaultSectionSize())
            self.buffer_views[name] = view
            self.buffers_area.addWidget(view)
        # The data get the room; a one-element uniform needs a couple of rows.
        self.buffers_area.setSizes([600 if len(np.atleast_1d(a)) > 1 else 120 for a in state.buffers.values()])
        self.timeline.blockSignals(True)
        self.timeline.clear()
        self.timeline.addItems([f"{i:>3}  {label}" for i, label in enumerate(state.labels)])
        self.timeline.blockSignals(False)
        self.timeline.setMinimumWidth(min(self.timeline.sizeHintForColumn(0) + 24, 360))
        self.slider.blockSignals(True)
        self.slider.setRange(0, state.total)
        self.slider.blockSignals(False)

    def _sync_position(self, state: StepperState) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(state.position)
        self.slider.blockSignals(False)
        self.timeline.blockSignals(True)
        self.timeline.setCurrentRow(state.position)
        self.timeline.blockSignals(False)
        self.position_label.setText(f"dispatch {state.position} / {state.total}")

    def _show_answer(self, state: StepperState) -> None:
        if state.answer is None or self.algorithm is None or self.values is None:
            self.answer_label.setText("the answer is read from the buffers after the last dispatch")
            self.answer_label.setStyleSheet("")
            return
        expected = self.algorithm.reference(self.values)
        gpu = np.asarray(state.answer)
        if self.algorithm.exact:
            same = gpu.shape == expected.shape and bool(np.array_equal(gpu, expected))
        else:
            same = gpu.shape == expected.shape and bool(np.allclose(gpu, expected, rtol=1e-5, atol=1e-5))
        verdict = "matches numpy" if same else "DIFFERS from numpy"
        self.answer_label.setText(f"GPU answer: {format_array(gpu)}\nnumpy:      {format_array(expected)}\n{verdict}")
        self.answer_label.setStyleSheet("color: #2e7d32;" if same else ERROR_STYLE)

    def answer_matches(self) -> bool | None:
        """Whether the shown answer equals numpy's (None before the end)."""
        text = self.answer_label.text()
        if "numpy" not in text or self.state is None or not self.state.at_end:
            return None
        return text.endswith("matches numpy")

    # --- controls ---------------------------------------------------------------------

    def _slider_moved(self, value: int) -> None:
        self.goto(value)

    def _timeline_clicked(self, row: int) -> None:
        if row >= 0:
            self.goto(row)

    def _update_controls(self) -> None:
        usable = self.adapter_reason is None
        loaded = usable and self.state is not None and self._target is not None
        at_start = loaded and self._target == 0
        at_end = loaded and self._target >= self.state.total  # type: ignore[union-attr, operator]
        self.load_button.setEnabled(usable)
        self.back_button.setEnabled(loaded and not at_start)
        self.step_button.setEnabled(loaded and not at_end)
        self.end_button.setEnabled(loaded and not at_end)
        self.slider.setEnabled(loaded)
        self.timeline.setEnabled(loaded)
        why = "" if usable else f"no GPU adapter: {self.adapter_reason}"
        for button, tip in zip((self.load_button, self.back_button, self.step_button, self.end_button), _TIPS):
            button.setToolTip(why or tip)

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    def closeEvent(self, event) -> None:  # noqa: N802
        self.worker.close(10000)  # and its result, still to arrive, does not update the closed view
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
