"""GPU test set-up: a fixture that skips (with the reason) where wgpu has no adapter.

On a machine with Mesa's lavapipe (the CI image) the GPU tests run on that
software adapter; set PLAYGROUND_GPU=cpu to run only the fallback tests.
"""

from __future__ import annotations

import pytest

from playground.gpu.device import manager
from tests.gpu.gpu_doubles import failing_gpu, forget_device_loss  # noqa: F401 - fixtures of the device-loss tests


@pytest.fixture
def adapter():
    """The adapter report; skips the test when no adapter is usable here."""
    reason = manager.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no GPU adapter: {reason}")
    return manager.report()


@pytest.fixture(autouse=True)
def _restore_cpu_switch():
    """A test that flips the 'use CPU' option must not leak it into the next."""
    saved = manager.force_cpu
    yield
    manager.force_cpu = saved


@pytest.fixture
def rng():
    import numpy as np

    return np.random.default_rng(1234)
