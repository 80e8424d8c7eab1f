"""Values typed on the command line: `run --invoke` arguments and the debugger's `set` read them alike.

Both go through playground.wasm.values.parse_value, the rules of the text
format's literals: hex floats, inf, nan, NaN payloads, and one rounding.
"""

from __future__ import annotations

import pytest

from playground import cli

WAT = """(module
  (func (export "id64") (param $x f64) (result f64) (local.get $x))
  (func (export "id32") (param $x f32) (result f32) (local.get $x))
  (func (export "bits32") (param $x f32) (result i32) (i32.reinterpret_f32 (local.get $x)))
  (func (export "bits64") (param $x f64) (result i64) (i64.reinterpret_f64 (local.get $x)))
  (func (export "lane3") (param $v v128) (result i32) (i32x4.extract_lane 3 (local.get $v)))
  (func (export "add") (param $a i32) (param $b i32) (result i32) (i32.add (local.get $a) (local.get $b))))
"""


@pytest.fixture
def wat(tmp_path):
    path = tmp_path / "values.wat"
    path.write_text(WAT)
    return str(path)


def run(capsys, wat: str, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["run", wat, "--invoke", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv, printed",
    [
        (("id64", "0x1p3"), "8"),  # a hex float, read as WAT reads it
        (("id64", "-inf"), "-inf"),
        (("id64", "1_000.5"), "1000.5"),
        (("bits32", "nan:0x200000"), str(0x7FA00000)),  # the payload arrives unchanged
        (("bits64", "-nan:0x1"), str(0xFFF0000000000001 - (1 << 64))),
        (("bits32", "1.00000005960464477539062500000001"), str(0x3F800001)),  # rounded once, to f32
        (("bits32", "-0"), str(-(1 << 31))),
        (("lane3", "i32x4 1 2 3 -4"), "-4"),
        (("lane3", "0xffffffff000000000000000000000000"), "-1"),
        (("add", "0x7fffffff", "1"), str(-(1 << 31))),
        (("add", "-1", "4294967295"), "-2"),  # both spellings of -1
    ],
)
def test_run_reads_arguments_as_the_text_format_does(capsys, wat, argv, printed):
    code, out, err = run(capsys, wat, *argv)
    assert (code, out, err) == (0, printed + "\n", "")


@pytest.mark.parametrize(
    "argv, message",
    [
        (("id32", "1e39"), "cannot read '1e39' as f32: out of range"),
        (("id32", "nan:0x800000"), "cannot read 'nan:0x800000' as f32: a NaN payload is 0x1 .. 0x7fffff"),
        (("add", "1.5", "2"), "cannot read '1.5' as i32: expected an integer"),
        (("add", "1", "4294967296"), "cannot read '4294967296' as i32: out of range"),
        (("id64", "one"), "cannot read 'one' as f64: expected a number such as 1.5, -2e10, 0x1p3, inf, nan"),
    ],
)
def test_run_refuses_a_bad_argument_in_one_line(capsys, wat, argv, message):
    code, out, err = run(capsys, wat, *argv)
    assert code == 1 and out == ""
    assert err.startswith("error: " + message) and err.count("\n") == 1


def debug(capsys, tmp_path, wat: str, script: str, *argv: str) -> str:
    commands = tmp_path / "commands.txt"
    commands.write_text(script)
    assert cli.main(["debug", wat, "--invoke", *argv, "--commands", str(commands)]) == 0
    return capsys.readouterr().out


def test_debug_arguments_and_set_read_values_as_run_does(capsys, tmp_path, wat):
    out = debug(capsys, tmp_path, wat, "locals\nset $x nan:0x4\nlocals\nset $x -0x1.8p1\nlocals\n", "id64", "0x1p3")
    lines = [line.strip() for line in out.splitlines()]
    assert lines.count("$x: f64 = 8") == 1
    assert "$x: f64 = nan:0x4" in lines and "$x: f64 = -3" in lines


def test_debug_set_keeps_an_f32_nan_payload_and_rounds_once(capsys, tmp_path, wat):
    script = "set $x nan:0x200000\nlocals\nset $x 1.00000005960464477539062500000001\nlocals\nstep\nstep\nstack\n"
    out = debug(capsys, tmp_path, wat, script, "bits32", "0")
    lines = [line.strip() for line in out.splitlines()]
    assert "$x: f32 = nan:0x200000" in lines
    assert "$x: f32 = 1.0000001" in lines  # 0x3f800001, not 1
    assert f"[0] i32 {0x3F800001}" in lines  # the reinterpreted bits on the stack


def test_debug_set_reads_v128_lanes_and_refuses_bad_text(capsys, tmp_path, wat):
    out = debug(capsys, tmp_path, wat, "set $v i32x4 1 2 3 4\nlocals\nset $v i32x4 1\nset $v\n", "lane3", "0")
    assert "$v: v128 = i32x4 0x00000001 0x00000002 0x00000003 0x00000004" in out
    assert "error: cannot read 'i32x4 1' as v128: i32x4 takes 4 lanes, got 1" in out
    assert "error: bad arguments for set: set $x VALUE" in out  # a missing value is a usage line


def test_debug_refuses_a_bad_starting_argument(capsys, wat):
    assert cli.main(["debug", wat, "--invoke", "id32", "1e39"]) == 1
    assert capsys.readouterr().err == "error: cannot read '1e39' as f32: out of range (it rounds past the largest finite value)\n"
