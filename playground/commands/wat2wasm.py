"""`wasm-playground wat2wasm`: assemble WebAssembly text (.wat) to a binary (.wasm)."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "wat2wasm"
HELP = "assemble WebAssembly text (.wat) to a binary (.wasm)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError(f"'{NAME}'", "the WAT assembler (issue: Wasm engine I) is not built yet")
