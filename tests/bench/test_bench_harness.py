"""The benchmark harness: every backend checked against numpy, the time budget, progress and cancel."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.bench import BACKENDS, BenchError, backends_for, resolve_backends, run_bench
from playground.bench.backends import Backend, Prepared
from playground.bench.workloads import flops, make_inputs

CPU_BACKENDS = ["numpy", "python", "wasm", "wasm-simd", "wasmtime", "wasmtime-simd"]


def _require_gpu() -> None:
    from playground.gpu.device import manager

    reason = manager.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no GPU adapter: {reason}")


def _present(names):
    return [n for n in names if BACKENDS[n].unavailable() is None]


@pytest.mark.parametrize("operation", ["matmul", "filter"])
def test_cpu_backends_agree_with_numpy(operation):
    records = run_bench(operation, _present(CPU_BACKENDS), [3, 8], budget=10)
    assert [(r.size, r.backend) for r in records] == [(s, b) for s in (3, 8) for b in _present(CPU_BACKENDS)]
    for r in records:
        assert r.status == "ok", r
        assert r.seconds > 0 and r.gflops == pytest.approx(flops(operation, r.size) / r.seconds / 1e9)
        assert r.max_abs_error < 1e-5


def test_mlp_backends_agree_with_numpy():
    records = run_bench("mlp", ["numpy", "python", "wasm+numpy"], [1, 3], budget=10)
    assert all(r.status == "ok" and r.max_abs_error < 1e-5 for r in records), records


def test_gpu_backends():
    _require_gpu()
    records = run_bench("matmul", ["gpu"], [5, 17], budget=30)
    assert {r.backend for r in records} == {"gpu-naive", "gpu-tiled", "gpu-blocked"}
    for r in records:
        assert r.status == "ok" and r.max_abs_error < 1e-4
        assert r.kernel_seconds > 0
    more = run_bench("filter", ["gpu"], [9], budget=30) + run_bench("mlp", ["gpu", "wasm+gpu"], [2], budget=30)
    assert all(r.status == "ok" for r in more), more


def test_inputs_are_reproducible():
    a, b = make_inputs("matmul", 8), make_inputs("matmul", 8)
    assert np.array_equal(a.arrays["a"], b.arrays["a"]) and a.flops == 2 * 8**3
    assert make_inputs("mlp", 5).arrays["pixels"].shape == (5, 64)


class FakeClock:
    """Seconds that pass only when a fake backend says its run took them: budgets no longer depend on the machine."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _fake(monkeypatch, name="fake", seconds_per_flop=0.0, wrong=False, fail_at=None, missing=None, clock=None):
    def prepare(inputs):
        def run():
            if fail_at is not None and inputs.size >= fail_at:
                raise RuntimeError("device lost")
            if clock is not None:
                clock.now += seconds_per_flop * inputs.flops
            out = inputs.reference.astype(np.float32)
            return out + 1 if wrong else out

        return Prepared(run)

    backend = Backend(name, "a test backend", ("matmul",), prepare, lambda: missing, flops_per_s=1e12)
    monkeypatch.setitem(BACKENDS, name, backend)
    return name


def test_budget_skips_slow_sizes_and_says_so(monkeypatch):
    clock = FakeClock()
    name = _fake(monkeypatch, seconds_per_flop=1e-4, clock=clock)
    records = run_bench("matmul", [name], [1, 2, 4, 8, 16], budget=0.05, repeat=1, clock=clock)
    # matmul of size n is 2n^3 flops: sizes 1, 2, 4 take 0.2, 1.6 and 12.8 ms; the line through the
    # last two puts size 8 at 102 ms: over the budget, so 8 and 16 are skipped without running.
    assert [r.status for r in records] == ["ok", "ok", "ok", "skipped", "skipped"]
    assert [r.seconds for r in records[:3]] == pytest.approx([0.0002, 0.0016, 0.0128])
    assert records[3].note == "estimated 0.102 s at size 8, over the 0.05 s budget"
    assert records[3].reason == "budget (est. 0.102 s)"
    assert all(math.isnan(r.seconds) for r in records[3:])


