"""A drawing made of pen strokes, turned into the 8x8 picture the digit model reads, the way its training images were made. No Qt.

The model learnt from scikit-learn's 8x8 digits (UCI "optdigits"): NIST's
programs scaled each handwritten digit into a 32x32 bitmap, centred, and the
bitmap's 4x4 blocks were counted into 0..16. Those digits fill the box's
height (or its width, when wider than tall), sit in its middle, and have
nearly the same amount of ink whatever the digit: about 310 of the 1024
pixels, so a "1" is a thick bar and an "8" a thin pen. A learner's mouse
strokes on the canvas had none of this: a thin vertical "1" in a corner read
as "3" at 99.7 %.

So `strokes_to_pixels` does what the data set's preparation did, with the
strokes themselves:

1. bounding box of the strokes' points;
2. scale it, keeping its shape, so its longer side spans the 32-pixel box
   less the pen's width (the round ends of the pen reach the edges);
3. centre it;
4. choose the pen's width so that the picture has the data set's ink
   (`TARGET_INK` pixels), by bisection on the drawn bitmap;
5. count each 4x4 block's inked pixels: 0..16, as the training images.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

SIDE = 32  # the normalized bitmap, as NIST's
BLOCK = 4  # 32 / 4 = 8 pixels a side for the model
TARGET_INK = 310  # inked pixels of 1024: the training images' mean, the same for every digit (within 5 %)
PEN_RANGE = (1.5, 12.0)  # the pen widths tried, in bitmap pixels
MAX_POINTS = 96  # a stroke is resampled to at most this many points (the mouse gives hundreds)

Point = tuple[float, float]

_centres = (np.arange(SIDE, dtype=np.float64) + 0.5)
_PX, _PY = np.meshgrid(_centres, _centres)  # pixel centres: x by column, y by row


def _segments(strokes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every stroke's segments as start and end arrays (a single point is a segment of length 0)."""
    starts, ends = [], []
    for stroke in strokes:
        if len(stroke) == 1:
            starts.append(stroke)
            ends.append(stroke)
        else:
            starts.append(stroke[:-1])
            ends.append(stroke[1:])
    return np.concatenate(starts), np.concatenate(ends)


def _distance(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The distance from each pixel centre to the nearest segment, (32, 32)."""
    px, py = _PX[..., None], _PY[..., None]
    ax, ay = starts[:, 0], starts[:, 1]
    dx, dy = ends[:, 0] - ax, ends[:, 1] - ay
    length2 = dx * dx + dy * dy
    t = np.where(length2 > 0, ((px - ax) * dx + (py - ay) * dy) / np.where(length2 > 0, length2, 1), 0.0)
    t = np.clip(t, 0.0, 1.0)
    nx, ny = ax + t * dx - px, ay + t * dy - py
    return np.sqrt(nx * nx + ny * ny).min(axis=-1)


def _resample(stroke: np.ndarray) -> np.ndarray:
    if len(stroke) <= MAX_POINTS:
        return stroke
    keep = np.linspace(0, len(stroke) - 1, MAX_POINTS).round().astype(int)
    return stroke[keep]


def normalize(strokes: Iterable[Sequence[Point]], pen: float) -> list[np.ndarray]:
    """The strokes scaled and centred in the 32x32 box, their longer side `32 - pen` long (steps 1 to 3)."""
    arrays = [_resample(np.asarray(s, dtype=np.float64).reshape(-1, 2)) for s in strokes if len(s)]
    if not arrays:
        return []
    points = np.concatenate(arrays)
    low, high = points.min(axis=0), points.max(axis=0)
    size = float((high - low).max())
    scale = (SIDE - pen) / size if size > 0 else 1.0
    middle = (low + high) / 2
    return [(a - middle) * scale + SIDE / 2 for a in arrays]


def draw(strokes: Iterable[Sequence[Point]], pen: float) -> np.ndarray:
    """The 32x32 bitmap (bool) of the strokes normalized for a pen `pen` pixels wide, drawn with it."""
    placed = normalize(strokes, pen)
    if not placed:
        return np.zeros((SIDE, SIDE), dtype=bool)
    return _distance(*_segments(placed)) <= pen / 2


def choose_pen(strokes: Sequence[Sequence[Point]], target: int = TARGET_INK) -> float:
    """The pen width whose drawing has `target` inked pixels (bisection; the range's end when out of reach)."""
    low, high = PEN_RANGE
    if draw(strokes, high).sum() <= target:
        return high
    if draw(strokes, low).sum() >= target:
        return low
    for _ in range(12):
        middle = (low + high) / 2
        if draw(strokes, middle).sum() < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def blocks(bitmap: np.ndarray) -> np.ndarray:
    """Count each 4x4 block's inked pixels: the 8x8 picture, 0..16 (uint8), row by row (64 values)."""
    counts = bitmap.reshape(SIDE // BLOCK, BLOCK, SIDE // BLOCK, BLOCK).sum(axis=(1, 3))
    return counts.astype(np.uint8).reshape(-1)


def strokes_to_pixels(strokes: Sequence[Sequence[Point]]) -> np.ndarray:
    """What the model should see of a drawing: 64 ink levels 0..16, made as its training images were."""
    strokes = [s for s in strokes if len(s)]
    if not strokes:
        return np.zeros(SIDE // BLOCK * SIDE // BLOCK, dtype=np.uint8)
    return blocks(draw(strokes, choose_pen(strokes)))
