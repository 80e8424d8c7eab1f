"""Benchmark records: the Markdown table, CSV round trip, chart series."""

from __future__ import annotations

import io
import math

import pytest

from playground.bench import BenchRecord, chart_series, read_csv, to_csv, to_markdown, write_csv

RECORDS = [
    BenchRecord("matmul", "numpy", 16, 1.5e-6, 5.46, 4.7e-7, "ok"),
    BenchRecord("matmul", "wasm", 16, 0.0148, 0.00055, 5.6e-7, "ok"),
    BenchRecord("matmul", "numpy", 32, 2.0e-6, 32.7, 1.2e-6, "ok"),
    BenchRecord("matmul", "wasm", 32, status="skipped", note="estimated 3 s at size 32, over the 2 s budget"),
    BenchRecord("matmul", "gpu-tiled", 32, 0.0011, 0.06, 1e-6, "ok", kernel_seconds=1e-4),
]


def test_markdown_table():
    text = to_markdown(RECORDS)
    lines = text.splitlines()
    assert lines[0].startswith("| operation | backend | size | time | GFLOP/s | max abs error | status |")
    assert len(lines) == 2 + len(RECORDS)
    assert "| matmul | numpy | 16 | 1.5 us | 5.46 | 4.70e-07 | ok |" in lines
    assert "| matmul | wasm | 16 | 14.80 ms |" in text
    assert "| matmul | wasm | 32 | - | - | - | skipped: estimated 3 s" in text


def test_csv_round_trip(tmp_path):
    path = tmp_path / "r.csv"
    write_csv(RECORDS, path)
    back = read_csv(path)
    assert len(back) == len(RECORDS)
    for a, b in zip(back, RECORDS):
        for field in ("operation", "backend", "size", "status", "note"):
            assert getattr(a, field) == getattr(b, field)
        for field in ("seconds", "gflops", "max_abs_error", "kernel_seconds"):
            x, y = getattr(a, field), getattr(b, field)
            assert (math.isnan(x) and math.isnan(y)) or x == y
    assert read_csv(io.StringIO(to_csv(RECORDS)))[1] == RECORDS[1]
    assert to_csv(RECORDS).splitlines()[0] == (
        "operation,backend,size,seconds,gflops,max_abs_error,status,note,kernel_seconds,reason")


def test_chart_series():
    seconds = chart_series(RECORDS)
    assert seconds == {"numpy": ([16, 32], [1.5e-6, 2.0e-6]), "wasm": ([16], [0.0148]), "gpu-tiled": ([32], [0.0011])}
    assert chart_series(RECORDS, "gflops")["numpy"] == ([16, 32], [5.46, 32.7])
    with pytest.raises(ValueError):
        chart_series(RECORDS, "watts")
