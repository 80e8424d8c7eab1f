"""The benchmark loop: every backend at every size it can finish within a time budget per point.

    records = run_bench("matmul", backends=["numpy", "wasm"], sizes=[16, 32, 64], budget=2.0,
                        progress=lambda record, done, total: ..., cancel=threading.Event())

Sizes run smallest first, all backends at one size before the next size, so
a stopped run still compares every backend on the small sizes. Per backend:
- before a size, its time is estimated from what was measured so far (a
  line through the last two points, or the prior rate of `Backend`); a point
  estimated over the budget is skipped, and so is every larger size;
- a point that takes longer than the budget once is kept, and larger sizes
  are skipped;
- otherwise it repeats (at least `repeat` times and until 20 ms were spent,
  but never past the budget) and keeps the best time, the first run being
  the warm-up where shaders compile.
Every output is compared with the float64 numpy answer; `max_abs_error`
records the distance and the status says "mismatch" beyond the tolerance.
The cancel flag is checked between runs; a Wasm or GPU call in flight
finishes first.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Callable, Protocol, Sequence

import numpy as np

from playground.bench.backends import BACKENDS, resolve_backends
from playground.bench.records import CANCELLED, ERROR, MISMATCH, OK, SKIPPED, UNAVAILABLE, BenchRecord
from playground.bench.workloads import DEFAULT_SIZES, OPERATIONS, flops, make_inputs
from playground.errors import PlaygroundError

DEFAULT_BUDGET = 2.0  # seconds per point
DEFAULT_REPEAT = 3
MIN_SAMPLE_TIME = 0.02  # keep repeating tiny runs until this much time was measured (timer noise)
MAX_REPEAT = 50


class BenchError(PlaygroundError):
    """A benchmark request that cannot run: an unknown operation, backend or size."""


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


Progress = Callable[[BenchRecord, int, int], None]
Clock = Callable[[], float]


def _cancelled(cancel: CancelFlag | Callable[[], bool] | None) -> bool:
    if cancel is None:
        return False
    is_set = getattr(cancel, "is_set", None)
    return bool(is_set() if is_set is not None else cancel())


class _Track:
    """What one backend has measured so far, for estimating its next size."""

    def __init__(self, name: str) -> None:
        self.backend = BACKENDS[name]
        self.points: list[tuple[int, float]] = []  # (flops, seconds)
        self.stopped = ""  # why larger sizes are skipped, in a sentence (the record's note)
        self.reason = ""  # the same in a few words (the record's reason)
        self.unavailable = self.backend.unavailable()

    def estimate(self, work: int) -> float:
        if len(self.points) >= 2:
            (f1, t1), (f2, t2) = self.points[-2:]
            slope = max(0.0, (t2 - t1) / (f2 - f1)) if f2 != f1 else 0.0
            return t2 + slope * max(0, work - f2)
        if self.points:
            f1, t1 = self.points[-1]
            if self.backend.overhead_s:  # a fixed cost dominates small sizes: do not scale it
                return t1 + max(0, work - f1) / self.backend.flops_per_s
            return t1 * work / f1 if f1 else t1
        return self.backend.overhead_s + work / self.backend.flops_per_s


def run_bench(
    operation: str,
    backends: Sequence[str] | None = None,
    sizes: Sequence[int] | None = None,
    *,
    budget: float = DEFAULT_BUDGET,
    repeat: int = DEFAULT_REPEAT,
    progress: Progress | None = None,
    cancel: CancelFlag | Callable[[], bool] | None = None,
    seed: int = 0,
    clock: Clock = time.perf_counter,
) -> list[BenchRecord]:
    """Run `operation` on `backends` (default: all that can) at `sizes` (default: DEFAULT_SIZES).

    Returns one record per (size, backend), in run order; `progress(record,
    done, total)` is called after each. Raises BenchError for a bad request.
    `clock` reads seconds (tests give a fake one, so budgets do not depend on the machine).
    """
    if operation not in OPERATIONS:
        raise BenchError(f"unknown operation {operation!r}; expected one of {', '.join(OPERATIONS)}")
    try:
        names = resolve_backends(operation, list(backends) if backends else None)
    except ValueError as exc:
        raise BenchError(str(exc)) from None
    sizes = sorted(set(sizes or DEFAULT_SIZES[operation]))
    if not sizes or sizes[0] < 1:
        raise BenchError("sizes must be positive integers")
    if not budget > 0:
        raise BenchError("the time budget must be a positive number of seconds")
    tracks = {name: _Track(name) for name in names}
    total = len(sizes) * len(names)
    records: list[BenchRecord] = []

    def emit(record: BenchRecord) -> None:
        records.append(record)
        if progress is not None:
            progress(record, len(records), total)

    for size in sizes:
        work = flops(operation, size)
        inputs = None
        for name in names:
            track = tracks[name]
            base = BenchRecord(operation, name, size)
            if _cancelled(cancel):
                emit(_with(base, status=CANCELLED, note="stopped by the user"))
                continue
            if track.unavailable:
                emit(_with(base, status=UNAVAILABLE, note=track.unavailable))
                continue
            if track.stopped:
                emit(_with(base, status=SKIPPED, note=track.stopped, reason=track.reason))
                continue
            estimate = track.estimate(work)
            if estimate > budget:
                track.stopped = f"estimated {estimate:.3g} s at size {size}, over the {budget:g} s budget"
                track.reason = f"budget (est. {estimate:.3g} s)"
                emit(_with(base, status=SKIPPED, note=track.stopped, reason=track.reason))
                continue
            if inputs is None:
                inputs = make_inputs(operation, size, seed)
            emit(_measure(base, track, inputs, budget, repeat, cancel, clock))
    return records


def _with(record: BenchRecord, **changes) -> BenchRecord:
    return replace(record, **changes)


def _measure(base: BenchRecord, track: _Track, inputs, budget: float, repeat: int, cancel, clock: Clock) -> BenchRecord:
    try:
        prepared = track.backend.prepare(inputs)
        if track.backend.warmup and not track.points:
            prepared.run()  # compiles the shaders: not what the chart should show
        samples: list[float] = []
        kernel: list[float] = []
        output = None
        while True:
            start = clock()
            output = prepared.run()
            samples.append(clock() - start)
            kernel.append(prepared.kernel_seconds)
            spent = sum(samples)
            if samples[0] > budget:
                track.stopped = f"size {base.size} took {samples[0]:.3g} s, over the {budget:g} s budget"
                track.reason = f"budget (took {samples[0]:.3g} s)"
                break
            enough = len(samples) >= max(1, repeat) and (spent >= MIN_SAMPLE_TIME or len(samples) >= MAX_REPEAT)
            if enough or spent + min(samples) > budget or _cancelled(cancel):
                break
    except PlaygroundError as exc:
        track.stopped = f"failed at size {base.size}"
        return _with(base, status=ERROR, note=str(exc))
    except Exception as exc:  # noqa: BLE001 - a backend's own failure (wasmtime's trap, a driver) is a result
        track.stopped = f"failed at size {base.size}"
        return _with(base, status=ERROR, note=f"{type(exc).__name__}: {exc}")
    best = min(samples)
    track.points.append((inputs.flops, best))
    error = _max_abs_error(output, inputs.reference)
    status = OK if error <= inputs.tolerance() else MISMATCH
    best_kernel = kernel[samples.index(best)]
    note = track.stopped if samples[0] > budget else ""
    if status == MISMATCH:
        note = f"differs from numpy by {error:.3g} (tolerance {inputs.tolerance():.3g})"
    return _with(base, seconds=best, gflops=inputs.flops / best / 1e9 if best > 0 else math.nan,
                 max_abs_error=error, status=status, note=note, kernel_seconds=best_kernel)


def _max_abs_error(output, reference: np.ndarray) -> float:
    out = np.asarray(output, dtype=np.float64)
    if out.shape != reference.shape:
        return math.inf
    if out.size == 0:
        return 0.0
    return float(np.max(np.abs(out - reference)))
