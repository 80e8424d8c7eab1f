"""samples/train_digits.py runs too: its training on synthetic data, and its files read back by the demo.

scikit-learn (only needed to fetch the real digits) is not a dependency, so
the full retraining runs only where it is installed.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from playground.demos import digits
from playground.resources import sample_path


def _script():
    spec = importlib.util.spec_from_file_location("train_digits", sample_path("train_digits.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_learns_a_separable_problem_and_its_files_load(tmp_path, monkeypatch):
    script = _script()
    monkeypatch.setattr(script, "EPOCHS", 60)
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 300).astype(np.uint8)
    images = np.zeros((300, 64), np.uint8)
    images[np.arange(300), labels * 6] = 16  # each class lights its own pixel
    params = script.train(images, labels)
    script.save_model(params, tmp_path / "model.bin")
    script.save_test_set(images[:20], labels[:20], tmp_path / "test.bin")

    model = digits.load_model(tmp_path / "model.bin")
    test_images, test_labels = digits.load_test_set(tmp_path / "test.bin")
    assert model.sizes == [64, script.HIDDEN, 10]
    assert np.array_equal(test_images, images[:20]) and np.array_equal(test_labels, labels[:20])
    predicted = digits.predict_reference(model, images).argmax(axis=1)
    assert (predicted == labels).mean() == 1.0
    _, script_probabilities = script.forward(params, images.astype(np.float32) / 16)
    np.testing.assert_allclose(digits.predict_reference(model, images), script_probabilities, atol=1e-5)


def test_full_retraining_reaches_the_shipped_accuracy(tmp_path, monkeypatch):
    pytest.importorskip("sklearn", reason="scikit-learn is only needed to retrain the digit model")
    script = _script()
    monkeypatch.setattr(script, "HERE", tmp_path)
    script.main()
    images, labels = digits.load_test_set(tmp_path / "digits_test.bin")
    accuracy = (digits.predict_reference(digits.load_model(tmp_path / "digits_mlp.bin"), images).argmax(1) == labels).mean()
    assert accuracy > 0.93
