"""`wasm-playground bench`: compare GPU, numpy SIMD and the interpreter on the same work."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "bench"
HELP = "compare GPU, numpy SIMD and the interpreter on the same work"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError(f"'{NAME}'", "the benchmark harness (issue: Compare demos) is not built yet")
