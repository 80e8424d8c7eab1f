"""Compile WGSL into wgpu objects, turning naga's complaints into `ShaderError`s."""

from __future__ import annotations

from typing import Any

from playground.gpu.errors import shader_error_from_wgpu


def _is_wgpu_error(exc: Exception) -> bool:
    # GPUValidationError and friends live in wgpu; match by class name so this module
    # does not import wgpu (it may be absent) and keeps working across wgpu versions.
    return any(cls.__name__.startswith("GPU") and cls.__name__.endswith("Error") for cls in type(exc).__mro__)


def compile_module(device: Any, source: str, source_name: str = "shader.wgsl") -> Any:
    """A `GPUShaderModule` from WGSL text. Raises ShaderError with naga's line and column."""
    try:
        return device.create_shader_module(code=source, label=source_name)
    except Exception as exc:
        if _is_wgpu_error(exc):
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
        if _is_wgpu_error(exc):
            raise shader_error_from_wgpu(str(exc), source_name) from None
        raise
