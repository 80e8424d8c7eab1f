"""The work being compared: its inputs at each size, its floating-point operation count, its reference answer.

- matmul: C = A @ B of two n x n float32 matrices (uniform in -1..1); 2 n^3 flops.
- filter: a 3x3 box blur of the generated n x n test image, clamp-to-edge; 18 n^2 flops.
- mlp: the digit classifier on a batch of n test images (64-32-10, ReLU, softmax).

The reference is computed in float64 with numpy, so every backend's
`max_abs_error` (numpy's own included) is its distance from the exact answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

OPERATIONS = ("matmul", "filter", "mlp")
DEFAULT_SIZES = {
    "matmul": (16, 32, 64, 128, 256, 512),
    "filter": (32, 64, 128, 256, 512, 1024),
    "mlp": (1, 4, 16, 64, 256, 1024),
}
SIZE_MEANING = {"matmul": "n (n x n matrices)", "filter": "n (n x n image)", "mlp": "images per batch"}


@dataclass(frozen=True)
class Inputs:
    """One size of one operation: the float32 inputs the backends get, and the float64 answer."""

    operation: str
    size: int
    arrays: dict[str, np.ndarray]
    reference: np.ndarray  # float64
    flops: int

    def tolerance(self) -> float:
        """The largest error still counted as a match: float32 rounding grown with the size of the sums."""
        scale = max(1.0, float(np.abs(self.reference).max()) if self.reference.size else 1.0)
        terms = self.size if self.operation == "matmul" else 64
        return 1e-6 * scale * max(16, terms) * 4


def _matmul(size: int, rng: np.random.Generator) -> Inputs:
    a = rng.uniform(-1, 1, (size, size)).astype(np.float32)
    b = rng.uniform(-1, 1, (size, size)).astype(np.float32)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    return Inputs("matmul", size, {"a": a, "b": b}, ref, 2 * size**3)


def _filter(size: int, rng: np.random.Generator) -> Inputs:
    from playground.demos.images import generate_image
    from playground.gpu.filters import BOX_BLUR

    image = generate_image(size, size)
    kernel = BOX_BLUR
    padded = np.pad(image.astype(np.float64), 1, mode="edge")
    ref = sum(kernel[dy, dx] * padded[dy : dy + size, dx : dx + size] for dy in range(3) for dx in range(3))
    return Inputs("filter", size, {"image": image, "kernel": kernel}, np.asarray(ref), 18 * size * size)


def mlp_forward(pixels: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]], dtype: Any = np.float64) -> np.ndarray:
    """The classifier's probabilities for a (batch, 64) pixel array, computed in `dtype`."""
    x = np.asarray(pixels, dtype=dtype) / 16
    for i, (w, b) in enumerate(layers):
        x = x @ w.astype(dtype) + b.astype(dtype)
        if i < len(layers) - 1:
            x = np.maximum(x, 0)
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def _mlp(size: int, rng: np.random.Generator) -> Inputs:
    from playground.demos.digits import load_model, load_test_set

    model = load_model()
    images, _ = load_test_set()
    pixels = images[np.arange(size) % len(images)]
    layers = [(layer.weights, layer.bias) for layer in model.layers]
    sizes = model.sizes
    flops = size * sum(2 * i * o + 2 * o for i, o in zip(sizes, sizes[1:])) + size * 5 * sizes[-1]
    return Inputs("mlp", size, {"pixels": pixels, "model": model}, mlp_forward(pixels, layers), flops)


_MAKERS: dict[str, Callable[[int, np.random.Generator], Inputs]] = {"matmul": _matmul, "filter": _filter, "mlp": _mlp}


def make_inputs(operation: str, size: int, seed: int = 0) -> Inputs:
    """The inputs of `operation` at `size`, the same for every backend and every run with this seed."""
    return _MAKERS[operation](size, np.random.default_rng(seed + size))


def flops(operation: str, size: int) -> int:
    """Floating-point operations of one run, without building the inputs."""
    if operation == "matmul":
        return 2 * size**3
    if operation == "filter":
        return 18 * size * size
    return size * (2 * 64 * 32 + 2 * 32 + 2 * 32 * 10 + 2 * 10 + 50)
