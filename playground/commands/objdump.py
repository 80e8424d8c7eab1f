"""`wasm-playground objdump`: show the sections, details and disassembly of a .wasm file."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "objdump"
HELP = "show the sections, details and disassembly of a .wasm file"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError(f"'{NAME}'", "the binary decoder (issue: Wasm engine I) is not built yet")
