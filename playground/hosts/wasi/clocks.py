"""Clocks and randomness for the guest: fake and seeded by default, real when asked for.

A run, a trace and a reverse-debugging session must replay identically, so
by default nothing the guest sees depends on the wall clock or the OS's
entropy: the fake clock starts at a fixed instant and advances by a fixed
tick on every reading (so a program timing a loop sees time pass, and one
polling until a deadline finishes), sleeping (`poll_oneoff` on a clock)
jumps the clock forward instead of waiting, and `random_get` draws from a
PRNG seeded by the configuration.
"""

from __future__ import annotations

import os
import random
import time

# 2024-01-01T00:00:00Z: a plausible "now" for programs that print the date.
FAKE_EPOCH_NS = 1_704_067_200 * 1_000_000_000
FAKE_TICK_NS = 1_000_000  # 1 ms per clock reading


class FakeClock:
    """Deterministic time: `monotonic` starts at 0, `realtime` at `epoch_ns`; each reading advances `tick_ns`."""

    real = False

    def __init__(self, epoch_ns: int = FAKE_EPOCH_NS, tick_ns: int = FAKE_TICK_NS) -> None:
        self.epoch_ns = epoch_ns
        self.tick_ns = tick_ns
        self.elapsed_ns = 0

    def monotonic(self) -> int:
        self.elapsed_ns += self.tick_ns
        return self.elapsed_ns

    def realtime(self) -> int:
        self.elapsed_ns += self.tick_ns
        return self.epoch_ns + self.elapsed_ns

    def peek_realtime(self) -> int:
        """The wall time without advancing (for file timestamps)."""
        return self.epoch_ns + self.elapsed_ns

    def peek_monotonic(self) -> int:
        return self.elapsed_ns

    def resolution(self) -> int:
        return max(1, self.tick_ns)

    def sleep_until_monotonic(self, deadline_ns: int) -> None:
        """Jump forward to `deadline_ns` (no real waiting)."""
        self.elapsed_ns = max(self.elapsed_ns, deadline_ns)


class RealClock:
    """The host's clocks (`--real-time`)."""

    real = True

    def __init__(self) -> None:
        self._origin = time.monotonic_ns()

    def monotonic(self) -> int:
        return time.monotonic_ns() - self._origin

    def realtime(self) -> int:
        return time.time_ns()

    def peek_realtime(self) -> int:
        return time.time_ns()

    def peek_monotonic(self) -> int:
        return self.monotonic()

    def resolution(self) -> int:
        return 1

    def sleep_until_monotonic(self, deadline_ns: int) -> None:
        delay = deadline_ns - self.monotonic()
        if delay > 0:
            time.sleep(delay / 1e9)


class SeededRandom:
    """`random_get` bytes from a PRNG seeded by the configuration (the same bytes every run)."""

    real = False

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)

    def bytes(self, n: int) -> bytes:
        return self._rng.randbytes(n)


class RealRandom:
    """`random_get` bytes from the OS (`--real-random`)."""

    real = True

    def bytes(self, n: int) -> bytes:
        return os.urandom(n)
