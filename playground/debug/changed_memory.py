"""The memory a motion changed: the [start, end) ranges that the undo log's writes of one memory cover.

A stop tints in the memory view the bytes written since the previous stop
(`Snapshot.changed_memory`): the MEM entries (undo.py) of the session's
memory logged since then, or, going back, those at a step from the target
on. Touching and overlapping writes join into one range; past
`MAX_CHANGED_RANGES` ranges the closest neighbours join too (the widest
gaps stay; of equal ones, the later).

A fast Continue logs 100,000s of stores, so no Python line runs per write:
its stores are still the fast engine's pending records (undo.py), read a
field at a time as slices of their flat list; entries are read a field at
a time through C-level maps (`itemgetter`, `compress`); then numpy merges: sorted by start, a range begins
wherever a start lies past the running maximum of the ends before it. That
is the same as joining them one by one in order of start, whatever the
order of equal starts (one of them begins the range, the rest join it).
numpy is imported at the first merge, not with the debugger.
"""

from __future__ import annotations

from itertools import chain, compress, repeat
from operator import and_, eq, is_, itemgetter

from playground.debug.undo import MEM, RECORD_FIELDS

MAX_CHANGED_RANGES = 64

_KIND, _STEP, _TARGET, _ADDRESS, _OLD = (itemgetter(i) for i in (0, 1, 3, 4, 5))
_SCAN_FIRST = 256  # entries read in the first slice of a scan back for a step (then four times as many each time)


def written_ranges(entries: list, records: list, mem) -> tuple[tuple[int, int], ...]:
    """The joined (start, end) ranges that the MEM entries of `mem` among `entries` (undo log entries) and
    pending `records` (the fast engine's stores, five fields each: undo.py) wrote."""
    kinds = list(map(_KIND, entries))
    if kinds.count(MEM) != len(kinds):
        entries = list(compress(entries, map(eq, kinds, repeat(MEM))))
    targets = list(map(_TARGET, entries))
    if targets.count(mem) != len(targets):  # Memory has no __eq__: count compares identity
        entries = list(compress(entries, map(is_, targets, repeat(mem))))
    addresses, olds, targets = (records[i::RECORD_FIELDS] for i in (3, 4, 2))
    if targets.count(mem) != len(targets):  # only a store's record names a memory: all `mem`'s are stores
        kinds = map(_KIND, records[0::RECORD_FIELDS])
        mine = list(map(and_, map(eq, kinds, repeat(MEM)), map(is_, targets, repeat(mem))))
        addresses, olds = list(compress(addresses, mine)), list(compress(olds, mine))
    n = len(entries) + len(addresses)
    if not n:
        return ()
    import numpy as np

    starts = np.fromiter(chain(map(_ADDRESS, entries), addresses), np.int64, n)
    ends = starts + np.fromiter(map(len, chain(map(_OLD, entries), olds)), np.int64, n)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], np.maximum.accumulate(ends[order])
    begins = np.flatnonzero(starts[1:] > ends[:-1]) + 1  # where a range begins, after the first
    los, his = starts[np.concatenate(([0], begins))], ends[np.concatenate((begins - 1, [n - 1]))]
    if len(los) > MAX_CHANGED_RANGES:
        gaps = los[1:] - his[:-1]
        widest = np.argsort(gaps, kind="stable")[-(MAX_CHANGED_RANGES - 1):]  # stable: of equal gaps, the later
        kept = np.sort(widest)
        los, his = los[np.concatenate(([0], kept + 1))], his[np.concatenate((kept, [len(his) - 1]))]
    return tuple(zip(los.tolist(), his.tolist()))


def entries_since(log: list, step: int) -> int:
    """Where the log's newest run of entries at steps >= `step` begins: after the newest entry before `step`.

    Read back from the end in growing slices, so a step back near the end reads little of a long log.
    """
    import numpy as np

    end, size = len(log), _SCAN_FIRST
    while end > 0:
        start = max(0, end - size)
        below = np.flatnonzero(np.fromiter(map(_STEP, log[start:end]), np.int64, end - start) < step)
        if below.size:
            return start + int(below[-1]) + 1
        end, size = start, size * 4
    return 0
