"""The "plain Python" backend: the three workloads as loops over Python lists, no numpy inside.

They show what the interpreter of Python itself costs, next to the Wasm
interpreter (written in Python) and compiled code. Inputs are converted to
lists before timing starts; the result is converted back afterwards.
"""

from __future__ import annotations

import math


def matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    """C = A @ B, i-k-j order (the fastest pure-Python order: rows of B and C stay in hand)."""
    n, m = len(b), len(b[0]) if b else 0
    out = []
    for row in a:
        c_row = [0.0] * m
        for k in range(n):
            aik, b_row = row[k], b[k]
            for j in range(m):
                c_row[j] += aik * b_row[j]
        out.append(c_row)
    return out


def conv3x3(image: list[list[float]], kernel: list[list[float]]) -> list[list[float]]:
    """Same-size 3x3 cross-correlation with clamp-to-edge borders."""
    h = len(image)
    w = len(image[0]) if h else 0
    out = []
    for y in range(h):
        rows = [image[min(max(y + dy, 0), h - 1)] for dy in (-1, 0, 1)]
        out_row = []
        for x in range(w):
            xs = (max(x - 1, 0), x, min(x + 1, w - 1))
            acc = 0.0
            for krow, row in zip(kernel, rows):
                acc += krow[0] * row[xs[0]] + krow[1] * row[xs[1]] + krow[2] * row[xs[2]]
            out_row.append(acc)
        out.append(out_row)
    return out


def mlp(images: list[list[int]], layers: list[tuple[list[list[float]], list[float]]]) -> list[list[float]]:
    """Class probabilities for each image: scale by 1/16, dense layers with ReLU between, softmax."""
    out = []
    for pixels in images:
        x = [p / 16.0 for p in pixels]
        for index, (weights, bias) in enumerate(layers):
            y = list(bias)
            for xi, w_row in zip(x, weights):
                if xi:
                    for j, w in enumerate(w_row):
                        y[j] += xi * w
            x = [v if v > 0 else 0.0 for v in y] if index < len(layers) - 1 else y
        top = max(x)
        exps = [math.exp(v - top) for v in x]
        total = sum(exps)
        out.append([e / total for e in exps])
    return out
