"""`wasm-playground gui [FILE...] [--script LESSON.txt]`: open the desktop playground (the default command)."""

from __future__ import annotations

import argparse

NAME = "gui"
HELP = "open the desktop playground, optionally with files loaded (the default)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help=".wat, .wgsl, .wasm or .c files to open (a .c file compiles with the c extra, or uses the .wasm built beside it)")
    parser.add_argument(
        "--script", metavar="LESSON.txt",
        help="drive the window with a lesson script: one command per line (open, export, args, break, debug, "
        "step-into, state, screenshot, quit, ...; see the README's 'Lesson scripts')",
    )
    parser.add_argument(
        "--pause", type=float, default=0.0, metavar="SECONDS",
        help="with --script: wait this long after each command, so a class can follow",
    )


def main(args: argparse.Namespace) -> int:
    from playground.ui.app import run_gui

    return run_gui(args.files, script=args.script, pause=args.pause)
