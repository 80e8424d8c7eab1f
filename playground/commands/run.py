"""`wasm-playground run`: run an exported function of a .wat or .wasm file."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "run"
HELP = "run an exported function of a .wat or .wasm file"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError(f"'{NAME}'", "the interpreter (issue: Wasm engine II) is not built yet")
