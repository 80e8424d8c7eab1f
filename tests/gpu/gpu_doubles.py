"""A test double at the device boundary: a real wgpu device whose chosen calls raise wgpu's own errors.

    double = failing_gpu(submit=wgpu.GPUValidationError("Parent device is lost"))

makes the process-wide device (playground.gpu.device.manager) a `FailingDevice`
wrapped around a real device on this machine's adapter: every call goes to the
real device except the named ones, which raise. So the kernels, the runner,
the CLI and the window meet the failure exactly where a driver would raise it.
The fixture puts the real device back (and forgets any loss) afterwards.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

import pytest

from playground.gpu.context import drop_contexts
from playground.gpu.device import _request_wgpu, manager

_QUEUE_CALLS = ("submit", "write_buffer", "read_buffer")
_DEVICE_CALLS = ("create_shader_module", "create_compute_pipeline", "create_buffer", "create_bind_group",
                 "create_command_encoder")


class FailingQueue:
    """The real queue, except that the calls named in the device's `fail` raise."""

    def __init__(self, real: Any, device: FailingDevice) -> None:
        self._real, self._device = real, device

    def __getattr__(self, name: str) -> Any:
        return self._device._wrap(name, getattr(self._real, name), _QUEUE_CALLS)


class FailingDevice:
    """A real device whose calls named in `fail` raise the given exception; `calls` counts them all."""

    def __init__(self, real: Any, fail: dict[str, BaseException], lost: Any = None) -> None:
        self._real = real
        self.fail = dict(fail)
        self.calls: Counter[str] = Counter()
        self.queue = FailingQueue(real.queue, self)
        if lost is not None:
            self.lost_async = lost  # WebGPU's `device.lost` promise (wgpu-native does not offer one)

    def __getattr__(self, name: str) -> Any:
        return self._wrap(name, getattr(self._real, name), _DEVICE_CALLS)

    def _wrap(self, name: str, attr: Any, watched: tuple[str, ...]) -> Any:
        if name not in watched:
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            if name in self.fail:
                raise self.fail[name]
            return attr(*args, **kwargs)

        return call


class LostPromise:
    """A stand-in for `device.lost`: `resolve(info)` runs the callbacks given to `then`."""

    def __init__(self) -> None:
        self.callbacks: list[Callable[[Any], None]] = []

    def then(self, callback: Callable[[Any], None]) -> None:
        self.callbacks.append(callback)

    def resolve(self, info: Any) -> None:
        for callback in self.callbacks:
            callback(info)


_real: list[tuple[Any, Any]] = []


def _real_device() -> tuple[Any, Any]:
    """One real (adapter, device) for every double of this process (requesting one takes a while)."""
    if not _real:
        _real.append(_request_wgpu())
    return _real[0]


def install_failing_device(lost: Any = None, **failures: BaseException) -> FailingDevice:
    """Make the process-wide device a FailingDevice (also for a script run by a test in a subprocess)."""
    adapter, device = _real_device()
    double = FailingDevice(device, failures, lost)
    manager._request = lambda: (adapter, double)
    manager.reset()
    drop_contexts()
    return double


@pytest.fixture
def failing_gpu():
    """`install(lost=None, **failures) -> FailingDevice`: the process-wide device becomes a failing double."""
    reason = manager.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no GPU adapter: {reason}")
    saved_request, saved_hint = manager._request, manager.retry_hint
    yield install_failing_device
    manager._request, manager.retry_hint = saved_request, saved_hint
    manager.reset()
    drop_contexts()


@pytest.fixture(autouse=True)
def forget_device_loss():
    """A test that loses the device (or runs the CLI, which words the retry hint) leaves a usable one behind."""
    hint = manager.retry_hint
    yield
    manager.retry_hint = hint
    if manager.lost:
        manager.use_gpu_again()
