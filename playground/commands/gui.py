"""`wasm-playground gui [FILE...]`: open the desktop playground (the default command)."""

from __future__ import annotations

import argparse

NAME = "gui"
HELP = "open the desktop playground, optionally with files loaded (the default)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help=".wat, .wgsl or .wasm files to open")


def main(args: argparse.Namespace) -> int:
    from playground.ui.app import run_gui

    return run_gui(args.files)
