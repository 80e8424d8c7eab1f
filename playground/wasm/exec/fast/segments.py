"""Counting mode in the generated text: instructions charged per straight-line segment (meter.py runs it).

A segment is a run of consecutive instructions, charged once before it runs:

    METER.n += 9
    if METER.n > METER.limit: METER.check(9, 75)      # 75: its first pc

It ends at every control transfer (a branch, an `if`, a loop's edge, a
return, a throw), at a call (the callee counts on from the caller's
count), at a write the debugger's recording ops log through `OPS` (they
read the count: `now()`), and before a probe. An instruction that can fail
(a load, a store, a division, a table access...) does NOT end it: what a
failure or a stop in the middle needs is known at translation time.

- A trap: the step engine has counted the instructions before the failing
  one. The fault handler un-charges the failing one and every one charged
  after it: `ahead` maps each line of such a segment to how many come after
  its instruction (faults.py).
- A write the debugger's form logs itself (a store, `global.set`): its
  step, the count before it, is `METER.n - a`, `a` the instructions charged
  from the writer on (`STEP` in the text until the segment closes).
- The budget. The step engine runs `fuel` instructions and stops before the
  next; an instruction before that point that fails has failed, one that
  writes state has written. So a segment is cut into pieces after each
  instruction that can fail or writes state, and one that passes `limit`
  runs piece by piece, each piece charged as a segment of its own would
  be (`Meter.piece`):

    METER.n += 13
    _slow = METER.n > METER.limit and METER.piece(13, 4, 185)
    s0 = data[((l2 + 1050625) & 0xffffffff)]
    if _slow: _slow = METER.piece(9, 4, 189)
    s1 = data[((l2 + 1050624) & 0xffffffff)]
    ...

  `METER.n` keeps the whole segment's charge meanwhile (so `ahead` and `a`
  hold on both paths); a piece that passes the budget raises what its own
  segment's check would have raised, with the count of that point. Only
  the budget's end, the deadline or a pause send a segment there: the code
  that runs otherwise pays one charge per segment and a test of a local
  per cut.
"""

from __future__ import annotations

STEP = "@step@"
"""Stands for a logged write's step (`METER.n - a`) in a line of an open segment (ops_memory.py)."""


class Segments:
    """The counting part of the Translator (translate.py): the open segment, its cuts and its lines."""

    def init_segments(self) -> None:
        self.segment: int | None = None  # index in `out` of the open segment's charge line
        self.segment_count = 0
        self.segment_first = 0
        self.cut_after: tuple[int, int] | None = None  # (pc, count) of the instruction a cut follows, its line not written yet
        self.cuts: list[tuple[int, int]] = []  # (index in `out` of a cut's line, count before it) in the open segment
        self.counts: list[int] = []  # per line of `out`: the count of its instruction in its segment (0: none open)
        self.ahead: dict[int, int] = {}  # index in `out` -> instructions charged after the one on that line

    def note_line(self) -> None:
        """Before a line is added to `out`: write a pending cut first if the line belongs to a later instruction."""
        if self.cut_after is not None and self.cut_after[0] != self.pc:
            self.write_cut()
        self.counts.append(self.segment_count if self.segment is not None else 0)

    def charge(self) -> None:
        """Count the current instruction in the open segment (counting mode only)."""
        if not self.counting:
            return
        if self.segment is None:
            self.segment = len(self.out)
            self.segment_first = self.pc
            self.segment_count = 0
            pc, self.pc = self.pc, -1
            self.emit("")  # both lines are completed by end_segment
            self.emit("")
            self.pc = pc
        self.segment_count += 1

    def may_fail(self) -> None:
        """After the lines of an instruction that can fail or writes state: the segment goes on, cut here."""
        if self.segment is not None:
            self.cut_after = (self.pc, self.segment_count)

    def write_cut(self) -> None:
        """The pending cut's line (its text comes when the segment closes), before the next instruction's lines."""
        count = self.cut_after[1]
        self.cut_after = None
        self.cuts.append((len(self.out), count))
        pc, self.pc = self.pc, -1
        self.emit("")  # completed by end_segment
        self.pc = pc

    def end_segment(self) -> None:
        """Close the open segment: its charge, its cuts and its writes' steps get their numbers."""
        if self.segment is None:
            return
        k = self.segment_count
        if self.cut_after is not None and self.cut_after[1] < k:
            self.write_cut()  # instructions after the failing one were charged: the rest is a piece of its own
        self.cut_after = None
        i, first, out, cuts = self.segment, self.segment_first, self.out, self.cuts
        out[i] += f"METER.n += {k}"
        if cuts:
            out[i + 1] += f"_slow = METER.n > METER.limit and METER.piece({k}, {cuts[0][1]}, {first})"
            ends = [c for _, c in cuts[1:]] + [k]
            for (line, c), end in zip(cuts, ends):
                out[line] += f"if _slow: _slow = METER.piece({k - c}, {end - c}, {first + c})"
            counts, ahead = self.counts, self.ahead
            for j in range(i + 2, len(out)):
                if 0 < counts[j] < k:
                    ahead[j] = k - counts[j]
            self.cuts = []
        else:
            out[i + 1] += f"if METER.n > METER.limit: METER.check({k}, {first})"
        for j in range(i + 2, len(out)):
            if STEP in out[j]:
                out[j] = out[j].replace(STEP, f"METER.n - {k - self.counts[j] + 1}")
        self.segment = None
