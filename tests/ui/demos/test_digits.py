"""The digit demo classifies a known test image with the Wasm guest and shows its probabilities."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from playground.demos.digits import load_model, predict_reference
from playground.ui.demos.digits_demo import DigitsDemo


def test_digits_demo_classifies_a_test_image(qtbot):
    demo = DigitsDemo()
    qtbot.addWidget(demo)
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.show_test_image(0)
    label = int(demo.labels[0])
    assert demo.truth.text() == f"true label: {label}"
    assert demo.digit == label
    reference = predict_reference(load_model(), demo.images[0])[0]
    assert set(demo.results) == set(demo.backends)
    for result in demo.results.values():
        np.testing.assert_allclose(result.probabilities, reference, atol=1e-5)
    assert demo.bars[label].value() == max(bar.value() for bar in demo.bars)
    assert all(backend in demo.timings.text() for backend in demo.backends)


def _stroke(qtbot, canvas, points) -> None:
    """A real mouse stroke through `points` (widget pixels)."""
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(x, y), canvas.mapToGlobal(QPointF(x, y)),
                           Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas, move)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_a_thin_vertical_one_drawn_in_a_corner_reads_as_one(qtbot):
    """Issue 12, bug 9: a hand-drawn vertical "1" read as "3" at 99.7 %."""
    demo = DigitsDemo(backends=["cpu"])
    qtbot.addWidget(demo)
    demo.show()
    canvas = demo.canvas
    with qtbot.waitSignal(demo.finished, timeout=60000):
        _stroke(qtbot, canvas, [(40, 20 + 6 * k) for k in range(26)])  # a thin line near the left edge
    pixels = canvas.pixels().reshape(8, 8)
    assert pixels[:, 3:5].sum() > pixels.sum() * 0.6  # centred, as the data set's 1s are
    assert abs(int(pixels.sum()) - 310 // 1) < 40  # and as inked
    qtbot.waitUntil(lambda: not demo.running, timeout=60000)
    assert demo.digit == 1


def test_digits_canvas_drawing_erasing_and_clear(qtbot):
    demo = DigitsDemo(backends=["cpu"])
    qtbot.addWidget(demo)
    demo.show()
    canvas = demo.canvas
    with qtbot.waitSignal(demo.finished, timeout=60000):
        _stroke(qtbot, canvas, [(60, 60), (200, 60), (110, 230)])  # a 7
    assert len(canvas.strokes) == 1 and demo.digit == 7
    assert demo.preview.isVisible()
    with qtbot.waitSignal(demo.finished, timeout=60000):
        qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=QPoint(130, 60))  # on the stroke: it goes
    assert canvas.strokes == [] and canvas.is_blank()
    with qtbot.waitSignal(demo.finished, timeout=60000):
        _stroke(qtbot, canvas, [(128, 30), (128, 220)])
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.clear_button.click()
    assert canvas.pixels().sum() == 0


def test_the_digit_demo_opens_with_a_classified_test_image(qtbot):
    demo = DigitsDemo(backends=["cpu"])
    qtbot.addWidget(demo)
    demo.start_demo()
    qtbot.waitUntil(lambda: demo.digit is not None, timeout=20000)
    assert demo.digit == int(demo.labels[0])


def test_drawing_over_a_test_image_drops_its_true_label_and_a_blank_canvas_is_not_classified(qtbot):
    demo = DigitsDemo(backends=["cpu"])
    qtbot.addWidget(demo)
    demo.show()
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.show_test_image(0)
    assert demo.truth.text().startswith("true label:")
    canvas = demo.canvas
    with qtbot.waitSignal(demo.finished, timeout=60000):
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(canvas.cell * 3 + 5, canvas.cell * 2 + 5))
    assert "true label:" not in demo.truth.text() and demo.truth.text().startswith("your drawing")
    assert len(canvas.strokes) == 1  # the test image gave way to the drawing
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.clear_button.click()
    assert demo.digit is None and demo.results == {}  # no answer for an empty canvas...
    assert all(bar.value() == 0 for bar in demo.bars) and "Draw a digit" in demo.timings.text()
    assert demo.truth.text() == ""
