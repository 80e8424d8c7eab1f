"""Every kernel against its numpy twin, with float32 tolerances and awkward shapes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import gpu
from playground.gpu import reference
from playground.gpu.errors import KernelInputError

VARIANTS = ["naive", "tiled", "blocked"]


def _close(actual, expected, k=1):
    # float32 dot products of length k: error grows with k and with the magnitude of the terms
    scale = max(1.0, float(np.max(np.abs(expected)))) if np.size(expected) else 1.0
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6 * k * scale)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("m, k, n", [(17, 33, 5), (1, 1, 1), (64, 64, 64), (33, 70, 47), (2, 100, 3)])
def test_matmul_matches_numpy(adapter, rng, variant, m, k, n):
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    result = gpu.matmul(a, b, backend="gpu", variant=variant)
    assert result.backend == "gpu" and result.kernel == f"matmul/{variant}"
    assert result.array.shape == (m, n) and result.array.dtype == np.float32
    _close(result.array, reference.matmul_ref(a, b), k)


@settings(max_examples=8, deadline=None)
@given(m=st.integers(1, 40), k=st.integers(1, 40), n=st.integers(1, 40), variant=st.sampled_from(VARIANTS))
def test_matmul_any_shape(m, k, n, variant):
    from playground.gpu.device import manager

    if not manager.available():
        pytest.skip("no GPU adapter")
    r = np.random.default_rng(m * 10000 + k * 100 + n)
    a = r.standard_normal((m, k), dtype=np.float32)
    b = r.standard_normal((k, n), dtype=np.float32)
    _close(gpu.matmul(a, b, backend="gpu", variant=variant).array, a @ b, k)


def test_elementwise_kernels(adapter, rng):
    x = rng.standard_normal((37, 301), dtype=np.float32)
    y = rng.standard_normal((37, 301), dtype=np.float32)
    np.testing.assert_array_equal(gpu.add(x, y, backend="gpu").array, reference.add_ref(x, y))
    np.testing.assert_array_equal(gpu.relu(x, backend="gpu").array, reference.relu_ref(x))
    np.testing.assert_array_equal(gpu.transpose(x, backend="gpu").array, reference.transpose_ref(x))
    big = rng.standard_normal(100_003, dtype=np.float32)  # not a multiple of the workgroup size
    np.testing.assert_array_equal(gpu.relu(big, backend="gpu").array, np.maximum(big, 0))


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (37, 301), (2, 1000), (300,), (2, 3, 65)])
def test_softmax(adapter, rng, shape):
    x = rng.standard_normal(shape, dtype=np.float32) * 5
    result = gpu.softmax(x, backend="gpu").array
    assert result.shape == x.shape
    np.testing.assert_allclose(result, reference.softmax_ref(x), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(result.sum(axis=-1), 1.0, rtol=1e-5)


def test_softmax_is_stable_for_large_inputs(adapter):
    x = np.array([[1000.0, 1001.0, 1002.0]], dtype=np.float32)  # exp(1000) overflows without the shift
    np.testing.assert_allclose(gpu.softmax(x, backend="gpu").array, reference.softmax_ref(x), rtol=1e-6)


@pytest.mark.parametrize("n", [1, 7, 512, 513, 100_001, 300_000])
def test_sum_reduce(adapter, rng, n):
    x = rng.standard_normal(n, dtype=np.float32)
    total = gpu.sum_reduce(x, backend="gpu").array
    assert total.shape == ()
    np.testing.assert_allclose(total, np.sum(x.astype(np.float64)), rtol=1e-5, atol=1e-5 * np.sqrt(n))


@pytest.mark.parametrize("name", ["box_blur", "edge"])
@pytest.mark.parametrize("shape", [(1, 1), (5, 7), (33, 17)])
def test_conv2d_sample_filters(adapter, rng, name, shape):
    image = rng.random(shape, dtype=np.float32)
    result = gpu.conv2d(image, name, backend="gpu").array
    _close(result, reference.conv2d_ref(image, gpu.FILTERS[name]), 9)


def test_conv2d_clamps_to_edge_and_blur_keeps_constants(adapter):
    flat = np.full((6, 9), 3.0, dtype=np.float32)
    np.testing.assert_allclose(gpu.conv2d(flat, "box_blur", backend="gpu").array, 3.0, rtol=1e-6)
    np.testing.assert_allclose(gpu.conv2d(flat, "edge", backend="gpu").array, 0.0, atol=1e-5)
    ramp = np.arange(12, dtype=np.float32).reshape(3, 4)
    identity_right = np.zeros((3, 3), dtype=np.float32)
    identity_right[1, 2] = 1.0  # picks the right neighbour: the last column repeats itself
    shifted = gpu.conv2d(ramp, identity_right, backend="gpu").array
    np.testing.assert_array_equal(shifted[:, -1], ramp[:, -1])
    np.testing.assert_array_equal(shifted[:, :-1], ramp[:, 1:])


def test_conv2d_general_odd_kernel(adapter, rng):
    image = rng.random((20, 13), dtype=np.float32)
    kernel = rng.standard_normal((5, 3), dtype=np.float32)
    _close(gpu.conv2d(image, kernel, backend="gpu").array, reference.conv2d_ref(image, kernel), 15)


def test_pipelines_are_compiled_once(adapter, rng):
    from playground.gpu.context import get_context

    a = rng.standard_normal((20, 20), dtype=np.float32)
    gpu.matmul(a, a, backend="gpu", variant="tiled")
    compiles = get_context().compiles
    for _ in range(3):
        gpu.matmul(a, a, backend="gpu", variant="tiled")
    gpu.matmul(a[:10], a, backend="gpu", variant="tiled")  # another size: new buffers, same shader
    assert get_context().compiles == compiles


def test_out_parameter_fills_a_strided_view(adapter, rng):
    # The Wasm host module hands in views of guest memory: the result must land there.
    a = rng.standard_normal((6, 4), dtype=np.float32)
    b = rng.standard_normal((4, 5), dtype=np.float32)
    memory = np.zeros((6, 10), dtype=np.float32)
    view = memory[:, ::2]
    result = gpu.matmul_into(view, a, b, backend="gpu")
    assert result.array is view
    _close(memory[:, ::2], a @ b, 4)
    assert not memory[:, 1::2].any()


def test_timing_record(adapter, rng):
    result = gpu.add(np.ones(1000), np.ones(1000), backend="gpu")
    t = result.timing
    assert t.backend == "gpu" and min(t.upload_ms, t.compute_ms, t.download_ms) >= 0
    assert t.compute_clock in ("gpu-timestamp", "wall-clock")
    if not adapter.timestamp_query:
        assert t.compute_clock == "wall-clock"
    assert t.total_ms == pytest.approx(t.upload_ms + t.compute_ms + t.download_ms)
    assert "upload" in t.describe()


def test_degenerate_shapes(adapter):
    empty = gpu.matmul(np.zeros((0, 3)), np.zeros((3, 4)), backend="gpu")
    assert empty.array.shape == (0, 4)
    zero_k = gpu.matmul(np.zeros((2, 0)), np.zeros((0, 3)), backend="gpu")
    np.testing.assert_array_equal(zero_k.array, np.zeros((2, 3)))
    assert gpu.sum_reduce(np.zeros(0), backend="gpu").array == 0.0


@pytest.mark.parametrize("call, message", [
    (lambda: gpu.matmul(np.ones((2, 3)), np.ones((2, 3)), backend="cpu"), "inner dimensions"),
    (lambda: gpu.matmul(np.ones(3), np.ones((3, 1)), backend="cpu"), "2-dimensional"),
    (lambda: gpu.matmul(np.ones((2, 2)), np.ones((2, 2)), variant="fast"), "unknown matmul variant"),
    (lambda: gpu.add(np.ones(3), np.ones(4), backend="cpu"), "shapes differ"),
    (lambda: gpu.relu(np.ones(3), backend="tpu"), "unknown backend"),
    (lambda: gpu.conv2d(np.ones((4, 4)), np.ones((2, 2)), backend="cpu"), "odd sizes"),
    (lambda: gpu.conv2d(np.ones((4, 4)), "sharpen", backend="cpu"), "unknown filter"),
    (lambda: gpu.relu(np.array(["a"]), backend="cpu"), "real numeric"),
    (lambda: gpu.relu(np.ones(3), out=np.ones(3, dtype=np.float64), backend="cpu"), "float32"),
])
def test_bad_inputs_raise_kernel_input_error(call, message):
    with pytest.raises(KernelInputError, match=message):
        call()
