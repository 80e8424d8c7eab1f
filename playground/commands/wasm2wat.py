"""`wasm-playground wasm2wat`: disassemble a binary (.wasm) to WebAssembly text.

    wasm-playground wasm2wat add.wasm [-o add.wat]

The text reassembles (`wat2wasm`) to the same bytes; debug names from the
`name` section become `$ids`.
"""

from __future__ import annotations

import argparse
import sys

from playground.commands.files import write

NAME = "wasm2wat"
HELP = "disassemble a binary (.wasm) to WebAssembly text"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="the .wasm file to disassemble")
    parser.add_argument("-o", "--output", help="the .wat file to write (default: standard output)")


def main(args: argparse.Namespace) -> int:
    from playground.wasm.loader import SourceKind, parse_source, read_source, require
    from playground.wasm.text.print import print_module

    text = print_module(parse_source(require(read_source(args.input), SourceKind.WASM))).text
    if args.output:
        write(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
