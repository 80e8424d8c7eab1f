"""Compile WGSL into wgpu objects, turning naga's complaints into `ShaderError`s.

A lost device is not the shader's fault: its error passes through unchanged,
for the callers' device-loss handling (ops.py, program.py).
"""

from __future__ import annotations

from typing import Any

from playground.gpu.errors import is_device_loss, is_wgpu_error, shader_error_from_wgpu


def compile_module(device: Any, source: str, source_name: str = "shader.wgsl") -> Any:
    """A `GPUShaderModule` from WGSL text. Raises ShaderError with naga's line and column."""
    try:
        return device.create_shader_module(code=source, label=source_name)
    except Exception as exc:
        if is_wgpu_error(exc) and not is_device_loss(exc):
            raise shader_error_from_wgpu(str(exc), source_name) from None
        raise


def compute_pipeline(device: Any, module: Any, entry_point: str, layout: Any = "auto",
                     source_name: str = "shader.wgsl") -> Any:
    """A compute pipeline for `entry_point`; layout mismatches become ShaderError too."""
    try:
        return device.create_compute_pipeline(
            layout=layout, compute={"module": module, "entry_point": entry_point}, label=source_name
        )
    except Exception as exc:
        if is_wgpu_error(exc) and not is_device_loss(exc):
            raise shader_error_from_wgpu(str(exc), source_name) from None
        raise
