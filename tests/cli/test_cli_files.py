"""Files named on the command line: one located line for any file that cannot be read or written."""

from __future__ import annotations

import pytest

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


# --- the program loader behind every command (playground/wasm/loader.py) ------------------------------------


def test_every_command_that_loads_a_program_says_the_same_for_a_missing_file_or_a_folder(tmp_path, capsys):
    missing = tmp_path / "missing.wat"
    for path, reason in ((missing, "No such file or directory"), (tmp_path, "Is a directory")):
        for argv in (["run", str(path)], ["debug", str(path), "--invoke", "f"], ["wat2wasm", str(path)],
                     ["wasm2wat", str(path)], ["objdump", "-h", str(path)]):
            assert main(argv) == 1, argv
            assert capsys.readouterr().err == f"error: cannot read {path}: {reason}\n", argv


def test_a_file_too_large_to_be_a_program_is_refused_before_it_is_read_whole(tmp_path):
    from playground.wasm.loader import FileError, read_file

    big = tmp_path / "big.wasm"
    big.write_bytes(b"\0asm" + bytes(2000))
    assert len(read_file(big)) == 2004
    with pytest.raises(FileError, match=r"cannot read .*big\.wasm: larger than 1000 bytes"):
        read_file(big, limit=1000)


def test_kinds_by_magic_then_suffix(tmp_path):
    from playground.wasm.loader import SourceKind, detect_kind

    assert detect_kind(b"\0asm\x01\0\0\0", "named.wat") is SourceKind.WASM  # the magic wins over the name
    assert detect_kind(b"junk", "x.wasm") is SourceKind.WASM  # the decoder then says where it goes wrong
    assert detect_kind(b"(module)", "x.WAST") is SourceKind.WAST
    assert detect_kind(b"(module)", "x.txt") is SourceKind.WAT
    assert detect_kind(b"(module)") is SourceKind.WAT


def test_text_that_is_not_utf8_is_a_located_error(tmp_path, capsys):
    source = tmp_path / "bad.wat"
    source.write_bytes(b'(module\n  (func (export "f")))\n;; caf\xe9\n')
    for argv in (["run", str(source)], ["wat2wasm", str(source)], ["debug", str(source), "--invoke", "f"]):
        assert main(argv) == 1
        assert capsys.readouterr().err == f"error: {source}:3:7: malformed UTF-8 encoding\n", argv


def test_a_binary_is_recognised_whatever_its_name(tmp_path, capsys):
    wasm = tmp_path / "fib.wat"  # misnamed: the magic number tells
    assert main(["wat2wasm", str(sample_path("fib.wat")), "-o", str(tmp_path / "fib.wasm")]) == 0
    wasm.write_bytes((tmp_path / "fib.wasm").read_bytes())
    capsys.readouterr()
    assert main(["run", str(wasm), "--invoke", "fib", "10"]) == 0
    assert capsys.readouterr().out == "55\n"
    assert main(["wat2wasm", str(wasm)]) == 1
    assert capsys.readouterr().err == (
        f"error: {wasm} is a WebAssembly binary (.wasm); expected WebAssembly text (.wat)\n")


def test_a_malformed_binary_names_the_file_and_offset(tmp_path, capsys):
    broken = tmp_path / "broken.wasm"
    broken.write_bytes(b"\0asm\x02\0\0\0")
    assert main(["run", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {broken}: offset 0x4: ") and err.count("\n") == 1


def test_a_script_is_not_a_module(tmp_path, capsys):
    script = tmp_path / "s.wast"
    script.write_text('(module (func (export "f")))\n(assert_return (invoke "f"))\n')
    for argv in (["run", str(script)], ["debug", str(script), "--invoke", "f"], ["wat2wasm", str(script)]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: {script} is a WebAssembly script (.wast); expected "), argv


def test_wasm2wat_wants_a_binary(tmp_path, capsys):
    assert main(["wasm2wat", str(sample_path("fib.wat"))]) == 1
    err = capsys.readouterr().err
    assert err.endswith("fib.wat is WebAssembly text (.wat); expected a WebAssembly binary (.wasm)\n")


def test_the_front_ends_share_the_loader():
    """run, debug, the window and the bench load through playground.wasm.loader, not their own readers."""
    import inspect

    from playground.bench import wasm_engines
    from playground.commands import debug, run, wasm2wat, wat2wasm
    from playground.debug import source
    from playground.workbench import program

    for module in (run, debug, wat2wasm, wasm2wat, source, program, wasm_engines):
        text = inspect.getsource(module)
        assert "playground.wasm.loader" in text or "load_program" in text, module.__name__
        assert "read_bytes()" not in text and "\\0asm" not in text and "parse_module(" not in text, module.__name__
