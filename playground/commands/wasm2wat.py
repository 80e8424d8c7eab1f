"""`wasm-playground wasm2wat`: disassemble a binary (.wasm) to WebAssembly text.

    wasm-playground wasm2wat add.wasm [-o add.wat]

The text reassembles (`wat2wasm`) to the same bytes; debug names from the
`name` section become `$ids`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playground.errors import PlaygroundError

NAME = "wasm2wat"
HELP = "disassemble a binary (.wasm) to WebAssembly text"


class FileError(PlaygroundError):
    """A file that cannot be read or written."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="the .wasm file to disassemble")
    parser.add_argument("-o", "--output", help="the .wat file to write (default: standard output)")


def main(args: argparse.Namespace) -> int:
    from playground.wasm.binary.decode import decode_module
    from playground.wasm.text.print import print_module

    try:
        data = Path(args.input).read_bytes()
    except OSError as exc:
        raise FileError(f"cannot read {args.input}: {exc.strerror or exc}") from None
    text = print_module(decode_module(data, file=args.input)).text
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FileError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0
