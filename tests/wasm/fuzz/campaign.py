"""A longer fuzz campaign outside the test suite (pytest does not collect this file).

    .venv/bin/python tests/wasm/fuzz/campaign.py binary --seconds 300 --corpus /tmp/json --out /tmp/findings
    .venv/bin/python tests/wasm/fuzz/campaign.py text --seconds 300 --corpus /path/to/wast/folder

`binary` mutates samples/*.wat (assembled) and every .wasm under `--corpus`
(e.g. the spec suite through `wast2json`); `text` mutates samples/*.wat and
the .wast files under `--corpus`, parsing each as a module and as a script.
Every input that raises something other than a domain error is saved under
`--out`, one file per distinct (exception type, innermost engine frame), the
smallest input kept. Address space is capped so that a runaway allocation is
a MemoryError, which counts as a finding.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_helpers as fuzzing  # noqa: E402


def signature(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/playground/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("binary", "text"))
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/fuzz-findings"))
    parser.add_argument("--memory-gb", type=float, default=2.0)
    args = parser.parse_args()
    limit = int(args.memory_gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    args.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)

    if args.mode == "binary":
        seeds = fuzzing.sample_binaries()
        if args.corpus:
            seeds += [p.read_bytes() for p in sorted(args.corpus.rglob("*.wasm"))]
        mutate, check = fuzzing.mutate_binary, fuzzing.check_binary
    else:
        seeds = fuzzing.sample_texts()
        if args.corpus:
            seeds += [p.read_text() for p in sorted(args.corpus.rglob("*.wast"))]
        mutate = fuzzing.mutate_text

        def check(text, rnd):
            if rnd.random() < 0.5 or len(text) > 20_000:
                return "wast " + ("ok" if fuzzing.check_parse_wast(text) is not None else "parse error")
            return fuzzing.check_text(text, rnd)

    findings: dict[str, bytes | str] = {}
    stages: dict[str, int] = {}
    tried = 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        seed = rnd.choice(seeds)
        if args.mode == "text" and len(seed) > 20_000 and rnd.random() < 0.8:
            # big scripts: mutate one command-sized slice, keep parsing fast
            at = rnd.randrange(len(seed))
            start = seed.rfind("\n(", 0, at) + 1
            stop = seed.find("\n(", at)
            seed = seed[start : stop if stop > 0 else len(seed)]
        data = mutate(seed, rnd)
        tried += 1
        try:
            stage = check(data, random.Random(tried))
            stages[stage] = stages.get(stage, 0) + 1
        except KeyboardInterrupt:
            break
        except BaseException as exc:  # noqa: BLE001 - that is the point
            sig = signature(exc)
            old = findings.get(sig)
            if old is None or len(data) < len(old):
                findings[sig] = data
                name = "".join(c if c.isalnum() else "_" for c in sig)
                suffix = ".wasm" if isinstance(data, bytes) else ".txt"
                path = args.out / f"{args.mode}_{name}{suffix}"
                if isinstance(data, bytes):
                    path.write_bytes(data)
                else:
                    path.write_text(data, errors="surrogatepass")
                if old is None:
                    print(f"NEW {sig}: {str(exc)[:200]} -> {path}", flush=True)
    print(f"{args.mode}: tried {tried} inputs; stages {stages}; {len(findings)} distinct findings")
    for sig in findings:
        print("  ", sig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
