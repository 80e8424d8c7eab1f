"""Every backend of the harness against numpy, as ratios measured in one run on this machine.

    python benchmarks/bench_backends.py                      # matmul, n = 16 .. 128
    python benchmarks/bench_backends.py --op filter --sizes 32,64,128 --budget 1

Prints the harness's Markdown table, then for each size how many times slower
than numpy each backend was (numpy measured in the same run; nothing is
compared across machines).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from playground.bench import run_bench, to_markdown  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--op", default="matmul", choices=("matmul", "filter", "mlp"))
    parser.add_argument("--sizes", default="16,32,64,128")
    parser.add_argument("--budget", type=float, default=2.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    records = run_bench(args.op, None, sizes, budget=args.budget)
    print(to_markdown(records))
    numpy = {r.size: r.seconds for r in records if r.backend == "numpy" and r.measured}
    print("times slower than numpy (same run):")
    for size in sizes:
        if size not in numpy:
            continue
        ratios = [f"{r.backend} {r.seconds / numpy[size]:.3g}x" for r in records
                  if r.size == size and r.measured and r.backend != "numpy"]
        print(f"  n={size}: " + ", ".join(ratios))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
