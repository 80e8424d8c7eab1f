"""The digit demo: draw a digit (or pick a test image) and watch the Wasm guest classify it.

A drawing is made into the model's 8x8 picture the way its training images
were made (canvas.py); a small preview beside the canvas shows that picture.

The guest `samples/digits_mlp.wat` runs in our interpreter and sends its
matrix steps to the `gpu` host module; it runs once per backend (GPU and
CPU), the probabilities show as ten bars, and each backend's time is listed.
Classification runs on a worker thread; strokes drawn meanwhile are
classified once it is free (the latest drawing wins). A blank canvas is not
classified (a network always answers some digit, which would mislead), and
a test image's true label goes away once the user draws over it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.demos.digits import load_test_set
from playground.demos.digits_guest import GuestPrediction, available_backends, predict_per_backend
from playground.ui.demos.canvas import DigitCanvas, PixelPreview
from playground.ui.demos.worker import BackgroundJob, WorkerView, side_by_side

CLASSES = 10
BLANK_HINT = "Draw a digit with the mouse (left button draws, right button erases a stroke), or show a test image."


class DigitsDemo(WorkerView, QWidget):
    """Canvas and test-image picker on the left, probabilities and timings on the right."""

    finished = Signal()  # a classification ended (done or failed)

    def __init__(self, parent: QWidget | None = None, backends: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digits_demo")
        self.backends = backends or available_backends()
        self.images, self.labels = load_test_set()
        self.results: dict[str, GuestPrediction] = {}
        self._pending = False
        self.worker = BackgroundJob(self)
        self.worker.finished.connect(self._ended)

        self.canvas = DigitCanvas()
        self.preview = PixelPreview(self.canvas)
        self.clear_button = QPushButton("Clear")
        self.test_index = QSpinBox()
        self.test_index.setRange(0, len(self.images) - 1)
        self.test_index.setPrefix("test image #")
        self.pick_button = QPushButton("Show test image")
        self.random_button = QPushButton("Random")
        self.truth = QLabel("")
        left = QVBoxLayout()
        left.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        pick = QHBoxLayout()
        pick.addWidget(self.test_index)
        pick.addWidget(self.pick_button)
        pick.addWidget(self.random_button)
        left.addLayout(pick)
        left.addWidget(self.clear_button)
        seen = QHBoxLayout()
        seen.addWidget(self.preview)
        seen.addWidget(QLabel("what the network reads:\nyour strokes centred, scaled\nand weighted like its\ntraining images"), 1)
        left.addLayout(seen)
        left.addWidget(self.truth)
        left.addStretch(1)

        self.answer = QLabel("?")
        self.answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.answer.font()
        font.setPointSize(font.pointSize() * 3)
        self.answer.setFont(font)
        self.bars: list[QProgressBar] = []
        grid = QGridLayout()
        for digit in range(CLASSES):
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setFormat("%p%")
            grid.addWidget(QLabel(str(digit)), digit, 0)
            grid.addWidget(bar, digit, 1)
            self.bars.append(bar)
        self.timings = QLabel("")
        self.timings.setWordWrap(True)
        self.timings.setTextFormat(Qt.TextFormat.PlainText)
        right = QVBoxLayout()
        right.addWidget(self.answer)
        right.addLayout(grid)
        right.addWidget(self.timings)
        right.addStretch(1)

        side_by_side(self, left, right)

        self.canvas.changed.connect(self.classify)
        self.canvas.drawn.connect(self._drawn)
        self.clear_button.clicked.connect(self.clear)
        self.pick_button.clicked.connect(lambda: self.show_test_image(self.test_index.value()))
        self.random_button.clicked.connect(self._random)

    # -- inputs ----------------------------------------------------------------------------------
    def show_test_image(self, index: int) -> None:
        """Put a test image on the canvas (which classifies it) and show its true label."""
        self.test_index.setValue(index)
        self.truth.setText(f"true label: {int(self.labels[index])}")
        self.canvas.set_pixels(self.images[index])

    def clear(self) -> None:
        """An empty canvas: no answer and no true label until something is drawn."""
        self.truth.setText("")
        self.canvas.clear()

    def _drawn(self) -> None:
        if self.truth.text().startswith("true label"):  # a stroke over a test image makes it the user's drawing
            self.truth.setText("your drawing: no label to check against")

    def start_demo(self) -> None:
        """What a first look should show: the first test image, classified."""
        self.show_test_image(0)

    def _random(self) -> None:
        self.show_test_image(int(np.random.default_rng().integers(len(self.images))))

    # -- classifying -------------------------------------------------------------------------------
    def classify(self) -> None:
        """Classify what the canvas shows, on every backend, in the background."""
        if self.running:
            self._pending = True
            return
        self._pending = False
        if self.canvas.is_blank():
            self._show_blank()
            self.finished.emit()
            return
        pixels, backends = self.canvas.pixels(), list(self.backends)
        self.worker.start(lambda report: predict_per_backend(pixels, backends),
                          on_done=self._show, on_failed=self._failed)

    def _show(self, results: dict[str, GuestPrediction]) -> None:
        self.results = results
        first = next(iter(results.values()))
        for bar, p in zip(self.bars, first.probabilities):
            bar.setValue(int(round(float(p) * 1000)))
        self.answer.setText(str(first.digit))
        self.timings.setText("\n".join(r.describe() for r in results.values()))

    def _show_blank(self) -> None:
        self.results = {}
        for bar in self.bars:
            bar.setValue(0)
        self.answer.setText("?")
        self.timings.setText(BLANK_HINT)

    def _failed(self, message: str) -> None:
        self.timings.setText(f"error: {message}")

    def _ended(self) -> None:
        if self._pending:
            self.classify()
        else:
            self.finished.emit()

    @property
    def digit(self) -> int | None:
        """The digit shown as the answer, or None before the first classification."""
        text = self.answer.text()
        return int(text) if text.isdigit() else None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._pending = False
        self.worker.close()  # and what it still reports does not update the closed view
        super().closeEvent(event)
