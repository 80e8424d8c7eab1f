"""One benchmark harness for `wasm-playground bench` and the GUI's Compare view.

    from playground.bench import run_bench, to_markdown, write_csv
    records = run_bench("matmul", ["numpy", "wasm", "gpu-tiled"], [16, 32, 64], budget=2.0)
    print(to_markdown(records))

Operations (workloads.py): matmul, filter (3x3 box blur), mlp (the digit
classifier). Backends (backends.py): GPU WGSL kernels, numpy, plain Python,
our Wasm interpreter (scalar and SIMD kernels), wasmtime, and the Wasm guest
calling the `gpu` host module. The loop and its time budget: harness.py.
Records and their Markdown, CSV and chart forms: records.py.
"""

from playground.bench.backends import BACKENDS, backends_for, resolve_backends
from playground.bench.harness import DEFAULT_BUDGET, DEFAULT_REPEAT, BenchError, run_bench
from playground.bench.records import (
    CANCELLED,
    ERROR,
    MISMATCH,
    OK,
    SKIPPED,
    UNAVAILABLE,
    BenchRecord,
    chart_series,
    read_csv,
    to_csv,
    to_markdown,
    write_csv,
)
from playground.bench.workloads import DEFAULT_SIZES, OPERATIONS, SIZE_MEANING

__all__ = [
    "BACKENDS",
    "CANCELLED",
    "DEFAULT_BUDGET",
    "DEFAULT_REPEAT",
    "DEFAULT_SIZES",
    "ERROR",
    "MISMATCH",
    "OK",
    "OPERATIONS",
    "SIZE_MEANING",
    "SKIPPED",
    "UNAVAILABLE",
    "BenchError",
    "BenchRecord",
    "backends_for",
    "chart_series",
    "read_csv",
    "resolve_backends",
    "run_bench",
    "to_csv",
    "to_markdown",
    "write_csv",
]
