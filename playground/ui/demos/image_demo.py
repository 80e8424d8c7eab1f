"""The image demo: blur and edge filters (3x3 `gpu.conv2d`) on the GPU and the CPU, side by side, with timings.

Open a PNG or JPEG (turned grayscale through QImage) or use the generated
test image at a chosen size (up to 4K); Apply runs every filter on every
backend in a worker thread, then shows the input and the outputs in a grid:
one row per backend, one column per filter, each with its time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.demos.images import (
    FILTER_LABELS,
    FilterRun,
    ImageDemoError,
    available_backends,
    filter_image,
    generate_image,
    to_display,
)
from playground.ui.demos.worker import BackgroundJob, WorkerView

GENERATED_SIZES = {"640 x 360": (640, 360), "1920 x 1080 (HD)": (1920, 1080), "3840 x 2160 (4K)": (3840, 2160)}
FILTERS = ("box_blur", "edge")


def qimage_to_gray(image: QImage) -> np.ndarray:
    """A QImage as a float32 grayscale array in 0..1 (Qt's own luma conversion)."""
    if image.isNull():
        raise ImageDemoError("the image is empty or could not be decoded")
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return raw[:, :width].astype(np.float32) / np.float32(255)


def load_gray(path: str | Path) -> np.ndarray:
    """Read a PNG or JPEG file as grayscale float32."""
    image = QImage(str(path))
    if image.isNull():
        raise ImageDemoError(f"cannot read {path} as an image")
    return qimage_to_gray(image)


def gray_to_qimage(gray_u8: np.ndarray) -> QImage:
    """A uint8 (h, w) array as a QImage that owns a copy of the pixels."""
    data = np.ascontiguousarray(gray_u8, dtype=np.uint8)
    height, width = data.shape
    return QImage(data.data, width, height, width, QImage.Format.Format_Grayscale8).copy()


class ElidedLabel(QLabel):
    """One line of text that never wraps: cut with "…" when narrow (the whole text is the tooltip).

    A word-wrapped QLabel asks for more height as it narrows, which a layout in a
    small dock cannot give, so it was drawn over its neighbours; one line cannot.
    """

    def __init__(self, text: str = "", *, bold: bool = False, drop_label: bool = False) -> None:
        super().__init__(text)
        self.drop_label = drop_label  # when narrow, show "270.0 ms" rather than "blur on gpu: 270.0 ms"
        if bold:
            font = self.font()
            font.setBold(True)
            self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setToolTip(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self.fontMetrics().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance(self.text()), self.fontMetrics().height())

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        text, width, metrics = self.text(), self.contentsRect().width(), self.fontMetrics()
        if self.drop_label and metrics.horizontalAdvance(text) > width:
            text = text.split(": ", 1)[-1]
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)


