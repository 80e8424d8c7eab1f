"""Examples are tests: every WGSL sample compiles and reflects; the benchmark script runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from playground.resources import list_resources

WGSL_SAMPLES = [p for p in list_resources("samples") if p.suffix == ".wgsl"]
SHADERS = list_resources("shaders")


@pytest.mark.parametrize("path", WGSL_SAMPLES + SHADERS, ids=lambda p: p.name)
def test_every_shipped_shader_compiles_and_reflects(adapter, path):
    from playground.gpu.program import Program

    program = Program(path.read_text(encoding="utf-8"), str(path))
    assert program.info.entry_points and program.info.bindings
    program.pipeline()


def test_the_samples_of_this_package_are_there():
    names = {p.name for p in WGSL_SAMPLES}
    assert {"saxpy.wgsl", "particles.wgsl", "bitonic_sort.wgsl", "tree_reduce.wgsl"} <= names


def test_matmul_benchmark_runs(adapter, capsys):
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_matmul.py"
    spec = importlib.util.spec_from_file_location("bench_matmul", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--max-n", "64", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert f"adapter: {adapter.name}" in out and "blocked speed-up over tiled" in out
