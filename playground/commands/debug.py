"""`wasm-playground debug FILE --invoke NAME ARG...`: step through a function at a terminal prompt.

    wasm-playground debug samples/fib.wat --invoke fib 5
    printf 'b 9\\nc\\nstack\\nback\\nq\\n' | wasm-playground debug samples/fib.wat --invoke fib 5
    wasm-playground debug --replay session.json

Commands are read from stdin one per line (type `help`); each stop prints
the step, the reason and the current WAT line (disassembly line for .wasm).
Imports are served as by `run` (playground/hosts/): the host modules the
registry knows, printing stand-ins for other functions, and fresh memories,
tables and globals of their types (zeroed).
"""

from __future__ import annotations

import argparse
import sys

from playground.commands.trailing import reparse_trailing_options
from playground.errors import PlaygroundError

NAME = "debug"
HELP = "debug an exported function at a prompt (step, next, finish, back, breakpoints)"


class DebugUsageError(PlaygroundError):
    """Bad arguments for `debug`."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="a .wat or .wasm file")
    parser.add_argument("--invoke", metavar="NAME", help="the function to debug (export name, $name or index)")
    parser.add_argument("--break", dest="breaks", action="append", default=[], metavar="LINE",
                        help="a breakpoint line (or $func) set before the first command; repeatable")
    parser.add_argument("--trace", metavar="FILE", help="write an instruction trace to FILE ('-': stdout)")
    parser.add_argument("--replay", metavar="SESSION", help="replay a session saved with the `save` command")
    parser.add_argument("--commands", metavar="FILE", help="read commands from FILE instead of stdin")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the function's arguments")


def main(args: argparse.Namespace) -> int:
    from playground.debug.cli_prompt import Prompt
    from playground.debug.session import DebugSession

    reparse_trailing_options(args._parser, args)
    if args.replay:
        from playground.debug.replay import load_session

        session = load_session(args.replay)
        session.announce("replay", f"replayed {args.replay} to step {session.step}")
    else:
        if not args.file or not args.invoke:
            raise DebugUsageError("usage: wasm-playground debug FILE --invoke NAME [ARG...] (or --replay SESSION)")
        from playground.debug.source import load_program
        from playground.hosts import host_imports, print_output

        program = load_program(args.file)
        session = DebugSession(program, imports=host_imports(program.module, print_output))
        session.start(args.invoke, args.args)
    trace_file = None
    if args.trace:
        from playground.debug.trace import Tracer

        trace_file = sys.stdout if args.trace == "-" else open(args.trace, "w")
        session.set_tracer(Tracer(trace_file))
    prompt = Prompt(session, sys.stdout)
    try:
        for place in args.breaks:
            prompt.execute(f"b {place}")
        if args.commands:
            with open(args.commands) as commands:
                prompt.run(commands)
        else:
            prompt.run(sys.stdin, echo_prompt=sys.stdin.isatty())
    finally:
        if trace_file is not None and trace_file is not sys.stdout:
            trace_file.close()
    return 0
