"""The CPU fallback: forced by PLAYGROUND_GPU=cpu or the option, or chosen when no adapter exists."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from playground import gpu
from playground.gpu import device, ops
from playground.gpu.device import DeviceManager
from playground.gpu.errors import NoAdapterError
from tests.gpu.kernel_cases import every_kernel


def test_env_var_forces_the_cpu_fallback(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")
    assert not gpu.gpu_available()
    for name, (result, expected) in every_kernel("auto").items():
        assert result.backend == "cpu", name
        assert "PLAYGROUND_GPU=cpu" in result.note
        assert result.timing.compute_clock == "wall-clock" and result.timing.upload_ms == 0
        np.testing.assert_array_equal(result.array, expected, err_msg=name)


def test_option_forces_the_cpu_fallback(monkeypatch):
    monkeypatch.delenv("PLAYGROUND_GPU", raising=False)
    gpu.set_force_cpu(True)
    result = gpu.relu([-1.0, 2.0])
    assert result.backend == "cpu" and "option" in result.note
    np.testing.assert_array_equal(result.array, [0.0, 2.0])
    with pytest.raises(NoAdapterError, match="backend 'gpu' was requested"):
        gpu.relu([1.0], backend="gpu")


def test_explicit_cpu_backend_needs_no_device():
    result = gpu.matmul(np.eye(3), np.ones((3, 2)), backend="cpu", variant="blocked")
    assert result.backend == "cpu" and result.note == ""
    np.testing.assert_array_equal(np.asarray(result), np.ones((3, 2)))


def _missing(message):
    def request():
        raise NoAdapterError(message)
    return request


def test_missing_adapter_falls_back_with_one_message(monkeypatch, caplog):
    broken = DeviceManager(request=_missing("no GPU adapter found"))
    monkeypatch.setattr(ops, "manager", broken)
    monkeypatch.delenv("PLAYGROUND_GPU", raising=False)
    with caplog.at_level("WARNING", logger="playground.gpu"):
        first = gpu.add([1.0], [2.0])
        second = gpu.softmax([[0.0, 0.0]])
    assert first.backend == second.backend == "cpu"
    assert first.note == "no GPU adapter found"
    np.testing.assert_allclose(second.array, [[0.5, 0.5]])
    assert len([r for r in caplog.records if "CPU fallback" in r.message]) == 1
    with pytest.raises(NoAdapterError, match="no GPU adapter found"):
        gpu.add([1.0], [2.0], backend="gpu")


def test_a_crashing_driver_is_a_reason_not_a_crash(monkeypatch):
    monkeypatch.delenv("PLAYGROUND_GPU", raising=False)
    def explode():
        raise RuntimeError("driver exploded")
    broken = DeviceManager(request=explode)
    assert not broken.available()
    assert "driver exploded" in broken.unavailable_reason()
    with pytest.raises(NoAdapterError):
        broken.device()
    with pytest.raises(NoAdapterError):
        broken.report()


def test_wgpu_missing_is_reported(monkeypatch):
    monkeypatch.delenv("PLAYGROUND_GPU", raising=False)
    monkeypatch.setitem(sys.modules, "wgpu", None)  # `import wgpu` now raises ImportError
    manager = DeviceManager()
    assert "wgpu could not be loaded" in manager.unavailable_reason()


def test_importing_the_package_does_not_import_wgpu():
    code = ("import sys, playground.gpu as g; assert 'wgpu' not in sys.modules, 'eager wgpu'; "
            "g.matmul; g.DispatchStepper; g.reflect; g.run_shader; assert 'wgpu' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_unknown_public_name():
    with pytest.raises(AttributeError):
        gpu.no_such_thing  # noqa: B018


def test_adapter_report_describes_the_adapter(adapter):
    assert adapter.name and adapter.backend
    assert adapter.adapter_type in ("discrete", "integrated", "cpu", "virtual", "unknown")
    assert adapter.limits["max-compute-invocations-per-workgroup"] >= 256
    text = "\n".join(adapter.lines())
    assert f"adapter: {adapter.name}" in text and "max-storage-buffer-binding-size" in text
    assert device.get_device() is device.get_device()  # cached


def test_lavapipe_counts_as_a_cpu_adapter(adapter):
    if "llvmpipe" not in adapter.name:
        pytest.skip(f"adapter is {adapter.name}, not lavapipe")
    assert adapter.adapter_type == "cpu" and gpu.gpu_available()
