"""Dispatch stepping through the multi-pass samples: forward, back, and replay."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gpu import DispatchStepper, bitonic_sort_plan, tree_reduce_plan
from playground.gpu.errors import GpuError


@pytest.mark.parametrize("n", [1, 2, 13, 64, 100])
def test_bitonic_sort_sample_sorts(adapter, n):
    values = np.random.default_rng(n).standard_normal(n).astype(np.float32)
    stepper = DispatchStepper(bitonic_sort_plan(values))
    m = max(1, (max(n, 2) - 1).bit_length())
    assert stepper.total == m * (m + 1) // 2
    stepper.run_to_end()
    np.testing.assert_array_equal(stepper.answer(), np.sort(values))


@pytest.mark.parametrize("n", [1, 2, 10, 1000])
def test_tree_reduce_sample_sums(adapter, n):
    values = np.random.default_rng(n).standard_normal(n).astype(np.float32)
    stepper = DispatchStepper(tree_reduce_plan(values))
    assert stepper.total == (n - 1).bit_length()
    stepper.run_to_end()
    np.testing.assert_allclose(stepper.answer()[0], values.astype(np.float64).sum(), rtol=1e-5, atol=1e-5)


def test_each_dispatch_is_captured(adapter):
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    stepper = DispatchStepper(tree_reduce_plan(values))
    assert stepper.current.index == 0 and stepper.current.label == "initial"
    np.testing.assert_array_equal(stepper.current.buffers["data"], values)
    first = stepper.step()
    # 5 values -> 3: data[i] += data[i + 3] for i < 2; data[2] has no partner
    np.testing.assert_array_equal(first.buffers["data"], [7.0, 4.0, 4.0, 2.0, 3.0])
    assert first.buffers["level"]["count"].tolist() == [5] and first.index == 1
    assert first.clock in ("gpu-timestamp", "wall-clock") and first.compute_ms >= 0
    stepper.step()
    last = stepper.step()
    assert stepper.at_end and stepper.next_pass is None and last.buffers["data"][0] == 15.0
    with pytest.raises(GpuError, match="all 3 dispatches"):
        stepper.step()


def test_step_back_restores_the_gpu_buffers(adapter):
    values = np.arange(16, 0, -1, dtype=np.float32)
    stepper = DispatchStepper(bitonic_sort_plan(values))
    states = [stepper.current.buffers["data"].copy()]
    for _ in range(4):
        states.append(stepper.step().buffers["data"].copy())
    back = stepper.step_back()
    assert back.index == 3 and stepper.position == 3
    np.testing.assert_array_equal(back.buffers["data"], states[3])
    # Stepping forward again re-runs dispatch 4 on the restored GPU buffers: same result.
    np.testing.assert_array_equal(stepper.step().buffers["data"], states[4])
    np.testing.assert_array_equal(stepper.goto(1).buffers["data"], states[1])
    np.testing.assert_array_equal(stepper.goto(0).buffers["data"], values)
    stepper.run_to_end()
    np.testing.assert_array_equal(stepper.answer(), np.sort(values))
    assert len(stepper.steps) == stepper.total + 1
    with pytest.raises(GpuError):
        stepper.goto(stepper.total + 1)


def test_goto_forward_runs_the_missing_dispatches(adapter):
    stepper = DispatchStepper(tree_reduce_plan(np.ones(8)))
    assert stepper.goto(2).buffers["data"][:2].tolist() == [4.0, 4.0]
    assert stepper.step_back().index == 1 and stepper.step_back().index == 0
    assert stepper.step_back().index == 0  # already at the start: stays


def test_a_plan_with_a_wrong_uniform_field_is_refused(adapter):
    from dataclasses import replace

    from playground.gpu.errors import BufferSpecError

    plan = tree_reduce_plan([1.0, 2.0])
    plan.passes[0] = replace(plan.passes[0], uniforms={"level": {"size": 2}})
    with pytest.raises(BufferSpecError, match="has no field size"):
        DispatchStepper(plan)
