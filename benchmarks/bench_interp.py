"""One of our engines (the steppable interpreter by default) against pywasm, on the same .wasm bytes, in one run.

    python benchmarks/bench_interp.py            # default sizes (about a minute, pywasm dominates)
    python benchmarks/bench_interp.py --scale 0.2 --repeat 1
    python benchmarks/bench_interp.py --engine step --no-pywasm

Workloads: recursive fib (calls), a tight integer loop (locals, i32 ops,
br_if), a memory-heavy loop (stores and loads) and a float loop (f64
arithmetic). The WAT is assembled once (WABT's wat2wasm when present, else
our own parser and encoder); both engines load those bytes. For each it
prints the best time of each engine, our instruction rate (counted in a
separate run with the steppable engine's counting loop) and the speed-up
ratio pywasm / ours. `--engine` picks ours from the engine registry
(wasm/engines.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

WAT = r"""
(module
  (memory 4)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "loop") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $acc (i32.xor (i32.add (local.get $acc) (local.get $i)) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $acc))
  ;; fill n i32s with i*i, then sum them back: one store and one load per element
  (func (export "mem") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done (loop $fill
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fill)))
    (local.set $i (i32.const 0))
    (block $done (loop $sum
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $sum (i32.add (local.get $sum) (i32.load (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sum)))
    (local.get $sum))
  ;; sum of 1/(k*k) for k = 1..n, in f64
  (func (export "float") (param $n i32) (result f64) (local $k i32) (local $x f64) (local $acc f64)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (local.set $x (f64.convert_i32_u (local.get $k)))
      (local.set $acc (f64.add (local.get $acc) (f64.div (f64.const 1) (f64.mul (local.get $x) (local.get $x)))))
      (br $next)))
    (local.get $acc)))
"""

WORKLOADS = (("fib", 20), ("loop", 60_000), ("mem", 30_000), ("float", 40_000))


def assemble() -> bytes:
    tool = Path(sys.executable).with_name("wat2wasm")
    tool = tool if tool.exists() else shutil.which("wat2wasm")
    if tool:
        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "bench.wat", Path(tmp) / "bench.wasm"
            src.write_text(WAT)
            subprocess.run([str(tool), str(src), "-o", str(out)], check=True)
            return out.read_bytes()
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    return encode_module(parse_module(WAT))


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the workload sizes")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs for each engine")
    parser.add_argument("--no-pywasm", action="store_true", help="time our engine only")

    from playground.wasm.engines import DEFAULT_ENGINE, engine_names, new_executor

    parser.add_argument("--engine", choices=engine_names(), default=DEFAULT_ENGINE, help="which of our engines to time")
    args = parser.parse_args(argv)

    from playground.wasm.binary.decode import decode_module
    from playground.wasm.exec.interface import ExecSettings
    from playground.wasm.runtime import Store, instantiate
    from playground.wasm.validate import validate_module

    wasm = assemble()
    module = decode_module(wasm)
    validate_module(module)
    ours = instantiate(module, store=Store(executor=new_executor(args.engine)))
    counting = new_executor("step", ExecSettings(count=True))  # the program's instruction counts, whichever engine runs it
    counted = instantiate(module, store=Store(executor=counting))
    print(f"engine: {args.engine}")

    pywasm_rt = pywasm_inst = None
    if not args.no_pywasm:
        try:
            import pywasm

            with tempfile.NamedTemporaryFile(suffix=".wasm", delete=False) as f:
                f.write(wasm)
            pywasm_rt = pywasm.Runtime()
            pywasm_inst = pywasm_rt.instance_from_file(f.name)
        except ImportError:
            print("pywasm is not installed: timing our engine only")

    print(f"{'workload':<10}{'n':>9}{'ours s':>10}{'Minstr/s':>10}{'pywasm s':>10}{'ratio':>8}")
    ratios = []
    for name, size in WORKLOADS:
        n = max(1, int(size * args.scale)) if name != "fib" else max(1, size + round(2 * (args.scale - 1)))
        counting.instructions = 0
        counted.exports[name](n)
        instructions = counting.instructions
        t_ours, r_ours = best_of(args.repeat, lambda: ours.exports[name](n))
        line = f"{name:<10}{n:>9}{t_ours:>10.3f}{instructions / t_ours / 1e6:>10.2f}"
        if pywasm_inst is not None:
            t_py, r_py = best_of(args.repeat, lambda: pywasm_rt.invocate(pywasm_inst, name, [n]))
            same = r_py and abs(r_py[0] - r_ours) <= 1e-9 * max(1.0, abs(r_ours)) if isinstance(r_ours, float) else r_py[0] in (r_ours, r_ours & 0xFFFFFFFF)
            ratios.append(t_py / t_ours)
            line += f"{t_py:>10.3f}{t_py / t_ours:>7.1f}x" + ("" if same else "  (results differ!)")
        print(line, flush=True)
    if ratios:
        geo = 1.0
        for r in ratios:
            geo *= r
        print(f"geometric mean speed-up over pywasm: {geo ** (1 / len(ratios)):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
