"""Issue 14, "Memory bounds": each resource bomb of the issue, run by the CLI in a process capped at 1.5 GiB.

Each case ends in success or in one clean `error:` line: no traceback, no
"internal error", no killed process. The address-space cap (RLIMIT_AS) turns
what would take the machine's memory into a MemoryError inside the process,
which the test would see as a failure of that case.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playground.wasm.binary.leb128 import encode_unsigned

CAP = 1536 << 20  # bytes of address space each case may use
LONG = os.environ.get("PLAYGROUND_FUZZ", "").strip().lower() == "long"

_CAPPED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from playground.cli import main
sys.exit(main(sys.argv[1:]))
"""


def capped(*argv: str, stdin: str = "", timeout: float = 120, cap: int = CAP) -> subprocess.CompletedProcess:
    """The CLI run with `argv` under the address-space cap."""
    return subprocess.run(
        [sys.executable, "-c", _CAPPED.format(cap=cap), *argv],
        input=stdin, capture_output=True, text=True, timeout=timeout,
    )


def clean(result: subprocess.CompletedProcess) -> str:
    """stdout + stderr, after checking that nothing went wrong the wrong way."""
    both = result.stdout + result.stderr
    assert "Traceback" not in both and "internal error" not in both and "MemoryError" not in both, both[-2000:]
    assert result.returncode in (0, 1), (result.returncode, both[-2000:])
    return both


def one_error(result: subprocess.CompletedProcess, words: str) -> None:
    both = clean(result)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert words in both, both


def code_module(path: Path, code: bytes) -> Path:
    """A module exporting `f`, one function of type [] -> [] whose body (local declarations included) is `code`."""

    def section(sid: int, content: bytes) -> bytes:
        return bytes([sid]) + encode_unsigned(len(content)) + content

    path.write_bytes(
        b"\x00asm\x01\x00\x00\x00" + section(1, b"\x01\x60\x00\x00") + section(3, b"\x01\x00")
        + section(7, b"\x01\x01f\x00\x00") + section(10, b"\x01" + encode_unsigned(len(code)) + code)
    )
    return path


