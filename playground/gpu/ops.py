"""The public kernels: `matmul`, `add`, `relu`, `softmax`, `transpose`, `sum_reduce`, `conv2d`.

Each takes numpy arrays (anything `np.asarray` accepts), checks shapes, runs on
the GPU or on the numpy twin, and returns a `KernelResult` holding the array
and the Timing. `backend` is
- "auto": the GPU when an adapter is usable, else numpy (the reason is logged
  once and kept in `result.note`);
- "gpu": the GPU or a NoAdapterError saying why not;
- "cpu": the numpy twin.

When the GPU fails during a call (the device is lost, wgpu rejects a dispatch
or runs out of memory, a shipped shader will not build), the device is marked
lost (device.py says so once), the numpy twin computes the result, and that
call and every later one, "auto" and "gpu" alike, run on numpy with the loss
message in `result.note` until `use_gpu_again()`. The work is never lost: the
twin writes every element of `out`, and `out` is written by the GPU path only
as its last step, so inputs aliasing `out` are still intact for the rerun.

Every function takes `out=`: a float32 array of the result's shape to write
into. The Wasm `gpu` host module passes views of guest linear memory there, so
results land in the guest without another copy (`matmul_into` spells it out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from playground.gpu import kernels, reference
from playground.gpu.device import manager
from playground.gpu.errors import KernelInputError, NoAdapterError, ShaderError, failure_reason, is_wgpu_error
from playground.gpu.filters import FILTERS
from playground.gpu.timing import Stopwatch, Timing, cpu_timing

BACKENDS = ("auto", "gpu", "cpu")
MATMUL_VARIANTS = tuple(kernels.MATMUL_VARIANTS)
DEFAULT_MATMUL_VARIANT = "tiled"


@dataclass
class KernelResult:
    """A kernel's output array, how long it took, and where it ran."""

    array: np.ndarray
    timing: Timing
    kernel: str
    note: str = ""  # why the CPU fallback ran, when `backend="auto"` fell back

    @property
    def backend(self) -> str:
        """"gpu" or "cpu": where the work actually ran."""
        return self.timing.backend

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.array if dtype is None else self.array.astype(dtype)


def resolve_backend(backend: str) -> tuple[str, str]:
    """("gpu" or "cpu", note) for a requested backend; raises when "gpu" cannot be honoured."""
    if backend not in BACKENDS:
        raise KernelInputError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    if backend == "cpu":
        return "cpu", ""
    reason = manager.unavailable_reason()
    if reason is None:
        return "gpu", ""
    lost = None if manager.forced_reason() else manager.loss_message()
    if lost:  # the GPU went away mid-session: finish on numpy rather than refuse the work
        return "cpu", lost
    if backend == "gpu":
        raise NoAdapterError(f"backend 'gpu' was requested but {reason}")
    manager.warn_fallback_once(reason)
    return "cpu", reason


