"""Fixtures of the GPU window tests: the failing-device double, and no device loss left behind."""

from __future__ import annotations

import pytest

from playground.gpu.device import manager
from tests.gpu.gpu_doubles import failing_gpu  # noqa: F401 - a fixture for the device-loss tests


@pytest.fixture(autouse=True)
def _forget_device_loss():
    hint = manager.retry_hint
    yield
    manager.retry_hint = hint
    if manager.lost:
        manager.use_gpu_again()
