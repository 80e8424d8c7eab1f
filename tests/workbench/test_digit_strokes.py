"""Drawn strokes become the model's 8x8 picture as its training images were made, and every digit drawn reads right.

Issue 12, bug 9: a hand-drawn vertical "1" read as "3" at 99.7 %. The
strokes here are synthetic: one way of drawing each digit, as a learner's
mouse would, then the same drawings moved, scaled, slanted and shaken.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.demos.digits import load_model, load_test_set, predict_reference
from playground.workbench.digit_strokes import SIDE, TARGET_INK, blocks, choose_pen, draw, normalize, strokes_to_pixels


def arc(cx, cy, rx, ry, a0, a1, n=24):
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))) for a in np.linspace(a0, a1, n)]


# One way to draw each digit in a unit square, y down, stroke by stroke.
DIGITS = {
    0: [arc(0.5, 0.5, 0.3, 0.45, 0, 360)],
    1: [[(0.5, 0.05), (0.5, 0.95)]],
    2: [arc(0.5, 0.3, 0.3, 0.25, 200, 360) + [(0.2, 0.95), (0.82, 0.95)]],
    3: [arc(0.5, 0.28, 0.28, 0.23, -160, 90) + arc(0.5, 0.72, 0.3, 0.23, -90, 160)],
    4: [[(0.6, 0.05), (0.15, 0.65), (0.85, 0.65)], [(0.65, 0.35), (0.65, 0.95)]],
    5: [[(0.8, 0.05), (0.25, 0.05), (0.22, 0.45)] + arc(0.48, 0.67, 0.3, 0.28, -140, 150)],
    6: [[(0.7, 0.05), (0.3, 0.45)] + arc(0.5, 0.7, 0.25, 0.25, 200, 560)],
    7: [[(0.15, 0.05), (0.85, 0.05), (0.4, 0.95)]],
    8: [arc(0.5, 0.27, 0.23, 0.22, 90, 450) + arc(0.5, 0.72, 0.28, 0.23, -90, 270)],
    9: [arc(0.5, 0.3, 0.27, 0.25, 0, 360), [(0.77, 0.3), (0.7, 0.95)]],
}


@pytest.fixture(scope="module")
def model():
    return load_model()


def on_canvas(strokes, size=200.0, x=10.0, y=20.0):
    return [[(x + px * size, y + py * size) for px, py in stroke] for stroke in strokes]


def read(model, strokes) -> tuple[int, float]:
    p = predict_reference(model, strokes_to_pixels(strokes))[0]
    return int(p.argmax()), float(p.max())


@pytest.mark.parametrize("digit", range(10))
def test_every_digit_drawn_reads_as_itself(model, digit):
    got, confidence = read(model, on_canvas(DIGITS[digit]))
    assert got == digit and confidence > 0.8


def test_a_thin_one_in_a_corner_is_the_data_set_s_centred_bar(model):
    corner = [[(12.0, 8.0 + k) for k in range(0, 90, 3)]]  # 90 px tall, a few px from the left edge
    pixels = strokes_to_pixels(corner).reshape(8, 8)
    assert (pixels[:, 3] + pixels[:, 4]).min() >= 8  # in the middle columns, top to bottom
    assert pixels[:, :2].sum() == 0 and pixels[:, 6:].sum() == 0
    assert read(model, corner)[0] == 1
    images, labels = load_test_set()
    ones = images[labels == 1].reshape(-1, 8, 8).astype(float).mean(axis=0)
    assert abs(pixels.sum() - ones.sum()) < 0.1 * ones.sum()  # as much ink as the data set's 1s


def shaken(strokes, rng, canvas=256.0):
    """Drawn anywhere on the canvas, at any size, slanted up to 10 degrees, narrower or wider, with a shaky hand."""
    angle, stretch, size = math.radians(rng.uniform(-10, 10)), rng.uniform(0.7, 1.2), rng.uniform(60, 220)
    ox, oy = rng.uniform(0, canvas - size), rng.uniform(0, canvas - size)
    out = []
    for stroke in strokes:
        points = []
        for x, y in stroke:
            x, y = (x - 0.5) * stretch, y - 0.5
            x, y = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
            points.append((ox + (x + 0.5) * size + rng.normal(0, 1.5), oy + (y + 0.5) * size + rng.normal(0, 1.5)))
        out.append(points)
    return out


def test_drawings_anywhere_at_any_size_mostly_read_right(model):
    """Nine in ten overall; the small network finds shaken 6s and 8s hardest (about half of them, seed 0)."""
    rng = np.random.default_rng(0)
    right = {d: sum(read(model, shaken(DIGITS[d], rng))[0] == d for _ in range(20)) for d in DIGITS}
    assert sum(right.values()) >= 0.85 * 200, right
    assert min(right.values()) >= 8, right


def test_the_picture_is_made_as_the_training_images_were():
    strokes = on_canvas(DIGITS[8], size=50.0, x=100.0, y=3.0)
    pen = choose_pen(strokes)
    placed = normalize(strokes, pen)
    points = np.concatenate(placed)
    span = points.max(axis=0) - points.min(axis=0)
    assert abs(span.max() - (SIDE - pen)) < 1e-9  # the longer side fills the box, less the pen
    centre = (points.max(axis=0) + points.min(axis=0)) / 2
    assert np.allclose(centre, SIDE / 2)
    bitmap = draw(strokes, pen)
    assert abs(int(bitmap.sum()) - TARGET_INK) <= 12  # the data set's ink
    pixels = blocks(bitmap)
    assert pixels.dtype == np.uint8 and pixels.shape == (64,) and pixels.max() <= 16 and pixels.sum() == bitmap.sum()
    assert strokes_to_pixels([]).sum() == 0 and strokes_to_pixels([[(5.0, 5.0)]]).sum() > 0  # a dot is some ink
