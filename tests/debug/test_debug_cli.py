"""The `wasm-playground debug` prompt, driven by a scripted stdin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIB = ROOT / "samples" / "fib.wat"


def debug(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "playground", "debug", *args],
        input=script, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


@pytest.fixture(autouse=True)
def _need_sample():
    if not FIB.exists():
        pytest.skip("samples/fib.wat is missing")


def test_scripted_prompt_steps_shows_lines_and_stack():
    out = debug("s\ns\nstack\nq\n", str(FIB), "--invoke", "fib", "5")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "[step 0] ready: stopped at the entry of fib"
    assert "fib.wat:5" in lines[1] and "(if (result i64)" in lines[1] and "next: local.get $n" in lines[1]
    assert "[step 2] paused" in out.stdout
    assert "  [0] i64 2" in lines and "  [1] i64 5" in lines


def test_breakpoint_continue_print_back_and_backtrace():
    script = "b 9\nc\np $n\nc\nbt\nback\nfinish\nn\nlocals\nrc\nhelp\nbogus\nq\n"
    out = debug(script, str(FIB), "--invoke", "fib", "4")
    text = out.stdout
    assert "breakpoint #" in text and "(samples/fib.wat:9)" in text.replace(str(ROOT) + "/", "")
    assert "$n = 4" in text
    assert "#0 fib($n=3)" in text and "#1 fib($n=4)" in text
    assert "error: unknown command 'bogus'" in text
    assert "reverse_continue" not in text and "rc, rcontinue" in text  # help lists commands
    assert out.returncode == 0


def test_memory_dump_who_wrote_and_save_replay(tmp_path):
    wat = tmp_path / "mem.wat"
    wat.write_text(
        '(module (memory 1)\n'
        '  (func (export "f") (param $v i32)\n'
        '    (i32.store (i32.const 8) (local.get $v))\n'
        '    (i32.store8 (i32.const 9) (i32.const 0x41))))\n'
    )
    session = tmp_path / "s.json"
    out = debug(f"c\nx 8 4\nwho 9\nwho 8\nwatch 8 1\nsave {session}\nq\n", str(wat), "--invoke", "f", "0x01020304")
    assert "00000008: 04 41 02 01" in out.stdout
    assert "0x9: written at step 5 by $f+5 i32.store8" in out.stdout
    assert "0x8: written at step 2 by $f+2 i32.store" in out.stdout
    replay = debug("x 8 4\ngoto 3\nx 8 4\nq\n", "--replay", str(session))
    assert replay.returncode == 0, replay.stderr
    assert "replayed" in replay.stdout and "04 41 02 01" in replay.stdout and "04 03 02 01" in replay.stdout


def test_usage_errors_are_one_line():
    out = debug("", str(FIB))
    assert out.returncode == 1 and out.stderr.startswith("error: usage:")
    out = debug("", str(FIB), "--invoke", "fib")
    assert out.returncode == 1 and "takes 1 arguments" in out.stderr and "Traceback" not in out.stderr


def test_imported_memory_gets_a_stand_in_and_edits_work():
    sample = ROOT / "samples" / "memory.wat"
    if not sample.exists():
        pytest.skip("samples/memory.wat is missing")
    out = debug("set mem 0 05000000070000000b000000\nc\nwho 4\nq\n", str(sample), "--invoke", "sum", "0", "3")
    assert "finished: returned 23" in out.stdout
    assert "0x4: written at step 0" in out.stdout and "[edit]" in out.stdout
