"""The `gpu` host module: GPU kernels a WebAssembly guest can call on its own linear memory.

    from playground.gpu.hostmod import GpuHostModule
    host = GpuHostModule(backend="auto")            # "auto" | "gpu" | "cpu"
    inst = instantiate(module, host.imports())      # {"gpu": {...}}
    inst.exports.main()
    host.calls[-1].timing.describe()

`wasm-playground run`, `debug` and the window serve it to guests through the
host-module registry: playground/hosts/gpu.py registers it under the name
`gpu` (hosts/ sits above gpu/, so this module knows nothing of the registry).

This is the one module that touches both `playground.gpu` and the Wasm
runtime API (see docs/RATIONALE.md): the guest passes byte addresses of
row-major f32 arrays, the host takes numpy views of the guest's memory 0,
runs the kernel and writes the result back into that memory.

The functions, all of type `(param i32 ...)` with no results. Every
pointer is a byte address and every count an unsigned i32:

    gpu.matmul  (a_ptr, b_ptr, c_ptr, m, n, k)    C[m,n] = A[m,k] @ B[k,n]
    gpu.conv2d  (img_ptr, out_ptr, width, height, kernel_ptr)
                                                  3x3 f32 filter, clamp-to-edge borders,
                                                  image and output height x width row-major
    gpu.relu    (ptr, out_ptr, n)                 out[i] = max(x[i], 0)
    gpu.softmax (ptr, out_ptr, rows, cols)        softmax of each row of a rows x cols matrix
    gpu.add     (a_ptr, b_ptr, out_ptr, n)        out[i] = a[i] + b[i]

Outputs may alias inputs (`gpu.relu(p, p, n)` works in place): every input
is read before the output is written. Bounds follow the spec's rule for
bulk memory (spec 4.4.7: `memory.fill` and friends): an access of `size`
bytes at `ptr` traps with "out of bounds memory access" when
`ptr + size > len(memory)`, computed without 32-bit wrap-around, and every
operand is checked before anything is dispatched. Addresses need no
alignment, as for Wasm loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from playground.gpu import ops
from playground.gpu.errors import GpuError
from playground.gpu.timing import Timing
from playground.wasm.errors import Trap
from playground.wasm.runtime import Caller, HostFunc, host_func

MODULE_NAME = "gpu"
OUT_OF_BOUNDS = "out of bounds memory access"  # the spec's wording for the trap
_F32 = 4


@dataclass(frozen=True)
class GpuCall:
    """One call from the guest: which function, on what shape, where it ran and how long it took."""

    name: str  # "matmul", "conv2d", ...
    shape: tuple[int, ...]  # (m, n, k), (height, width), (n,) or (rows, cols)
    flops: int  # floating-point operations of the kernel, for GFLOP/s
    timing: Timing
    note: str = ""  # why "auto" fell back to the CPU, if it did

    @property
    def backend(self) -> str:
        """"gpu" or "cpu": where the kernel ran."""
        return self.timing.backend

    def describe(self) -> str:
        """One line for the CLI and the demos: `gpu.matmul 1x32x64: upload ... [gpu]`."""
        dims = "x".join(str(d) for d in self.shape)
        return f"gpu.{self.name} {dims}: {self.timing.describe()}"


@dataclass
class GpuHostModule:
    """The host side of the `gpu` import module; keeps a log of the calls it served.

    `backend` is as for the kernels in `playground.gpu.ops`: "auto", "gpu" or
    "cpu"; `PLAYGROUND_GPU=cpu` forces the CPU for "auto". `variant` picks
    the matmul shader. `on_call`, when given, sees every `GpuCall` as it
    completes (the demos update their timing labels with it).
    """

    backend: str = "auto"
    variant: str = ops.DEFAULT_MATMUL_VARIANT
    on_call: Callable[[GpuCall], None] | None = None
    calls: list[GpuCall] = field(default_factory=list)

    def __post_init__(self) -> None:
        ops.resolve_backend(self.backend)  # an unknown backend, or "gpu" without an adapter, fails now
        if self.variant not in ops.MATMUL_VARIANTS:
            raise ops.KernelInputError(
                f"unknown matmul variant {self.variant!r}; expected one of {', '.join(ops.MATMUL_VARIANTS)}")

    # -- what instantiate() gets ------------------------------------------------
    def imports(self) -> dict[str, dict[str, HostFunc]]:
        """`{"gpu": {name: host function}}`, ready to merge into `instantiate`'s imports."""
        return {MODULE_NAME: self.functions()}

    def functions(self) -> dict[str, HostFunc]:
        """The five host functions by name."""
        specs = {
            "matmul": (self._matmul, 6),
            "conv2d": (self._conv2d, 5),
            "relu": (self._relu, 3),
            "softmax": (self._softmax, 4),
            "add": (self._add, 4),
        }
        return {
            name: host_func(_trapping(name, fn), params=["i32"] * arity, name=f"{MODULE_NAME}.{name}", caller=True)
            for name, (fn, arity) in specs.items()
        }

    # -- the log -----------------------------------------------------------------
    @property
    def total_ms(self) -> float:
        """Milliseconds spent in kernels (upload + compute + download) since the last `clear()`."""
        return sum(call.timing.total_ms for call in self.calls)

    def clear(self) -> None:
        """Forget the calls logged so far."""
        self.calls.clear()

    # -- the host functions ------------------------------------------------------
    def _matmul(self, caller: Caller, a_ptr: int, b_ptr: int, c_ptr: int, m: int, n: int, k: int) -> None:
        m, n, k = _u32(m), _u32(n), _u32(k)
        data = _memory(caller)
        a, b, c = _views(data, (a_ptr, m * k), (b_ptr, k * n), (c_ptr, m * n))
        result = ops.matmul(a.reshape(m, k), b.reshape(k, n), backend=self.backend, variant=self.variant,
                            out=c.reshape(m, n))
        self._log("matmul", (m, n, k), 2 * m * n * k, result)

    def _conv2d(self, caller: Caller, img_ptr: int, out_ptr: int, width: int, height: int, kernel_ptr: int) -> None:
        width, height = _u32(width), _u32(height)
        data = _memory(caller)
        image, out, kernel = _views(data, (img_ptr, width * height), (out_ptr, width * height), (kernel_ptr, 9))
        result = ops.conv2d(image.reshape(height, width), kernel.reshape(3, 3), backend=self.backend,
                            out=out.reshape(height, width))
        self._log("conv2d", (height, width), 2 * 9 * width * height, result)

    def _relu(self, caller: Caller, ptr: int, out_ptr: int, n: int) -> None:
        n = _u32(n)
        x, out = _views(_memory(caller), (ptr, n), (out_ptr, n))
        self._log("relu", (n,), n, ops.relu(x, backend=self.backend, out=out))

    def _softmax(self, caller: Caller, ptr: int, out_ptr: int, rows: int, cols: int) -> None:
        rows, cols = _u32(rows), _u32(cols)
        x, out = _views(_memory(caller), (ptr, rows * cols), (out_ptr, rows * cols))
        result = ops.softmax(x.reshape(rows, cols), backend=self.backend, out=out.reshape(rows, cols))
        self._log("softmax", (rows, cols), 5 * rows * cols, result)  # max, sub, exp, sum, div

    def _add(self, caller: Caller, a_ptr: int, b_ptr: int, out_ptr: int, n: int) -> None:
        n = _u32(n)
        a, b, out = _views(_memory(caller), (a_ptr, n), (b_ptr, n), (out_ptr, n))
        self._log("add", (n,), n, ops.add(a, b, backend=self.backend, out=out))

    def _log(self, name: str, shape: tuple[int, ...], flops: int, result: ops.KernelResult) -> None:
        call = GpuCall(name, shape, flops, result.timing, result.note)
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)


