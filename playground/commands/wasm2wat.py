"""`wasm-playground wasm2wat`: disassemble a binary (.wasm) to WebAssembly text.

    wasm-playground wasm2wat add.wasm [-o add.wat]

The text reassembles (`wat2wasm`) to the same bytes; debug names from the
`name` section become `$ids`. A binary whose blocks nest deeper than the
text parser reads (MAX_NESTING, 10,000 levels) is refused with that reason
instead of written as text that would not read back.
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
    from playground.commands.limit_options import add_input_option

    add_input_option(parser)


def nesting_depth(module) -> int:
    """The deepest nesting of blocks in any function body (`block`, `loop` and `if` open a level, `end` closes one)."""
    from playground.wasm.instructions import Arity, op

    end = op("end")
    deepest = 0
    for func in module.funcs:
        depth = 0
        for instr in func.body:
            o = instr.op
            if o.arity is Arity.BLOCK:
                depth += 1
                if depth > deepest:
                    deepest = depth
            elif o is end:
                depth -= 1
    return deepest


def main(args: argparse.Namespace) -> int:
    from playground.commands.limit_options import limits_from_args
    from playground.errors import PlaygroundError
    from playground.wasm.loader import SourceKind, parse_source, read_source, require
    from playground.wasm.text.parse_instr import MAX_NESTING
    from playground.wasm.text.print import print_module

    limit = limits_from_args(args).max_input_bytes
    module = parse_source(require(read_source(args.input, limit=limit), SourceKind.WASM))
    depth = nesting_depth(module)
    if depth > MAX_NESTING:
        raise PlaygroundError(
            f"{args.input}: blocks nest {depth:,} levels deep; the text format reader reads at most "
            f"{MAX_NESTING:,}, so this module has no text form it could read back (it still runs: run, debug)"
        )
    text = print_module(module).text
    if args.output:
        write(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
