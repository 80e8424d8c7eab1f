"""How GPU buffers and results are shown as text: one place, used by the CLI and the GUI."""

from __future__ import annotations

import numpy as np

MAX_ITEMS = 64  # beyond this many numbers, show the first and last few
EDGE_ITEMS = 4


def format_array(array: np.ndarray, *, max_items: int = MAX_ITEMS, edge_items: int = EDGE_ITEMS,
                 linewidth: int = 100) -> str:
    """numpy's formatting with sensible truncation: `[0. 1. 2. ... 1021. 1022. 1023.]`."""
    return np.array2string(np.asarray(array), threshold=max_items, edgeitems=edge_items,
                           max_line_width=linewidth, precision=6, suppress_small=True)


def buffer_header(name: str, array: np.ndarray, type_text: str = "") -> str:
    """`y: array<f32>, 1024 elements (float32)`: what a buffer is before its numbers."""
    kind = f"{type_text}, " if type_text else ""
    dtype = "record" if array.dtype.names else str(array.dtype)
    shape = "x".join(str(d) for d in array.shape) or "scalar"
    count = f"{array.shape[0]} element{'s' if array.shape[0] != 1 else ''}" if array.ndim else "1 value"
    return f"{name}: {kind}{count} ({dtype}, shape {shape})"


def format_buffer(name: str, array: np.ndarray, type_text: str = "") -> str:
    """A header line and the (truncated) numbers of one buffer."""
    return f"{buffer_header(name, array, type_text)}\n{format_array(array)}"


def gflops(flops: float, ms: float) -> float:
    """Billions of floating-point operations per second (0 when no time was measured)."""
    return flops / (ms * 1e6) if ms > 0 else 0.0
