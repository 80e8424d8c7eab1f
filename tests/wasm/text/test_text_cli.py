"""`wasm-playground wat2wasm` and `wasm2wat`."""

from __future__ import annotations

import pytest

from playground.cli import main


def test_wat2wasm_then_wasm2wat(tmp_path, capsys):
    pytest.importorskip("playground.wasm.binary.encode")
    source = tmp_path / "add.wat"
    source.write_text('(module (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))')
    assert main(["wat2wasm", str(source), "-o", str(tmp_path / "add.wasm"), "--debug-names"]) == 0
    assert (tmp_path / "add.wasm").read_bytes()[:4] == b"\0asm"
    assert main(["wasm2wat", str(tmp_path / "add.wasm")]) == 0
    out = capsys.readouterr().out
    assert "(func $add" in out and "i32.add" in out


def test_wat2wasm_error_is_one_located_line(tmp_path, capsys):
    source = tmp_path / "bad.wat"
    source.write_text("(module\n  (func (i32.const 0x1_0000_0000)))")
    assert main(["wat2wasm", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"error: {source}:2:20: constant out of range"


def test_missing_file(tmp_path, capsys):
    assert main(["wasm2wat", str(tmp_path / "nope.wasm")]) == 1
    assert "cannot read" in capsys.readouterr().err
