"""The `debug` prompt on C programs (debug/c_prompt.py), driven through `wasm-playground debug` like a user.

The programs are the committed samples in samples/c/ (built with DWARF by
samples/c/build.py), so these tests need no compiler; their line numbers
are the samples' lines.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from playground import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "c"
POINTER = r"0x[0-9a-f]+"


@pytest.fixture
def debug(tmp_path, capsys):
    """debug(sample, *commands) -> the prompt's output lines (the program's own output goes to the same stdout)."""
    def run(sample: str, *commands: str, options=()) -> list[str]:
        script = tmp_path / "commands.txt"
        script.write_text("\n".join([*commands, "q"]) + "\n")
        assert cli.main(["debug", str(SAMPLES / f"{sample}.wasm"), "--commands", str(script), *options]) == 0
        # breakpoint numbers count across the process (breakpoints.py): shown as #N here
        return [re.sub(r"breakpoint #\d+", "breakpoint #N", line) for line in capsys.readouterr().out.splitlines()]

    return run


def after(lines: list[str], command_output_start: str) -> list[str]:
    """The lines from the first that starts with `command_output_start`."""
    for i, line in enumerate(lines):
        if line.startswith(command_output_start):
            return lines[i:]
    raise AssertionError(f"no line starts with {command_output_start!r} in:\n" + "\n".join(lines))


def test_a_c_program_starts_at_start_and_breaks_on_a_c_line(debug):
    out = debug("sum_loop", "b sum_loop.c:14", "c", "p total", "info locals", "bt")
    assert out[:3] == ["[step 0] ready: stopped at the entry of _start", "_start () at $_start+0 (no debug information)",
                       "  ; next: block ($_start+0)"]
    assert out[3] == "breakpoint #N at sum_loop.c:14 in sum_of_squares"
    assert re.fullmatch(r"\[step \d+\] paused: breakpoint #N at sum_loop.c:14", out[4])
    assert out[5:] == [
        "sum_of_squares (n=5) at sum_loop.c:14",
        "14\t        total += sq;",
        "total = 0",
        "sq = 1", "i = 1", "total = 0",
        " #0  sum_of_squares (n=5) at sum_loop.c:14",
        " #1  main () at sum_loop.c:21",
        " #2  _start () at $_start+9 (no debug information)",
    ]


PRINTF = '23\t    printf("sum of squares 1..%d = %d, average %.1f\\n", n, total, average);'


def shown_lines(out: list[str]) -> list[str]:
    """The source lines a session showed, with the frame lines gdb prints when the function changes."""
    return [line for line in out if re.match(r"^(\d+\t|\w+ \(.*\) at \w+\.c:\d+$|Value returned|Run till)", line)]


def test_stepping_by_line_forwards_and_backwards(debug):
    out = debug("sum_loop", "b sum_loop.c:21", "c", "n", "n", "n", "rn", "rn", "s", "n", "rs", "rs")
    assert shown_lines(out) == [
        "main () at sum_loop.c:21",
        "21\t    int total = sum_of_squares(n);",
        "22\t    double average = (double)total / n;",  # n: over the call
        PRINTF,
        "24\t    return 0;",  # n: over printf
        PRINTF,  # rn
        "22\t    double average = (double)total / n;",  # rn
        PRINTF,  # s: printf has no lines, so s steps over it as n does
        "24\t    return 0;",
        PRINTF,  # rs: printf has no lines to go back into
        "22\t    double average = (double)total / n;",
    ]
    assert "sum of squares 1..5 = 55, average 11.0" in out  # printed once: going back replays without printing
    assert out.count("sum of squares 1..5 = 55, average 11.0") == 1
    backs = [line for line in out if "back from step" in line]
    assert len(backs) == 4


def test_step_into_finish_and_reverse_step_through_calls(debug):
    out = debug("sum_loop", "b sum_loop.c:13", "c", "s", "finish", "n", "rs", "rs", "rs")
    assert shown_lines(out) == [
        "sum_of_squares (n=5) at sum_loop.c:13",
        "13\t        int sq = square(i);",
        "square (x=1) at sum_loop.c:7",  # s: into square, past its prologue
        "7\t    return x * x;",
        "Run till exit from #0  square (x=1) at sum_loop.c:7",
        "sum_of_squares (n=5) at sum_loop.c:13",  # finish: back in the middle of line 13
        "13\t        int sq = square(i);",
        "Value returned is 1",
        "14\t        total += sq;",
        "square (x=1) at sum_loop.c:7",  # rs: back into the call made on line 13
        "7\t    return x * x;",
        "sum_of_squares (n=5) at sum_loop.c:13",  # rs: square's first line, so back to the line that called it
        "13\t        int sq = square(i);",
        "12\t    for (int i = 1; i <= n; i++) {",  # rs: the loop header before the first iteration's body
    ]


def test_print_structs_pointers_and_by_value_struct_parameters(debug):
    out = debug("points", "b distance2", "c", "info args", "p a.x", "p &a", "up", "p p", "p *p", "p p->y", "p a",
                "whatis p", "info locals")
    text = after(out, "distance2 (a={x = 3, y = 4}, b={x = 6, y = 8}) at points.c:17")
    assert text[1] == "17\t    int dx = b.x - a.x;"
    assert text[2:5] == ["a = {x = 3, y = 4}", "b = {x = 6, y = 8}", "a.x = 3"]
    assert re.fullmatch(rf"&a = \(struct point \*\) {POINTER}", text[5])
    assert text[6:8] == ["#1  main () at points.c:27", "27\t    int d = distance2(a, b);"]
    assert re.fullmatch(rf"p = \(struct point \*\) {POINTER}", text[8])
    assert text[9:12] == ["*p = {x = 6, y = 8}", "p->y = 8", "a = {x = 3, y = 4}"]
    assert text[12] == "type = struct point *"
    assert text[13:] == ["a = {x = 3, y = 4}", "b = {x = 6, y = 8}", text[15], "d = 0"]
    assert re.fullmatch(rf"p = \(struct point \*\) {POINTER}", text[15])


def test_print_arrays_and_elements_while_sorting(debug):
    out = debug("sort", "b sort.c:16", "c", "up", "p values", "down", "p key", "p values[0]", "p *values",
                "c", "up", "p values", "p values[1] + values[2]")
    text = "\n".join(out)
    assert "#1  main () at sort.c:22" in text
    assert "values = {42, 42, 19, 3, 25, 11, 8, 30}" in text  # first stop: 42 moved up, 7 not yet placed
    assert "key = 7" in text and "values[0] = 42" in text and "*values = 42" in text
    assert "values = {7, 42, 42, 3, 25, 11, 8, 30}" in text  # second stop: 19's turn, 42 moved up
    assert "values[1] + values[2] = 84" in text


def test_print_strings_and_chars_as_gdb_does(debug):
    out = debug("strings", "b reverse", "c", "p s", "p *s", "p s[1]", "finish", "p word", "p greeting",
                "whatis word", "p word[0]")
    text = "\n".join(out)
    assert re.search(rf'reverse \(s={POINTER} "playground"\) at strings.c:15', text)
    assert re.search(rf'^s = {POINTER} "playground"$', text, re.MULTILINE)
    assert "*s = 112 'p'" in text and "s[1] = 108 'l'" in text
    assert 'word = "dnuorgyalp\\000\\000\\000\\000\\000"' in text  # char[16]: five NULs shown, the last dropped
    assert re.search(rf'^greeting = {POINTER} "hello, wasm"$', text, re.MULTILINE)
    assert "type = char [16]" in text and "word[0] = 100 'd'" in text


def test_recursion_a_conditional_breakpoint_and_the_value_returned(debug):
    out = debug("recursion", "b factorial if n == 1", "c", "bt", "finish", "finish")
    text = "\n".join(out)
    assert "breakpoint #N at recursion.c:7 in factorial if n == 1" in text
    frames = [line for line in out if re.match(r"^ #\d", line)]
    assert frames[:6] == [" #0  factorial (n=1) at recursion.c:7"] + [
        f" #{k}  factorial (n={k + 1}) at recursion.c:10" for k in range(1, 5)] + [" #5  main () at recursion.c:21"]
    assert "Value returned is 1" in text and "Value returned is 2" in text


def test_optimised_code_keeps_values_in_wasm_locals(debug):
    out = debug("saxpy", "b saxpy", "c", "info args", "p x[3]", "p y[15]", "p n")
    text = "\n".join(out)
    assert re.search(rf"saxpy \(n=16, a=2, x={POINTER}, y={POINTER}\) at saxpy.c:10", text)
    assert "n = 16" in text and "a = 2" in text and text.rstrip().endswith("n = 16")
    assert re.search(rf"^x = \(const float \*\) {POINTER}$", text, re.MULTILINE)
    assert "x[3] = 3" in text and "y[15] = 1" in text


def test_wasm_level_commands_stay_available(debug):
    out = debug("sum_loop", "b square", "c", "si", "ni", "rsi", "stack", "locals", "p top")
    text = "\n".join(out)
    assert "breakpoint #N at sum_loop.c:7 in square" in text
    steps = [line for line in out if line.startswith("7\t")]
    # si, ni, rsi: one instruction each, the line shown with the next instruction
    assert len(steps) == 4 and all(re.search(r"    ; next: \S.* \(\$square\+\d+\)$", line) for line in steps[1:])
    assert steps[1] == steps[3]  # rsi came back to where si stopped
    assert re.search(r"^  \[0\] i32 \d+$", text, re.MULTILINE)  # the operand stack
    assert re.search(r"^  local\[0\]: i32 = 1$", text, re.MULTILINE)  # x, as the Wasm local it arrived in
    assert re.search(r"^top = \d+$", text, re.MULTILINE)  # a Wasm expression through p


def test_errors_are_lines_not_tracebacks(debug):
    out = debug("sum_loop", "b nowhere.c:3", "p nothing", "b sum_loop.c:12", "c", "p total.x", "p *total", "up 9")
    text = "\n".join(out)
    assert "error: no source file named nowhere.c (this program has sum_loop.c)" in text
    assert 'error: no symbol "nothing" in current context' in text
    assert "error: int is not a struct or union: it has no member x" in text
    assert "error: attempt to take contents of a non-pointer value (int)" in text
    assert "error: no frame 9 (the stack has 3)" in text
    assert "Traceback" not in text


def test_the_command_line_end_to_end():
    script = "b points.c:13\nc\np *p\nn\np *p\nrn\np p->x\nq\n"
    done = subprocess.run([sys.executable, "-m", "playground", "debug", "samples/c/points.wasm"], input=script,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "move (p=" in out and "12\t" not in out.split("move (p=")[0]
    assert out.count("*p = {x = 6, y = 0}") == 1 and "*p = {x = 6, y = 8}" in out and out.rstrip().endswith("p->x = 6")


def test_start_runs_to_main_and_info_lists_c_breakpoints(debug):
    out = debug("sum_loop", "start", "b square", "b sum_loop.c:14 if i == 3", "c", "c", "info breakpoints")
    assert out[4:6] == ["main () at sum_loop.c:20", "20\t    int n = 5;"]
    assert out[-2:] == ["breakpoint #N at sum_loop.c:7 in square hits=2",
                        "breakpoint #N at sum_loop.c:14 in sum_of_squares if i == 3 hits=0"]


def test_a_saved_c_session_replays_by_c_line(debug, tmp_path, capsys):
    saved = tmp_path / "session.json"
    debug("sum_loop", "b sum_loop.c:14", "c", "n", f"save {saved}")
    script = tmp_path / "again.txt"
    script.write_text("bt\np total\nrn\nq\n")
    assert cli.main(["debug", "--replay", str(saved), "--commands", str(script)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:3] == ["sum_of_squares (n=5) at sum_loop.c:12", "12\t    for (int i = 1; i <= n; i++) {"]
    assert " #1  main () at sum_loop.c:21" in out and "total = 1" in out and out[-1] == "14\t        total += sq;"


@pytest.mark.parametrize("engine", ["step", "fast"])
def test_the_debugging_samples_run_under_both_engines(engine, capfd):
    expected = {
        "sum_loop": "sum of squares 1..5 = 55, average 11.0\n", "recursion": "5! = 120, fib(7) = 13\n",
        "points": "a = (3, 4), b = (6, 8), distance squared 25\n", "sort": "3 7 8 11 19 25 30 42\n",
        "saxpy": "y[0] = 1.0, y[5] = 11.0, y[15] = 31.0\n",
        "strings": 'dnuorgyalp has 10 letters reversed, "hello, wasm" has 3 vowels\n',
    }
    for name, output in expected.items():
        assert cli.main(["run", str(SAMPLES / f"{name}.wasm"), "--engine", engine]) == 0
        assert capfd.readouterr().out == output, name
