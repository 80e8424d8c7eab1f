"""`wasm-playground wasm2wat`: disassemble a binary (.wasm) to WebAssembly text."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "wasm2wat"
HELP = "disassemble a binary (.wasm) to WebAssembly text"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError(f"'{NAME}'", "the disassembler (issue: Wasm engine I) is not built yet")
