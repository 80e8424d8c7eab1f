"""The numpy twin of every kernel: the CPU fallback and the reference the tests compare with.

Each twin takes float32 arrays and returns float32, so the fallback gives the
same dtype as the GPU path. numpy runs these on the CPU's SIMD units (through
BLAS for matmul), which makes them the "CPU SIMD" column of the comparisons.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def matmul_ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """C = A @ B."""
    return np.matmul(a, b)


def add_ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise a + b."""
    return np.add(a, b)


def relu_ref(x: np.ndarray) -> np.ndarray:
    """Element-wise max(x, 0)."""
    return np.maximum(x, np.float32(0))


def softmax_ref(x: np.ndarray) -> np.ndarray:
    """Softmax along the last axis, shifted by the row maximum as the shader does."""
    shifted = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return (e / np.sum(e, axis=-1, keepdims=True)).astype(np.float32, copy=False)


def transpose_ref(x: np.ndarray) -> np.ndarray:
    """The transposed matrix, as a new contiguous array."""
    return np.ascontiguousarray(x.T)


def sum_reduce_ref(x: np.ndarray) -> np.ndarray:
    """The sum of all elements as a 0-d float32 array (numpy sums pairwise, like the shader)."""
    return np.asarray(np.sum(x, dtype=np.float32))


def conv2d_ref(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Same-size 2D cross-correlation with clamp-to-edge borders (see shaders/conv2d.wgsl)."""
    ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
    padded = np.pad(image, ((ry, ry), (rx, rx)), mode="edge")
    windows = sliding_window_view(padded, kernel.shape)  # (H, W, kh, kw), no copy
    return np.einsum("ijkl,kl->ij", windows, kernel, dtype=np.float32).astype(np.float32, copy=False)
