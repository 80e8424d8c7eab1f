"""The fast (translating) engine against the steppable one, pywasm and wasmtime, on C programs, in one run.

    python benchmarks/bench_fast.py              # the issue's sizes (pywasm takes a few minutes)
    python benchmarks/bench_fast.py --quick      # smaller inputs, for a look in seconds
    python benchmarks/bench_fast.py --no-pywasm --no-step

Programs (samples/bench/NAME.c, built by samples/bench/build.py into the
committed NAME.wasm): recursive fib, a tight integer loop, a memory-heavy
sieve, mandelbrot in f64, SHA-256 over 64 KiB, CRC-32 over 256 KiB and a
64x64 f32 matrix multiply. Every engine loads the same bytes and gets the
same argument; results are compared (a mismatch is printed).

Timing: each engine's best of `--repeat` calls on one instance; the fast
engine's first call (which translates the functions it reaches) is not
among them: translation is reported on its own, as time per kilobyte of
the code section (every function translated and compiled, in a fresh
instance). pywasm runs once (it is slow). Ratios are speed-ups: pywasm's
time over the engine's, so "fast/pywasm 150x" is 150 times pywasm's speed;
the geometric mean is over the programs. wasmtime (a compiler to machine
code) is the native ceiling, shown as how many times slower we are.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

BENCH = Path(__file__).resolve().parents[1] / "samples" / "bench"

# name, argument (SHA-256, CRC-32 and matmul at the sizes; the others sized for pywasm's
# few seconds to a minute), argument with --quick
PROGRAMS = (
    ("fib", 24, 18),
    ("loop", 150_000, 50_000),
    ("sieve", 100_000, 50_000),
    ("mandelbrot", 48, 16),
    ("sha256", 65536, 4096),
    ("crc32", 262144, 16384),
    ("matmul", 64, 16),
)


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def code_section_size(wasm: bytes) -> int:
    """Bytes of the code section (id 10)."""
    pos = 8
    while pos < len(wasm):
        section, pos = wasm[pos], pos + 1
        size = shift = 0
        while True:
            byte, pos = wasm[pos], pos + 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if section == 10:
            return size
        pos += size
    return 0


def translation_seconds(module) -> float:
    """Time to translate and compile every function of a fresh instance on a fresh fast executor."""
    from playground.wasm.exec.fast.executor import FastExecutor
    from playground.wasm.runtime import Store, instantiate

    executor = FastExecutor()
    inst = instantiate(module, store=Store(executor=executor))
    ctx = executor.context(inst)
    start = time.perf_counter()
    for func in inst.funcs:
        if not func.is_host:
            ctx.generated(func)
    return time.perf_counter() - start


class Ours:
    """One of our engines on one program."""

    def __init__(self, engine: str, module, name: str) -> None:
        from playground.wasm.engines import new_executor
        from playground.wasm.runtime import Store, instantiate

        self.inst = instantiate(module, store=Store(executor=new_executor(engine)))
        self.func = self.inst.exports[name]

    def __call__(self, arg: int):
        return self.func.raw(arg)[0]


class Pywasm:
    def __init__(self, path: Path, name: str) -> None:
        import pywasm

        self.runtime = pywasm.Runtime()
        self.inst = self.runtime.instance_from_file(str(path))
        self.name = name

    def __call__(self, arg: int):
        return self.runtime.invocate(self.inst, self.name, [arg])[0]


class Wasmtime:
    def __init__(self, path: Path, name: str) -> None:
        import wasmtime

        self.store = wasmtime.Store()
        module = wasmtime.Module.from_file(self.store.engine, str(path))
        self.func = wasmtime.Instance(self.store, module, []).exports(self.store)[name]

    def __call__(self, arg: int):
        return self.func(self.store, arg)


def same(a, b) -> bool:
    """Results agree: ints as 32-bit patterns, floats as values (f32 results come back as bit patterns from ours)."""
    if isinstance(a, float) or isinstance(b, float):
        from playground.wasm.bits import f32_from_bits

        x = f32_from_bits(a) if isinstance(a, int) else a
        y = f32_from_bits(b) if isinstance(b, int) else b
        return x == y
    return (a & 0xFFFFFFFF) == (b & 0xFFFFFFFF)


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def time_reference(engine_class, path, name: str, arg, repeat: int):
    """(best seconds, result) of a reference engine (Pywasm, Wasmtime); None when it is not installed."""
    try:
        engine = engine_class(path, name)
    except ImportError:
        return None
    return best_of(repeat, lambda: engine(arg))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs (seconds, not minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N calls for fast, step and wasmtime")
    parser.add_argument("--no-pywasm", action="store_true")
    parser.add_argument("--no-step", action="store_true")
    parser.add_argument("--no-wasmtime", action="store_true")
    parser.add_argument("--only", help="comma-separated program names")
    args = parser.parse_args(argv)

    from playground.wasm.binary.decode import decode_module
    from playground.wasm.validate import validate_module

    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, {platform.system()}")
    programs = [p for p in PROGRAMS if not args.only or p[0] in args.only.split(",")]
    rows = []
    translate_bytes, translate_time = 0, 0.0
    header = f"{'program':<11}{'arg':>9}{'fast s':>10}{'step s':>9}{'pywasm s':>10}{'wasmtime s':>11}{'/pywasm':>9}{'/step':>7}{'wt/fast':>9}"
    print(header)
    for name, full, quick in programs:
        arg = quick if args.quick else full
        path = BENCH / f"{name}.wasm"
        wasm = path.read_bytes()
        module = decode_module(wasm)
        validate_module(module)
        translate_time += translation_seconds(module)
        translate_bytes += code_section_size(wasm)

        fast = Ours("fast", module, name)
        fast(arg)  # the first call translates
        t_fast, r_fast = best_of(args.repeat, lambda: fast(arg))
        line = f"{name:<11}{arg:>9}{t_fast:>10.4f}"
        mismatch = []
        t_step = t_py = t_wt = None
        if not args.no_step:
            step = Ours("step", module, name)
            t_step, r = best_of(max(1, args.repeat - 1), lambda: step(arg))
            mismatch += [] if r == r_fast else [f"step {r}"]
        line += f"{t_step:>9.3f}" if t_step else f"{'-':>9}"
        if not args.no_pywasm:
            timed = time_reference(Pywasm, path, name, arg, 1)
            args.no_pywasm = timed is None
            t_py, r = timed or (None, r_fast)
            mismatch += [] if same(r, r_fast) else [f"pywasm {r}"]
        line += f"{t_py:>10.3f}" if t_py else f"{'-':>10}"
        if not args.no_wasmtime:
            timed = time_reference(Wasmtime, path, name, arg, args.repeat)
            args.no_wasmtime = timed is None
            t_wt, r = timed or (None, r_fast)
            mismatch += [] if same(r, r_fast) else [f"wasmtime {r}"]
        line += f"{t_wt:>11.5f}" if t_wt else f"{'-':>11}"
        line += f"{t_py / t_fast:>8.0f}x" if t_py else f"{'-':>9}"
        line += f"{t_step / t_fast:>6.1f}x" if t_step else f"{'-':>7}"
        line += f"{t_fast / t_wt:>8.0f}x" if t_wt else f"{'-':>9}"
        if mismatch:
            line += f"  results differ: fast {r_fast}, " + ", ".join(mismatch)
        print(line, flush=True)
        rows.append((name, t_fast, t_step, t_py, t_wt))

    py_ratios = [p / f for _, f, _, p, _ in rows if p]
    if py_ratios:
        print(f"fast vs pywasm: geometric mean {geomean(py_ratios):.0f}x, lowest {min(py_ratios):.0f}x (goal: 100x, none under 30x)")
    step_ratios = [s / f for _, f, s, _, _ in rows if s]
    if step_ratios:
        print(f"fast vs step: geometric mean {geomean(step_ratios):.1f}x")
    wt_ratios = [f / w for _, f, _, _, w in rows if w]
    if wt_ratios:
        print(f"wasmtime is {geomean(wt_ratios):.0f}x faster than fast (geometric mean): the native ceiling")
    if translate_bytes:
        print(f"translation: {translate_time * 1000 / (translate_bytes / 1024):.1f} ms per KB of code "
              f"({translate_bytes} bytes of code sections, {translate_time * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
