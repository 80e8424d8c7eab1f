"""The shipped digit classifier loads and classifies its held-out images."""

from __future__ import annotations

import numpy as np
import pytest

from playground.demos import digits


def test_model_and_test_set_load():
    model = digits.load_model()
    assert model.sizes == [64, 32, 10]
    images, labels = digits.load_test_set()
    assert images.shape == (360, 64) and labels.shape == (360,)
    assert images.max() <= 16 and set(np.unique(labels)) == set(range(10))


def test_reference_accuracy_on_held_out_split():
    model = digits.load_model()
    images, labels = digits.load_test_set()
    probabilities = digits.predict_reference(model, images)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    accuracy = (probabilities.argmax(axis=1) == labels).mean()
    assert accuracy > 0.93, accuracy


def test_bad_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"nope")
    with pytest.raises(digits.ModelFileError, match="not a MLP1 file"):
        digits.load_model(bad)
    with pytest.raises(digits.ModelFileError, match="cannot read"):
        digits.load_test_set(tmp_path / "missing.bin")
