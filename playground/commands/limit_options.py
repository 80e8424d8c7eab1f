"""The limit options `run`, `debug` and `wast` share, and the `Limits` they make (wasm/limits.py).

    wasm-playground run loop.wat --invoke spin --fuel 1000
    wasm-playground wast slow.wast --timeout 5
    wasm-playground debug big.wat --invoke main --no-limits --max-call-depth 100000

Every limit is on by default (see wasm/limits.py for the values). An option
sets one limit to N, or lifts it with `none`; `--no-limits` lifts them all,
and options given beside it set those limits again.
"""

from __future__ import annotations

import argparse

from playground.wasm.errors import ExhaustionError
from playground.wasm.limits import DEFAULT_LIMITS, LIFT_ALL, LIMITS, Limits, amount, hint

# option name -> (Limits field, how its value reads, what it counts)
_OPTIONS = {
    "fuel": ("fuel", int, "instructions per call"),
    "max_call_depth": ("max_call_depth", int, "nested calls"),
    "max_memory_pages": ("max_memory_pages", int, "pages of 64 KiB per memory"),
    "max_table_entries": ("max_table_entries", int, "entries per table"),
    "timeout": ("timeout", float, "seconds of wall-clock time per call"),
    "max_input": ("max_input_bytes", int, "bytes of input file"),
    "max_output": ("max_output_bytes", int, "bytes that imported printing functions may print"),
}


def _reader(kind):
    def read(text: str):
        if text.lower() in ("none", "off"):
            return None
        try:
            value = kind(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number or none, got {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"expected a positive number or none, got {text!r}")
        return value

    read.__name__ = kind.__name__  # argparse names the type in its messages
    return read


def _add_limit(parser, name: str, note: str = "") -> None:
    """The option that sets the limit `name` (a key of _OPTIONS), its help ending with its default."""
    field, kind, counts = _OPTIONS[name]
    flag, _, metavar = LIMITS[field].option.partition(" ")
    default = amount(field, getattr(DEFAULT_LIMITS, field))
    parser.add_argument(flag, dest=f"limit_{name}", type=_reader(kind), metavar=metavar, default=argparse.SUPPRESS,
                        help=f"{counts} (default: {default}{note})")


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """Add --fuel, --max-call-depth, --max-memory-pages, --max-table-entries, --timeout, --max-input,
    --max-output and --no-limits to a command's parser."""
    group = parser.add_argument_group(
        "limits (on by default; a value of none lifts one)",
        f"A run that reaches a limit stops with one message naming it. {LIFT_ALL} lifts them all.",
    )
    for name in _OPTIONS:
        _add_limit(group, name)
    group.add_argument(LIFT_ALL, dest="no_limits", action="store_true", default=False,
                       help="lift every limit (options given beside it set those again)")


def add_input_option(parser: argparse.ArgumentParser) -> None:
    """Only the input limit (`--max-input BYTES`, and `--no-limits`), for commands that read a program and run nothing."""
    _add_limit(parser, "max_input", "; none lifts it")
    parser.add_argument(LIFT_ALL, dest="no_limits", action="store_true", default=False, help="lift the input limit")


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The `Limits` the parsed options ask for: the defaults, or none with --no-limits, then each option given."""
    limits = Limits.none() if getattr(args, "no_limits", False) else DEFAULT_LIMITS
    changes = {field: getattr(args, f"limit_{name}") for name, (field, _, _) in _OPTIONS.items()
               if hasattr(args, f"limit_{name}")}
    return limits.but(**changes) if changes else limits


def exhaustion_hint(exc: ExhaustionError, limits: Limits) -> str:
    """For running out of call depth (the spec's "call stack exhausted", not a LimitError): the limit and its option."""
    from playground.wasm.exec.step.machine import STACK_EXHAUSTED

    if exc.message == STACK_EXHAUSTED and limits.max_call_depth is not None:
        return f"call depth limit: {amount('max_call_depth', limits.max_call_depth)}; {hint('max_call_depth')}"
    return ""
