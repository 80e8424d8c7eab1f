"""The dispatch plans of the multi-pass samples: bitonic sort and tree reduction.

Each function turns input values into a `DispatchPlan` for `samples/<name>.wgsl`:
the initial buffers and one `DispatchPass` per dispatch with its uniform values.
"""

from __future__ import annotations

import numpy as np

from playground.gpu.dispatch_stepper import DispatchPass, DispatchPlan
from playground.resources import sample_path

_WG = 64  # @workgroup_size of both samples


def _load(name: str) -> tuple[str, str]:
    path = sample_path(name)
    return path.read_text(encoding="utf-8"), str(path)


def bitonic_sort_plan(values: np.ndarray | list[float]) -> DispatchPlan:
    """Sort float32 values ascending with log2(n)(log2(n)+1)/2 compare-and-swap dispatches.

    Bitonic sort needs a power-of-two length, so the data are padded with the
    largest float32, which sorts to the end and is cut off by `answer`.
    """
    data = np.asarray(values, dtype=np.float32).ravel()
    n = len(data)
    size = 1 << max(1, (n - 1).bit_length())
    padded = np.full(size, np.finfo(np.float32).max, dtype=np.float32)
    padded[:n] = data
    groups = (-(-size // _WG), 1, 1)
    passes = []
    k = 2
    while k <= size:
        j = k // 2
        while j >= 1:
            passes.append(DispatchPass(f"merge {k}: compare at distance {j}", groups, {"stage": {"k": k, "j": j}}))
            j //= 2
        k *= 2
    source, source_name = _load("bitonic_sort.wgsl")
    return DispatchPlan("bitonic sort", source, source_name, {"data": padded}, passes,
                        answer=lambda buffers: buffers["data"][:n],
                        description=f"sort {n} values (padded to {size}) in {len(passes)} dispatches")


def tree_reduce_plan(values: np.ndarray | list[float]) -> DispatchPlan:
    """Sum float32 values by halving the live count each dispatch: ceil(log2(n)) dispatches."""
    data = np.asarray(values, dtype=np.float32).ravel()
    count = len(data)
    if count == 0:
        data, count = np.zeros(1, dtype=np.float32), 1  # the sum of nothing is 0
    passes = []
    while count > 1:
        half = (count + 1) // 2
        passes.append(DispatchPass(f"{count} -> {half} values", (-(-half // _WG), 1, 1),
                                   {"level": {"count": count, "half": half}}))
        count = half
    source, source_name = _load("tree_reduce.wgsl")
    return DispatchPlan("tree reduction", source, source_name, {"data": data}, passes,
                        answer=lambda buffers: buffers["data"][:1],
                        description=f"sum {len(data)} values in {len(passes)} dispatches")
