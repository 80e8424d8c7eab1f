"""The backends the harness compares, each able to run some of the operations.

    gpu-naive, gpu-tiled, gpu-blocked   matmul on the GPU, one per WGSL variant
    gpu                                 filter and mlp on the GPU (WGSL kernels)
    numpy                               CPU, numpy (SIMD through BLAS and ufuncs)
    python                              CPU, plain Python loops over lists
    wasm, wasm-simd                     our Wasm interpreter running samples/matmul.wat,
                                        matmul_simd.wat, conv3x3.wat (scalar / SIMD exports)
    wasm-fast, wasm-fast-simd           the same kernels on our fast engine (functions
                                        translated to Python)
    wasmtime, wasmtime-simd             the same .wasm compiled natively by wasmtime
    wasm+gpu, wasm+numpy                mlp: the Wasm guest samples/digits_mlp.wat calling
                                        the `gpu` host module on the GPU / on numpy

`prepare(inputs)` does the set-up outside the timed region (copying inputs
into linear memory, converting to lists, instantiating) and returns a
`Prepared` whose `run()` does the timed work and returns the output as
float32 numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

import playground.bench.pyloops as pyloops
from playground.bench.wasm_engines import FAST, INTERPRETER, WASMTIME, KernelInstance, wasmtime_missing
from playground.bench.workloads import Inputs, mlp_forward


@dataclass
class Prepared:
    """A backend ready to run one size; `kernel_seconds` is filled by GPU runs (compute only)."""

    run: Callable[[], np.ndarray]
    kernel_seconds: float = math.nan


@dataclass(frozen=True)
class Backend:
    """One way to compute. `flops_per_s` is a rough prior for the time budget before anything was measured."""

    name: str
    description: str
    operations: tuple[str, ...]
    prepare: Callable[[Inputs], Prepared]
    unavailable: Callable[[], str | None] = lambda: None
    flops_per_s: float = 1e9
    overhead_s: float = 0.0  # fixed cost per call (GPU transfers), which a size change does not scale
    warmup: bool = False  # run once untimed before the first point (shader compilation)


# -- GPU ------------------------------------------------------------------------------
def _gpu_missing() -> str | None:
    from playground.gpu.device import manager

    reason = manager.unavailable_reason()
    return f"no GPU adapter: {reason}" if reason else None


def _gpu_matmul(variant: str) -> Callable[[Inputs], Prepared]:
    def prepare(inputs: Inputs) -> Prepared:
        from playground.gpu import matmul

        a, b = inputs.arrays["a"], inputs.arrays["b"]
        prepared = Prepared(lambda: np.empty(0))

        def run() -> np.ndarray:
            result = matmul(a, b, backend="gpu", variant=variant)
            prepared.kernel_seconds = result.timing.compute_ms / 1e3
            return result.array

        prepared.run = run
        return prepared

    return prepare


def _gpu_filter(inputs: Inputs) -> Prepared:
    from playground.gpu import conv2d

    prepared = Prepared(lambda: np.empty(0))

    def run() -> np.ndarray:
        result = conv2d(inputs.arrays["image"], inputs.arrays["kernel"], backend="gpu")
        prepared.kernel_seconds = result.timing.compute_ms / 1e3
        return result.array

    prepared.run = run
    return prepared


def _gpu_mlp(inputs: Inputs) -> Prepared:
    """The network as a chain of GPU kernels (each call uploads and downloads, as the API does)."""
    from playground import gpu

    model = inputs.arrays["model"]
    pixels = inputs.arrays["pixels"]
    batch = len(pixels)
    biases = [np.ascontiguousarray(np.broadcast_to(layer.bias, (batch, layer.bias.size))) for layer in model.layers]
    prepared = Prepared(lambda: np.empty(0))

    def run() -> np.ndarray:
        compute_ms = 0.0
        x = np.asarray(pixels, dtype=np.float32) / np.float32(16)
        for i, layer in enumerate(model.layers):
            steps = [gpu.matmul(x, layer.weights, backend="gpu")]
            steps.append(gpu.add(steps[-1].array, biases[i], backend="gpu"))
            if i < len(model.layers) - 1:
                steps.append(gpu.relu(steps[-1].array, backend="gpu"))
            x = steps[-1].array
            compute_ms += sum(s.timing.compute_ms for s in steps)
        result = gpu.softmax(x, backend="gpu")
        prepared.kernel_seconds = (compute_ms + result.timing.compute_ms) / 1e3
        return result.array

    prepared.run = run
    return prepared


# -- numpy and Python -------------------------------------------------------------------
def _numpy(inputs: Inputs) -> Prepared:
    from playground.gpu.reference import conv2d_ref

    arrays = inputs.arrays
    if inputs.operation == "matmul":
        return Prepared(lambda: arrays["a"] @ arrays["b"])
    if inputs.operation == "filter":
        return Prepared(lambda: conv2d_ref(arrays["image"], arrays["kernel"]))
    layers = [(layer.weights, layer.bias) for layer in arrays["model"].layers]
    return Prepared(lambda: mlp_forward(arrays["pixels"], layers, np.float32))


def _python(inputs: Inputs) -> Prepared:
    arrays = inputs.arrays
    if inputs.operation == "matmul":
        a, b = arrays["a"].tolist(), arrays["b"].tolist()
        return Prepared(lambda: np.asarray(pyloops.matmul(a, b), dtype=np.float32))
    if inputs.operation == "filter":
        image, kernel = arrays["image"].tolist(), arrays["kernel"].tolist()
        return Prepared(lambda: np.asarray(pyloops.conv3x3(image, kernel), dtype=np.float32))
    images = arrays["pixels"].tolist()
    layers = [(layer.weights.tolist(), layer.bias.tolist()) for layer in arrays["model"].layers]
    return Prepared(lambda: np.asarray(pyloops.mlp(images, layers), dtype=np.float32))


# -- Wasm kernels -----------------------------------------------------------------------
def _wasm(engine: str, simd: bool) -> Callable[[Inputs], Prepared]:
    def prepare(inputs: Inputs) -> Prepared:
        n = inputs.size
        block = 4 * n * n
        if inputs.operation == "matmul":
            kernel = KernelInstance("matmul_simd.wat" if simd else "matmul.wat", engine)
            kernel.ensure(3 * block)
            kernel.write_f32(0, inputs.arrays["a"])
            kernel.write_f32(block, inputs.arrays["b"])

            def run() -> np.ndarray:
                kernel.call("matmul", 0, block, 2 * block, n)
                return kernel.read_f32(2 * block, n * n).reshape(n, n)

            return Prepared(run)
        kernel = KernelInstance("conv3x3.wat", engine)
        kernel.ensure(2 * block + 36)
        kernel.write_f32(0, inputs.arrays["image"])
        kernel.write_f32(2 * block, inputs.arrays["kernel"])
        export = "conv3x3_simd" if simd else "conv3x3"

        def run_filter() -> np.ndarray:
            kernel.call(export, 0, block, n, n, 2 * block)
            return kernel.read_f32(block, n * n).reshape(n, n)

        return Prepared(run_filter)

    return prepare


def _guest(host_backend: str) -> Callable[[Inputs], Prepared]:
    def prepare(inputs: Inputs) -> Prepared:
        from playground.demos.digits_guest import DigitsGuest

        guest = DigitsGuest(host_backend, inputs.arrays["model"])
        pixels = inputs.arrays["pixels"]
        prepared = Prepared(lambda: np.empty(0))

        def run() -> np.ndarray:
            results = [guest.predict(p) for p in pixels]
            prepared.kernel_seconds = sum(c.timing.compute_ms for r in results for c in r.calls) / 1e3
            return np.stack([r.probabilities for r in results])

        prepared.run = run
        return prepared

    return prepare


def _gpu_ops(inputs: Inputs) -> Prepared:
    return _gpu_filter(inputs) if inputs.operation == "filter" else _gpu_mlp(inputs)


BACKENDS: dict[str, Backend] = {
    b.name: b
    for b in (
        Backend("gpu-naive", "GPU, WGSL naive matmul (one thread per element)", ("matmul",),
                _gpu_matmul("naive"), _gpu_missing, 2e8, 0.05, True),
        Backend("gpu-tiled", "GPU, WGSL tiled matmul (workgroup shared memory)", ("matmul",),
                _gpu_matmul("tiled"), _gpu_missing, 5e8, 0.05, True),
        Backend("gpu-blocked", "GPU, WGSL blocked matmul (several outputs per thread)", ("matmul",),
                _gpu_matmul("blocked"), _gpu_missing, 1e9, 0.05, True),
        Backend("gpu", "GPU, WGSL kernels (conv2d; matmul, add, relu, softmax)", ("filter", "mlp"),
                _gpu_ops, _gpu_missing, 2e8, 0.05, True),
        Backend("numpy", "CPU, numpy (SIMD through BLAS and ufuncs)", ("matmul", "filter", "mlp"), _numpy,
                flops_per_s=5e9),
        Backend("python", "CPU, plain Python loops", ("matmul", "filter", "mlp"), _python, flops_per_s=2e7),
        Backend("wasm", "our Wasm interpreter, scalar kernel", ("matmul", "filter"), _wasm(INTERPRETER, False),
                flops_per_s=5e5),
        Backend("wasm-simd", "our Wasm interpreter, SIMD kernel (f32x4)", ("matmul", "filter"),
                _wasm(INTERPRETER, True), flops_per_s=1.5e6),
        Backend("wasm-fast", "our fast Wasm engine (translated to Python), scalar kernel", ("matmul", "filter"),
                _wasm(FAST, False), flops_per_s=5e6),
        Backend("wasm-fast-simd", "our fast Wasm engine (translated to Python), SIMD kernel (f32x4)",
                ("matmul", "filter"), _wasm(FAST, True), flops_per_s=5e6),
        Backend("wasmtime", "wasmtime (compiled natively), scalar kernel", ("matmul", "filter"),
                _wasm(WASMTIME, False), wasmtime_missing, 1e9),
        Backend("wasmtime-simd", "wasmtime (compiled natively), SIMD kernel", ("matmul", "filter"),
                _wasm(WASMTIME, True), wasmtime_missing, 2e9),
        Backend("wasm+gpu", "Wasm guest (interpreter) calling the gpu host module on the GPU", ("mlp",),
                _guest("gpu"), _gpu_missing, 1e6, 0.0, True),
        Backend("wasm+numpy", "Wasm guest (interpreter) calling the gpu host module on numpy", ("mlp",),
                _guest("cpu"), flops_per_s=1e7),
    )
}

GPU_MATMUL = ("gpu-naive", "gpu-tiled", "gpu-blocked")


def backends_for(operation: str) -> list[str]:
    """Every backend that can run `operation`, in display order."""
    return [name for name, b in BACKENDS.items() if operation in b.operations]


def resolve_backends(operation: str, names: list[str] | None) -> list[str]:
    """The backends to run: all of the operation's by default; "gpu" means every GPU variant for matmul.

    Raises ValueError naming the unknown or unsuitable backends.
    """
    if not names:
        return backends_for(operation)
    chosen: list[str] = []
    for name in names:
        expanded = list(GPU_MATMUL) if (name == "gpu" and operation == "matmul") else [name]
        for item in expanded:
            if item not in BACKENDS:
                raise ValueError(f"unknown backend {item!r}; known: {', '.join(BACKENDS)}")
            if operation not in BACKENDS[item].operations:
                raise ValueError(f"backend {item!r} does not run {operation}; "
                                 f"for {operation} use: {', '.join(backends_for(operation))}")
            if item not in chosen:
                chosen.append(item)
    return chosen
