"""`wasm-playground bench`: compare GPU, numpy SIMD, Python and the Wasm engines on the same work.

    wasm-playground bench --op matmul --sizes 16,32,64 --budget 2
    wasm-playground bench --op filter --backends gpu,numpy,wasm-simd --csv filter.csv --png filter.png
    wasm-playground bench --list

Prints a Markdown table (one row per backend and size: best time, GFLOP/s,
max abs error against numpy in float64, status). A backend too slow for the
per-point time budget stops at the last size it could finish; the table says
so. --png draws the charts of the Compare view offscreen.
"""

from __future__ import annotations

import argparse
import sys

from playground.errors import PlaygroundError

NAME = "bench"
HELP = "compare GPU, numpy SIMD, Python and the Wasm engines on the same work"
OPERATIONS = ("matmul", "filter", "mlp")


class BenchUsageError(PlaygroundError):
    """Bad arguments for `bench`."""


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated sizes like 16,32,64, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive integers, got {text!r}")
    return sizes


def _budget(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--op", choices=OPERATIONS, default="matmul",
                        help="what to compute: matmul (n x n), filter (3x3 blur of an n x n image), "
                        "mlp (the digit classifier on a batch of n images); default matmul")
    parser.add_argument("--sizes", type=_sizes, metavar="N,N,...", help="sizes to run (default depends on --op)")
    parser.add_argument("--backends", metavar="NAME,...",
                        help="backends to run (default: all that run the operation; see --list)")
    parser.add_argument("--budget", type=_budget, default=None, metavar="SECONDS",
                        help="time budget per point: slower backends stop early (default 2)")
    parser.add_argument("--repeat", type=int, default=None, metavar="N", help="runs per point, best kept (default 3)")
    parser.add_argument("--csv", metavar="FILE", help="also write the records as CSV")
    parser.add_argument("--png", metavar="FILE", help="also draw the charts into a PNG (offscreen Qt)")
    parser.add_argument("--list", action="store_true", help="list the backends and what they run, then exit")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def _list_backends() -> int:
    from playground.bench import BACKENDS

    for name, backend in BACKENDS.items():
        missing = backend.unavailable()
        status = f"  [unavailable: {missing}]" if missing else ""
        print(f"{name:14} {', '.join(backend.operations):20} {backend.description}{status}")
    return 0


def main(args: argparse.Namespace) -> int:
    import logging

    from playground.bench import DEFAULT_BUDGET, DEFAULT_REPEAT, run_bench, to_markdown, write_csv

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.list:
        return _list_backends()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()] if args.backends else None
    if args.repeat is not None and args.repeat < 1:
        raise BenchUsageError("--repeat must be at least 1")
    show_progress = not args.quiet and sys.stderr.isatty()

    def progress(record, done: int, total: int) -> None:
        if show_progress:
            detail = f"{record.seconds * 1e3:.3f} ms" if record.measured else record.status
            print(f"[{done}/{total}] {record.backend} n={record.size}: {detail}", file=sys.stderr)

    records = run_bench(args.op, backends, args.sizes, budget=args.budget or DEFAULT_BUDGET,
                        repeat=args.repeat or DEFAULT_REPEAT, progress=progress)
    print(to_markdown(records), end="")
    if args.csv:
        try:
            write_csv(records, args.csv)
        except OSError as exc:
            raise BenchUsageError(f"cannot write {args.csv}: {exc.strerror}") from None
    if args.png:
        from playground.ui.demos.charts import render_png

        try:
            render_png(records, args.png)
        except OSError as exc:
            raise BenchUsageError(f"cannot write {args.png}: {exc}") from None
    return 0