def test_a_point_over_budget_is_kept_and_stops_the_backend(monkeypatch):
    clock = FakeClock()
    name = _fake(monkeypatch, seconds_per_flop=0.004, clock=clock)
    records = run_bench("matmul", [name], [2, 3], budget=0.05, repeat=3, clock=clock)
    assert records[0].status == "ok" and records[0].seconds == pytest.approx(0.064)
    assert records[0].note == "size 2 took 0.064 s, over the 0.05 s budget"
    assert records[1].status == "skipped"


def test_repeats_until_enough_time_was_measured(monkeypatch):
    """Tiny runs repeat until 20 ms were measured (timer noise), never past the budget."""
    clock = FakeClock()
    calls = []
    name = _fake(monkeypatch, seconds_per_flop=1.25e-4, clock=clock)
    real_prepare = BACKENDS[name].prepare

    def counting(inputs):
        prepared = real_prepare(inputs)
        run = prepared.run
        return Prepared(lambda: (calls.append(1), run())[1])

    monkeypatch.setitem(BACKENDS, name, Backend(name, "counting", ("matmul",), counting, lambda: None, flops_per_s=1e12))
    records = run_bench("matmul", [name], [2], budget=1, repeat=3, clock=clock)
    assert records[0].status == "ok" and records[0].seconds == pytest.approx(0.002)  # 16 flops
    assert len(calls) == 10  # 10 runs of 2 ms reach the 20 ms minimum sample time


def test_mismatch_error_and_unavailable(monkeypatch):
    wrong = _fake(monkeypatch, "wrong", wrong=True)
    broken = _fake(monkeypatch, "broken", fail_at=2)
    absent = _fake(monkeypatch, "absent", missing="not installed here")
    records = run_bench("matmul", [wrong, broken, absent], [1, 2, 3], budget=1)
    by = {(r.backend, r.size): r for r in records}
    assert by[("wrong", 1)].status == "mismatch" and by[("wrong", 1)].max_abs_error == pytest.approx(1.0)
    assert by[("broken", 1)].status == "ok"
    assert by[("broken", 2)].status == "error" and "device lost" in by[("broken", 2)].note
    assert by[("broken", 3)].status == "skipped"
    assert all(by[("absent", s)].status == "unavailable" for s in (1, 2, 3))


def test_progress_and_cancel(monkeypatch):
    name = _fake(monkeypatch)
    seen = []
    records = run_bench("matmul", [name, "numpy"], [1, 2, 3], budget=1,
                        progress=lambda r, done, total: seen.append((r.backend, r.size, done, total)),
                        cancel=lambda: len(seen) >= 2)
    assert [s[2] for s in seen] == [1, 2, 3, 4, 5, 6] and all(s[3] == 6 for s in seen)
    assert [r.status for r in records[:2]] == ["ok", "ok"]
    assert all(r.status == "cancelled" for r in records[2:])


def test_bad_requests():
    with pytest.raises(BenchError, match="unknown operation"):
        run_bench("fft")
    with pytest.raises(BenchError, match="unknown backend"):
        run_bench("matmul", ["cuda"])
    with pytest.raises(BenchError, match="does not run"):
        run_bench("mlp", ["wasm"])
    with pytest.raises(BenchError, match="positive"):
        run_bench("matmul", ["numpy"], [0])
    with pytest.raises(BenchError, match="budget"):
        run_bench("matmul", ["numpy"], [4], budget=0)


def test_backend_names():
    assert resolve_backends("matmul", ["gpu", "numpy", "gpu-tiled"]) == ["gpu-naive", "gpu-tiled", "gpu-blocked",
                                                                         "numpy"]
    assert resolve_backends("filter", ["gpu"]) == ["gpu"]
    assert "wasm+gpu" in backends_for("mlp") and "wasm" not in backends_for("mlp")
    assert {"wasm", "wasm-simd", "wasmtime", "wasmtime-simd", "python", "numpy"} <= set(backends_for("filter"))


def test_a_skipped_size_carries_its_reason_in_a_few_words():
    """The charts read `reason` as the harness wrote it; nothing parses the note's sentence."""
    from playground.bench.harness import run_bench

    records = run_bench("matmul", ["python"], [4, 8, 512], budget=0.05, repeat=1)
    skipped = [r for r in records if r.status == "skipped"]
    assert skipped and all(r.reason.startswith("budget (") for r in skipped)
    assert all(r.reason == "" for r in records if r.measured)
