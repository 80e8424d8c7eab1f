"""Issue 14, item 11: the smaller cases: empty files, devices, names with control characters, strings outside
memory, and binaries nested deeper than their text could be read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.cli import main

HEADER = b"\0asm\1\0\0\0"


def _cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _leb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _section(sid: int, payload: bytes) -> bytes:
    return bytes([sid]) + _leb(len(payload)) + payload


def _name(text: bytes) -> bytes:
    return _leb(len(text)) + text


def _module(body: bytes, export: bytes = b"f", import_: tuple[bytes, bytes] | None = None) -> bytes:
    """One `() -> ()` function with `body` (its locals prefix included), exported as `export`."""
    out = HEADER + _section(1, b"\x01\x60\x00\x00")
    if import_:
        out += _section(2, b"\x01" + _name(import_[0]) + _name(import_[1]) + b"\x00\x00")
    out += _section(3, b"\x01\x00")
    funcidx = 1 if import_ else 0
    out += _section(7, b"\x01" + _name(export) + b"\x00" + _leb(funcidx))
    return out + _section(10, b"\x01" + _leb(len(body)) + body)


# --- empty files and devices -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.wat", "empty.wasm", "blank.wat"])
def test_run_of_an_empty_file_is_a_clear_error(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text("" if name.startswith("empty") else "  ;; nothing here\n")
    code, out, err = _cli(capsys, "run", path)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    if name == "empty.wat":
        assert f"{path} is empty: there is nothing to run" in err
    elif name == "blank.wat":
        assert "the module has no exports and no start function: there is nothing to run" in err


def test_a_module_with_only_a_start_function_still_runs(tmp_path, capsys):
    path = tmp_path / "start.wat"
    path.write_text('(module (import "env" "log" (func $log (param i32))) (func $s (call $log (i32.const 5))) (start $s))')
    assert _cli(capsys, "run", path) == (0, "env.log(5)\n", "")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
@pytest.mark.parametrize("command", [["run"], ["wat2wasm"], ["wasm2wat"], ["objdump", "-h"], ["wast"]])
def test_dev_zero_is_refused_at_the_input_limit(capsys, command):
    code, out, err = _cli(capsys, *command, "/dev/zero", "--max-input", "100000")
    assert code == 1
    text = out + err
    assert "larger than" in text and "internal error" not in text


def test_the_loader_reads_a_device_in_bounded_chunks():
    from playground.wasm.loader import FileError, read_file

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(FileError, match="larger than 3000000 bytes"):
        read_file("/dev/zero", limit=3_000_000)


# --- text must be UTF-8, for every command --------------------------------------------------------------------


@pytest.mark.parametrize("command", [["run", "--invoke", "f"], ["wat2wasm"], ["debug", "--invoke", "f"]])
def test_a_non_utf8_byte_in_a_comment_is_rejected_by_every_command(tmp_path, capsys, monkeypatch, command):
    import io

    path = tmp_path / "latin1.wat"
    path.write_bytes(b'(module ;; caf\xe9\n (func (export "f")))')
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    code, out, err = _cli(capsys, command[0], path, *command[1:])
    assert code == 1
    assert err == f"error: {path}:1:15: malformed UTF-8 encoding\n"


# --- names with control characters ---------------------------------------------------------------------------

NASTY = [b"a\nb", b"\x1b[31mred", b"tab\there", b'quote"', b"back\\slash", b"", b" "]


@pytest.mark.parametrize("name", NASTY, ids=repr)
def test_run_lists_export_names_escaped_as_wasm2wat_writes_them(tmp_path, capsys, name):
    from playground.wasm.text.print import quote

    path = tmp_path / "names.wasm"
    path.write_bytes(_module(b"\x00\x0b", export=name))
    code, out, err = _cli(capsys, "run", path)
    assert code == 0, err
    assert out == f"func {quote(name)}: [] -> []\n"
    assert "\x1b" not in out and out.count("\n") == 1


def test_plain_and_unicode_names_print_as_they_are(tmp_path, capsys):
    path = tmp_path / "names.wasm"
    path.write_bytes(_module(b"\x00\x0b", export="größe".encode()))
    assert _cli(capsys, "run", path)[1] == "func größe: [] -> []\n"


@pytest.mark.parametrize("flag", ["-x", "-d"])
def test_objdump_escapes_names(tmp_path, capsys, flag):
    path = tmp_path / "names.wasm"
    path.write_bytes(_module(b"\x00\x10\x00\x0b", export=b"ex\nport", import_=(b"en\x1bv", b"lo\ng")))
    code, out, err = _cli(capsys, "objdump", flag, path)
    assert code == 0, err
    assert "\x1b" not in out
    for line in out.splitlines():
        assert "\n" not in line
    if flag == "-x":
        assert ' -> "ex\\0aport"' in out and '<- "en\\1bv"."lo\\0ag"' in out
    else:
        assert 'call 0 <"en\\1bv"."lo\\0ag">' in out or "call 0 <" in out


def test_wasm2wat_of_escaped_names_reads_back(tmp_path, capsys):
    path = tmp_path / "names.wasm"
    path.write_bytes(_module(b"\x00\x0b", export=b"a\nb\x1b"))
    code, out, err = _cli(capsys, "wasm2wat", path)
    assert code == 0 and '(export "a\\0ab\\1b"' in out


# --- print(ptr, len) outside memory ------------------------------------------------------------------------------


@pytest.mark.parametrize("ptr, length", [(65530, 100), (0xFFFFFFFF, 2), (70000, 0)])
def test_the_string_printer_traps_outside_memory(tmp_path, capsys, ptr, length):
    path = tmp_path / "p.wat"
    path.write_text(f'(module (import "env" "print" (func $p (param i32 i32))) (memory 1) '
                    f'(func (export "f") (call $p (i32.const {ptr}) (i32.const {length}))))')
    code, out, err = _cli(capsys, "run", path, "--invoke", "f")
    assert code == 1 and out == ""
    assert err.startswith(f"error: trap: out of bounds memory access: print({ptr}, {length}) reads past the end of "
                          "memory (65,536 bytes)")


def test_the_string_printer_prints_a_string_that_ends_at_the_end_of_memory(tmp_path, capsys):
    path = tmp_path / "p.wat"
    path.write_text('(module (import "env" "print" (func $p (param i32 i32))) (memory 1) '
                    '(data (i32.const 65534) "ok") (func (export "f") (call $p (i32.const 65534) (i32.const 2))))')
    assert _cli(capsys, "run", path, "--invoke", "f") == (0, "ok\n", "")


# --- wasm2wat of nesting its parser cannot read back ------------------------------------------------------------


def _nested(depth: int) -> bytes:
    return _module(b"\x00" + b"\x02\x40" * depth + b"\x0b" * depth + b"\x0b")


def test_wasm2wat_refuses_nesting_deeper_than_the_parser_reads(tmp_path, capsys):
    from playground.wasm.text.parse_instr import MAX_NESTING

    path = tmp_path / "deep.wasm"
    path.write_bytes(_nested(100_000))
    code, out, err = _cli(capsys, "wasm2wat", path)
    assert code == 1 and out == ""
    assert err.startswith(f"error: {path}: blocks nest 100,000 levels deep; the text format reader reads at most "
                          f"{MAX_NESTING:,}")
    assert _cli(capsys, "run", path, "--invoke", "f")[0] == 0  # the binary itself runs


def test_wasm2wat_at_the_parsers_depth_reads_back(tmp_path, capsys):
    from playground.wasm.text.parse_instr import MAX_NESTING

    path = tmp_path / "deep.wasm"
    path.write_bytes(_nested(MAX_NESTING))
    wat = tmp_path / "deep.wat"
    assert _cli(capsys, "wasm2wat", path, "-o", wat)[0] == 0
    assert _cli(capsys, "wat2wasm", wat, "-o", tmp_path / "again.wasm")[0] == 0
    assert (tmp_path / "again.wasm").read_bytes() == path.read_bytes()