class _ImagePane(QWidget):
    """A title, the picture scaled to fit the space left, and a one-line caption under it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = ElidedLabel(title, bold=True)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(32, 18)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.caption = ElidedLabel("", drop_label=True)  # the title already names the filter and backend
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.caption)
        self._pixmap: QPixmap | None = None

    def show_image(self, image: QImage | None, caption: str = "") -> None:
        self._pixmap = None if image is None else QPixmap.fromImage(image)
        self.caption.setText(caption)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap is None:
            self.picture.clear()
            return
        self.picture.setPixmap(self._pixmap.scaled(self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._rescale()


class ImageDemo(WorkerView, QWidget):
    """Input image, and blur and edge outputs for each backend, with timings."""

    finished = Signal()  # a filter run ended (done or failed)

    def __init__(self, parent: QWidget | None = None, backends: tuple[str, ...] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("image_demo")
        self.backends = backends or available_backends()
        self.image: np.ndarray | None = None
        self.source = ""
        self.runs: list[FilterRun] = []
        self.worker = BackgroundJob(self)
        self.worker.finished.connect(self._ended)

        self.open_button = QPushButton("Open image…")
        self.size_choice = QComboBox()
        self.size_choice.addItems(GENERATED_SIZES)
        self.generate_button = QPushButton("Use generated image")
        self.apply_button = QPushButton("Apply filters")
        self.status = ElidedLabel("")
        top = QHBoxLayout()
        for widget in (self.open_button, self.size_choice, self.generate_button, self.apply_button):
            top.addWidget(widget)
        top.addStretch(1)

        self.input_pane = _ImagePane("Input")
        self.panes: dict[tuple[str, str], _ImagePane] = {}
        grid = QGridLayout()
        grid.addWidget(self.input_pane, 0, 0, len(self.backends), 1)
        for row, backend in enumerate(self.backends):
            for column, name in enumerate(FILTERS, start=1):
                pane = _ImagePane(f"{FILTER_LABELS[name]} ({backend.upper()})")
                self.panes[(name, backend)] = pane
                grid.addWidget(pane, row, column)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)

        self.open_button.clicked.connect(self._ask_open)
        self.generate_button.clicked.connect(self._generate_clicked)
        self.apply_button.clicked.connect(self.apply)
        # picking a size is asking for that image: make it and filter it, no second click needed
        self.size_choice.currentTextChanged.connect(lambda _text: self._generate_clicked(apply=True))
        self._inputs = (self.open_button, self.size_choice, self.generate_button, self.apply_button)

    # -- inputs -------------------------------------------------------------------------------
    def set_image(self, gray: np.ndarray, source: str) -> None:
        """Use this grayscale float32 image (0..1) as the input; clears the outputs."""
        self.image = np.asarray(gray, dtype=np.float32)
        self.source = source
        height, width = self.image.shape
        self.input_pane.show_image(gray_to_qimage(to_display(self.image, "box_blur")), f"{source}: {width} x {height}")
        for pane in self.panes.values():
            pane.show_image(None)
        self.runs = []

    def use_generated(self, width: int, height: int) -> None:
        """Generate the procedural test image at this size."""
        self.set_image(generate_image(width, height), "generated")

    def open_file(self, path: str | Path) -> bool:
        """Load a PNG or JPEG; False (with the reason in the status line) when it cannot be read."""
        try:
            self.set_image(load_gray(path), Path(path).name)
        except ImageDemoError as exc:
            self.status.setText(f"error: {exc}")
            return False
        return True

    def _ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open image", "", "Images (*.png *.jpg *.jpeg *.bmp)")
        if path and self.open_file(path):
            self.apply()  # as for a generated image: show the filters at once

    def _generate_clicked(self, apply: bool = False) -> None:
        self.use_generated(*GENERATED_SIZES[self.size_choice.currentText()])
        if apply:
            self.apply()
        else:
            self.status.setText("Press Apply filters to filter it on every backend.")

    def start_demo(self) -> None:
        """What a first look should show: the generated image, filtered on every backend."""
        if self.image is None:
            self.use_generated(*GENERATED_SIZES[self.size_choice.currentText()])
            self.apply()

    # -- running (`running`: WorkerView) ---------------------------------------------------------
    def apply(self) -> bool:
        """Run every filter on every backend in the background; False when busy."""
        if self.running:
            return False
        if self.image is None:
            self.use_generated(*GENERATED_SIZES[self.size_choice.currentText()])
        image, backends = self.image, self.backends
        for widget in self._inputs:  # the input stays the one being filtered until its outputs arrive
            widget.setEnabled(False)
        height, width = image.shape
        self.status.setText(f"Filtering {width} x {height} on {', '.join(backends)}…")
        return self.worker.start(lambda report: filter_image(image, FILTERS, backends),
                                 on_done=self._show_runs, on_failed=self._failed)

    def _show_runs(self, runs: list[FilterRun]) -> None:
        self.runs = runs
        for run in runs:
            pane = self.panes.get((run.filter, run.requested))
            if pane is not None:
                pane.show_image(gray_to_qimage(to_display(run.output, run.filter)), run.describe())
        self.status.setText("  |  ".join(run.describe() for run in runs))

    def _failed(self, message: str) -> None:
        self.status.setText(f"error: {message}")

    def _ended(self) -> None:
        for widget in self._inputs:
            widget.setEnabled(True)
        self.finished.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.worker.close()  # and what it still reports does not update the closed view
        super().closeEvent(event)
