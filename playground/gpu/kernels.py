"""The GPU side of each kernel: which shader, which buffers, how many workgroups.

Arrays arrive here already checked and converted to contiguous float32 by
`ops.py`; each function fills `out` and returns the Timing of the call.
"""

from __future__ import annotations

import numpy as np

from playground.gpu.context import MAX_GROUPS, ComputeContext, Pass, grid_1d
from playground.gpu.errors import KernelInputError
from playground.gpu.timing import Timing

# variant -> (shader, rows of C per workgroup, columns of C per workgroup)
MATMUL_VARIANTS: dict[str, tuple[str, int, int]] = {
    "naive": ("matmul_naive.wgsl", 8, 8),
    "tiled": ("matmul_tiled.wgsl", 16, 16),
    "blocked": ("matmul_blocked.wgsl", 32, 32),
}

_ELEMENTWISE_WG = 256  # @workgroup_size of vector_add.wgsl and relu.wgsl
_REDUCE_PER_GROUP = 512  # inputs one workgroup of sum_reduce.wgsl adds up


def _params(*values: int) -> bytes:
    """A uniform `Params` struct of u32 fields, padded to 16 bytes (uniform structs align to 16)."""
    words = list(values) + [0] * (-len(values) % 4)
    return np.array(words, dtype=np.uint32).tobytes()


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _grid_2d(cols: int, rows: int, tile_x: int, tile_y: int) -> tuple[int, int, int]:
    groups = (_ceil_div(cols, tile_x), _ceil_div(rows, tile_y), 1)
    if max(groups) > MAX_GROUPS:
        raise KernelInputError(f"a {rows}x{cols} grid needs more than {MAX_GROUPS} workgroups in one dimension")
    return groups


def matmul_gpu(ctx: ComputeContext, a: np.ndarray, b: np.ndarray, variant: str, out: np.ndarray) -> Timing:
    """C = A @ B with the shader of `variant` ("naive", "tiled" or "blocked")."""
    shader, tile_m, tile_n = MATMUL_VARIANTS[variant]
    m, k = a.shape
    n = b.shape[1]
    return ctx.launch(
        inputs={"a": a, "b": b},
        uniforms={"params": _params(m, n, k)},
        scratch={"c": m * n * 4},
        passes=[Pass(shader, ("a", "b", "c", "params"), _grid_2d(n, m, tile_n, tile_m))],
        output="c",
        out=out,
    )


def add_gpu(ctx: ComputeContext, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> Timing:
    """Element-wise a + b over flattened arrays of one size."""
    groups = grid_1d(_ceil_div(a.size, _ELEMENTWISE_WG))
    return ctx.launch(inputs={"a": a, "b": b}, scratch={"out": a.nbytes},
                      passes=[Pass("vector_add.wgsl", ("a", "b", "out"), groups)], output="out", out=out)


def relu_gpu(ctx: ComputeContext, x: np.ndarray, out: np.ndarray) -> Timing:
    """Element-wise max(x, 0)."""
    groups = grid_1d(_ceil_div(x.size, _ELEMENTWISE_WG))
    return ctx.launch(inputs={"x": x}, scratch={"out": x.nbytes},
                      passes=[Pass("relu.wgsl", ("x", "out"), groups)], output="out", out=out)


def softmax_gpu(ctx: ComputeContext, x: np.ndarray, out: np.ndarray) -> Timing:
    """Row-wise softmax of a (rows, cols) matrix: one workgroup per row."""
    rows, cols = x.shape
    return ctx.launch(inputs={"x": x}, uniforms={"params": _params(rows, cols)}, scratch={"out": x.nbytes},
                      passes=[Pass("softmax.wgsl", ("x", "out", "params"), grid_1d(rows))], output="out", out=out)


def transpose_gpu(ctx: ComputeContext, x: np.ndarray, out: np.ndarray) -> Timing:
    """The transpose of a (rows, cols) matrix through 16x16 shared tiles."""
    rows, cols = x.shape
    return ctx.launch(inputs={"x": x}, uniforms={"params": _params(rows, cols)}, scratch={"out": x.nbytes},
                      passes=[Pass("transpose.wgsl", ("x", "out", "params"), _grid_2d(cols, rows, 16, 16))],
                      output="out", out=out)


def sum_reduce_gpu(ctx: ComputeContext, x: np.ndarray, out: np.ndarray) -> Timing:
    """The sum of all elements: levels of 512-to-1 partial sums until one value is left."""
    passes: list[Pass] = []
    uniforms: dict[str, bytes] = {}
    scratch: dict[str, int] = {}
    source, count, level = "x", x.size, 0
    while True:
        groups = _ceil_div(count, _REDUCE_PER_GROUP)
        target, params = f"partial{level}", f"params{level}"
        scratch[target] = groups * 4
        uniforms[params] = _params(count)
        passes.append(Pass("sum_reduce.wgsl", (source, target, params), grid_1d(groups)))
        if groups == 1:
            break
        source, count, level = target, groups, level + 1
    return ctx.launch(inputs={"x": x}, uniforms=uniforms, scratch=scratch, passes=passes, output=target, out=out)


def conv2d_gpu(ctx: ComputeContext, image: np.ndarray, kernel: np.ndarray, out: np.ndarray) -> Timing:
    """Same-size convolution with clamp-to-edge borders, one output pixel per invocation."""
    height, width = image.shape
    kh, kw = kernel.shape
    return ctx.launch(
        inputs={"image": image, "filter": kernel},
        uniforms={"params": _params(height, width, kh, kw)},
        scratch={"out": image.nbytes},
        passes=[Pass("conv2d.wgsl", ("image", "filter", "out", "params"), _grid_2d(width, height, 16, 16))],
        output="out",
        out=out,
    )
