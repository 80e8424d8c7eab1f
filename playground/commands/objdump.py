"""`wasm-playground objdump`: show the sections, details and disassembly of a .wasm file."""

from __future__ import annotations

import argparse

NAME = "objdump"
HELP = "show the sections, details and disassembly of a .wasm file"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="IN.wasm", help="binary modules to show")
    # `-h` means headers, as in wasm-objdump: a group created under the "resolve"
    # policy takes `-h` from the help action, which keeps `--help`.
    parser.conflict_handler = "resolve"
    group = parser.add_argument_group("what to show")
    group.add_argument("-h", "--headers", action="store_true", help="print the section headers")
    group.add_argument("-x", "--details", action="store_true", help="show section details")
    group.add_argument("-d", "--disassemble", action="store_true", help="disassemble function bodies")
    group.add_argument("-s", "--full-contents", action="store_true", help="print raw section contents")
    group.add_argument("-j", "--section", metavar="SECTION", help="select just one section")
    from playground.commands.limit_options import add_input_option

    add_input_option(parser)


def main(args: argparse.Namespace) -> int:
    from playground.commands.limit_options import limits_from_args
    from playground.wasm.loader import read_file
    from playground.wasm.objdump import objdump

    limit = limits_from_args(args).max_input_bytes
    for path in args.files:
        text = objdump(
            read_file(path, limit=limit),
            path,
            headers=args.headers,
            details=args.details,
            disassemble=args.disassemble,
            contents=args.full_contents,
            section=args.section,
        )
        print(text, end="")
    return 0
