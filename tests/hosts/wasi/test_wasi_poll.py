"""poll_oneoff from WAT: clock subscriptions (the fake clock jumps, the real one sleeps) and descriptors."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import Guest  # noqa: E402

from playground.hosts.wasi import Errno, Preopen  # noqa: E402
from playground.hosts.wasi.abi import EVENT, SUBSCRIPTION, Eventrwflags, Rights  # noqa: E402

MS = 1_000_000
SUBS, EVENTS = 4096, 8192


def clock_sub(userdata: int, timeout: int, *, clock: int = 1, absolute: bool = False) -> bytes:
    return SUBSCRIPTION.pack(userdata=userdata, tag=0, clock_id=clock, timeout=timeout, clock_flags=int(absolute))


def fd_sub(userdata: int, fd: int, *, write: bool = False) -> bytes:
    return SUBSCRIPTION.pack(userdata=userdata, tag=2 if write else 1, file_descriptor=fd)


def poll(g: Guest, *subs: bytes) -> tuple[int, list[dict]]:
    g.put(SUBS, b"".join(subs))
    errno = g.call("poll_oneoff", SUBS, EVENTS, len(subs), 1020)
    if errno:
        return errno, []
    n = g.u32(1020)
    return 0, [EVENT.unpack(g.get(EVENTS + i * EVENT.size, EVENT.size)) for i in range(n)]


def monotonic(g: Guest) -> int:
    assert g.call("clock_time_get", 1, 0, 1000) == 0
    return g.u64(1000)


def test_sleeping_jumps_the_fake_clock():
    g = Guest()
    start = monotonic(g)
    errno, events = poll(g, clock_sub(42, 5 * MS))
    assert errno == 0
    assert events == [{"userdata": 42, "error": 0, "type": 0, "nbytes": 0, "flags": 0}]
    assert monotonic(g) >= start + 5 * MS


def test_the_earliest_clock_fires_alone():
    g = Guest()
    errno, events = poll(g, clock_sub(1, 10 * MS), clock_sub(2, 1 * MS))
    assert errno == 0 and [e["userdata"] for e in events] == [2]


def test_an_absolute_deadline_in_the_past_fires_at_once():
    g = Guest()
    monotonic(g)
    before = g.host.clock.peek_monotonic()
    errno, events = poll(g, clock_sub(7, 0, absolute=True))
    assert errno == 0 and [e["userdata"] for e in events] == [7]
    assert g.host.clock.peek_monotonic() == before
    errno, events = poll(g, clock_sub(8, g.host.clock.peek_realtime() + 3 * MS, clock=0, absolute=True))
    assert errno == 0 and [e["userdata"] for e in events] == [8]
    assert g.host.clock.peek_monotonic() == before + 3 * MS


def test_ready_stdin_wins_over_a_clock():
    g = Guest(stdin=b"data")
    before = g.host.clock.peek_monotonic()
    errno, events = poll(g, clock_sub(1, 1_000 * MS), fd_sub(2, 0))
    assert errno == 0
    assert [(e["userdata"], e["type"], e["nbytes"]) for e in events] == [(2, 1, 1)]
    assert g.host.clock.peek_monotonic() == before


def test_descriptor_readiness():
    g = Guest(preopens=[Preopen("/d", files={"f": b"12345"})])
    _, fd = g.open(3, "f", rights=Rights.FD_READ)
    g.read(fd, 2)
    errno, events = poll(g, fd_sub(1, fd), fd_sub(2, 1, write=True), fd_sub(3, fd, write=True))
    assert errno == 0
    assert [(e["userdata"], e["type"], e["nbytes"], e["flags"]) for e in events] == [(1, 1, 3, 0), (2, 2, 1, 0), (3, 2, 1, 0)]
    g.read(fd, 10)
    _, events = poll(g, fd_sub(1, fd))
    assert (events[0]["nbytes"], events[0]["flags"]) == (0, Eventrwflags.HANGUP)


def test_poll_errors():
    g = Guest(preopens=[Preopen("/d")])
    assert g.call("poll_oneoff", SUBS, EVENTS, 0, 1020) == Errno.INVAL
    assert poll(g, fd_sub(1, 99))[0] == Errno.BADF
    assert poll(g, fd_sub(1, 3))[0] == Errno.BADF  # a directory cannot be polled
    assert poll(g, fd_sub(1, 1))[0] == Errno.BADF  # stdout is not readable
    assert poll(g, clock_sub(1, 0, clock=2))[0] == Errno.INVAL
    bad_tag = bytearray(clock_sub(1, 0))
    bad_tag[8] = 9
    assert poll(g, bytes(bad_tag))[0] == Errno.INVAL


def test_real_time_really_sleeps():
    g = Guest(real_time=True)
    start = monotonic(g)
    assert poll(g, clock_sub(1, 20 * MS))[0] == 0
    assert monotonic(g) - start >= 20 * MS
