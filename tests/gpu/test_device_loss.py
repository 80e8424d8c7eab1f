"""A GPU that fails mid-session: kernels finish on numpy with one message; the WGSL runner names the shader.

Two kinds of failure: a test double at the device boundary (tests/gpu/gpu_doubles.py:
a real device whose chosen calls raise wgpu's own error types), and failures
produced for real on this machine's adapter (a destroyed device, a shader
naga rejects, a dispatch wgpu rejects, a uniform binding over the limit).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

import numpy as np
import pytest

from playground import gpu
from playground.gpu import context, kernels, reference
from playground.gpu.device import manager
from playground.gpu.errors import DeviceLostError, GpuError, NoAdapterError
from playground.gpu.wgsl_runner import run_shader
from playground.resources import sample_path
from tests.gpu.kernel_cases import every_kernel

wgpu = pytest.importorskip("wgpu")

def read_sample(name: str) -> str:
    return sample_path(name).read_text(encoding="utf-8")


SAXPY = {"x": "range:8", "y": "ones:8", "params": "values:2"}
SAXPY_Y = [1.0, 3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 15.0]


@pytest.fixture
def heard():
    """The loss messages the listeners got."""
    messages: list[str] = []
    manager.add_loss_listener(messages.append)
    yield messages
    manager.remove_loss_listener(messages.append)


# --- the test double -----------------------------------------------------------------------------

@pytest.mark.parametrize("call, error", [
    ("submit", "GPUValidationError"),
    ("submit", "GPUInternalError"),
    ("create_buffer", "GPUOutOfMemoryError"),
    ("write_buffer", "GPUValidationError"),
    ("create_compute_pipeline", "GPUPipelineError"),
])
def test_a_failing_call_falls_back_to_numpy_with_one_message(failing_gpu, heard, caplog, call, error):
    cls = getattr(wgpu, error)
    raised = cls(f"{call} said no", {"reason": "internal"}) if cls is wgpu.GPUPipelineError else cls(f"{call} said no")
    double = failing_gpu(**{call: raised})
    with caplog.at_level(logging.WARNING, logger="playground.gpu"):
        results = every_kernel()
    for name, (result, expected) in results.items():
        assert result.backend == "cpu", name
        np.testing.assert_array_equal(result.array, expected, err_msg=name)
        assert result.note == heard[0], name
    assert len(heard) == 1 and heard[0].startswith("GPU device lost (")
    assert f"{call} said no" in heard[0] and "using the CPU (numpy) from now on" in heard[0]
    assert [r.getMessage() for r in caplog.records] == heard
    assert sum(double.calls.values()) > 0
    assert manager.lost and "the GPU device was lost" in manager.unavailable_reason()


def test_later_calls_go_straight_to_the_cpu(failing_gpu, heard):
    double = failing_gpu(submit=wgpu.GPUValidationError("Parent device is lost"))
    first = gpu.relu([-1.0, 2.0])
    touched = sum(double.calls.values())
    later = [gpu.relu([-3.0, 4.0]), gpu.matmul(np.eye(2), np.ones((2, 2)), backend="gpu")]
    assert sum(double.calls.values()) == touched  # the lost device is not asked again
    assert first.backend == "cpu" and all(r.backend == "cpu" and r.note == first.note for r in later)
    np.testing.assert_array_equal(later[0].array, [0.0, 4.0])
    assert len(heard) == 1


def test_forced_cpu_still_refuses_backend_gpu_after_a_loss(failing_gpu):
    failing_gpu(submit=wgpu.GPUValidationError("Parent device is lost"))
    gpu.relu([1.0])
    manager.force_cpu = True
    with pytest.raises(NoAdapterError, match="'use CPU' option"):
        gpu.relu([1.0], backend="gpu")


def test_an_out_aliasing_the_inputs_gets_the_right_answer(failing_gpu):
    """The Wasm host module computes in place: the failed GPU attempt must not have touched `out`."""
    failing_gpu(submit=wgpu.GPUValidationError("Parent device is lost"))
    a = np.arange(6, dtype=np.float32)
    b = np.full(6, 10, dtype=np.float32)
    result = gpu.add(a, b, out=a)
    assert result.array is a and result.backend == "cpu"
    np.testing.assert_array_equal(a, np.arange(6) + 10)


def test_use_gpu_again_requests_a_fresh_device(failing_gpu, heard):
    broken = failing_gpu(submit=wgpu.GPUValidationError("Parent device is lost"))
    assert gpu.add([1.0], [2.0]).backend == "cpu"
    broken.fail.clear()  # the driver recovered: a fresh device from the same adapter works
    gpu.use_gpu_again()
    assert not manager.lost and manager.unavailable_reason() is None
    result = gpu.add([1.0], [2.0])
    assert result.backend == "gpu" and result.note == "" and result.array.tolist() == [3.0]


def test_a_bug_is_not_mistaken_for_a_lost_device(failing_gpu):
    failing_gpu(submit=KeyError("a bug of ours"))
    with pytest.raises(KeyError):
        gpu.relu([1.0])
    assert not manager.lost


def test_the_lost_promise_marks_the_device_lost(failing_gpu, heard):
    from tests.gpu.gpu_doubles import LostPromise

    promise = LostPromise()
    failing_gpu(lost=promise)
    assert gpu.relu([-1.0]).backend == "gpu"  # the device is probed: the promise is watched
    promise.resolve(SimpleNamespace(reason="unknown", message="the driver was reset"))
    assert heard == [manager.loss_message()] and "unknown the driver was reset" in heard[0]
    assert gpu.relu([-1.0]).backend == "cpu"
    gpu.use_gpu_again()
    promise.resolve(SimpleNamespace(reason="destroyed", message="late news of the old device"))
    assert not manager.lost and len(heard) == 1


def test_the_runner_names_the_shader_and_the_step(failing_gpu, heard):
    failing_gpu(submit=wgpu.GPUValidationError("Validation Error\n\nCaused by:\n  In wgpuQueueSubmit\n"
                                               "    Parent device is lost"))
    with pytest.raises(DeviceLostError) as caught:
        run_shader(read_sample("saxpy.wgsl"), SAXPY, source_name="saxpy.wgsl")
    message = str(caught.value)
    assert message.startswith("saxpy.wgsl: ") and "GPU device lost" in message and "Parent device is lost" in message
    assert "\n" not in message and len(heard) == 1  # the kernels heard of it too
    with pytest.raises(NoAdapterError, match="needs a GPU adapter, but the GPU device was lost"):
        run_shader(read_sample("saxpy.wgsl"), SAXPY, source_name="saxpy.wgsl")


def test_a_refused_runner_call_is_one_located_error_not_a_loss(failing_gpu):
    failing_gpu(create_bind_group=wgpu.GPUValidationError("Validation Error\n\nCaused by:\n  In wgpuDeviceCreateBindGroup\n"
                                                           "    Buffer binding 0 is too small"))
    with pytest.raises(GpuError) as caught:
        run_shader(read_sample("saxpy.wgsl"), SAXPY, source_name="saxpy.wgsl")
    assert str(caught.value) == ("saxpy.wgsl: creating the buffers: the GPU refused it (GPUValidationError: "
                                 "Buffer binding 0 is too small (in wgpuDeviceCreateBindGroup))")
    assert not manager.lost


# --- failures produced for real on this adapter ----------------------------------------------------

def test_a_destroyed_device_is_lost_for_real(adapter, heard):
    x = np.linspace(-2, 2, 9, dtype=np.float32)
    assert gpu.relu(x).backend == "gpu"
    manager.device().destroy()  # wgpu-native now answers every call with "Parent device is lost"
    result = gpu.relu(x)
    assert result.backend == "cpu" and "Parent device is lost" in result.note
    np.testing.assert_array_equal(result.array, reference.relu_ref(x))
    with pytest.raises(NoAdapterError, match="the GPU device was lost"):
        run_shader(read_sample("saxpy.wgsl"), SAXPY, source_name="saxpy.wgsl")
    assert len(heard) == 1
    gpu.use_gpu_again()
    assert gpu.relu(x).backend == "gpu"
    assert run_shader(read_sample("saxpy.wgsl"), SAXPY).outputs["y"].tolist() == SAXPY_Y


def test_a_device_destroyed_under_the_runner_is_one_message(adapter):
    from playground.gpu.program import Program

    program = Program(read_sample("saxpy.wgsl"), "saxpy.wgsl")
    program.device.destroy()
    with pytest.raises(DeviceLostError, match=r"^saxpy\.wgsl: creating the buffers: GPU device lost \("):
        program.create_buffers({"x": bytes(32), "y": bytes(32), "params": bytes(4)})
    assert manager.lost


def test_a_shipped_shader_naga_rejects_falls_back(adapter, monkeypatch, heard):
    monkeypatch.setattr(context, "read_shader", lambda name: "@compute @workgroup_size(64)\nfn main( {\n")
    context.drop_contexts()
    x = np.array([-1.0, 3.0], dtype=np.float32)
    result = gpu.relu(x)
    assert result.backend == "cpu" and result.array.tolist() == [0.0, 3.0]
    assert heard[0].startswith("GPU device lost (a shader failed to build: relu.wgsl:2:")


def test_a_dispatch_wgpu_rejects_falls_back(adapter, monkeypatch, heard):
    monkeypatch.setattr(kernels, "grid_1d", lambda groups: (70000, 1, 1))  # past the 65535 per-dimension limit
    x = np.arange(-4, 4, dtype=np.float32)
    result = gpu.relu(x)
    assert result.backend == "cpu" and result.array.tolist() == reference.relu_ref(x).tolist()
    assert "GPUValidationError" in heard[0] and "65535" in heard[0]


def test_a_uniform_over_the_limit_is_a_located_error_for_real(adapter):
    limit = manager.device().limits["max-uniform-buffer-binding-size"]
    count = limit // 16 + 1
    source = (f"@group(0) @binding(0) var<uniform> u: array<vec4<f32>, {count}>;\n"
              "@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n"
              "@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) { y[g.x] = u[0].x; }\n")
    with pytest.raises(GpuError, match=r"^big\.wgsl: creating the buffers: the GPU refused it \(GPUValidationError: "):
        run_shader(source, source_name="big.wgsl")
    assert not manager.lost
    assert run_shader(read_sample("saxpy.wgsl"), SAXPY).outputs["y"].tolist() == SAXPY_Y  # nothing else broke
