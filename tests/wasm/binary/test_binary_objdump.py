"""objdump against WABT's wasm-objdump on the same files, and its command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from playground.cli import main as cli_main
from playground.wasm.errors import MalformedError
from playground.wasm.objdump import objdump

GOLDEN = Path(__file__).resolve().parent / "golden"
# demo.wasm is `wat2wasm --debug-names golden/demo.wat`; demo.objdump is our `-h -x -d -s` of it.
# Regenerate both after a deliberate change with: PLAYGROUND_REBASE=1 pytest tests/wasm/binary
REBASE = bool(os.environ.get("PLAYGROUND_REBASE"))
EXTRA_CUSTOM = b"\x00\x07\x03foo\x01\x02\x03"  # plus a custom section of our own


def _tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, bytes]:
    golden = GOLDEN / "demo.wasm"
    if REBASE:
        wat2wasm = _tool("wat2wasm")
        if wat2wasm is None:
            pytest.skip("wat2wasm (WABT) is needed to rebase")
        subprocess.run([wat2wasm, "--debug-names", "demo.wat", "-o", "demo.wasm"], cwd=GOLDEN, check=True)
    folder = tmp_path_factory.mktemp("objdump")
    data = golden.read_bytes() + EXTRA_CUSTOM
    (folder / "demo.wasm").write_bytes(data)
    return folder, data


def test_golden_output(demo):
    """The whole report, checked against a golden file (no WABT needed)."""
    _folder, data = demo
    text = objdump(data, "demo.wasm", headers=True, details=True, disassemble=True, contents=True)
    expected = GOLDEN / "demo.objdump"
    if REBASE or not expected.exists():
        expected.write_text(text)
    assert text == expected.read_text()


def _wabt(folder: Path, flag: str) -> str:
    tool = _tool("wasm-objdump")
    if tool is None:
        pytest.skip("wasm-objdump (WABT) not found")
    return subprocess.run([tool, flag, "demo.wasm"], cwd=folder, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("flag", ["-h", "-s", "-x"])
def test_same_as_wasm_objdump(demo, flag):
    folder, data = demo
    ours = objdump(data, "demo.wasm", headers=flag == "-h", contents=flag == "-s", details=flag == "-x")
    assert ours == _wabt(folder, flag)


def test_disassembly_offsets_and_bytes_match_wasm_objdump(demo):
    """Same lines, offsets and bytes; the instruction text is our WAT spelling."""
    folder, data = demo
    ours = objdump(data, "demo.wasm", disassemble=True).splitlines()
    theirs = _wabt(folder, "-d").splitlines()
    assert len(ours) == len(theirs)
    for mine, wabt in zip(ours, theirs):
        assert mine.partition("|")[0] == wabt.partition("|")[0]
        if "|" in wabt and not wabt.partition("|")[2].strip().startswith(
            ("i32.load", "i64.const", "v128.const", "memory.init", "block", "loop", "f32.const")
        ):
            assert mine.partition("|")[2] == wabt.partition("|")[2]


def test_disassembly_text(demo):
    _folder, data = demo
    text = objdump(data, "demo.wasm", disassemble=True)
    assert "func[2] <run>:" in text
    assert "| local[1] type=i64" in text
    assert "| local[2..3] type=f32" in text
    assert "|   loop\n" in text or "|   loop " in text
    assert "| call 0 <print>" in text
    assert "| local.get 0 <n>" in text


def test_selecting_one_section(demo):
    _folder, data = demo
    text = objdump(data, "demo.wasm", headers=True, section="data")
    assert "Data start=" in text and "Code start=" not in text


def test_malformed_input_is_one_located_error():
    with pytest.raises(MalformedError) as info:
        objdump(b"\x00asm\x01\x00\x00\x00\x01\x05\x01", "bad.wasm", headers=True)
    assert str(info.value) == "bad.wasm: offset 0x9: length out of bounds"  # the size field


def test_command_line(demo, capsys):
    folder, _data = demo
    assert cli_main(["objdump", "-h", str(folder / "demo.wasm")]) == 0
    assert "Sections:" in capsys.readouterr().out

    bad = folder / "truncated.wasm"
    bad.write_bytes((folder / "demo.wasm").read_bytes()[:40])
    assert cli_main(["objdump", "-d", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"error: {bad}: offset 0x")
    assert "Traceback" not in captured.err

    assert cli_main(["objdump", "-x", str(folder / "missing.wasm")]) == 1
    assert "missing.wasm" in capsys.readouterr().err
