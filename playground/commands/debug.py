"""`wasm-playground debug FILE --invoke NAME ARG...`: step through a function at a terminal prompt."""

from __future__ import annotations

import argparse

from playground.errors import NotAvailableError

NAME = "debug"
HELP = "debug an exported function at a prompt (step, next, finish, back, breakpoints)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="arguments of the command")


def main(args: argparse.Namespace) -> int:
    raise NotAvailableError("'debug'", "the debugger (issue: Debugger core) is not built yet")
