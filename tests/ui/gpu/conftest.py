"""Fixtures of the GPU window tests: the failing-device double, and no device loss left behind."""

from __future__ import annotations

from tests.gpu.gpu_doubles import failing_gpu, forget_device_loss  # noqa: F401 - fixtures of the device-loss tests
