"""The Compare view's note says why the slowest bar is the slowest (issue 12, bug 12)."""

from __future__ import annotations

from playground.bench.records import BenchRecord
from playground.workbench.compare_notes import slowest, slowest_note


def point(backend: str, size: int, seconds: float, status: str = "ok") -> BenchRecord:
    return BenchRecord("matmul", backend, size, seconds, status=status)


def test_the_interpreter_s_bar_is_explained():
    records = [point("numpy", 64, 1e-5), point("wasmtime", 64, 2e-4), point("wasm", 64, 0.5), point("wasm", 128, 4.0)]
    note = slowest_note(records, 64)
    assert note.startswith("Why is wasm the slowest bar (50,000x the fastest)? Each Wasm instruction is interpreted in Python")
    assert "wasmtime compiles the same module to native machine code" in note
    assert slowest(records, 128) is None and slowest_note(records, 128) == ""  # one bar: nothing to compare


def test_only_the_slowness_that_is_the_lesson_is_explained():
    assert slowest_note([point("numpy", 8, 1e-6), point("gpu-naive", 8, 1e-3)], 8) == ""
    python = slowest_note([point("numpy", 8, 1e-6), point("python", 8, 1e-2)], 8)
    assert python.startswith("Why is python the slowest bar") and "numpy hands the whole array" in python
    skipped = [point("numpy", 8, 1e-6), point("gpu-naive", 8, 1e-3), BenchRecord("matmul", "wasm", 8, status="skipped")]
    assert slowest_note(skipped, 8) == ""  # a skipped point is no bar
