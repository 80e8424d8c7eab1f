"""Train the tiny digit classifier used by the inference demo, with numpy alone.

    python samples/train_digits.py        (needs scikit-learn, for its digits data set only)

The 8x8 handwritten digits of scikit-learn (1797 images, pixel values 0..16)
are split 80/20 (stratified, seed 0). A two-layer perceptron, 64 -> 32 (ReLU)
-> 10 (softmax), is trained by mini-batch gradient descent with Adam on the
cross-entropy. Inputs are scaled by 1/16, the same preprocessing the Wasm guest
(`digits_mlp.wat`) does in Wasm before calling the `gpu` host module.

Writes, next to this script:
- `digits_mlp.bin`: b"MLP1", u32 layer count, then per layer u32 inputs,
  u32 outputs, f32 weights (inputs x outputs, row-major: y = x @ W + b), f32 bias.
- `digits_test.bin`: b"DIG1", u32 count, then per image 64 u8 pixels and a u8 label:
  the held-out split, so the demo can show real test images without scikit-learn.
Prints the accuracy on the held-out split.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
HIDDEN = 32
EPOCHS = 200
BATCH = 64
LEARNING_RATE = 0.01


def load_split():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    return train_test_split(
        digits.data.astype(np.uint8), digits.target.astype(np.uint8), test_size=0.2, stratify=digits.target, random_state=0
    )


def forward(params, x):
    w1, b1, w2, b2 = params
    hidden = np.maximum(x @ w1 + b1, 0.0)
    logits = hidden @ w2 + b2
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    return hidden, probabilities


def train(x_train, y_train, seed=0):
    rng = np.random.default_rng(seed)
    params = [
        rng.normal(0, np.sqrt(2 / 64), (64, HIDDEN)).astype(np.float32),
        np.zeros(HIDDEN, np.float32),
        rng.normal(0, np.sqrt(2 / HIDDEN), (HIDDEN, 10)).astype(np.float32),
        np.zeros(10, np.float32),
    ]
    moments = [np.zeros_like(p) for p in params]
    velocities = [np.zeros_like(p) for p in params]
    x = x_train.astype(np.float32) / 16.0
    onehot = np.eye(10, dtype=np.float32)[y_train]
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            batch = order[start : start + BATCH]
            xb, yb = x[batch], onehot[batch]
            hidden, probabilities = forward(params, xb)
            d_logits = (probabilities - yb) / len(batch)
            d_hidden = (d_logits @ params[2].T) * (hidden > 0)
            grads = [xb.T @ d_hidden, d_hidden.sum(0), hidden.T @ d_logits, d_logits.sum(0)]
            step += 1
            for i, grad in enumerate(grads):  # Adam
                moments[i] = 0.9 * moments[i] + 0.1 * grad
                velocities[i] = 0.999 * velocities[i] + 0.001 * grad * grad
                m_hat = moments[i] / (1 - 0.9**step)
                v_hat = velocities[i] / (1 - 0.999**step)
                params[i] -= (LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)).astype(np.float32)
    return params


def save_model(params, path: Path) -> None:
    w1, b1, w2, b2 = params
    with open(path, "wb") as out:
        out.write(b"MLP1" + struct.pack("<I", 2))
        for weights, bias in ((w1, b1), (w2, b2)):
            out.write(struct.pack("<II", *weights.shape))
            out.write(np.ascontiguousarray(weights, dtype="<f4").tobytes())
            out.write(np.ascontiguousarray(bias, dtype="<f4").tobytes())


def save_test_set(images, labels, path: Path) -> None:
    with open(path, "wb") as out:
        out.write(b"DIG1" + struct.pack("<I", len(images)))
        for image, label in zip(images, labels):
            out.write(image.astype(np.uint8).tobytes() + bytes([int(label)]))


def main() -> None:
    x_train, x_test, y_train, y_test = load_split()
    params = train(x_train, y_train)
    _, probabilities = forward(params, x_test.astype(np.float32) / 16.0)
    accuracy = float((probabilities.argmax(1) == y_test).mean())
    save_model(params, HERE / "digits_mlp.bin")
    save_test_set(x_test, y_test, HERE / "digits_test.bin")
    print(f"trained 64-{HIDDEN}-10 MLP on {len(x_train)} images; held-out accuracy {accuracy:.4f} on {len(x_test)} images")


if __name__ == "__main__":
    main()
