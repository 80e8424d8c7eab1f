"""Benchmark results as records, and their three renderings: a Markdown table, CSV, chart series.

The CLI and the Compare view both go through these functions, so a table in
the terminal, an exported CSV and the points on a chart always agree.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Iterable, TextIO

# statuses of a record
OK = "ok"  # ran, and the output matches numpy
MISMATCH = "mismatch"  # ran, but the output differs from numpy beyond the tolerance
SKIPPED = "skipped"  # not run: the backend is too slow for the time budget at this size
UNAVAILABLE = "unavailable"  # not run: the backend is missing here (no wgpu adapter, no wasmtime)
CANCELLED = "cancelled"  # not run: the user pressed Stop
ERROR = "error"  # the backend failed; `note` says how
MEASURED = (OK, MISMATCH)  # statuses that carry a time

CSV_FIELDS = ("operation", "backend", "size", "seconds", "gflops", "max_abs_error", "status", "note",
              "kernel_seconds", "reason")


@dataclass(frozen=True)
class BenchRecord:
    """One point: an operation at one size on one backend.

    `seconds` is the best wall-clock time of the repeats (NaN when not run);
    for GPU backends `kernel_seconds` is the compute part alone (GPU
    timestamps where the adapter has them), the rest being upload and download.
    """

    operation: str  # "matmul", "filter" or "mlp"
    backend: str
    size: int
    seconds: float = math.nan
    gflops: float = math.nan
    max_abs_error: float = math.nan
    status: str = OK
    note: str = ""
    kernel_seconds: float = math.nan
    reason: str = ""  # a skipped point's cause in a few words for the charts: `budget (est. 7.02 s)`

    @property
    def measured(self) -> bool:
        """True when the backend ran at this size (whether or not it matched numpy)."""
        return self.status in MEASURED


def format_seconds(seconds: float) -> str:
    """`12.3 us`, `4.56 ms`, `1.20 s`, or `-` when not measured: the one way times are shown."""
    if math.isnan(seconds):
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _format_number(value: float, spec: str) -> str:
    return "-" if math.isnan(value) else format(value, spec)


def to_markdown(records: Iterable[BenchRecord]) -> str:
    """A Markdown table, one row per record, in the order given."""
    rows = [
        "| operation | backend | size | time | GFLOP/s | max abs error | status |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in records:
        status = f"{r.status}: {r.note}" if r.note else r.status
        rows.append(
            f"| {r.operation} | {r.backend} | {r.size} | {format_seconds(r.seconds)} | "
            f"{_format_number(r.gflops, '.4g')} | {_format_number(r.max_abs_error, '.2e')} | {status} |"
        )
    return "\n".join(rows) + "\n"


def write_csv(records: Iterable[BenchRecord], target: str | Path | TextIO) -> None:
    """Write the records as CSV (header `CSV_FIELDS`) to a path or an open text file."""
    if isinstance(target, (str, Path)):
        with open(target, "w", newline="", encoding="utf-8") as handle:
            write_csv(records, handle)
        return
    writer = csv.DictWriter(target, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for record in records:
        row = asdict(record)
        writer.writerow({k: ("" if isinstance(v, float) and math.isnan(v) else repr(v) if isinstance(v, float) else v)
                         for k, v in row.items()})


def to_csv(records: Iterable[BenchRecord]) -> str:
    """The CSV text of `write_csv`."""
    buffer = io.StringIO()
    write_csv(records, buffer)
    return buffer.getvalue()


def read_csv(source: str | Path | TextIO) -> list[BenchRecord]:
    """Records back from CSV written by `write_csv` (floats round-trip exactly)."""
    if isinstance(source, (str, Path)):
        with open(source, newline="", encoding="utf-8") as handle:
            return read_csv(handle)
    kinds = {f.name: f.type for f in fields(BenchRecord)}
    records = []
    for row in csv.DictReader(source):
        values = {}
        for name in CSV_FIELDS:
            text = row.get(name, "")
            if kinds[name] == "float":
                values[name] = float(text) if text else math.nan
            elif kinds[name] == "int":
                values[name] = int(text)
            else:
                values[name] = text
        records.append(BenchRecord(**values))
    return records


def chart_series(records: Iterable[BenchRecord], metric: str = "seconds") -> dict[str, tuple[list[int], list[float]]]:
    """backend -> (sizes, values) of the measured points, sizes ascending; `metric` is "seconds" or "gflops"."""
    if metric not in ("seconds", "gflops"):
        raise ValueError(f"metric must be 'seconds' or 'gflops', not {metric!r}")
    series: dict[str, list[tuple[int, float]]] = {}
    for r in records:
        value = getattr(r, metric)
        if r.measured and not math.isnan(value):
            series.setdefault(r.backend, []).append((r.size, value))
    return {b: ([s for s, _ in sorted(p)], [v for _, v in sorted(p)]) for b, p in series.items()}
