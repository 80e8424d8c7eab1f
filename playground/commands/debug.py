"""`wasm-playground debug FILE --invoke NAME ARG...`: step through a function at a terminal prompt.

    wasm-playground debug samples/fib.wat --invoke fib 5
    printf 'b 9\\nc\\nstack\\nback\\nq\\n' | wasm-playground debug samples/fib.wat --invoke fib 5
    wasm-playground debug --replay session.json

Commands are read from stdin one per line (type `help`); each stop prints
the step, the reason and the current WAT line (disassembly line for .wasm).
Ctrl+C while the program runs pauses it at the current instruction, as in
gdb, and the prompt comes back. Each command runs under `run`'s limits
(limit_options.py): reaching the instruction or time limit pauses the
program there with the limit's message, and `c` goes on for as much again.
Imports are served as by `run` (playground/hosts/): the host modules the
registry knows, printing stand-ins for other functions, and fresh memories,
tables and globals of their types (zeroed).

A WASI program takes `run`'s options (`--dir`, `--env`, `--real-time`,
`--real-random`, then its arguments after `--`) and is debugged from `_start`
without `--invoke`; a reactor's `_initialize` runs before the debugged
function. Its standard input is `--stdin FILE` (empty without it: the
debugger reads its commands from stdin). `proc_exit` ends the session
cleanly, "exited" with the program's status; stepping back from there works.

A .wasm built with DWARF (`wasm-playground cc prog.c`) is debugged by C line
with gdb's commands (debug/c_prompt.py: `b prog.c:12`, `s`, `n`, `rs`, `rn`,
`bt`, `p pt`, `info locals`); its sources are looked for where the compiler
recorded them, beside the .wasm, and in each `--source-dir DIR`.
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
    parser.add_argument("--source-dir", dest="source_dirs", action="append", default=[], metavar="DIR",
                        help="where to look for the C sources of a .wasm built with -g (beside the .wasm already); repeatable")
    parser.add_argument("--stdin", dest="guest_stdin", metavar="FILE",
                        help="a WASI program's standard input (default: empty; the debugger's commands come from stdin)")
    from playground.commands.wasi_options import add_wasi_options

    add_wasi_options(parser)
    from playground.commands.limit_options import add_limit_options

    add_limit_options(parser)
    from playground.commands.feature_options import add_feature_option

    add_feature_option(parser)
    from playground.commands.engine_option import add_debug_engine_option

    add_debug_engine_option(parser)
    parser.add_argument("args", nargs=argparse.REMAINDER,
                        help="the function's arguments (a WASI program's command-line arguments, after --)")


def main(args: argparse.Namespace) -> int:
    from playground.commands.limit_options import limits_from_args
    from playground.debug.cli_prompt import Prompt

    reparse_trailing_options(args._parser, args)
    args.limits = limits_from_args(args)
    wasi = None
    if args.replay:
        from playground.debug.replay import load_session

        session = load_session(args.replay, limits=args.limits, engine=args.engine)
        session.announce("replay", f"replayed {args.replay} to step {session.step}")
    else:
        session, wasi = _new_session(args)
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
        if wasi is not None:
            wasi.close()
            stdin = wasi.config.stdin
            if hasattr(stdin, "close"):
                stdin.close()
    return 0


def _new_session(args: argparse.Namespace):
    """The session `debug FILE ...` asks for, started; and its WasiHost (None for a module without WASI)."""
    from playground.commands.wasi_options import no_start_message, wasi_host
    from playground.debug.session import DebugSession
    from playground.debug.source import load_program
    from playground.hosts import host_imports, limit_output, print_output
    from playground.hosts.wasi import initialize

    if not args.file:
        raise DebugUsageError("usage: wasm-playground debug FILE --invoke NAME [ARG...] (or --replay SESSION)")
    limits = args.limits
    program = load_program(args.file, limit=limits.max_input_bytes)
    module = program.module
    from playground.wasm.validate import check_features

    check_features(module, args.features)
    exports = {exp.name for exp in module.exports}
    name = args.invoke
    command = name is None and "_start" in exports
    stdin = open(args.guest_stdin, "rb") if args.guest_stdin else b""  # (WasiHost.close does not close it: main does)
    wasi = wasi_host(args, module, args.args if command else [], stdin=stdin, output=print_output,
                     max_output_bytes=limits.max_output_bytes)
    if name is None:
        if wasi is None or not command:
            if wasi is not None:
                raise DebugUsageError(no_start_message(args.file, module))
            raise DebugUsageError("usage: wasm-playground debug FILE --invoke NAME [ARG...] (or --replay SESSION)")
        name = "_start"
    options = {"wasi_host": wasi} if wasi is not None else {}
    output = limit_output(print_output, limits.max_output_bytes)
    from playground.debug.sourcemaps.dwarf import dwarf_source_map

    def note(text: str) -> None:
        print(f"note: {text}", file=sys.stderr)

    source_map = dwarf_source_map(program, source_dirs=args.source_dirs, on_note=note) if program.is_binary else None
    session = DebugSession(program, source_map=source_map, imports=host_imports(module, output, limits=limits, **options), limits=limits,
                           engine=args.engine)
    if wasi is not None and not command:
        initialize(session.instance)  # a reactor's _initialize, before the debugged function (not stepped)
    session.start(name, [] if command else args.args)
    return session, wasi
