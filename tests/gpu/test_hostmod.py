"""The `gpu` host module: Wasm guests compute with GPU kernels on their own memory, on the GPU and on the CPU."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gpu import ops
from playground.gpu.errors import KernelInputError
from playground.gpu.hostmod import OUT_OF_BOUNDS, GpuHostModule, env_backend, gpu_imports
from playground.resources import sample_path
from playground.wasm.errors import Trap
from playground.wasm.runtime import instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

# A guest that exposes each host function unchanged, so a test can call it with any pointer.
PROXY_WAT = """
(module
  (import "gpu" "matmul" (func $matmul (param i32 i32 i32 i32 i32 i32)))
  (import "gpu" "conv2d" (func $conv2d (param i32 i32 i32 i32 i32)))
  (import "gpu" "relu" (func $relu (param i32 i32 i32)))
  (import "gpu" "softmax" (func $softmax (param i32 i32 i32 i32)))
  (import "gpu" "add" (func $add (param i32 i32 i32 i32)))
  (memory (export "memory") 2)
  (func (export "matmul") (param i32 i32 i32 i32 i32 i32)
    (call $matmul (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)))
  (func (export "conv2d") (param i32 i32 i32 i32 i32)
    (call $conv2d (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "relu") (param i32 i32 i32) (call $relu (local.get 0) (local.get 1) (local.get 2)))
  (func (export "softmax") (param i32 i32 i32 i32)
    (call $softmax (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "add") (param i32 i32 i32 i32)
    (call $add (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
"""
MEMORY = 2 * 65536


def _module(text: str):
    module = parse_module(text)
    validate_module(module)
    return module


@pytest.fixture(params=["gpu", "cpu"])
def backend(request):
    if request.param == "gpu":
        request.getfixturevalue("adapter")  # skips without a usable adapter (lavapipe counts)
    return request.param


@pytest.fixture
def proxy(backend):
    host = GpuHostModule(backend=backend)
    return host, instantiate(_module(PROXY_WAT), host.imports())


def _put(instance, offset: int, array: np.ndarray) -> None:
    instance.exports.memory.write(offset, np.ascontiguousarray(array, dtype="<f4").tobytes())


def _get(instance, offset: int, shape) -> np.ndarray:
    return instance.exports.memory.view("<f4", offset, int(np.prod(shape))).reshape(shape).copy()


def test_sample_gpu_matmul_equals_numpy(backend):
    path = sample_path("gpu_matmul.wat")
    module = _module(path.read_text())
    host = GpuHostModule(backend=backend)
    inst = instantiate(module, host.imports())
    m, n, k = 37, 29, 50  # not multiples of any tile size; grows memory past one page
    total = inst.exports.main(m, n, k)
    i, j = np.mgrid[0:m, 0:k]
    a = (((3 * i + 5 * j) % 7) - 3).astype(np.float32)
    i, j = np.mgrid[0:k, 0:n]
    b = (((2 * i + j) % 5) * 0.5).astype(np.float32)
    c = _get(inst, inst.exports.c_ptr(m, n, k), (m, n))
    np.testing.assert_array_equal(c, a @ b)  # small integers and halves: exact in f32
    assert total == pytest.approx(float((a @ b).sum()))
    assert [call.name for call in host.calls] == ["matmul"]
    assert host.calls[0].backend == backend and host.calls[0].shape == (m, n, k)
    assert host.calls[0].flops == 2 * m * n * k


def test_every_function_equals_numpy(proxy, backend):
    host, inst = proxy
    rng = np.random.default_rng(5)
    a = rng.standard_normal((5, 7)).astype(np.float32)
    b = rng.standard_normal((7, 3)).astype(np.float32)
    _put(inst, 0, a)
    _put(inst, 1000, b)
    inst.exports.matmul(0, 1000, 2000, 5, 3, 7)
    np.testing.assert_allclose(_get(inst, 2000, (5, 3)), a @ b, rtol=1e-5, atol=1e-5)

    image = rng.random((6, 9)).astype(np.float32)
    kernel = rng.standard_normal((3, 3)).astype(np.float32)
    _put(inst, 4000, image)
    _put(inst, 6000, kernel)
    inst.exports.conv2d(4000, 5000, 9, 6, 6000)
    from playground.gpu.reference import conv2d_ref

    np.testing.assert_allclose(_get(inst, 5000, (6, 9)), conv2d_ref(image, kernel), rtol=1e-5, atol=1e-5)

    x = rng.standard_normal(11).astype(np.float32)
    _put(inst, 7001, x)  # unaligned: Wasm addresses need no alignment
    inst.exports.relu(7001, 8000, 11)
    np.testing.assert_array_equal(_get(inst, 8000, (11,)), np.maximum(x, 0))
    inst.exports.relu(7001, 7001, 11)  # in place
    np.testing.assert_array_equal(_get(inst, 7001, (11,)), np.maximum(x, 0))

    logits = rng.standard_normal((3, 4)).astype(np.float32)
    _put(inst, 9000, logits)
    inst.exports.softmax(9000, 9100, 3, 4)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(_get(inst, 9100, (3, 4)), e / e.sum(axis=1, keepdims=True), rtol=1e-5, atol=1e-6)

    u, v = rng.standard_normal(13).astype(np.float32), rng.standard_normal(13).astype(np.float32)
    _put(inst, 10000, u)
    _put(inst, 10100, v)
    inst.exports.add(10000, 10100, 10000, 13)  # out aliases a
    np.testing.assert_array_equal(_get(inst, 10000, (13,)), u + v)

    assert [c.name for c in host.calls] == ["matmul", "conv2d", "relu", "relu", "softmax", "add"]
    assert all(c.backend == backend for c in host.calls)
    assert host.total_ms == pytest.approx(sum(c.timing.total_ms for c in host.calls))


@pytest.mark.parametrize(
    ("export", "args"),
    [
        ("matmul", (MEMORY, 0, 0, 1, 1, 1)),  # A starts at the end of memory
        ("matmul", (0, 0, MEMORY - 8, 2, 2, 2)),  # C runs 8 bytes past the end
        ("matmul", (0, 0, 0, 0x10000, 0x10000, 1)),  # m * n * 4 far past the end
        ("relu", (0xFFFFFFF0, 0, 8)),  # ptr + 32 wraps around 2^32 to 16: still out of bounds
        ("relu", (-16, 0, 8)),  # the same address passed as a negative i32
        ("add", (0, 0, 0, 0x40000000)),  # n * 4 == 2^32 wraps to 0 in 32 bits
        ("conv2d", (0, 0, 4, 4, MEMORY - 35)),  # the 3x3 kernel's last float is out
        ("softmax", (0, MEMORY - 12, 2, 2)),
    ],
)
def test_out_of_bounds_traps_before_dispatch(proxy, monkeypatch, export, args):
    host, inst = proxy
    dispatched = []
    for name in ("matmul", "conv2d", "relu", "softmax", "add"):
        monkeypatch.setattr(ops, name, lambda *a, _n=name, **k: dispatched.append(_n))
    with pytest.raises(Trap) as info:
        inst.exports[export](*args)
    assert info.value.message == OUT_OF_BOUNDS
    assert dispatched == [] and host.calls == []


def test_in_bounds_edges_are_allowed(proxy):
    host, inst = proxy
    inst.exports.relu(MEMORY - 4, MEMORY - 4, 1)  # the very last float
    inst.exports.relu(MEMORY, MEMORY, 0)  # nothing at the end: allowed, as for memory.fill
    assert [c.shape for c in host.calls] == [(1,), (0,)]


def test_guest_without_memory_traps():
    module = _module('(module (import "gpu" "relu" (func $r (param i32 i32 i32)))'
                     ' (func (export "go") (call $r (i32.const 0) (i32.const 0) (i32.const 1))))')
    inst = instantiate(module, gpu_imports("cpu"))
    with pytest.raises(Trap, match=OUT_OF_BOUNDS):
        inst.exports.go()


def test_env_var_forces_cpu_for_auto(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")
    assert env_backend() == "cpu"
    host = GpuHostModule(backend="auto")
    inst = instantiate(_module(sample_path("gpu_matmul.wat").read_text()), host.imports())
    inst.exports.main(4, 4, 4)
    assert host.calls[0].backend == "cpu"
    assert "PLAYGROUND_GPU" in host.calls[0].note


def test_on_call_and_describe():
    seen = []
    host = GpuHostModule(backend="cpu", on_call=seen.append)
    inst = instantiate(_module(PROXY_WAT), host.imports())
    inst.exports.add(0, 0, 0, 4)
    assert seen == host.calls and seen[0].describe().startswith("gpu.add 4: ")
    host.clear()
    assert host.calls == [] and host.total_ms == 0


def test_bad_settings_fail_at_creation():
    with pytest.raises(KernelInputError):
        GpuHostModule(backend="tpu")
    with pytest.raises(KernelInputError):
        GpuHostModule(backend="cpu", variant="fastest")


# --- a GPU lost under a guest -----------------------------------------------------------------------

def test_a_guest_computing_in_place_on_a_lost_device_gets_numpy_answers(failing_gpu):
    import wgpu

    failing_gpu(submit=wgpu.GPUValidationError("Parent device is lost"))
    host = GpuHostModule(backend="gpu")
    inst = instantiate(_module(PROXY_WAT), host.imports())
    a = np.arange(-8, 8, dtype=np.float32)
    b = np.full(16, 0.5, dtype=np.float32)
    _put(inst, 0, a)
    _put(inst, 1000, b)
    inst.exports.add(0, 1000, 0, 16)  # out aliases a: the failed GPU attempt must not have written it
    inst.exports.relu(0, 0, 16)
    np.testing.assert_array_equal(_get(inst, 0, (16,)), np.maximum(a + b, 0))
    assert [call.backend for call in host.calls] == ["cpu", "cpu"]
    assert host.calls[0].note.startswith("GPU device lost (") and host.calls[1].note == host.calls[0].note


_RUN_ON_A_LOST_DEVICE = """
import sys, wgpu
from playground import cli
from tests.gpu.gpu_doubles import install_failing_device
install_failing_device(submit=wgpu.GPUValidationError("Parent device is lost"))
sys.exit(cli.main(["run", sys.argv[1], "--invoke", "main", "5", "4", "3"]))
"""


def test_wasm_playground_run_says_the_loss_once_on_stderr(adapter):
    """`run` of a guest importing `gpu`: the product is numpy's; the loss is one line on stderr."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _RUN_ON_A_LOST_DEVICE, str(sample_path("gpu_matmul.wat"))],
                          capture_output=True, text=True, timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr
    on_numpy = subprocess.run([sys.executable, "-m", "playground", "run", str(sample_path("gpu_matmul.wat")),
                               "--gpu-backend", "cpu", "--invoke", "main", "5", "4", "3"],
                              capture_output=True, text=True, timeout=120, cwd=root)
    assert done.stdout == on_numpy.stdout != ""  # the guest's answer, as numpy gives it
    assert "gpu.matmul 5x4x3:" in done.stderr and "[cpu]" in done.stderr
    lost = [line for line in done.stderr.splitlines() if "GPU device lost" in line]
    assert lost == ["GPU device lost (GPUValidationError: Parent device is lost); using the CPU (numpy) from now on; "
                    "a new session (or playground.gpu.use_gpu_again()) requests a fresh device"]
