"""`wasm-playground c++`: compile C++ to WebAssembly, as `cc` does C (with `-fno-exceptions`).

    wasm-playground c++ shapes.cpp                    # -O0 -g: shapes.wasm

WebAssembly exception handling is not in the engine, so C++ is compiled
without exceptions (`throw` is a compile error); everything else is `cc`'s.
"""

from __future__ import annotations

import argparse

from playground.commands import cc

NAME = "c++"
HELP = "compile C++ to WebAssembly (as cc, with -fno-exceptions)"


def configure(parser: argparse.ArgumentParser) -> None:
    cc.configure(parser)


def main(args: argparse.Namespace) -> int:
    return cc.main(args, cxx=True)
