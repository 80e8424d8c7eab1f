"""Per-device caches and the one routine that runs a kernel: upload, dispatch, download.

Compiling a shader costs milliseconds to tens of milliseconds (hundreds on a
software adapter), far more than a small kernel runs, so pipelines are compiled
once per (shader, entry point). Buffers are kept per (name, size), so calling
the same kernel on same-sized arrays again reuses them and their bind groups;
a small LRU bound keeps a session that tries many sizes from hoarding memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from playground.gpu.compile import compile_module, compute_pipeline
from playground.gpu.device import manager, wait_idle
from playground.gpu.errors import KernelInputError
from playground.gpu.timing import GPU_TIMESTAMP, WALL_CLOCK, Stopwatch, Timing, timestamp_ms, timestamp_period_ns
from playground.resources import read_shader

MAX_GROUPS = 65535  # WebGPU's guaranteed maximum of workgroups per grid dimension
_MAX_POOLED_BUFFERS = 48


@dataclass(frozen=True)
class Pass:
    """One dispatch: a shader from `shaders/`, the buffers for its @binding(0..), its grid."""

    shader: str
    bindings: tuple[str, ...]
    workgroups: tuple[int, int, int]
    entry_point: str = "main"


def grid_1d(groups: int) -> tuple[int, int, int]:
    """Lay out `groups` workgroups on a 2D grid so no dimension passes MAX_GROUPS.

    Shaders flatten it back with `wid.y * num_workgroups.x + wid.x` and skip the
    few extra groups the rounding adds.
    """
    groups = max(1, groups)
    if groups <= MAX_GROUPS:
        return (groups, 1, 1)
    rows = -(-groups // MAX_GROUPS)
    return (-(-groups // rows), rows, 1)


class ComputeContext:
    """Pipelines, buffers and bind groups of one device, and `launch` to run kernels."""

    def __init__(self, device: Any, timestamps: bool):
        import wgpu  # only ever constructed once a device exists

        self._wgpu = wgpu
        self.device = device
        self.timestamps = timestamps
        self._lock = threading.RLock()  # the GUI may call from a worker thread
        self._pipelines: dict[tuple[str, str], Any] = {}
        self._buffers: OrderedDict[tuple[str, int, int], tuple[int, Any]] = OrderedDict()
        self._bind_groups: dict[tuple, Any] = {}
        self._serial = 0
        self.compiles = 0  # how many shaders were compiled: lets tests prove the cache works
        self.max_binding = int(device.limits.get("max-storage-buffer-binding-size", 1 << 27))
        if timestamps:
            usage = wgpu.BufferUsage
            self._query_set = device.create_query_set(type="timestamp", count=2)
            self._resolve = device.create_buffer(size=16, usage=usage.QUERY_RESOLVE | usage.COPY_SRC)
            self._ts_read = device.create_buffer(size=16, usage=usage.MAP_READ | usage.COPY_DST)
            self._period = timestamp_period_ns(device.queue)

    # -- caches ---------------------------------------------------------------
    def pipeline(self, shader: str, entry_point: str = "main") -> Any:
        """The compiled pipeline of a shipped shader (compiled on first use only)."""
        key = (shader, entry_point)
        with self._lock:
            if key not in self._pipelines:
                module = compile_module(self.device, read_shader(shader), shader)
                self._pipelines[key] = compute_pipeline(self.device, module, entry_point, "auto", shader)
                self.compiles += 1
            return self._pipelines[key]

    def buffer(self, name: str, size: int, usage: int) -> tuple[int, Any]:
        """A pooled buffer (serial, GPUBuffer) for a role `name` and an exact byte size."""
        key = (name, size, int(usage))
        if key in self._buffers:
            self._buffers.move_to_end(key)
            return self._buffers[key]
        while len(self._buffers) >= _MAX_POOLED_BUFFERS:
            _, (serial, old) = self._buffers.popitem(last=False)
            self._bind_groups = {k: v for k, v in self._bind_groups.items() if serial not in k[2]}
            old.destroy()
        self._serial += 1
        entry = (self._serial, self.device.create_buffer(size=max(size, 4), usage=usage, label=name))
        self._buffers[key] = entry
        return entry

    def _bind_group(self, shader: str, entry_point: str, buffers: Iterable[tuple[int, Any]]) -> Any:
        buffers = list(buffers)
        key = (shader, entry_point, tuple(serial for serial, _ in buffers))
        if key not in self._bind_groups:
            layout = self.pipeline(shader, entry_point).get_bind_group_layout(0)
            entries = [{"binding": i, "resource": {"buffer": buf}} for i, (_, buf) in enumerate(buffers)]
            self._bind_groups[key] = self.device.create_bind_group(layout=layout, entries=entries)
        return self._bind_groups[key]

    # -- running --------------------------------------------------------------
    def launch(self, *, inputs: dict[str, np.ndarray], passes: list[Pass], output: str,
               out: np.ndarray, uniforms: dict[str, bytes] | None = None,
               scratch: dict[str, int] | None = None) -> Timing:
        """Upload `inputs` and `uniforms`, run `passes` in one compute pass, copy `output` into `out`.

        `scratch` names the storage buffers the kernel writes (the output among
        them) with their byte sizes. `out` may be any float32 array of the right
        shape, including a view of someone else's memory (a Wasm guest's).
        """
        sizes = [a.nbytes for a in inputs.values()] + list((scratch or {}).values())
        if max(sizes, default=0) > self.max_binding:
            raise KernelInputError(
                f"an array of {max(sizes)} bytes is larger than this adapter's storage binding limit "
                f"({self.max_binding} bytes); use backend='cpu' or a smaller size"
            )
        with self._lock:
            for shader in {(p.shader, p.entry_point) for p in passes}:
                self.pipeline(*shader)  # compile before the clock starts
            upload = Stopwatch()
            with upload.measure():
                bufs = self._upload(inputs, uniforms or {}, scratch or {})

            compute = Stopwatch()
            encoder = self._encode(passes, bufs)
            with compute.measure():
                self.device.queue.submit([encoder.finish()])
                wait_idle(self.device)

            gpu_ms = self._timestamp_ms()
            download = Stopwatch()
            with download.measure():
                self._read_into(bufs[output][1], out)  # the last step: `out` is untouched if anything fails

            if gpu_ms is None:
                return Timing(upload.ms, compute.ms, download.ms, WALL_CLOCK, "gpu")
            return Timing(upload.ms, gpu_ms, download.ms, GPU_TIMESTAMP, "gpu")

    def _upload(self, inputs: dict[str, np.ndarray], uniforms: dict[str, bytes],
                scratch: dict[str, int]) -> dict[str, tuple[int, Any]]:
        """The buffers of one launch by name, filled, and the writes carried out."""
        usage = self._wgpu.BufferUsage
        storage = usage.STORAGE | usage.COPY_DST | usage.COPY_SRC
        uniform = usage.UNIFORM | usage.COPY_DST
        queue = self.device.queue
        bufs: dict[str, tuple[int, Any]] = {}
        for name, array in inputs.items():
            bufs[name] = self.buffer(name, array.nbytes, storage)
            queue.write_buffer(bufs[name][1], 0, np.ascontiguousarray(array))
        for name, data in uniforms.items():
            bufs[name] = self.buffer(name, len(data), uniform)
            queue.write_buffer(bufs[name][1], 0, data)
        for name, size in scratch.items():
            bufs[name] = self.buffer(name, size, storage)
        queue.submit([])  # queued writes are carried out at the next submit
        wait_idle(self.device)
        return bufs

    def _encode(self, passes: list[Pass], bufs: dict[str, tuple[int, Any]]) -> Any:
        """A command encoder holding every pass in one compute pass, timestamped where the adapter can."""
        encoder = self.device.create_command_encoder()
        timestamp_writes = None
        if self.timestamps:
            timestamp_writes = {"query_set": self._query_set, "beginning_of_pass_write_index": 0,
                                "end_of_pass_write_index": 1}
        compute_pass = encoder.begin_compute_pass(timestamp_writes=timestamp_writes)
        for p in passes:
            compute_pass.set_pipeline(self.pipeline(p.shader, p.entry_point))
            bind_group = self._bind_group(p.shader, p.entry_point, (bufs[name] for name in p.bindings))
            compute_pass.set_bind_group(0, bind_group)
            compute_pass.dispatch_workgroups(*p.workgroups)
        compute_pass.end()
        if self.timestamps:
            encoder.resolve_query_set(self._query_set, 0, 2, self._resolve, 0)
            encoder.copy_buffer_to_buffer(self._resolve, 0, self._ts_read, 0, 16)
        return encoder

    def _timestamp_ms(self) -> float | None:
        """The last compute pass's duration by the GPU's own clock, or None where there is none."""
        if not self.timestamps:
            return None
        self._ts_read.map_sync(self._wgpu.MapMode.READ)
        begin, end = np.frombuffer(self._ts_read.read_mapped(), dtype=np.uint64)
        self._ts_read.unmap()
        return timestamp_ms(int(begin), int(end), self._period)

    def _read_into(self, buffer: Any, out: np.ndarray) -> None:
        usage = self._wgpu.BufferUsage
        _, staging = self.buffer("staging", buffer.size, usage.MAP_READ | usage.COPY_DST)
        encoder = self.device.create_command_encoder()
        encoder.copy_buffer_to_buffer(buffer, 0, staging, 0, buffer.size)
        self.device.queue.submit([encoder.finish()])
        staging.map_sync(self._wgpu.MapMode.READ)
        try:
            # copy=False: numpy copies straight out of the mapped range, no extra bytes object.
            view = staging.read_mapped(0, buffer.size, copy=False)
            np.copyto(out, np.frombuffer(view, dtype=out.dtype, count=out.size).reshape(out.shape))
            del view
        finally:
            staging.unmap()


_contexts: dict[int, ComputeContext] = {}
_contexts_lock = threading.Lock()


def drop_contexts() -> None:
    """Forget every cached context (after a GPU failure): the next kernel builds its caches anew."""
    with _contexts_lock:
        _contexts.clear()


def get_context() -> ComputeContext:
    """The ComputeContext of the process-wide device (raises NoAdapterError without one)."""
    device = manager.device()
    with _contexts_lock:
        key = id(device)
        if key not in _contexts:
            _contexts.clear()  # a new device (after reset) makes the old caches useless
            _contexts[key] = ComputeContext(device, manager.report().timestamp_query)
        return _contexts[key]
