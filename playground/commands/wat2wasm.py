"""`wasm-playground wat2wasm`: assemble WebAssembly text (.wat) to a binary (.wasm).

    wasm-playground wat2wasm add.wat -o add.wasm [--debug-names] [--no-check]

The module is validated before it is written (unless `--no-check`). A
malformed or invalid module prints one line `error: FILE:LINE:COL: message`
and exits 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playground.commands.files import write

NAME = "wat2wasm"
HELP = "assemble WebAssembly text (.wat) to a binary (.wasm)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="the .wat file to assemble")
    parser.add_argument("-o", "--output", help="the .wasm file to write (default: INPUT with .wasm)")
    parser.add_argument("--debug-names", action="store_true", help="write a `name` section from the $ids")
    parser.add_argument("--no-check", action="store_true", help="do not validate the module")
    from playground.commands.limit_options import add_input_option

    add_input_option(parser)
    from playground.commands.feature_options import add_feature_option

    add_feature_option(parser)


def main(args: argparse.Namespace) -> int:
    from playground.commands.limit_options import limits_from_args
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.loader import SourceKind, parse_source, read_source, require

    limit = limits_from_args(args).max_input_bytes
    module = parse_source(require(read_source(args.input, limit=limit), SourceKind.WAT))
    if not args.no_check:
        from playground.wasm.validate import validate_module

        validate_module(module, features=args.features)
    data = encode_module(module, names=args.debug_names)
    output = Path(args.output) if args.output else Path(args.input).with_suffix(".wasm")
    write(output, data)
    note = "not validated" if args.no_check else "validated"
    print(f"wrote {output} ({len(data)} bytes, {note})")
    return 0