def body_module(path: Path, body_bytes: int) -> Path:
    """A function body of `body_bytes` bytes of `i32.const 1; drop`."""
    return code_module(path, b"\x00" + b"\x41\x01\x1a" * (body_bytes // 3) + b"\x0b")


# --- item 7: big function bodies -----------------------------------------------------------------------------


def test_headers_of_a_50_mb_body(tmp_path):
    result = capped("objdump", "-h", str(body_module(tmp_path / "b50.wasm", 50_000_000)))
    assert result.returncode == 0 and "Code start=0x0000001e" in clean(result)


def test_running_a_50_mb_body_is_one_error(tmp_path):
    one_error(capped("run", str(body_module(tmp_path / "b50.wasm", 50_000_000)), "--invoke", "f"), "function body too large")


def test_headers_of_a_5_mb_body(tmp_path):
    result = capped("objdump", "-h", "-x", str(body_module(tmp_path / "b5.wasm", 5_000_000)))
    assert result.returncode == 0 and "func[0] size=5000000" in clean(result)


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="about 20 s and 1.5 GB: PLAYGROUND_FUZZ=long runs it")
def test_running_a_5_mb_body(tmp_path):
    clean(capped("run", str(body_module(tmp_path / "b5.wasm", 5_000_000)), "--invoke", "f", timeout=300))


def test_a_module_of_twelve_million_functions_is_one_error(tmp_path):
    """Four bytes a function (48 MB) made 12 million Python objects and an internal MemoryError."""
    n = 12_000_000

    def section(sid: int, content: bytes) -> bytes:
        return bytes([sid]) + encode_unsigned(len(content)) + content

    many = tmp_path / "many.wasm"
    many.write_bytes(
        b"\x00asm\x01\x00\x00\x00" + section(1, b"\x01\x60\x00\x00") + section(3, encode_unsigned(n) + bytes(n))
        + section(10, encode_unsigned(n) + b"\x02\x00\x0b" * n)
    )
    for command in ("objdump", "run"):
        argv = ("objdump", "-h", str(many)) if command == "objdump" else ("run", str(many))
        one_error(capped(*argv), "too many functions: 12,000,000 exceeds this implementation's limit of 1,000,000")


# --- element segments: an entry costs four bytes -------------------------------------------------------------


def elem_module(path: Path, *counts: int) -> Path:
    """One function `f`, a table as long as all segments, and an active segment of each of `counts` entries
    (one byte each: function 0)."""

    def section(sid: int, content: bytes) -> bytes:
        return bytes([sid]) + encode_unsigned(len(content)) + content

    segments = b"".join(b"\x00\x41\x00\x0b" + encode_unsigned(n) + bytes(n) for n in counts)
    path.write_bytes(
        b"\x00asm\x01\x00\x00\x00" + section(1, b"\x01\x60\x00\x00") + section(3, b"\x01\x00")
        + section(4, b"\x01\x70\x00" + encode_unsigned(sum(counts))) + section(7, b"\x01\x01f\x00\x00")
        + section(9, encode_unsigned(len(counts)) + segments) + section(10, b"\x01\x02\x00\x0b")
    )
    return path


def test_the_headers_of_a_five_million_entry_segment(tmp_path):
    """Each entry was two Instr objects in a list (1.5 GB, a MemoryError); now its offset in an array (50 MB)."""
    result = capped("objdump", "-h", str(elem_module(tmp_path / "elem.wasm", 5_000_000)))
    assert result.returncode == 0 and "Elem start=" in clean(result)


def test_running_a_1_2_million_entry_segment_under_384_mib(tmp_path):
    """Validation and instantiation read the entries one at a time: 66 MB at the peak (was a MemoryError)."""
    result = capped("run", str(elem_module(tmp_path / "elem.wasm", 1_200_000)), "--invoke", "f", cap=384 << 20)
    assert result.returncode == 0, clean(result)


def test_ten_million_element_entries_in_all_is_the_limit(tmp_path):
    elems = elem_module(tmp_path / "elems.wasm", 1, 10_000_000)
    for argv in (("objdump", "-h", str(elems)), ("run", str(elems))):
        one_error(
            capped(*argv), "too many element entries: 10,000,001 exceeds this implementation's limit of 10,000,000"
        )


# --- item 8: big frames ---------------------------------------------------------------------------------------


def test_recursion_through_50_000_locals(tmp_path):
    wat = tmp_path / "locals.wat"
    wat.write_text(f'(module (func $f (export "f") (param i32) (local {"i64 " * 50_000}) (call $f (local.get 0))))')
    one_error(capped("run", str(wat), "--invoke", "f", "1"), "call stack exhausted")


# --- item 9: bulk memory of 1 GiB -----------------------------------------------------------------------------

FILL_AND_COPY = """(module (memory 16384) (func (export "f")
  (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x40000000))
  (memory.copy (i32.const 1) (i32.const 0) (i32.const 0x3fffffff))))
"""


@pytest.mark.parametrize("engine", ["step", "fast"])
def test_a_1_gib_fill_and_copy_run(tmp_path, engine):
    """StateOps writes through Memory.fill/copy in place: the plain run stays within the cap on both engines."""
    wat = tmp_path / "fill.wat"
    wat.write_text(FILL_AND_COPY)
    result = capped("run", str(wat), "--engine", engine, "--invoke", "f")
    assert result.returncode == 0, clean(result)


BETWEEN_TWO_MEMORIES = """(module (memory $a 8192) (memory $b 8192) (func (export "f") (result i32)
  (memory.fill $a (i32.const 0) (i32.const 9) (i32.const 0x20000000))
  (memory.copy $b $a (i32.const 0) (i32.const 0) (i32.const 0x20000000))
  (i32.load8_u $b (i32.const 0x1fffffff))))
"""


@pytest.mark.parametrize("engine", ["step", "fast"])
def test_a_512_mib_copy_between_two_memories_takes_no_temporary(tmp_path, engine):
    wat = tmp_path / "two.wat"
    wat.write_text(BETWEEN_TWO_MEMORIES)
    result = capped("run", str(wat), "--engine", engine, "--invoke", "f")
    assert result.returncode == 0 and result.stdout == "9\n", clean(result)


FILLS_FOR_EVER = """(module (memory 16384) (func (export "f")
  (loop (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x40000000)) (br 0))))
"""


@pytest.mark.parametrize("engine", ["step", "fast"])
def test_a_timeout_stops_1_gib_fills_between_their_pieces(tmp_path, engine):
    """The clock is read every 65,536 instructions, about 13,000 fills of 1 GiB here: the fills read it too."""
    wat = tmp_path / "fills.wat"
    wat.write_text(FILLS_FOR_EVER)
    started = time.monotonic()
    one_error(capped("run", str(wat), "--engine", engine, "--timeout", "0.5", "--invoke", "f"), "time limit reached")
    assert time.monotonic() - started < 20


def test_the_debugger_pauses_endless_1_gib_fills_at_the_timeout_and_goes_back_to_the_newest(tmp_path):
    """Each fill is past the history budget; the fast Continue hands each to the step engine, so a pause
    (which re-runs from the newest start of the history) never has to go back past one."""
    wat = tmp_path / "fills.wat"
    wat.write_text(FILLS_FOR_EVER)
    out = clean(capped("debug", str(wat), "--timeout", "0.5", "--invoke", "f", stdin="c\nc\nrc\nq\n"))
    assert out.count("paused: time limit reached (0.5 seconds") == 2 and "error:" not in out, out
    assert "back at the start of the recorded history (step " in out and "the memory.fill there overwrote" in out


def test_a_1_gib_fill_and_copy_in_the_debugger_then_back(tmp_path):
    wat = tmp_path / "fill.wat"
    wat.write_text(FILL_AND_COPY)
    out = clean(capped("debug", str(wat), "--invoke", "f", stdin="c\ngoto 0\nq\n"))
    assert "finished" in out
    assert "cannot go back past step 7: the memory.copy there overwrote 1,073,741,823 bytes" in out


# --- item 10: watchpoints -------------------------------------------------------------------------------------


def test_a_huge_watchpoint_is_one_error_and_a_big_one_prints_a_short_line(tmp_path):
    wat = tmp_path / "fill.wat"
    wat.write_text('(module (memory 32) (func (export "f") (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x200000))))')
    out = clean(capped("debug", str(wat), "--invoke", "f", stdin="watch 0 0xffffffff\nwatch 0 0x100000\nc\nq\n"))
    assert "error: cannot watch 4,294,967,295 bytes: a watchpoint covers at most 1,048,576 bytes" in out
    assert "1,048,576 of 1,048,576 bytes changed in [0x0, 0x100000): 00 00 00 00 00 00 00 00 ..." in out
    assert max(len(line) for line in out.splitlines()) < 400


# --- item 11 and the text path: input size, nesting -------------------------------------------------------------


def test_dev_zero_is_one_error():
    one_error(capped("run", "/dev/zero"), "larger than 64 MiB")


def test_deep_nesting(tmp_path):
    depth = 200_000
    binary = code_module(tmp_path / "deep.wasm", b"\x00" + b"\x02\x40" * depth + b"\x0b" * (depth + 1))
    assert capped("run", str(binary), "--invoke", "f").returncode == 0
    one_error(capped("wasm2wat", str(binary)), "blocks nest 200,000 levels deep")
    wat = tmp_path / "deep.wat"
    wat.write_text('(module (func (export "f")' + "(block" * 100_000 + ")" * 100_000 + "))")
    one_error(capped("run", str(wat), "--invoke", "f"), "nesting too deep")
