"""`wasm-playground run` and `wasm-playground wast` from the command line."""

from __future__ import annotations

import json

import pytest

from playground.cli import main

WAT = """(module
  (memory 1)
  (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "pair") (param f32 f64) (result f32 f64) (local.get 0) (local.get 1))
  (func (export "spin") (loop (br 0))))
"""


@pytest.fixture
def wat_file(tmp_path):
    path = tmp_path / "t.wat"
    path.write_text(WAT)
    return path


def test_run_invoke_prints_results(wat_file, capsys):
    assert main(["run", str(wat_file), "--invoke", "div", "7", "-2"]) == 0
    assert capsys.readouterr().out == "-3\n"
    assert main(["run", str(wat_file), "--invoke", "pair", "1.5", "inf"]) == 0
    assert capsys.readouterr().out.split() == ["1.5", "inf"]


def test_run_trap_message_and_exit_code(wat_file, capsys):
    assert main(["run", str(wat_file), "--invoke", "div", "1", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: trap: integer divide by zero")
    assert "div+2" in err and "t.wat:3:" in err


def test_run_stats_and_fuel(wat_file, capsys):
    assert main(["run", str(wat_file), "--invoke", "div", "9", "3", "--stats"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "3\n"
    assert "stats: instructions=4 instantiate_s=" in captured.err and "call_s=" in captured.err
    assert main(["run", str(wat_file), "--invoke", "spin", "--fuel", "1000"]) == 1
    assert "instruction limit reached (1,000 instructions; raise it with --fuel N" in capsys.readouterr().err


def test_run_engine_is_chosen_from_the_registry(wat_file, capsys):
    from playground.wasm.engines import engine_names

    for engine in engine_names():
        assert main(["run", str(wat_file), "--engine", engine, "--invoke", "div", "7", "-2"]) == 0
        assert capsys.readouterr().out == "-3\n"
    with pytest.raises(SystemExit) as info:
        main(["run", str(wat_file), "--engine", "nope", "--invoke", "div", "7", "-2"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nope'" in err and "'step'" in err


def test_run_without_invoke_lists_exports(wat_file, capsys):
    assert main(["run", str(wat_file)]) == 0
    out = capsys.readouterr().out
    assert "func div: [i32 i32] -> [i32]" in out


def test_run_bad_argument(wat_file, capsys):
    assert main(["run", str(wat_file), "--invoke", "div", "x", "1"]) == 1
    assert "cannot read 'x' as i32" in capsys.readouterr().err


WAST = """(module (func (export "one") (result i32) i32.const 1))
(assert_return (invoke "one") (i32.const 1))
(assert_return (invoke "one") (i32.const 2))
(assert_trap (module (func $f unreachable) (start $f)) "unreachable")
(assert_malformed (module quote "(func i32.nope)") "unknown operator")
"""


def test_wast_reports_and_fails(tmp_path, capsys):
    path = tmp_path / "s.wast"
    path.write_text(WAST)
    assert main(["wast", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("s.wast: 3 passed, 1 failed")
    assert out[1].startswith("  s.wast:3: assert_return: got [0x1]")
    assert out[-1] == "3 passed, 1 failed"
    assert main(["wast", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 3 and data["failed"] == 1 and data["files"][0]["failures"][0]["line"] == 3


def test_wast_folder_all_passing(tmp_path, capsys):
    (tmp_path / "a.wast").write_text('(module (func (export "f")))\n(assert_return (invoke "f"))\n')
    assert main(["wast", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"


def test_run_links_the_gpu_host_module(capsys):
    """A guest importing `gpu` runs from the CLI, on the numpy fallback here, and its result is printed."""
    from playground import cli
    from playground.resources import sample_path

    import numpy as np

    m, n, k = 8, 4, 3
    assert cli.main(["run", str(sample_path("gpu_matmul.wat")), "--invoke", "main", str(m), str(n), str(k), "--gpu-backend", "cpu"]) == 0
    i, j = np.indices((m, k))
    a = ((3 * i + 5 * j) % 7) - 3.0
    i, j = np.indices((k, n))
    b = ((2 * i + j) % 5) * 0.5
    assert float(capsys.readouterr().out.strip()) == float((a @ b).sum())
