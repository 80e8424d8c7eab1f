"""The `--engine NAME` option, one definition for every command that runs WebAssembly (run, wast)."""

from __future__ import annotations

import argparse

from playground.wasm.engines import DEFAULT_ENGINE, engine_names


def add_engine_option(parser: argparse.ArgumentParser) -> None:
    """`--engine` with the registry's names as its choices (wasm/engines.py)."""
    parser.add_argument("--engine", choices=engine_names(), default=DEFAULT_ENGINE,
                        help=f"the engine that runs it (default: {DEFAULT_ENGINE})")


DEBUG_ENGINES = ("auto", "fast", "step")  # debug/session.py's choices


def add_debug_engine_option(parser: argparse.ArgumentParser) -> None:
    """`--engine` for the debugger: what runs continues (single steps are always the step engine's)."""
    parser.add_argument("--engine", choices=DEBUG_ENGINES, default="auto",
                        help="what runs Continue, finish and run-to: fast (calls run at full speed and hand their "
                             "state over to the steppable engine at a stop), step, or auto (fast where it can; default)")
