"""What the benchmark charts say besides the points: which backends stopped early and why, which points mismatch. No Qt.

    for stop in stops(records): stop.backend, stop.last_size, stop.label, stop.sentence()
    for flag in mismatches(records): flag.backend, flag.size, flag.note

A backend stops when a size is skipped over the time budget, when it is
unavailable here, or when it fails; the table says so row by row, and the
charts say it once per backend: a mark at its last measured point, a suffix
in the legend and a sentence under the charts. These functions read the
records (`bench.records`) and the harness's notes; nothing is measured here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from playground.bench.records import CANCELLED, ERROR, MISMATCH, SKIPPED, UNAVAILABLE, BenchRecord

STOPPING = (SKIPPED, UNAVAILABLE, ERROR)
STOP_MARK = "\u2715"  # ✕, as the mark that ends a stopped backend's line on the charts


def skip_reason(record: BenchRecord) -> str:
    """A skipped point's cause in a few words: the harness's `reason` (`budget (est. 7.02 s)`), else `skipped`."""
    return record.reason or "skipped"


@dataclass(frozen=True)
class Stop:
    """A backend that did not reach the largest size: where it stopped and why."""

    backend: str
    status: str  # skipped, unavailable or error: the first size it did not run
    size: int  # that first size
    last_size: int | None  # its last measured size (None: it measured nothing)
    note: str  # the harness's words
    reason: str = ""  # the harness's few words (`budget (est. 7.02 s)`)

    @property
    def label(self) -> str:
        """A few words for the chart: `stopped: budget (est. 7.02 s)`."""
        if self.status == SKIPPED:
            return f"stopped: {self.reason or 'skipped'}"
        return "unavailable" if self.status == UNAVAILABLE else "stopped: error"

    def short(self) -> str:
        """For the legend: `✕ stopped after 64`, `unavailable`."""
        if self.status == UNAVAILABLE:
            return "unavailable"
        if self.last_size is None:
            return f"{STOP_MARK} stopped at {self.size}"
        return f"{STOP_MARK} stopped after {self.last_size}"

    def sentence(self) -> str:
        """One line for under the charts."""
        if self.status == UNAVAILABLE:
            return f"{self.backend}: unavailable here ({self.note})" if self.note else f"{self.backend}: unavailable here"
        after = f"after size {self.last_size}" if self.last_size is not None else "before its first size"
        if self.status == ERROR:
            return f"{self.backend} stopped {after}: failed at size {self.size}: {self.note}"
        return f"{self.backend} stopped {after}: {self.note}" if self.note else f"{self.backend} stopped {after}"


@dataclass(frozen=True)
class Mismatch:
    """A measured point whose output differs from numpy's beyond the tolerance."""

    backend: str
    size: int
    note: str

    def sentence(self) -> str:
        return f"{self.backend} at size {self.size}: {self.note}" if self.note else f"{self.backend} at size {self.size}: mismatch"


def stops(records: Iterable[BenchRecord]) -> list[Stop]:
    """Per backend (in the records' order), the size where it stopped for good, if it did.

    A backend stopped when, from some size on, it measured nothing because it was
    skipped, unavailable or failed. Points the user cancelled are not a stop of the
    backend (`cancelled_at` says where the run was stopped).
    """
    by_backend: dict[str, list[BenchRecord]] = {}
    for r in records:
        by_backend.setdefault(r.backend, []).append(r)
    out = []
    for backend, rows in by_backend.items():
        rows = sorted(rows, key=lambda r: r.size)
        measured = [r.size for r in rows if r.measured]
        last = max(measured) if measured else None
        after = [r for r in rows if last is None or r.size > last]
        first = next((r for r in after if r.status in STOPPING), None)
        if first is not None and all(r.status in STOPPING + (CANCELLED,) for r in after):
            out.append(Stop(backend, first.status, first.size, last, first.note, first.reason))
    return out


def mismatches(records: Iterable[BenchRecord]) -> list[Mismatch]:
    """The measured points whose output is wrong, in the records' order."""
    return [Mismatch(r.backend, r.size, r.note) for r in records if r.status == MISMATCH]


def cancelled_at(records: Iterable[BenchRecord]) -> int | None:
    """The smallest size the user's Stop left unmeasured, or None when nothing was cancelled."""
    sizes = [r.size for r in records if r.status == CANCELLED]
    return min(sizes) if sizes else None


def notes_text(records: Iterable[BenchRecord]) -> str:
    """The lines under the charts: stopped backends, wrong results, a cancelled run ('' when all ran)."""
    records = list(records)
    lines = [f"{STOP_MARK} {stop.sentence()}" for stop in stops(records)]
    lines += [f"Wrong result: {flag.sentence()}" for flag in mismatches(records)]
    cancelled = cancelled_at(records)
    if cancelled is not None:
        lines.append(f"Run stopped by you: nothing measured from size {cancelled} on for the backends still running.")
    return "\n".join(lines)
