"""`wasm-playground bench`: the Markdown table on stdout, CSV and PNG files, clear errors."""

from __future__ import annotations

from playground.bench import read_csv
from playground.cli import main


def test_bench_prints_table_and_writes_csv_and_png(tmp_path, capsys):
    csv_path, png_path = tmp_path / "m.csv", tmp_path / "m.png"
    code = main(["bench", "--op", "matmul", "--sizes", "4,8", "--backends", "numpy,wasm", "--budget", "5",
                 "--csv", str(csv_path), "--png", str(png_path)])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("| operation | backend | size |")
    assert len(lines) == 2 + 4
    records = read_csv(csv_path)
    assert [(r.backend, r.size, r.status) for r in records] == [
        ("numpy", 4, "ok"), ("wasm", 4, "ok"), ("numpy", 8, "ok"), ("wasm", 8, "ok")]
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bench_filter_and_mlp(capsys):
    assert main(["bench", "--op", "filter", "--sizes", "6", "--backends", "python,wasm-simd"]) == 0
    assert main(["bench", "--op", "mlp", "--sizes", "2", "--backends", "numpy,wasm+numpy"]) == 0
    out = capsys.readouterr().out
    assert "| filter | wasm-simd | 6 |" in out and "| mlp | wasm+numpy | 2 |" in out


def test_bench_list(capsys):
    assert main(["bench", "--list"]) == 0
    out = capsys.readouterr().out
    assert "wasm-simd" in out and "gpu-tiled" in out


def test_bench_errors(capsys):
    assert main(["bench", "--backends", "cuda"]) == 1
    assert "error: unknown backend 'cuda'" in capsys.readouterr().err
    assert main(["bench", "--op", "mlp", "--backends", "wasm"]) == 1
    assert "does not run mlp" in capsys.readouterr().err


def test_bench_runs_the_fast_engine_on_the_scalar_and_simd_kernels(capsys):
    assert main(["bench", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "wasm-fast " in listed and "wasm-fast-simd" in listed
    for op in ("matmul", "filter"):
        assert main(["bench", "--op", op, "--sizes", "12", "--backends", "wasm,wasm-fast,wasm-fast-simd",
                     "--budget", "10"]) == 0
        rows = {line.split("|")[2].strip(): line for line in capsys.readouterr().out.splitlines()[2:]}
        assert set(rows) == {"wasm", "wasm-fast", "wasm-fast-simd"}
        assert all(line.rstrip().endswith("| ok |") for line in rows.values()), rows  # results checked against numpy
