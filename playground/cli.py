"""The `wasm-playground` command line: parse arguments, hand them to a command, print.

Each subcommand lives in its own module under `playground/commands/` and
exposes `NAME`, `HELP`, `configure(parser)` and `main(args) -> int`. Command
modules import their heavy dependencies (numpy, wgpu, Qt) inside `main`, so
`--help` stays fast and works on a machine without a display or a GPU.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from playground import __version__
from playground.commands import COMMAND_MODULES
from playground.errors import PlaygroundError

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_ERROR = 1  # bad input, a trap, a failed check: one clear message on stderr
EXIT_USAGE = 2  # argparse's own code for bad arguments
EXIT_UNAVAILABLE = 3  # the command exists but its engine is not built yet
EXIT_INTERRUPTED = 130


def _load_commands():
    return [importlib.import_module(f"playground.commands.{name}") for name in COMMAND_MODULES]


def build_parser() -> tuple[argparse.ArgumentParser, list]:
    """The full argument parser, and the command modules it dispatches to."""
    parser = argparse.ArgumentParser(
        prog="wasm-playground",
        description="Learn, debug and demonstrate WebAssembly and GPU compute. "
        "With no command, or with a FILE, the desktop playground opens.",
    )
    parser.add_argument("--version", action="version", version=f"wasm-playground {__version__}")
    parser.add_argument(
        "--selftest", action="store_true",
        help="check this installation (window, a sample run and stepped, a GPU kernel) and exit; same as `selftest`",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    commands = _load_commands()
    for module in commands:
        command_parser = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command_parser)
        command_parser.set_defaults(_command=module, _parser=command_parser)
    return parser, commands


def _with_default_command(argv: list[str], names: set[str]) -> list[str]:
    """`wasm-playground` and `wasm-playground FILE` mean `wasm-playground gui [FILE]`; `--selftest` means `selftest`."""
    if not argv:
        return ["gui"]
    first = argv[0]
    if first == "--selftest":
        return ["selftest", *argv[1:]]
    if first in names or first.startswith("-"):
        return argv
    return ["gui", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser, commands = build_parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_with_default_command(args_list, {m.NAME for m in commands}))
    try:
        return int(args._command.main(args) or EXIT_OK)
    except PlaygroundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a missing or unreadable file named on the command line
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - last line of defence: never show a traceback
        if os.environ.get("PLAYGROUND_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in wasm-playground; run again with PLAYGROUND_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return EXIT_ERROR
