"""The digit classifier as a Wasm guest calling the `gpu` host module agrees with the numpy reference."""

from __future__ import annotations

import numpy as np
import pytest

from playground.demos.digits import load_model, load_test_set, predict_reference
from playground.demos.digits_guest import DigitsGuest, DigitsInputError, predict_per_backend


def _require_gpu() -> None:
    from playground.gpu.device import manager

    reason = manager.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no GPU adapter: {reason}")


@pytest.fixture(scope="module")
def data():
    return load_model(), *load_test_set()


@pytest.fixture(params=["gpu", "cpu"])
def backend(request):
    if request.param == "gpu":
        _require_gpu()
    return request.param


def test_guest_agrees_with_reference(backend, data):
    model, images, labels = data
    guest = DigitsGuest(backend)
    for index in range(0, 40, 5):
        result = guest.predict(images[index])
        reference = predict_reference(model, images[index])[0]
        np.testing.assert_allclose(result.probabilities, reference, atol=1e-5)
        assert result.digit == int(np.argmax(reference))
        assert result.backend == backend
        assert [c.name for c in result.calls] == ["matmul", "add", "relu", "matmul", "add", "softmax"]
        assert result.kernel_ms >= 0 and result.wall_ms > 0


def test_known_test_image_is_classified_correctly(backend, data):
    _, images, labels = data
    result = DigitsGuest(backend).predict(images[0])
    assert result.digit == int(labels[0])
    assert result.probabilities[result.digit] > 0.5
    assert f"digit {result.digit}" in result.describe()


def test_accuracy_matches_the_shipped_model(data):
    _, images, labels = data
    guest = DigitsGuest("cpu")
    correct = sum(guest.predict(images[i]).digit == labels[i] for i in range(100))
    assert correct >= 90  # the model scores 96% on the whole test set


def test_predict_per_backend(data):
    _, images, _ = data
    results = predict_per_backend(images[3], ["cpu"])
    assert list(results) == ["cpu"]


def test_bad_pixels_are_rejected():
    guest = DigitsGuest("cpu")
    with pytest.raises(DigitsInputError):
        guest.predict(np.zeros(63))
    with pytest.raises(DigitsInputError):
        guest.predict(np.full(64, 300))
