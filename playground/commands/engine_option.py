"""The `--engine NAME` option, one definition for every command that runs WebAssembly (run, wast)."""

from __future__ import annotations

import argparse

from playground.wasm.engines import DEFAULT_ENGINE, engine_names


def add_engine_option(parser: argparse.ArgumentParser) -> None:
    """`--engine` with the registry's names as its choices (wasm/engines.py)."""
    parser.add_argument("--engine", choices=engine_names(), default=DEFAULT_ENGINE,
                        help=f"the engine that runs it (default: {DEFAULT_ENGINE})")
