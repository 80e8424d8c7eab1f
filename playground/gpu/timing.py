"""How long a kernel took, split into upload, compute and download.

Upload and download are always host wall-clock times (the copy is a queue
operation outside any compute pass). Compute is measured with GPU timestamp
queries when the adapter offers the "timestamp-query" feature, which excludes
driver and submission overhead, and with the wall clock (submit to completion)
otherwise; `compute_clock` says which, so a chart never mixes them silently.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

GPU_TIMESTAMP = "gpu-timestamp"
WALL_CLOCK = "wall-clock"


@dataclass(frozen=True)
class Timing:
    """Milliseconds spent in each phase of one kernel call."""

    upload_ms: float
    compute_ms: float
    download_ms: float
    compute_clock: str  # GPU_TIMESTAMP or WALL_CLOCK
    backend: str  # "gpu" or "cpu"

    @property
    def total_ms(self) -> float:
        """Upload + compute + download."""
        return self.upload_ms + self.compute_ms + self.download_ms

    def describe(self) -> str:
        """One line for the CLI and the GUI."""
        return (
            f"upload {self.upload_ms:.3f} ms, compute {self.compute_ms:.3f} ms ({self.compute_clock}), "
            f"download {self.download_ms:.3f} ms, total {self.total_ms:.3f} ms [{self.backend}]"
        )


def cpu_timing(compute_ms: float) -> Timing:
    """A numpy call: no transfers, compute measured by the wall clock."""
    return Timing(0.0, compute_ms, 0.0, WALL_CLOCK, "cpu")


class Stopwatch:
    """Wall-clock milliseconds of a block: `with watch.measure(): ...; watch.ms`."""

    def __init__(self) -> None:
        self.ms = 0.0

    @contextmanager
    def measure(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.ms = (time.perf_counter() - start) * 1e3


def timestamp_ms(begin: int, end: int, period_ns: float) -> float | None:
    """Milliseconds between two GPU timestamps, or None when the pair is unusable.

    Some drivers report zeros (or an end before the begin) for very short passes;
    the caller then falls back on the wall clock.
    """
    return float(end - begin) * period_ns / 1e6 if end > begin else None


def timestamp_period_ns(queue: object) -> float:
    """Nanoseconds per timestamp tick.

    WebGPU promises nanoseconds, but wgpu-native hands back raw ticks unless the
    instance normalises them, so ask the native queue for its period; 1.0 (the
    value on most Vulkan drivers, lavapipe included) when it cannot be asked.
    """
    try:
        from wgpu.backends.wgpu_native._api import libf  # private: no public accessor in wgpu-py

        period = float(libf.wgpuQueueGetTimestampPeriod(queue._internal))  # type: ignore[attr-defined]
        return period if period > 0 else 1.0
    except Exception:  # noqa: BLE001 - another backend, or a renamed private API
        return 1.0
