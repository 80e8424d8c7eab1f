"""Files named on the command line: one located line for any file that cannot be read or written."""

from __future__ import annotations

from playground.cli import main
from playground.resources import sample_path


def test_each_command_names_the_unreadable_file(tmp_path, capsys):
    missing = tmp_path / "missing.wasm"
    for argv in (["wat2wasm", str(missing)], ["wasm2wat", str(missing)], ["objdump", "-h", str(missing)]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err == f"error: cannot read {missing}: No such file or directory\n", argv


def test_an_unwritable_output_is_one_line(tmp_path, capsys):
    target = tmp_path / "no" / "such" / "folder" / "out.wasm"
    assert main(["wat2wasm", str(sample_path("fib.wat")), "-o", str(target)]) == 1
    assert capsys.readouterr().err == f"error: cannot write {target}: No such file or directory\n"
    assert not target.exists()


def test_wasm2wat_writes_the_text_it_would_print(tmp_path, capsys):
    wasm, wat = tmp_path / "fib.wasm", tmp_path / "fib.wat"
    assert main(["wat2wasm", str(sample_path("fib.wat")), "-o", str(wasm)]) == 0
    assert "validated" in capsys.readouterr().out
    assert main(["wasm2wat", str(wasm)]) == 0
    printed = capsys.readouterr().out
    assert main(["wasm2wat", str(wasm), "-o", str(wat)]) == 0
    assert wat.read_text(encoding="utf-8") == printed and "(func" in printed
