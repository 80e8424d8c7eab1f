"""GPU compute for the playground: WGSL kernels through wgpu, with numpy twins as the fallback.

    >>> from playground import gpu
    >>> r = gpu.matmul(a, b, variant="tiled")   # backend="auto" | "gpu" | "cpu"
    >>> r.array, r.timing.describe(), r.backend

Importing this package is cheap and never imports wgpu: the names below are
loaded from their modules on first use (PEP 562), and wgpu is imported only
when a device is first needed. Without wgpu or a GPU adapter, `backend="auto"`
falls back to numpy with one logged message; so does a device lost (or a
dispatch rejected) in the middle of a session, until `use_gpu_again()`.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module that defines it
_EXPORTS = {
    # kernels
    "matmul": "ops", "matmul_into": "ops", "add": "ops", "relu": "ops", "softmax": "ops",
    "transpose": "ops", "sum_reduce": "ops", "conv2d": "ops", "KernelResult": "ops",
    "resolve_backend": "ops", "BACKENDS": "ops", "MATMUL_VARIANTS": "ops",
    "FILTERS": "filters", "BOX_BLUR": "filters", "EDGE": "filters",
    "Timing": "timing",
    # device
    "AdapterReport": "device", "adapter_report": "device", "get_device": "device",
    "gpu_available": "device", "set_force_cpu": "device", "use_gpu_again": "device",
    # WGSL runner, reflection, stepping
    "reflect": "wgsl_reflect", "ShaderInfo": "wgsl_reflect", "Binding": "wgsl_reflect",
    "parse_buffer_spec": "buffer_spec", "BufferSpec": "buffer_spec",
    "run_shader": "wgsl_runner", "RunResult": "wgsl_runner",
    "DispatchStepper": "dispatch_stepper", "DispatchPlan": "dispatch_stepper", "DispatchStep": "dispatch_stepper",
    "bitonic_sort_plan": "algorithms", "tree_reduce_plan": "algorithms",
    # errors
    "GpuError": "errors", "NoAdapterError": "errors", "ShaderError": "errors",
    "KernelInputError": "errors", "BufferSpecError": "errors", "DeviceLostError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'playground.gpu' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"playground.gpu.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
