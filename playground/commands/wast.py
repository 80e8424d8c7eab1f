"""`wasm-playground wast`: run WebAssembly spec test scripts (.wast)."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "wast"
HELP = "run WebAssembly spec test scripts (.wast)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError(f"'{NAME}'", "the spec test runner (issue: Wasm engine II) is not built yet")