def gpu_imports(backend: str = "auto", *, variant: str = ops.DEFAULT_MATMUL_VARIANT,
                host: GpuHostModule | None = None) -> dict[str, dict[str, HostFunc]]:
    """`{"gpu": {...}}` for `instantiate`; pass `host=` to keep the call log (timings).

    `backend="auto"` honours `PLAYGROUND_GPU=cpu` (read at every call).
    """
    return (host or GpuHostModule(backend, variant)).imports()


def env_backend(default: str = "auto") -> str:
    """The backend named by `PLAYGROUND_GPU` ("cpu", "gpu" or "auto"), else `default`."""
    value = os.environ.get("PLAYGROUND_GPU", "").strip().lower()
    return value if value in ops.BACKENDS else default


# -- bounds -------------------------------------------------------------------------
def _u32(value: int) -> int:
    """Host functions receive i32 arguments as signed Python ints; addresses and counts are unsigned."""
    return value & 0xFFFFFFFF


def _memory(caller: Caller) -> bytearray:
    memory = caller.memory
    if memory is None:  # a guest without a memory: every access is out of bounds
        raise Trap(OUT_OF_BOUNDS)
    return memory.data


def _views(data: bytearray, *operands: tuple[int, int]) -> list[np.ndarray]:
    """float32 views of (ptr, count) operands in `data`, after checking all of them (spec 4.4.7 bounds)."""
    size = len(data)
    spans = [(_u32(ptr), count) for ptr, count in operands]
    for ptr, count in spans:
        if ptr + count * _F32 > size:  # Python ints: no wrap-around, so ptr + size cannot overflow
            raise Trap(OUT_OF_BOUNDS)
    return [np.frombuffer(data, dtype=np.float32, count=count, offset=ptr) for ptr, count in spans]


def _trapping(name: str, fn: Callable[..., None]) -> Callable[..., None]:
    """A GPU failure inside a guest's call (a grid too large, a lost device) is a trap of that call."""

    def call(*args: Any) -> None:
        try:
            fn(*args)
        except GpuError as exc:
            raise Trap(f"gpu.{name}: {exc}") from exc

    call.__name__ = name
    return call


__all__: list[str] = ["GpuCall", "GpuHostModule", "MODULE_NAME", "OUT_OF_BOUNDS", "env_backend", "gpu_imports"]
