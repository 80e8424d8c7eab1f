"""A user's WGSL module on the GPU: compiled with layouts built from reflection, with its buffers.

Shared by the WGSL runner (one dispatch) and the dispatch stepper (many). The
bind group layouts are built from the reflected bindings instead of wgpu's
"auto" layout, because "auto" drops bindings an entry point does not use and
binding a buffer to them would then fail with a confusing error.

An arbitrary shader has no numpy twin, so a GPU failure here cannot fall back:
each step turns wgpu's error into one message naming the shader and the step
(`saxpy.wgsl: dispatch of main: ...`). A lost device is marked lost as well
(device.py), so the kernels with a twin go to numpy from then on.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from playground.gpu.compile import compile_module, compute_pipeline
from playground.gpu.device import manager, wait_idle
from playground.gpu.errors import (
    BufferSpecError,
    DeviceLostError,
    GpuError,
    NoAdapterError,
    ShaderError,
    failure_reason,
    is_device_loss,
    is_wgpu_error,
)
from playground.gpu.timing import GPU_TIMESTAMP, WALL_CLOCK, Stopwatch, timestamp_ms, timestamp_period_ns
from playground.gpu.wgsl_reflect import Binding, ShaderInfo, reflect


class Program:
    """A compiled WGSL module with one GPU buffer per reflected buffer binding."""

    def __init__(self, source: str, source_name: str = "shader.wgsl"):
        import wgpu

        self._wgpu = wgpu
        try:
            self.device = manager.device()
        except NoAdapterError as exc:  # there is no numpy twin of an arbitrary shader
            hint = f"; {manager.retry_hint}" if manager.lost else ""
            raise NoAdapterError(f"running a WGSL shader needs a GPU adapter, but {exc}{hint}") from None
        self.source_name = source_name
        with self.on_gpu("compiling"):
            self.module = compile_module(self.device, source, source_name)  # naga's errors first
        self.info: ShaderInfo = reflect(source, source_name)
        if not self.info.entry_points:
            raise ShaderError("the shader has no @compute entry point", source_name=source_name)
        for b in self.info.bindings:
            if not b.is_buffer:
                raise BufferSpecError(f"binding {b.name!r} is a {b.type_text}: the runner binds buffers only")
        with self.on_gpu("making the bind group layouts"):
            self._pipeline_layout = self._layout()
        self._pipelines: dict[str, Any] = {}
        self.buffers: dict[str, Any] = {}
        self._bind_groups: list[Any] = []
        self._timestamps = manager.report().timestamp_query

    @contextmanager
    def on_gpu(self, step: str) -> Iterator[None]:
        """Turn a wgpu error raised in `step` into one GpuError naming the shader (DeviceLostError for a loss)."""
        try:
            yield
        except Exception as exc:
            if not is_wgpu_error(exc):
                raise
            reason = failure_reason(exc)
            if is_device_loss(exc):
                manager.mark_lost(reason)
                raise DeviceLostError(
                    f"{self.source_name}: {step}: GPU device lost ({reason}); a WGSL shader has no CPU version, "
                    f"so this run is void (your text and buffers are unchanged); {manager.retry_hint}") from None
            raise GpuError(f"{self.source_name}: {step}: the GPU refused it ({reason})") from None

    def _layout(self) -> Any:
        usage = self._wgpu.ShaderStage.COMPUTE
        kinds = {"uniform": "uniform", "read": "read-only-storage", "read_write": "storage"}
        groups = max((b.group for b in self.info.bindings), default=-1) + 1
        layouts = []
        for g in range(groups):  # a gap in group numbers still needs an (empty) layout
            entries = [{"binding": b.binding, "visibility": usage,
                        "buffer": {"type": kinds["uniform" if b.space == "uniform" else b.access]}}
                       for b in self.info.bindings if b.group == g]
            layouts.append(self.device.create_bind_group_layout(entries=entries))
        self._group_layouts = layouts
        return self.device.create_pipeline_layout(bind_group_layouts=layouts)

    def pipeline(self, entry_point: str | None = None) -> Any:
        """The pipeline of a compute entry point (the first one by default)."""
        try:
            entry = self.info.entry_point(entry_point)
        except KeyError:
            names = ", ".join(e.name for e in self.info.entry_points)
            raise ShaderError(f"no @compute entry point named {entry_point!r} (have: {names})",
                              source_name=self.source_name) from None
        if entry.name not in self._pipelines:
            with self.on_gpu(f"building the pipeline of {entry.name}"):
                self._pipelines[entry.name] = compute_pipeline(self.device, self.module, entry.name,
                                                               self._pipeline_layout, self.source_name)
        return self._pipelines[entry.name]

    def create_buffers(self, data: dict[str, bytes]) -> None:
        """Make every binding's GPU buffer from its bytes (all buffer bindings must be given)."""
        with self.on_gpu("creating the buffers"):
            self._create_buffers(data)

    def _create_buffers(self, data: dict[str, bytes]) -> None:
        usage = self._wgpu.BufferUsage
        for b in self.info.bindings:
            raw = data[b.name]
            raw += b"\0" * (-len(raw) % 4)  # buffer sizes are multiples of 4 (array<f16> may not be)
            flags = (usage.UNIFORM if b.space == "uniform" else usage.STORAGE) | usage.COPY_SRC
            buffer = self.device.create_buffer(size=len(raw), usage=flags | usage.COPY_DST, label=b.name)
            self.device.queue.write_buffer(buffer, 0, raw)
            self.buffers[b.name] = buffer
        self._bind_groups = [
            self.device.create_bind_group(layout=layout, entries=[
                {"binding": b.binding, "resource": {"buffer": self.buffers[b.name]}}
                for b in self.info.bindings if b.group == g])
            for g, layout in enumerate(self._group_layouts)
        ]

    def write(self, name: str, raw: bytes) -> None:
        """Overwrite a buffer's contents (before the next dispatch)."""
        with self.on_gpu(f"writing {name}"):
            self.device.queue.write_buffer(self.buffers[name], 0, raw)

    def read(self, name: str) -> bytes:
        """A buffer's current contents."""
        with self.on_gpu(f"reading {name}"):
            return bytes(self.device.queue.read_buffer(self.buffers[name]))

    def binding(self, name: str) -> Binding:
        return self.info.binding(name)

    def dispatch(self, workgroups: tuple[int, int, int], entry_point: str | None = None) -> tuple[float, str]:
        """Run one dispatch and wait for it; returns (milliseconds, which clock measured them)."""
        limit = int(self.device.limits.get("max-compute-workgroups-per-dimension", 65535))
        if min(workgroups) < 1 or max(workgroups) > limit:
            raise BufferSpecError(f"workgroup counts must be between 1 and {limit}, got {workgroups}")
        pipeline = self.pipeline(entry_point)
        with self.on_gpu(f"dispatch of {self.info.entry_point(entry_point).name}"):
            return self._dispatch(pipeline, workgroups)

    def _dispatch(self, pipeline: Any, workgroups: tuple[int, int, int]) -> tuple[float, str]:
        encoder = self.device.create_command_encoder()
        writes = query = None
        if self._timestamps:
            usage = self._wgpu.BufferUsage
            query = self.device.create_query_set(type="timestamp", count=2)
            writes = {"query_set": query, "beginning_of_pass_write_index": 0, "end_of_pass_write_index": 1}
        compute_pass = encoder.begin_compute_pass(timestamp_writes=writes)
        compute_pass.set_pipeline(pipeline)
        for g, bind_group in enumerate(self._bind_groups):
            compute_pass.set_bind_group(g, bind_group)
        compute_pass.dispatch_workgroups(*workgroups)
        compute_pass.end()
        if query is not None:
            resolved = self.device.create_buffer(size=16, usage=usage.QUERY_RESOLVE | usage.COPY_SRC)
            encoder.resolve_query_set(query, 0, 2, resolved, 0)
        watch = Stopwatch()
        with watch.measure():
            self.device.queue.submit([encoder.finish()])
            wait_idle(self.device)
        if query is not None:
            import numpy as np

            begin, end = np.frombuffer(self.device.queue.read_buffer(resolved), dtype=np.uint64)
            gpu_ms = timestamp_ms(int(begin), int(end), timestamp_period_ns(self.device.queue))
            if gpu_ms is not None:
                return gpu_ms, GPU_TIMESTAMP
        return watch.ms, WALL_CLOCK
