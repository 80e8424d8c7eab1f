"""The changed-memory ranges of a stop (debug/changed_memory.py) against a plain reading of the undo log.

The reference below is the session's earlier implementation, one Python line
per entry: the ranges must be exactly the same on random logs (overlapping,
touching and empty writes, two memories, entries of every kind, more ranges
than a stop shows, equal gaps), forwards and going back to a step.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.debug.changed_memory import MAX_CHANGED_RANGES, entries_since, written_ranges
from playground.debug.undo import GLOBAL, GROW, HEAP, LOST, MEM, TABLE


class _Target:  # a memory, global, table or object an entry names (identity is what counts)
    pass


MEMORY, OTHER_MEMORY, GLOB = _Target(), _Target(), _Target()


def reference_merge(writes: list[tuple[int, int]]) -> tuple:
    """(start, length) writes joined in order of start, the closest neighbours joined past the limit."""
    if not writes:
        return ()
    writes = sorted(writes)
    out = []
    lo, hi = writes[0][0], writes[0][0] + writes[0][1]
    for start, length in writes:
        end = start + length
        if start <= hi:
            hi = max(hi, end)
        else:
            out.append([lo, hi])
            lo, hi = start, end
    out.append([lo, hi])
    if len(out) > MAX_CHANGED_RANGES:
        gaps = sorted(range(len(out) - 1), key=lambda i: (out[i + 1][0] - out[i][1], i), reverse=True)
        joined, first = [], 0
        for i in sorted(gaps[: MAX_CHANGED_RANGES - 1]):
            joined.append((out[first][0], out[i][1]))
            first = i + 1
        joined.append((out[first][0], out[-1][1]))
        return tuple(joined)
    return tuple((s, e) for s, e in out)


def reference_since(log: list, mem, target: int) -> tuple:
    out = []
    for e in reversed(log):
        if e[1] < target:
            break
        if e[0] == MEM and e[3] is mem:
            out.append((e[4], len(e[5])))
    return reference_merge(out)


def _entry(kind: int, step: int, target, address: int, length: int, wide: bool) -> tuple:
    if kind == MEM:
        old = bytes(length) if wide or length != 1 else b"\x07"
        return (MEM, step, (0, 3), target, address, old if wide else bytearray(old))
    if kind == GROW:
        return (GROW, step, None, target, 65536)
    if kind == GLOBAL:
        return (GLOBAL, step, (0, 1), GLOB, 1.5)
    if kind == TABLE:
        return (TABLE, step, (0, 2), GLOB, address, [None] * length)
    if kind == HEAP:
        return (HEAP, step, (0, 4), GLOB, address, [1] * length, [0] * 8)
    return (LOST, step, (0, 5), target, address, length, "memory.fill")


SPREAD = st.sampled_from([1, 2, 3, 8, 64])  # how far apart writes start: 1 and 2 overlap and touch; 64 makes many ranges


ENTRY = st.tuples(
    st.sampled_from([0, 0, 1, 1, 2, -1]),  # step after the last: repeated (edits, bulk writes), a replay's step back
    st.sampled_from([MEM] * 8 + [GROW, GLOBAL, TABLE, HEAP, LOST]),
    st.sampled_from([MEMORY] * 4 + [OTHER_MEMORY]),
    st.integers(0, 120), st.integers(0, 3),  # where it starts: a multiple of the log's spread, and a little more
    st.sampled_from([0, 1, 1, 2, 4, 8, 16, 40]),
    st.booleans(),
)


@st.composite
def logs(draw) -> list:
    stride = draw(SPREAD)
    n = draw(st.sampled_from([0, 1, 5, 40, 150, 300]))
    step, log = 0, []
    for delta, kind, target, place, more, length, wide in draw(st.lists(ENTRY, min_size=n, max_size=n)):
        step += delta
        log.append(_entry(kind, step, target, place * stride + more, length, wide))
    return log


@settings(max_examples=100, deadline=None)
@given(logs(), st.integers(0, 400))
def test_ranges_since_a_position_are_the_plain_reading(log, mark):
    entries = log[mark:]
    expected = reference_merge([(e[4], len(e[5])) for e in entries if e[0] == MEM and e[3] is MEMORY])
    assert written_ranges(entries, [], MEMORY) == expected


@settings(max_examples=100, deadline=None)
@given(logs(), st.integers(-1, 300))
def test_ranges_going_back_to_a_step_are_the_plain_reading(log, target):
    assert written_ranges(log[entries_since(log, target):], [], MEMORY) == reference_since(log, MEMORY, target)


def test_many_ranges_keep_the_widest_gaps_and_of_equal_ones_the_later():
    writes = [(16 * i, 4) for i in range(100)] + [(16 * 100 + 50, 4)]  # equal gaps of 12, one of 46 at the end
    log = [(MEM, i, None, MEMORY, a, bytes(n)) for i, (a, n) in enumerate(writes)]
    got = written_ranges(log, [], MEMORY)
    assert got == reference_merge(writes) and len(got) == MAX_CHANGED_RANGES
    assert got[-1] == (1650, 1654) and got[0] == (0, 16 * 37 + 4)  # the 62 latest gaps of 12 kept, the first ones joined


def test_a_long_log_going_back_a_little_reads_only_its_end():
    log = [(MEM, i, None, MEMORY, i % 7, b"\0") for i in range(100_000)]
    log[50] = (MEM, None, None, MEMORY, 0, b"\0")  # no step: a scan that went that far back would fail
    assert entries_since(log, 99_998) == 99_998
    assert written_ranges(log[99_998:], [], MEMORY) == ((3, 5),)  # 99,998 % 7 and 99,999 % 7
