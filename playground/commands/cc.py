"""`wasm-playground cc`: compile C to WebAssembly with zig (the optional `c` extra).

    wasm-playground cc loop.c                         # -O0 -g: loop.wasm, ready to debug by C line
    wasm-playground cc saxpy.c -O2 --simd -o saxpy.wasm
    wasm-playground cc lib.c --reactor --export add   # a library: _initialize, then call add
    wasm-playground cc tiny.c --freestanding          # no libc: every non-static function exported

The defaults suit learning: `-O0 -g` (every variable in memory, every line
its instructions) and no UBSan. Compiler errors print as
`file:line:col: error: message`, one a line, and exit 1; warnings print the
same way and the compile goes on. The first compile builds zig's C library
(about 30 s) and says so. `cc --version` names the zig used and how it
was found (PLAYGROUND_ZIG, the ziglang package, or PATH: toolchain/which_zig.py);
a zig other than the samples' release gets one warning line. Without the
toolchain: one line saying what this installation can do (`pip install
'wasm-playground[c]'`, or in the standalone application, install zig),
exit 3. C++ sources (`.cpp`, `.cc`, `.cxx`, or `--c++`) go to zig's `c++`,
with `-fno-exceptions`: the engine has no exception handling.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "cc"
HELP = "compile C (or C++) to WebAssembly (zig's clang and wasi-libc; -O0 -g by default)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="FILE", help="the C files to compile (and link together)")
    parser.add_argument("-o", "--output", metavar="OUT", help="the .wasm to write (default: the first FILE with .wasm)")
    parser.add_argument("--c++", dest="cxx", action="store_true",
                        help="compile as C++ (the default for .cpp, .cc and .cxx files), without exceptions")
    levels = parser.add_mutually_exclusive_group()
    for level in ("-O0", "-O1", "-O2", "-O3", "-Os", "-Oz"):
        levels.add_argument(level, dest="opt", action="store_const", const=level,
                            help="the optimisation level: -O0 (the default), -O1, -O2, -O3, -Os or -Oz"
                            if level == "-O0" else argparse.SUPPRESS)
    parser.set_defaults(opt="-O0")
    parser.add_argument("-g", dest="debug", action="store_true", default=True, help="DWARF debug information (the default)")
    parser.add_argument("-g0", dest="debug", action="store_false", help="no debug information (and no names)")
    parser.add_argument("--dwarf", type=int, choices=(4, 5), help="the DWARF version (default: clang's, 4)")
    parser.add_argument("--simd", action="store_true", help="let clang use WebAssembly SIMD (-msimd128)")
    parser.add_argument("--reactor", action="store_true", help="a library (_initialize) instead of a command (_start)")
    parser.add_argument("--freestanding", action="store_true",
                        help="no libc, no WASI: a tiny module (every non-static function exported unless --export)")
    parser.add_argument("--keep-libc-debug", action="store_true",
                        help="keep the DWARF of wasi-libc and zig's runtime (a megabyte; only your files' by default)")
    repeatable = (  # (option, dest, metavar, help): each may be given many times
        ("--export", "exports", "NAME", "export this function; repeatable"),
        ("-D", "defines", "NAME[=VALUE]", "a preprocessor macro"),
        ("-I", "includes", "DIR", "an include folder"),
        ("-W", "warnings", "WARNING", "a clang warning option, e.g. -Wall"),
    )
    for option, dest, metavar, text in repeatable:
        parser.add_argument(option, dest=dest, action="append", default=[], metavar=metavar, help=text)
    parser.add_argument("-v", "--verbose", action="store_true", help="print the zig command line")
    parser.add_argument("--version", action=_ZigVersion,
                        help="name the zig that compiles (and how it was found), and exit")


class _ZigVersion(argparse.Action):
    """`cc --version`: which zig, found how; what to do when there is none (exit 3)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from playground.toolchain import ToolchainMissing, describe, version_warning

        try:
            print(describe())
        except ToolchainMissing as exc:
            parser.exit(exc.exit_code, f"error: {exc}\n")
        warning = version_warning()
        parser.exit(0, f"warning: {warning}\n" if warning else None)


def options_from(args: argparse.Namespace):
    """The CompileOptions the parsed arguments ask for."""
    from playground.toolchain import CompileOptions

    extra = [f"-D{d}" for d in args.defines] + [f"-I{i}" for i in args.includes] + [f"-W{w}" for w in args.warnings]
    return CompileOptions(
        opt=args.opt, debug=args.debug, simd=args.simd, reactor=args.reactor, freestanding=args.freestanding,
        exports=tuple(args.exports), cxx=True if args.cxx else None, dwarf_version=args.dwarf, keep_libc_debug=args.keep_libc_debug,
        extra=tuple(extra),
    )


def main(args: argparse.Namespace) -> int:
    from playground.toolchain import compile_c, version_warning

    def note(text: str) -> None:
        print(f"note: {text}...", file=sys.stderr, flush=True)

    warning = version_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    result = compile_c(args.sources, options_from(args), output=args.output, on_note=note)
    if args.verbose:
        print("zig " + " ".join(result.command), file=sys.stderr)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    if not result.ok:
        count = len(result.errors)
        print(f"{count} error{'s' if count != 1 else ''}: nothing written", file=sys.stderr)
        return 1
    size = result.output.stat().st_size
    debug = f"; debug information for {', '.join(result.debug_units)}" if result.debug_units else ""
    shown = args.output or Path(args.sources[0]).with_suffix(".wasm")  # as the user wrote it
    print(f"wrote {shown} ({size:,} bytes, {args.opt}{debug}) in {result.seconds:.1f} s")
    return 0
