"""The reverse-step recorder's cost: history bytes per instruction and slowdown, in one run on this machine.

    python benchmarks/bench_recorder.py                  # 1 million instructions
    python benchmarks/bench_recorder.py --instructions 200000 --repeat 3

A loop that stores to linear memory on every iteration (one i32.store and
one global.set per 20 instructions, over a 16 KiB window so old bytes are
not zero) runs three ways:

- plain: `Thread.run()` with the plain mutation table (the reference);
- recorded: a `DebugSession.continue_()` (recording ops, undo log,
  checkpoints, located writes, no breakpoints hit);
- recorded + watchpoint: the same with a memory watchpoint the loop never
  touches (every write is checked).

It prints the best time of --repeat runs, the slowdown against the plain run
of the same run, and the history bytes per executed instruction, measured
with tracemalloc in a separate run (the recorder's own estimate beside it).
Then it steps back once from the end and to the middle, and times that.
Goals (issue 5): < 64 bytes/instruction and < 3x slowdown.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from playground.debug.session import DebugSession  # noqa: E402
from playground.debug.states import SessionState  # noqa: E402
from playground.debug.watchpoints import watch_memory  # noqa: E402
from playground.wasm.exec.step.machine import Thread  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402
from playground.wasm.text.parse import parse_module  # noqa: E402

WAT = """(module
  (memory 1)
  (global $sum (mut i32) (i32.const 0))
  (func (export "loop") (param $n i32)
    (local $i i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0x3ffc)) (local.get $i))
        (global.set $sum (i32.add (global.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))))
"""
PER_ITERATION = 20


def plain(iterations: int) -> tuple[float, int]:
    inst = instantiate(parse_module(WAT))
    thread = Thread()
    thread.start(inst.exports.loop.func, [iterations])
    t0 = time.perf_counter()
    thread.run(1 << 62)  # the counting loop, to know the instruction count
    counted = thread.instructions
    thread = Thread()
    thread.start(inst.exports.loop.func, [iterations])
    t0 = time.perf_counter()
    thread.run()  # the plain loop: the fastest there is
    return time.perf_counter() - t0, counted


def recorded(iterations: int, watch: bool) -> tuple[float, DebugSession]:
    session = DebugSession.from_text(WAT)
    session.start("loop", [iterations])
    if watch:
        session.add_watchpoint(watch_memory(0x8000, 4))  # never written
    t0 = time.perf_counter()
    snap = session.continue_()
    elapsed = time.perf_counter() - t0
    assert snap.state == SessionState.FINISHED, snap.message
    return elapsed, session


def history_bytes(iterations: int) -> tuple[int, int, DebugSession]:
    session = DebugSession.from_text(WAT)
    session.start("loop", [iterations])
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    session.continue_()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return used, session.recorder.history_bytes(), session


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instructions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    iterations = max(1, args.instructions // PER_ITERATION)

    best_plain, count = min(plain(iterations) for _ in range(args.repeat))
    best_rec = min(recorded(iterations, False)[0] for _ in range(args.repeat))
    best_watch = min(recorded(iterations, True)[0] for _ in range(args.repeat))
    used, estimate, session = history_bytes(iterations)

    print(f"instructions executed: {count:,} ({iterations:,} iterations of {PER_ITERATION})")
    print(f"plain run:                {best_plain:8.3f} s  ({count / best_plain / 1e6:.2f} M instr/s)")
    print(f"recorded run:             {best_rec:8.3f} s  slowdown {best_rec / best_plain:.2f}x  (goal < 3x)")
    print(f"recorded + watchpoint:    {best_watch:8.3f} s  slowdown {best_watch / best_plain:.2f}x")
    print(f"history (tracemalloc):    {used:,} bytes = {used / count:.1f} bytes/instruction  (goal < 64)")
    print(f"history (estimate):       {estimate:,} bytes = {estimate / count:.1f} bytes/instruction")
    print(f"checkpoints: {len(session.recorder.checkpoints)}, undo entries: {len(session.ops.log):,}")

    t0 = time.perf_counter()
    session.step_back()
    t1 = time.perf_counter()
    session.goto_step(count // 2)
    t2 = time.perf_counter()
    session.step_back_over()
    t3 = time.perf_counter()
    print(f"step back from the end: {1e3 * (t1 - t0):.1f} ms; goto the middle: {1e3 * (t2 - t1):.1f} ms; "
          f"step back over: {1e3 * (t3 - t2):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
