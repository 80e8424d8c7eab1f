"""`wasm-playground gpu`: GPU compute through WGSL shaders (info, run, matmul)."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "gpu"
HELP = "GPU compute: adapter info, run a WGSL shader, matmul"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError("'gpu'", "the GPU backend (issue: GPU compute backend) is not built yet")
