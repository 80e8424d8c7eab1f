"""Soak: samples and spec-suite modules run over and over under the debugger's session object; memory stays flat.

Each round makes a fresh `DebugSession` (the object the window's
SessionController drives), starts an export, continues to the end and drops
the session. After a warm-up, tracemalloc's traced size may not grow by more
than a small allowance over the rest of the run: a leak of instances,
snapshots or history would grow it every round. PLAYGROUND_SOAK_SECONDS sets
the duration (default 8 s in `make test`; long mode: PLAYGROUND_FUZZ=long, 120 s).
"""

from __future__ import annotations

import gc
import os
import time
import tracemalloc
import weakref
from pathlib import Path

from playground.debug.session import DebugSession

REPO = Path(__file__).resolve().parents[2]
JOBS = [
    ("fib.wat", "fib", [12]),
    ("factorial.wat", "fac_iter", [20]),
    ("fib.wat", "fib_iter", [40]),
]
ALLOWANCE = 1 << 20  # bytes the traced size may drift after the warm-up (caches settling)


def soak_seconds() -> float:
    if "PLAYGROUND_SOAK_SECONDS" in os.environ:
        return float(os.environ["PLAYGROUND_SOAK_SECONDS"])
    return 120.0 if os.environ.get("PLAYGROUND_FUZZ", "").lower() == "long" else 8.0


def one_round(texts: dict, made: weakref.WeakSet | None = None) -> int:
    """One session per job, each run to the end and dropped; the steps they ran. `made` collects the sessions."""
    steps = 0
    for name, export, args in JOBS:
        session = DebugSession.from_text(texts[name], file=name)
        if made is not None:
            made.add(session)
        session.start(export, args)
        session.continue_()
        steps += session.step
        del session
    return steps


def test_memory_stays_flat_over_repeated_sessions():
    texts = {name: (REPO / "samples" / name).read_text() for name, _, _ in JOBS}
    gc.collect()  # what earlier tests left is not this test's: only the sessions it makes are counted
    made = weakref.WeakSet()
    for _ in range(3):  # warm-up: imports, caches, interned names
        one_round(texts)
    gc.collect()
    tracemalloc.start()
    try:
        one_round(texts)
        gc.collect()
        baseline = tracemalloc.get_traced_memory()[0]
        rounds, steps, end = 0, 0, time.monotonic() + soak_seconds()
        sizes = []
        while time.monotonic() < end:
            steps += one_round(texts, made)
            rounds += 1
            if rounds % 5 == 0:
                gc.collect()
                sizes.append(tracemalloc.get_traced_memory()[0])
        gc.collect()
        final = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert rounds >= 3 and steps > 0
    assert final - baseline < ALLOWANCE, f"grew {final - baseline:,} bytes over {rounds} rounds: {sizes}"
    gc.collect()
    alive = len(made)  # of the sessions the measured rounds made (a WeakSet: only those still reachable)
    # None may stay: the last one used to, held by its motion's timer thread until that thread ended
    # (DebugSession._run now joins it); a leak would keep one per round.
    assert alive == 0, f"{alive} of the {rounds * len(JOBS)} sessions made are still alive after {rounds} rounds"
