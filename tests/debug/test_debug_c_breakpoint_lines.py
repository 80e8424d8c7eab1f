"""A breakpoint on a C line without code (a closing `}`, a blank line, a function's opening line), at the prompt.

As gdb: it moves to the next line with code, the prompt says so when it is
set, and the stop names the line it stops on. A closing brace that holds
code (a void function's return) keeps its line. Programs: the committed
samples/c/points.wasm, and tests/toolchain/c_programs.py's LOOP compiled
with the real toolchain.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playground import cli
from playground.debug.source import load_program
from playground.debug.sourcemaps.dwarf import dwarf_source_map
from toolchain.c_programs import LOOP, LOOP_CODE_LINES, compile_once

POINTS = Path(__file__).resolve().parents[2] / "samples" / "c" / "points.wasm"


@pytest.fixture
def debug(tmp_path, capsys):
    """debug(wasm, *commands) -> the prompt's output lines, breakpoint numbers shown as #N."""
    def run(wasm: Path, *commands: str) -> list[str]:
        script = tmp_path / "commands.txt"
        script.write_text("\n".join([*commands, "q"]) + "\n")
        assert cli.main(["debug", str(wasm), "--commands", str(script)]) == 0
        return [re.sub(r"breakpoint #\d+", "breakpoint #N", line) for line in capsys.readouterr().out.splitlines()]

    return run


@pytest.fixture(scope="module")
def loop_wasm(tmp_path_factory) -> Path:
    return compile_once(tmp_path_factory, "loop", LOOP)


def test_the_closing_brace_of_a_function_returning_a_value_has_no_code(loop_wasm):
    """clang gives the epilogue of wasm code no line (its row is line 0): the `}` lines hold nothing."""
    smap = dwarf_source_map(load_program(POINTS))
    assert smap.on_line(20) == () and smap.line_text(20) == "}"
    assert smap.on_line(14) != ()  # move's `}`: its return
    loop = dwarf_source_map(load_program(loop_wasm))
    assert 7 not in LOOP_CODE_LINES and loop.line_text(7) == "}" and loop.on_line(7) == ()


def test_a_breakpoint_on_a_closing_brace_without_code_moves_and_says_so(debug):
    out = debug(POINTS, "break points.c:20", "c", "bt")
    assert out[3] == "breakpoint #N at points.c:23 in main (moved from line 20: it has no code)"
    assert re.fullmatch(r"\[step \d+\] paused: breakpoint #N at points.c:23", out[4])
    assert out[5:7] == ["main () at points.c:23", "23\t    struct point a = {3, 4};"]


def test_a_breakpoint_on_a_functions_opening_line_moves_past_its_prologue_and_says_so(debug):
    out = debug(POINTS, "break points.c:22", "break points.c:23")
    assert out[3] == "breakpoint #N at points.c:23 in main (moved from line 22: it only sets up main's frame)"
    assert out[4] == "breakpoint #N at points.c:23 in main"  # a line with code says nothing more


def test_a_closing_brace_with_code_stops_there_when_the_function_returns(debug):
    out = debug(POINTS, "break points.c:14", "c", "p *p")
    assert out[3] == "breakpoint #N at points.c:14 in move"
    assert re.fullmatch(r"\[step \d+\] paused: breakpoint #N at points.c:14", out[4])
    assert re.fullmatch(r"move \(p=0x[0-9a-f]+, dx=6, dy=8\) at points.c:14", out[5])
    assert out[6:8] == ["14\t}", "*p = {x = 6, y = 8}"]  # both lines of the body ran


def test_a_compiled_programs_closing_brace_moves_to_the_next_functions_first_line(debug, loop_wasm):
    out = debug(loop_wasm, "b loop.c:7", "c", "bt")
    assert out[3] == "breakpoint #N at loop.c:10 in sum_squares (moved from line 7: it has no code)"
    assert re.fullmatch(r"\[step \d+\] paused: breakpoint #N at loop.c:10", out[4])
    assert out[5] == "sum_squares (n=4) at loop.c:10"


def test_after_the_last_line_with_code_there_is_nowhere_to_stop(debug):
    out = debug(POINTS, "break points.c:30")
    assert out[3] == "error: no instruction on or after line 30 of points.c"
