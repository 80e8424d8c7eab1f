"""The tiny digit classifier: its trained weights, its test images, and the numpy reference.

The files come from `samples/train_digits.py` (see its docstring for the
format); running the demo never needs scikit-learn.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.errors import PlaygroundError
from playground.resources import sample_path

MODEL_FILE = "digits_mlp.bin"
TEST_FILE = "digits_test.bin"
PIXEL_MAX = 16.0  # the data set's pixels run 0..16; inputs are scaled by 1/16


class ModelFileError(PlaygroundError):
    """A weights or test-set file that is missing or not in the expected format."""


@dataclass(frozen=True)
class Layer:
    weights: np.ndarray  # (inputs, outputs) float32, y = x @ weights + bias
    bias: np.ndarray  # (outputs,) float32


@dataclass(frozen=True)
class Mlp:
    layers: tuple[Layer, ...]

    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].weights.shape[0]] + [layer.weights.shape[1] for layer in self.layers]


def load_model(path: Path | None = None) -> Mlp:
    """Read `digits_mlp.bin` (the shipped one by default)."""
    data = _read(path or sample_path(MODEL_FILE), b"MLP1")
    (count,), offset = struct.unpack_from("<I", data, 4), 8
    layers = []
    try:
        for _ in range(count):
            inputs, outputs = struct.unpack_from("<II", data, offset)
            offset += 8
            weights = np.frombuffer(data, "<f4", inputs * outputs, offset).reshape(inputs, outputs)
            offset += 4 * inputs * outputs
            bias = np.frombuffer(data, "<f4", outputs, offset)
            offset += 4 * outputs
            layers.append(Layer(weights.astype(np.float32), bias.astype(np.float32)))
    except (struct.error, ValueError) as exc:
        raise ModelFileError(f"{path or MODEL_FILE}: truncated model file ({exc})") from None
    return Mlp(tuple(layers))


def load_test_set(path: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The held-out images (count, 64) uint8 in 0..16 and their labels (count,) uint8."""
    data = _read(path or sample_path(TEST_FILE), b"DIG1")
    (count,) = struct.unpack_from("<I", data, 4)
    records = np.frombuffer(data, np.uint8, count * 65, 8).reshape(count, 65)
    return records[:, :64].copy(), records[:, 64].copy()


def _read(path: Path, magic: bytes) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ModelFileError(f"cannot read {path}: {exc.strerror}") from None
    if data[:4] != magic:
        raise ModelFileError(f"{path}: not a {magic.decode()} file")
    return data


def preprocess(pixels: np.ndarray) -> np.ndarray:
    """Scale 0..16 pixels to 0..1 float32, as the Wasm guest does."""
    return np.asarray(pixels, dtype=np.float32) / np.float32(PIXEL_MAX)


def predict_reference(model: Mlp, pixels: np.ndarray) -> np.ndarray:
    """Class probabilities computed with numpy: ReLU between layers, softmax at the end."""
    x = preprocess(pixels).reshape(-1, model.sizes[0])
    for i, layer in enumerate(model.layers):
        x = x @ layer.weights + layer.bias
        if i < len(model.layers) - 1:
            x = np.maximum(x, 0.0)
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
