"""Why a bar is the slowest, in words for the Compare view's note. No Qt.

A learner comparing backends sees the interpreter's bar hundreds of times
longer than wasmtime's and may think something is broken. The note under
the charts says why, for the backends whose slowness is the lesson.
"""

from __future__ import annotations

from typing import Iterable

from playground.bench.records import BenchRecord

WHY_SLOW = {
    "wasm": "each Wasm instruction is interpreted in Python, one at a time (a teaching engine you can step through), "
            "while wasmtime compiles the same module to native machine code first",
    "wasm-simd": "each Wasm instruction, SIMD ones included, is interpreted in Python, one at a time (a teaching "
                 "engine you can step through), while wasmtime compiles the same module to native machine code first",
    "python": "every multiply and add is a separate Python operation on Python numbers, "
              "while numpy hands the whole array to compiled, vectorised code",
}


def slowest(records: Iterable[BenchRecord], size: int | None) -> BenchRecord | None:
    """The measured record that took longest at `size` (None when nothing was measured there)."""
    measured = [r for r in records if r.size == size and r.measured and r.seconds > 0]
    return max(measured, key=lambda r: r.seconds) if len(measured) > 1 else None


def slowest_note(records: Iterable[BenchRecord], size: int | None) -> str:
    """`Why is wasm the slowest bar? ...` when the slowest backend at `size` is one whose slowness has a reason to tell."""
    records = list(records)
    record = slowest(records, size)
    if record is None or record.backend not in WHY_SLOW:
        return ""
    fastest = min((r.seconds for r in records if r.size == size and r.measured and r.seconds > 0))
    times = f" ({record.seconds / fastest:,.0f}x the fastest)" if fastest > 0 and record.seconds / fastest >= 2 else ""
    return f"Why is {record.backend} the slowest bar{times}? {WHY_SLOW[record.backend][0].upper()}{WHY_SLOW[record.backend][1:]}."
