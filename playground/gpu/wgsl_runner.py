"""Run any WGSL compute shader once: buffers from specs, one dispatch, outputs as numpy arrays.

The headless half of the GUI's WGSL runner and the engine of `wasm-playground gpu run`:

    result = run_shader(source, {"x": "range:1024", "params": "values:2.5"})
    result.outputs["y"]     # every read_write storage buffer, decoded by its WGSL type
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import numpy as np

from playground.gpu import buffer_spec
from playground.gpu.buffer_spec import BufferSpec, parse_buffer_spec
from playground.gpu.errors import BufferSpecError, GpuError
from playground.gpu.timing import Stopwatch, Timing
from playground.gpu.wgsl_reflect import ShaderInfo

DEFAULT_LENGTH = 256


@dataclass
class RunResult:
    """What a run produced: outputs, the inputs as uploaded, the grid and the timing."""

    outputs: dict[str, np.ndarray]
    inputs: dict[str, np.ndarray]
    lengths: dict[str, int]
    workgroups: tuple[int, int, int]
    entry_point: str
    timing: Timing
    info: ShaderInfo = field(repr=False)


def _as_spec(name: str, value: str | BufferSpec | np.ndarray | list) -> BufferSpec:
    if isinstance(value, BufferSpec):
        return value
    if isinstance(value, str):
        return parse_buffer_spec(value if "=" in value.split(":", 1)[0] else f"{name}={value}")
    flat = np.asarray(value, dtype=np.float64).reshape(-1)  # raw numbers from Python code or the GUI
    return BufferSpec(name, "values", values=tuple(flat.tolist()))


def default_workgroups(workgroup_size: tuple[int, int, int], longest: int) -> tuple[int, int, int]:
    """Enough workgroups along x for one invocation per element of the longest array."""
    return (max(1, -(-longest // workgroup_size[0])), 1, 1)


def run_shader(source: str, buffers: Mapping[str, str | BufferSpec | np.ndarray | list] | None = None, *,
               workgroups: tuple[int, int, int] | None = None, entry_point: str | None = None,
               default_length: int = DEFAULT_LENGTH, source_name: str = "shader.wgsl") -> RunResult:
    """Compile `source`, fill its buffers from `buffers` (name -> spec), dispatch once, read back.

    Buffers without a spec start as zeros of `default_length` elements (runtime-sized
    arrays) or of their own size. `workgroups` defaults to enough groups along x
    to cover the longest runtime-sized array. Raises ShaderError (with line and
    column), BufferSpecError or NoAdapterError.
    """
    from playground.gpu.program import Program

    program = Program(source, source_name)
    info = program.info
    program.pipeline(entry_point)  # compiles now; a wrong entry point name raises ShaderError
    entry = info.entry_point(entry_point)
    specs = {name: _as_spec(name, value) for name, value in (buffers or {}).items()}
    known = {b.name for b in info.bindings}
    unknown = sorted(set(specs) - known)
    if unknown:
        raise BufferSpecError(f"the shader has no binding named {', '.join(map(repr, unknown))}; "
                              f"its bindings are {', '.join(sorted(known)) or 'none'}")
    data: dict[str, bytes] = {}
    lengths: dict[str, int] = {}
    for b in info.bindings:
        assert b.type is not None  # Program rejected non-buffer bindings
        if b.type.kind == "struct" and any(m.type.runtime_sized for m in b.type.members):
            raise BufferSpecError(f"binding {b.name!r}: structs ending in a runtime-sized array are not "
                                  "supported by the runner; bind the array on its own")
        data[b.name], lengths[b.name] = buffer_spec.build(specs.get(b.name), b.name, b.type, default_length)
    runtime = [lengths[b.name] for b in info.bindings if b.type is not None and b.type.runtime_sized]
    grid = tuple(workgroups) if workgroups else default_workgroups(entry.workgroup_size, max(runtime, default=1))
    if len(grid) != 3:
        raise BufferSpecError(f"--dispatch needs X,Y,Z workgroup counts, got {grid}")

    upload = Stopwatch()
    with upload.measure():
        program.create_buffers(data)
    compute_ms, clock = program.dispatch(grid, entry.name)  # type: ignore[arg-type]
    outputs: dict[str, np.ndarray] = {}
    download = Stopwatch()
    with download.measure():
        for b in info.bindings:
            if b.writable:
                element, _ = buffer_spec.element_and_count(b.type)  # type: ignore[arg-type]
                outputs[b.name] = buffer_spec.decode(program.read(b.name), element, lengths[b.name])
    inputs = {b.name: buffer_spec.decode(data[b.name], buffer_spec.element_and_count(b.type)[0], lengths[b.name])
              for b in info.bindings if b.type is not None}
    timing = Timing(upload.ms, compute_ms, download.ms, clock, "gpu")
    return RunResult(outputs, inputs, lengths, grid, entry.name, timing, info)  # type: ignore[arg-type]


def run_shader_file(path: str | Path, buffers: Mapping[str, str | BufferSpec] | None = None,
                    **options) -> RunResult:
    """`run_shader` on a file; errors name the file so they read `path:line:col: message`."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GpuError(f"cannot read {path}: {exc.strerror}") from None
    return run_shader(source, buffers, source_name=str(path), **options)
