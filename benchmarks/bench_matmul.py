"""Matrix multiplication: the three WGSL kernels against numpy, in one run on this machine.

    python benchmarks/bench_matmul.py               # n = 64 .. 2048 (.. 512 on a CPU adapter)
    python benchmarks/bench_matmul.py --max-n 256 --repeat 5

For each n it prints the best of --repeat runs (after one warm-up run that
compiles the shader): numpy's `a @ b`, the library's CPU fallback
(`matmul(backend="cpu")`, numpy plus the API's checks and copies), and for each
GPU variant the kernel time (GPU timestamps when available) with its GFLOP/s and
the total time including upload and download. Ratios are computed against
figures measured in the same run; nothing here is compared across machines.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from playground.gpu import matmul  # noqa: E402
from playground.gpu.device import manager  # noqa: E402
from playground.gpu.formatting import gflops  # noqa: E402

VARIANTS = ("naive", "tiled", "blocked")
SIZES = (64, 128, 256, 512, 1024, 2048)


def _best_numpy_ms(a: np.ndarray, b: np.ndarray, repeat: int) -> float:
    a @ b
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        a @ b
        best = min(best, (time.perf_counter() - start) * 1e3)
    return best


def _best(a: np.ndarray, b: np.ndarray, repeat: int, **options):
    matmul(a, b, **options)  # warm-up: pipeline compile, buffer allocation, driver JIT
    runs = [matmul(a, b, **options) for _ in range(repeat)]
    return min(runs, key=lambda r: r.timing.compute_ms), min(r.timing.total_ms for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-n", type=int, help="largest n (default 2048; 512 on a CPU/software adapter)")
    parser.add_argument("--min-n", type=int, default=64, help="smallest n (default 64)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (default 3)")
    args = parser.parse_args(argv)

    gpu = manager.unavailable_reason() is None
    if gpu:
        report = manager.report()
        clock = "GPU timestamp queries" if report.timestamp_query else "wall clock"
        print(f"adapter: {report.name} [{report.adapter_type}, {report.backend}]; kernel time by {clock}")
        default_max = 512 if report.adapter_type == "cpu" else 2048
    else:
        print(f"no GPU: {manager.unavailable_reason()}; only numpy is measured")
        default_max = 2048
    max_n = args.max_n or default_max
    sizes = [n for n in SIZES if args.min_n <= n <= max_n]

    header = f"{'n':>5} | {'numpy ms':>9} {'GF/s':>7} | {'fallback':>9}"
    if gpu:
        header += "".join(f" | {v + ' ms':>10} {'GF/s':>7} {'total ms':>9}" for v in VARIANTS)
    print(header)
    print("-" * len(header))
    table: dict[int, dict[str, float]] = {}
    rng = np.random.default_rng(0)
    for n in sizes:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        flops = 2.0 * n**3
        # numpy is cheap and its first calls after GPU work are noisy (thread wake-up): more runs.
        row = {"numpy": _best_numpy_ms(a, b, max(10, args.repeat))}
        row["fallback"] = _best(a, b, max(10, args.repeat), backend="cpu")[1]
        line = f"{n:>5} | {row['numpy']:>9.3f} {gflops(flops, row['numpy']):>7.2f} | {row['fallback']:>9.3f}"
        if gpu:
            for variant in VARIANTS:
                best, total = _best(a, b, args.repeat, backend="gpu", variant=variant)
                row[variant], row[variant + "_total"] = best.timing.compute_ms, total
                line += f" | {row[variant]:>10.3f} {gflops(flops, row[variant]):>7.2f} {total:>9.3f}"
        table[n] = row
        print(line, flush=True)

    ref = 512 if 512 in table else max(table, default=None)
    if ref is None:
        return 0
    r = table[ref]
    print(f"\nratios at n={ref} (kernel times, same run):")
    print(f"  CPU fallback time / bare a @ b:  {r['fallback'] / r['numpy']:.2f}x (the API's checks and copies)")
    if gpu:
        print(f"  tiled speed-up over naive:       {r['naive'] / r['tiled']:.2f}x")
        print(f"  blocked speed-up over tiled:     {r['tiled'] / r['blocked']:.2f}x")
        fastest = min(VARIANTS, key=lambda v: r[v])
        print(f"  fastest kernel ({fastest}) time / numpy: {r[fastest] / r['numpy']:.2f}x "
              f"(with transfers: {r[fastest + '_total'] / r['numpy']:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
