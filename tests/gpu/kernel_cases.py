"""Every kernel with a numpy twin, run once on one backend, beside numpy's answer: for the fallback tests."""

from __future__ import annotations

import numpy as np

from playground import gpu
from playground.gpu import reference


def every_kernel(backend: str = "auto") -> dict[str, tuple[gpu.KernelResult, np.ndarray]]:
    """name -> (the kernel's result on `backend`, the numpy twin's answer), on sizes that are no tile multiples."""
    rng = np.random.default_rng(5)
    a = rng.standard_normal((17, 33), dtype=np.float32)
    b = rng.standard_normal((33, 5), dtype=np.float32)
    return {
        "matmul": (gpu.matmul(a, b, backend=backend), reference.matmul_ref(a, b)),
        "add": (gpu.add(a, a, backend=backend), reference.add_ref(a, a)),
        "relu": (gpu.relu(a, backend=backend), reference.relu_ref(a)),
        "softmax": (gpu.softmax(a, backend=backend), reference.softmax_ref(a)),
        "transpose": (gpu.transpose(a, backend=backend), reference.transpose_ref(a)),
        "sum_reduce": (gpu.sum_reduce(a, backend=backend), reference.sum_reduce_ref(a)),
        "conv2d": (gpu.conv2d(a, "edge", backend=backend), reference.conv2d_ref(a, gpu.EDGE)),
    }
