"""Assemble a generated >= 5 MB WAT file with ours (parse + encode) and with WABT's wat2wasm.

    .venv/bin/python benchmarks/bench_assemble.py [--mb 5]

Prints MB/s for each and the ratio (goal: ours within 15x of WABT). Both
outputs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.wasm.binary.encode import encode_module  # noqa: E402
from playground.wasm.text.parse import parse_module  # noqa: E402

_BODIES = [
    "    (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $x) (i32.const {n}))))\n",
    "    local.get $acc\n    i32.const {n}\n    i32.xor\n    local.set $acc\n",
    "    (if (i32.lt_s (local.get $x) (i32.const {n})) (then (local.set $x (i32.add (local.get $x) (i32.const 1)))))\n",
    "    (f64.store offset=8 (i32.const 0) (f64.mul (f64.const {f}) (f64.load (i32.const 0))))\n",
    "    (block $b (loop $l (br_if $b (i32.eqz (local.get $x))) (local.set $x (i32.sub (local.get $x) (i32.const 1))) (br $l)))\n",
]


def generate(megabytes: float) -> str:
    """A module of many functions mixing folded and plain instructions, ids, memory and floats."""
    rng = random.Random(42)
    parts = ["(module\n  (memory 1)\n"]
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        lines = [f'  (func $f{n} (export "f{n}") (param $x i32) (result i32)\n    (local $acc i32)\n']
        for _ in range(20):
            lines.append(rng.choice(_BODIES).format(n=rng.randrange(-1000, 100000), f=rng.random() * 100))
        lines.append("    local.get $acc)\n")
        chunk = "".join(lines)
        parts.append(chunk)
        size += len(chunk)
        n += 1
    parts.append(")\n")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the generated text in MB")
    args = parser.parse_args()
    text = generate(args.mb)
    megabytes = len(text.encode()) / 1e6
    print(f"generated {megabytes:.2f} MB of WAT")

    start = time.perf_counter()
    module = parse_module(text)
    parsed = time.perf_counter()
    ours = encode_module(module)
    done = time.perf_counter()
    ours_s = done - start
    print(f"ours: parse {parsed - start:.2f} s + encode {done - parsed:.2f} s = {ours_s:.2f} s, {megabytes / ours_s:.2f} MB/s")

    tool = Path(sys.executable).parent / "wat2wasm"
    tool_path = str(tool) if tool.exists() else shutil.which("wat2wasm")
    if not tool_path:
        print("WABT's wat2wasm not found: no reference measured")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "big.wat", Path(tmp) / "big.wasm"
        source.write_text(text)
        start = time.perf_counter()
        subprocess.run([tool_path, "--no-check", str(source), "-o", str(target)], check=True)
        wabt_s = time.perf_counter() - start
        same = target.read_bytes() == ours
    print(f"wabt: {wabt_s:.2f} s, {megabytes / wabt_s:.2f} MB/s")
    print(f"ratio ours/wabt: {ours_s / wabt_s:.1f}x (goal <= 15x); identical bytes: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
