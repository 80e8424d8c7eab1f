"""Continue to a breakpoint millions of instructions away: the debugger on the fast engine against the step engine.

    python benchmarks/bench_continue.py            # about 5 million instructions away
    python benchmarks/bench_continue.py --quick    # about 1 million

Two debug sessions (debug/session.py) of the same C programs (samples/bench/),
one with `engine="step"`, one with `engine="fast"` (calls run on the fast
engine and hand their state over at the stop: debug/handover.py), each
started at an exported function, with a breakpoint at the place given below;
one Continue each, timed, the best of `--repeat` fresh sessions per engine
(the engines alternate). The stops must be the same (step number and
state digest: a mismatch is printed and the script fails). Also timed: one
step back from that stop, which the fast session re-runs from the hand-over
start (recorder.py).

The floor: "plain fast s" is the plain fast engine (no debugger: no
counting, no undo log, no hand-over) making the same call on a fresh
instance, translation included as in the fast Continue, timed in the same
rounds; "/plain" is the fast Continue's time over it.

The breakpoint is on the exported function's last instruction, reached
once, at the end: loop runs in that one function (the fast engine runs the
first frame too, as a call), sha256 and crc32 do their work in calls.

gc_list (3.0 GC) is samples/gc_list.wat with one more export, `build_sum`:
`sum(build(n))`, a list of n structs allocated, then walked (every
allocation noted, as the heap view needs, on both engines).
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

# program, export, argument (~5M instructions to the stop), argument with --quick
CASES = (
    ("loop", "loop", 250_000, 50_000),
    ("sha256", "sha256", 16384, 4096),
    ("crc32", "crc32", 65536, 16384),
    ("gc_list", "build_sum", 20_000, 5_000),
)

GC_DRIVER = '(func (export "build_sum") (param i32) (result i32) (call $sum (call $build (local.get 0))))'


def program_text(name: str) -> tuple[bytes | None, str | None]:
    """(binary, None) of samples/bench/<name>.wasm, or (None, text) of gc_list.wat with `build_sum` (docstring)."""
    if name != "gc_list":
        return (BENCH / f"{name}.wasm").read_bytes(), None
    text = (BENCH.parent / "gc_list.wat").read_text().rstrip()
    return None, text[: text.rindex(")")] + GC_DRIVER + ")"


def session(name: str, export: str, arg: int, engine: str):
    from playground.debug.breakpoints import at_instruction
    from playground.debug.session import DebugSession
    from playground.wasm.limits import Limits

    binary, text = program_text(name)
    options = dict(engine=engine, limits=Limits(fuel=None, timeout=None))
    s = DebugSession.from_binary(binary, **options) if text is None else DebugSession.from_text(text, **options)
    s.start(export, [arg])
    func = s.thread.frame.func
    s.add_breakpoint(at_instruction(func.funcidx, len(func.code.body) - 1))
    return s


def plain_fast(name: str, export: str, arg: int):
    """The same call on the plain fast engine, in a fresh instance (it translates what it runs, as Continue does)."""
    from playground.wasm.engines import new_executor
    from playground.wasm.binary.decode import decode_module
    from playground.wasm.runtime import Store, instantiate
    from playground.wasm.text.parse import parse_module
    from playground.wasm.validate import validate_module

    binary, text = program_text(name)
    module = decode_module(binary) if text is None else parse_module(text)
    validate_module(module)
    inst = instantiate(module, store=Store(executor=new_executor("fast")))
    func = inst.exports[export]
    return lambda: func.raw(arg)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3,
                        help="best of N fresh sessions per engine, the engines alternating (a shared machine is noisy)")
    args = parser.parse_args(argv)
    print(f"# {platform.python_implementation()} {platform.python_version()} on {platform.machine()}")
    print(f"{'program':<8} {'steps':>11} {'step s':>8} {'fast s':>8} {'ratio':>7} {'plain fast s':>13} {'/plain':>7}"
          f" {'back: step s':>13} {'fast s':>8}")
    ratios, ok = [], True
    for name, export, full, quick in CASES:
        arg = quick if args.quick else full
        rows: dict = {}
        for _ in range(max(args.repeat, 1)):
            for engine in ("step", "fast"):
                s = session(name, export, arg, engine)
                t = timed(s.continue_)  # the fast session translates what it runs in this time too
                stop = (s.step, s.state_digest(), str(s.last.reason))
                back = timed(s.step_back)
                best = rows.get(engine)
                rows[engine] = (min(t, best[0]) if best else t, stop, min(back, best[2]) if best else back)
            plain = timed(plain_fast(name, export, arg))
            rows["plain"] = min(plain, rows.get("plain", plain))
        if rows["step"][1] != rows["fast"][1]:
            ok = False
            print(f"MISMATCH {name}: step {rows['step'][1]} fast {rows['fast'][1]}")
        ratio = rows["step"][0] / rows["fast"][0]
        ratios.append(ratio)
        print(f"{name:<8} {rows['step'][1][0]:>11,} {rows['step'][0]:>8.2f} {rows['fast'][0]:>8.3f} {ratio:>6.1f}x"
              f" {rows['plain']:>13.3f} {rows['fast'][0] / rows['plain']:>6.2f}x"
              f" {rows['step'][2]:>13.2f} {rows['fast'][2]:>8.2f}   ({rows['fast'][1][2]})")
    print(f"geometric mean: Continue {math.exp(sum(map(math.log, ratios)) / len(ratios)):.1f}x faster on the fast engine")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
