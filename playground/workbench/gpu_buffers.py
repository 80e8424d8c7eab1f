"""How the window shows a GPU buffer, without Qt: its columns, what changed, the value range of its pictures.

A decoded buffer (`gpu.buffer_spec.decode`) is a numpy array with the element
count as its first axis. The table shows one column per number of an element
(`leaf_columns`); the stepper tints what a dispatch changed (`changed_mask`,
`changed_byte_ranges`); the pictures scale values linearly between the
smallest and largest *ordinary* value: infinities, NaN and the largest
float32 (the padding that bitonic sort appends) are left out of the range, so
one sentinel does not flatten every other bar.
"""

from __future__ import annotations

import math

import numpy as np

from playground.gpu.wgsl_types import PAD_FIELD

_COMPONENTS = "xyzw"
_F32_MAX = float(np.finfo(np.float32).max)


def leaf_columns(array: np.ndarray, label: str = "") -> list[tuple[str, np.ndarray]]:
    """(label, 1-D view) for every number of an element: struct fields by name, vectors by x/y/z/w.

    `array` has the element count as its first axis, as `buffer_spec.decode` returns it;
    the padding records that widen a vec3 to its stride (field `value`) are looked through.
    """
    if array.dtype.names:
        columns = []
        for name in array.dtype.names:
            sub_label = label if name == PAD_FIELD else (f"{label}.{name}" if label else name)
            columns += leaf_columns(array[name], sub_label)
        return columns
    if array.ndim > 1:
        width = array.shape[1]
        named = array.ndim == 2 and width <= 4  # a vector's components; deeper axes are indices
        columns = []
        for j in range(width):
            part = _COMPONENTS[j] if named else f"[{j}]"
            sub_label = f"{label}.{part}" if label and named else f"{label}{part}"
            columns += leaf_columns(array[:, j], sub_label)
        return columns
    return [(label or "value", array)]


def changed_mask(now: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Elementwise "differs", where two NaNs count as equal."""
    differs = now != before
    if np.issubdtype(now.dtype, np.floating):
        differs &= ~(np.isnan(now) & np.isnan(before))
    return differs


def changed_byte_ranges(now: bytes, before: bytes | None) -> list[tuple[int, int]]:
    """[start, end) runs of bytes that differ (empty when `before` is None or of another length)."""
    if before is None or len(before) != len(now) or not now:
        return []
    diff = np.frombuffer(now, dtype=np.uint8) != np.frombuffer(before, dtype=np.uint8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], diff.view(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def ordinary(values: np.ndarray) -> np.ndarray:
    """Mask of values that take part in the scale: finite and below float32's largest magnitude."""
    values = np.asarray(values, dtype=np.float64)
    return np.isfinite(values) & (np.abs(values) < _F32_MAX)


def normalized(values: np.ndarray) -> np.ndarray:
    """Values mapped to [0, 1] over the ordinary range; big positives (and +inf) to 1, the rest of the outliers to 0."""
    v = np.asarray(values, dtype=np.float64).ravel()
    mask = ordinary(v)
    out = np.where(v > 0, 1.0, 0.0)  # outliers: +max/+inf at the top, NaN/-max/-inf at the bottom
    if mask.any():
        lo, hi = float(v[mask].min()), float(v[mask].max())
        out[mask] = (v[mask] - lo) / (hi - lo) if hi > lo else 0.5
    return out


def image_shape(length: int, width: int | None = None) -> tuple[int, int] | None:
    """(width, height) of a 2-D view: a user-given width, else a square length; None when neither fits."""
    if width:
        return width, max(1, -(-length // width))
    side = math.isqrt(length)
    if length > 1 and side * side == length:
        return side, side
    return None
