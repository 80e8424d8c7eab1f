"""`--features SPEC`: which WebAssembly proposals a module may use, one definition for run, wast, wat2wasm, debug.

SPEC is a profile, then `+name` / `-name` items, comma-separated (wasm/features.py):

    --features 3.0              every 3.0 proposal (the default)
    --features 2.0              the WebAssembly 2.0 standard
    --features 3.0,-gc          3.0 without garbage collection
    --features 2.0,+tail-call   2.0 plus tail calls

One option, not a pair of switches per proposal (`--enable-gc`, `--disable-gc`
as WABT has): nine proposals would make eighteen options on each command, and
a single value reads the same in a shell history, a lesson script and a test.
"""

from __future__ import annotations

import argparse

from playground.wasm.features import DEFAULT_PROFILE, PROPOSALS, Features, FeatureSpecError


def _features(text: str) -> Features:
    try:
        return Features.parse(text)
    except FeatureSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_feature_option(parser: argparse.ArgumentParser) -> None:
    """`--features` (args.features: a Features; default: the 3.0 profile)."""
    parser.add_argument(
        "--features", type=_features, default=Features.profile_of(DEFAULT_PROFILE), metavar="SPEC",
        help=f"the WebAssembly features a module may use: 2.0 or 3.0 (default {DEFAULT_PROFILE}), then "
             f"+name or -name, comma-separated (e.g. 3.0,-gc or 2.0,+tail-call); names: {', '.join(PROPOSALS)}",
    )