def _f32(x: Any, name: str, ndim: int | None = None) -> np.ndarray:
    try:
        array = np.asarray(x)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"dtype {array.dtype}")
        array = np.ascontiguousarray(array, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise KernelInputError(f"{name} must be a real numeric array ({exc})") from None
    if ndim is not None and array.ndim != ndim:
        raise KernelInputError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    return array


def _target(out: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
    if out is None:
        return np.empty(shape, dtype=np.float32)
    if not isinstance(out, np.ndarray) or out.dtype != np.float32 or out.shape != shape:
        got = f"{out.dtype} {out.shape}" if isinstance(out, np.ndarray) else type(out).__name__
        raise KernelInputError(f"out must be a float32 array of shape {shape}, got {got}")
    return out


def _run(kernel: str, backend: str, shape: tuple[int, ...], out: np.ndarray | None,
         cpu: Callable[[], np.ndarray], gpu: Callable[[Any, np.ndarray], Timing],
         inputs: tuple[np.ndarray, ...]) -> KernelResult:
    chosen, note = resolve_backend(backend)
    if out is not None:
        _target(out, shape)  # a wrong `out` is an error whichever backend runs
    if math.prod(shape) == 0:
        return KernelResult(_target(out, shape), cpu_timing(0.0), kernel, note)
    # Zero-sized buffers cannot be bound on a GPU; the numpy twin gives the right zeros
    # (matmul with K == 0, the sum of nothing).
    if chosen == "gpu" and all(a.size for a in inputs):
        target = _target(out, shape)
        try:
            return KernelResult(target, _on_gpu(gpu, target), kernel, note)
        except KernelInputError:
            raise  # the arrays do not fit this adapter: the caller's to change, not a failing GPU
        except Exception as exc:
            if not _is_gpu_failure(exc):
                raise
            if isinstance(exc, NoAdapterError):
                note = manager.loss_message() or str(exc)  # gone meanwhile (another thread's call, the option)
            else:
                note = manager.mark_lost(failure_reason(exc))
    watch = Stopwatch()
    with watch.measure():
        result = np.asarray(cpu(), dtype=np.float32)  # the twin's own array: no extra copy
        if out is not None:
            np.copyto(out, result)
            result = out
    return KernelResult(result, cpu_timing(watch.ms), kernel, note)


def _on_gpu(gpu: Callable[[Any, np.ndarray], Timing], target: np.ndarray) -> Timing:
    from playground.gpu.context import drop_contexts, get_context

    # The GPU copies into contiguous memory; a strided `out` gets the result afterwards.
    dest = target if target.flags.c_contiguous else np.empty(target.shape, dtype=np.float32)
    try:
        timing = gpu(get_context(), dest)
    except Exception:
        drop_contexts()  # a failed device's pipelines and buffers are no use to anyone
        raise
    if dest is not target:
        np.copyto(target, dest)
    return timing


def _is_gpu_failure(exc: Exception) -> bool:
    """An error of the device rather than of the call: wgpu's own, a shipped shader's, a device gone meanwhile."""
    return is_wgpu_error(exc) or isinstance(exc, (ShaderError, NoAdapterError))


def matmul(a: Any, b: Any, *, backend: str = "auto", variant: str = DEFAULT_MATMUL_VARIANT,
           out: np.ndarray | None = None) -> KernelResult:
    """C = A @ B for 2D float32 matrices (M x K times K x N); any sizes, not only tile multiples."""
    a, b = _f32(a, "a", 2), _f32(b, "b", 2)
    if a.shape[1] != b.shape[0]:
        raise KernelInputError(f"matmul: inner dimensions differ: {a.shape} @ {b.shape}")
    if variant not in kernels.MATMUL_VARIANTS:
        raise KernelInputError(f"unknown matmul variant {variant!r}; expected one of {', '.join(MATMUL_VARIANTS)}")
    return _run(f"matmul/{variant}", backend, (a.shape[0], b.shape[1]), out,
                lambda: reference.matmul_ref(a, b),
                lambda ctx, t: kernels.matmul_gpu(ctx, a, b, variant, t), (a, b))


def matmul_into(out: np.ndarray, a: Any, b: Any, *, backend: str = "auto",
                variant: str = DEFAULT_MATMUL_VARIANT) -> KernelResult:
    """`matmul` writing into `out` (e.g. a view of Wasm linear memory); returns the result record."""
    return matmul(a, b, backend=backend, variant=variant, out=out)


def add(a: Any, b: Any, *, backend: str = "auto", out: np.ndarray | None = None) -> KernelResult:
    """Element-wise a + b for two arrays of the same shape (no broadcasting)."""
    a, b = _f32(a, "a"), _f32(b, "b")
    if a.shape != b.shape:
        raise KernelInputError(f"add: shapes differ: {a.shape} and {b.shape}")
    return _run("add", backend, a.shape, out, lambda: reference.add_ref(a, b),
                lambda ctx, t: kernels.add_gpu(ctx, a, b, t), (a, b))


def relu(x: Any, *, backend: str = "auto", out: np.ndarray | None = None) -> KernelResult:
    """Element-wise max(x, 0)."""
    x = _f32(x, "x")
    return _run("relu", backend, x.shape, out, lambda: reference.relu_ref(x),
                lambda ctx, t: kernels.relu_gpu(ctx, x, t), (x,))


def softmax(x: Any, *, backend: str = "auto", out: np.ndarray | None = None) -> KernelResult:
    """Softmax along the last axis (each row of a matrix sums to 1)."""
    x = _f32(x, "x")
    if x.ndim == 0:
        raise KernelInputError("softmax needs at least one axis")
    rows = x.reshape(-1, x.shape[-1]) if x.size else x
    return _run("softmax", backend, x.shape, out, lambda: reference.softmax_ref(x),
                lambda ctx, t: kernels.softmax_gpu(ctx, rows, t.reshape(rows.shape)), (x,))


def transpose(x: Any, *, backend: str = "auto", out: np.ndarray | None = None) -> KernelResult:
    """The transpose of a 2D matrix."""
    x = _f32(x, "x", 2)
    return _run("transpose", backend, (x.shape[1], x.shape[0]), out, lambda: reference.transpose_ref(x),
                lambda ctx, t: kernels.transpose_gpu(ctx, x, t), (x,))


def sum_reduce(x: Any, *, backend: str = "auto", out: np.ndarray | None = None) -> KernelResult:
    """The sum of every element, as a 0-d float32 array (`result.array.item()` for the number)."""
    x = _f32(x, "x").reshape(-1)
    return _run("sum_reduce", backend, (), out, lambda: reference.sum_reduce_ref(x),
                lambda ctx, t: kernels.sum_reduce_gpu(ctx, x, t), (x,))


def conv2d(image: Any, kernel: Any, *, backend: str = "auto", out: np.ndarray | None = None) -> KernelResult:
    """Same-size 2D convolution of a grayscale image with clamp-to-edge borders.

    `kernel` is an odd-sized 2D filter, or the name of a sample filter
    ("box_blur", "edge"). The filter is not flipped (cross-correlation, as in
    image and ML libraries).
    """
    if isinstance(kernel, str):
        if kernel not in FILTERS:
            raise KernelInputError(f"unknown filter {kernel!r}; expected one of {', '.join(FILTERS)}")
        kernel = FILTERS[kernel]
    image, kernel = _f32(image, "image", 2), _f32(kernel, "kernel", 2)
    if kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
        raise KernelInputError(f"conv2d: the kernel must have odd sizes, got {kernel.shape}")
    return _run("conv2d", backend, image.shape, out, lambda: reference.conv2d_ref(image, kernel),
                lambda ctx, t: kernels.conv2d_gpu(ctx, image, kernel, t), (image, kernel))
