"""The image-filter demo without a window: a generated test image, blur and edge filters, timings.

    image = generate_image(3840, 2160)                     # float32 in 0..1, no text, deterministic
    runs = filter_image(image, ["box_blur", "edge"], ["gpu", "cpu"])
    runs[0].describe(); to_display(runs[0].output, runs[0].filter)

The filters are the 3x3 kernels of `playground.gpu.filters` applied with
`gpu.conv2d` (WGSL on the GPU, its numpy twin on the CPU). Loading PNG or
JPEG files belongs to the Qt view (QImage -> grayscale array).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from playground.errors import PlaygroundError

FILTER_LABELS = {"box_blur": "blur", "edge": "edges"}
MAX_SIDE = 16384  # larger than any screen: a typo, not an image


class ImageDemoError(PlaygroundError):
    """A size or an image the demo cannot use."""


def generate_image(width: int, height: int, seed: int = 7) -> np.ndarray:
    """A grayscale test image (height x width float32 in 0..1): gradients, discs, rings, bars, a checker patch.

    Every shape is drawn in coordinates relative to the image size, so the
    picture looks alike at 64x48 and at 4K; `seed` moves the discs.
    """
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise ImageDemoError(f"image size must be 1..{MAX_SIDE} on each side, got {width}x{height}")
    rng = np.random.default_rng(seed)
    y = (np.arange(height, dtype=np.float32) + 0.5)[:, None] / height  # 0..1 down
    x = (np.arange(width, dtype=np.float32) + 0.5)[None, :] / width  # 0..1 across
    aspect = np.float32(width / height)
    # a diagonal gradient with a soft vignette
    image = 0.25 + 0.35 * (x + y) / 2 - 0.15 * ((x - 0.5) ** 2 + (y - 0.5) ** 2)
    image = np.broadcast_to(image, (height, width)).astype(np.float32)
    # solid discs at random places, with random brightness
    for _ in range(5):
        cx, cy, r = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.04, 0.12)
        inside = ((x - cx) * aspect) ** 2 + (y - cy) ** 2 < r * r
        image = np.where(inside, np.float32(rng.uniform(0.55, 1.0)), image)
    # a ring: edges on both sides
    dist = np.sqrt(((x - 0.72) * aspect) ** 2 + (y - 0.3) ** 2)
    image = np.where((dist > 0.14) & (dist < 0.18), np.float32(0.05), image)
    # a dark rectangle with a horizontal gradient inside
    box = (x > 0.08) & (x < 0.42) & (y > 0.62) & (y < 0.9)
    image = np.where(box, (0.1 + 0.6 * (x - 0.08) / 0.34).astype(np.float32), image)
    # vertical bars of increasing width: from fine to coarse detail
    stripe = np.floor(np.sqrt(np.clip((x - 0.1) / 0.45, 0, 1)) * 24) % 2 == 0
    bars = (y > 0.08) & (y < 0.22) & (x > 0.1) & (x < 0.55) & stripe
    image = np.where(bars, np.float32(0.95), image)
    # a checkerboard patch
    checks = (x > 0.6) & (x < 0.9) & (y > 0.6) & (y < 0.9)
    parity = (np.floor(x * 40) + np.floor(y * 40 / aspect)) % 2 == 0
    image = np.where(checks & parity, np.float32(0.9), np.where(checks, np.float32(0.2), image))
    return np.clip(image, 0.0, 1.0).astype(np.float32)


@dataclass(frozen=True)
class FilterRun:
    """One filter applied on one backend: the output and how long it took."""

    filter: str  # "box_blur" or "edge"
    requested: str  # the backend asked for
    backend: str  # where it ran ("gpu" or "cpu")
    output: np.ndarray  # float32, the image's shape
    wall_ms: float  # the whole call, transfers included
    kernel_ms: float  # compute only (GPU timestamps where available)
    timing: object  # the gpu.Timing

    def describe(self) -> str:
        """`blur on gpu: 12.3 ms (compute 1.2 ms)`."""
        label = FILTER_LABELS.get(self.filter, self.filter)
        return f"{label} on {self.backend}: {self.wall_ms:.1f} ms (compute {self.kernel_ms:.1f} ms)"


def apply_filter(image: np.ndarray, filter_name: str, backend: str = "auto") -> FilterRun:
    """Apply one named 3x3 filter ("box_blur", "edge") on one backend ("gpu", "cpu", "auto")."""
    from playground.gpu import conv2d

    image = np.asarray(image, dtype=np.float32)
    if image.ndim != 2 or image.size == 0:
        raise ImageDemoError(f"expected a non-empty grayscale (2D) image, got shape {image.shape}")
    start = time.perf_counter()
    result = conv2d(image, filter_name, backend=backend)
    wall_ms = (time.perf_counter() - start) * 1e3
    return FilterRun(filter_name, backend, result.backend, result.array, wall_ms,
                     result.timing.compute_ms, result.timing)


def filter_image(image: np.ndarray, filters: list[str] | tuple[str, ...] = ("box_blur", "edge"),
                 backends: list[str] | tuple[str, ...] = ("gpu", "cpu")) -> list[FilterRun]:
    """Every filter on every backend, filters outermost; a backend that cannot run raises its error."""
    return [apply_filter(image, f, b) for f in filters for b in backends]


def available_backends() -> tuple[str, ...]:
    """("gpu", "cpu") where a GPU adapter is usable, else ("cpu",)."""
    from playground.gpu.device import gpu_available

    return ("gpu", "cpu") if gpu_available() else ("cpu",)


def to_display(output: np.ndarray, filter_name: str) -> np.ndarray:
    """A filter's output as uint8 grayscale for showing: edges by magnitude, normalised; blur clipped."""
    out = np.asarray(output, dtype=np.float32)
    if filter_name == "edge":
        magnitude = np.abs(out)
        peak = float(magnitude.max()) if magnitude.size else 0.0
        out = magnitude / peak if peak > 0 else magnitude
    return (np.clip(out, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)


def to_grayscale(rgb: np.ndarray) -> np.ndarray:
    """An (h, w, 3 or 4) uint8 colour image as float32 luma in 0..1 (ITU-R BT.601 weights)."""
    rgb = np.asarray(rgb)
    if rgb.ndim == 2:
        return rgb.astype(np.float32) / 255.0
    if rgb.ndim != 3 or rgb.shape[2] < 3:
        raise ImageDemoError(f"expected an (h, w, 3) or (h, w, 4) image, got shape {rgb.shape}")
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (rgb[..., :3].astype(np.float32) @ weights) / np.float32(255.0)
