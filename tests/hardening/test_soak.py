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


def one_round(texts: dict) -> int:
    steps = 0
    for name, export, args in JOBS:
        session = DebugSession.from_text(texts[name], file=name)
        session.start(export, args)
        session.continue_()
        steps += session.step
        del session
    return steps


def test_memory_stays_flat_over_repeated_sessions():
    texts = {name: (REPO / "samples" / name).read_text() for name, _, _ in JOBS}
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
            steps += one_round(texts)
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
    sessions = [o for o in gc.get_objects() if isinstance(o, DebugSession)]
    # One stays reachable after the rounds (something keeps the last session; not found yet, see docs/fuzzing.md);
    # a leak would keep one per round.
    assert len(sessions) <= 1, f"{len(sessions)} sessions still alive after {rounds} rounds"
