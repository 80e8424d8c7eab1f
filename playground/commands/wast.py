"""`wasm-playground wast`: run WebAssembly spec test scripts (.wast).

    wasm-playground wast ../shared/wasm-testsuite/core        # a folder: every .wast in it
    wasm-playground wast i32.wast f32.wast --json
    wasm-playground wast ../shared/wasm-testsuite/core --engine fast
    wasm-playground wast ../shared/wasm-testsuite/core --features 2.0   # as a 2.0 engine

One line per file, each failure below it (`file:LINE: command: why`), then
`N passed, N failed` (and `, N skipped` when some were). Exit 1 on any failure.

Scripts run under the limits of `run` (limit_options.py): an action that
reaches one fails its command (`instruction limit reached (...)`) and the
script goes on. Ctrl+C stops the run and still prints the totals of the
files that finished (exit 130).
"""

from __future__ import annotations

import argparse
import json
import sys

from playground.errors import PlaygroundError

NAME = "wast"
HELP = "run WebAssembly spec test scripts (.wast)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".wast files or folders holding them")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--wording", action="store_true", help="also list errors of the right kind whose words differ"
    )
    from playground.commands.engine_option import add_engine_option
    from playground.commands.limit_options import add_limit_options

    add_engine_option(parser)
    add_limit_options(parser)
    from playground.commands.feature_options import add_feature_option

    add_feature_option(parser)


def main(args: argparse.Namespace) -> int:
    from playground.commands.limit_options import limits_from_args
    from playground.wasm.spectest import run_wast_file, wast_files

    limits = limits_from_args(args)
    files = wast_files(args.paths)
    missing = [str(f) for f in files if not f.exists()]  # a device or a pipe is read (up to --max-input)
    if missing:
        raise PlaygroundError(f"no such file: {', '.join(missing)}")
    if not files:
        raise PlaygroundError("no .wast files found")
    results = []
    interrupted = False
    try:
        for path in files:
            result = run_wast_file(path, engine=args.engine, limits=limits, features=args.features)
            results.append(result)
            if not args.json:
                _print_file(result, args.wording)
    except KeyboardInterrupt:  # keep what finished: the totals below still print
        interrupted = True
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    if args.json:
        summary = {"passed": passed, "failed": failed, "skipped": skipped}
        if interrupted:
            summary["interrupted"] = True
        json.dump({"files": [r.to_json() for r in results], **summary}, sys.stdout, indent=1)
        print()
    else:
        tail = f", {skipped} skipped" if skipped else ""
        if interrupted:
            tail += f" (interrupted after {len(results)} of {len(files)} files)"
        print(f"{passed} passed, {failed} failed{tail}")
    if interrupted:
        return 130
    return 1 if failed else 0


def _print_file(result, wording: bool) -> None:
    status = "ok" if not result.failed else "FAILED"
    print(f"{result.name}: {result.passed} passed, {result.failed} failed ({result.seconds:.2f}s) {status}")
    for o in result.failures():
        print(f"  {result.name}:{o.line}: {o.command}: {o.detail}")
    if wording:
        for o in result.wording_mismatches():
            print(f"  {result.name}:{o.line}: {o.command}: (passed) {o.wording}")
    sys.stdout.flush()
