"""The smallest inputs the fuzzers found that escaped as Python exceptions, each now a domain error.

Each test names what used to happen. They run the same checks as the fuzzers
(tests/wasm/fuzz/fuzzing.py), and also assert the exact error a user sees.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest

from playground.cli import main as cli_main
from playground.wasm.binary.decode import decode_module
from playground.wasm.errors import ExhaustionError, ParseError
from playground.wasm.runtime import Memory, MemorySettings, Store, Table, instantiate
from playground.wasm.spectest import run_wast_file
from playground.wasm.text.floats import F32, F64, parse_float
from playground.wasm.text.parse import parse_module
from playground.wasm.text.parse_instr import MAX_NESTING
from playground.wasm.text.wast import parse_wast
from playground.wasm.types import MemType, Limits, TableType, ValType
from playground.wasm.validate import validate_module

sys.path.insert(0, str(Path(__file__).parent))
import fuzz_helpers as fuzzing  # noqa: E402

HEADER = b"\0asm\1\0\0\0"


# --- instantiation: a valid module asking for more than the engine gives ----------------------

def test_huge_initial_memory_is_exhaustion_not_memory_error():
    # Was: MemoryError from bytearray(65535 * 65536) (or 4 GiB taken from the machine).
    data = HEADER + b"\x05\x05\x01\x00\xff\xff\x03"  # (memory 65535)
    module = decode_module(data)
    validate_module(module)
    with pytest.raises(ExhaustionError, match="memory limit reached .*a memory of 65,535 pages was asked for"):
        instantiate(module)
    assert fuzzing.check_run(module, random.Random(0)) == [
        "instantiate: limit: memory limit reached (32 pages of 64 KiB; a memory of 65,535 pages was asked for; "
        "raise it with --max-memory-pages N or lift all limits with --no-limits)"
    ]


def test_memory_within_the_cap_is_still_created():
    memory = Memory(2, settings=MemorySettings(max_pages=2))
    assert memory.size == 2
    with pytest.raises(ExhaustionError):
        Memory(3, settings=MemorySettings(max_pages=2))


def test_huge_initial_table_is_exhaustion_not_memory_error():
    # Was: MemoryError from [None] * 4294967295.
    module = parse_module("(module (table 4294967295 funcref))")
    validate_module(module)
    with pytest.raises(ExhaustionError, match="table limit reached .*a table of 4,294,967,295 entries"):
        instantiate(module)
    with pytest.raises(ExhaustionError):
        Table.from_type(TableType(Limits(10_000_001, None), ValType.FUNCREF))
    assert Memory.from_type(MemType(Limits(1, 1))).size == 1


# --- text: deep nesting ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "opener, closer",
    [("(block ", ")"), ("block ", "end "), ("(i32.eqz ", ")")],
    ids=["folded-block", "plain-block", "folded-operand"],
)
def test_deep_nesting_is_a_parse_error_not_recursion_error(opener, closer):
    # Was: RecursionError past about 330 (plain) or 500 (folded) levels.
    n = MAX_NESTING + 1
    inner = "(i32.const 0)" if opener.startswith("(i32") else ""
    text = "(module (func " + opener * n + inner + closer * n + "))"
    with pytest.raises(ParseError, match="nesting too deep") as info:
        parse_module(text)
    assert info.value.span is not None and info.value.span.line == 1
    with pytest.raises(ParseError, match="nesting too deep"):
        parse_wast(text)


def test_deep_nesting_within_the_limit_parses():
    # A C switch of a thousand cases becomes a thousand nested blocks.
    n = 2000
    module = parse_module("(module (func " + "block " * n + "end " * n + "))")
    assert len(module.funcs[0].body) == 2 * n + 1
    module = parse_module("(module (func (result i32) " + "(i32.eqz " * n + "(i32.const 0)" + ")" * n + "))")
    validate_module(module)


# --- text: numbers with thousands of digits ------------------------------------------------------

@pytest.mark.parametrize(
    "literal", ["9" * 5000, "-" + "9" * 5000, "1_" * 3000 + "1"], ids=["digits", "negative", "underscores"]
)
def test_integer_with_thousands_of_digits_is_out_of_range(literal):
    # Was: ValueError "Exceeds the limit (4300 digits) for integer string conversion".
    with pytest.raises(ParseError, match="constant out of range"):
        parse_module(f"(module (func i64.const {literal} drop))")


def test_leading_zeros_do_not_count_against_the_digits():
    module = parse_module("(module (func i32.const " + "0" * 5000 + "7 drop))")
    assert module.funcs[0].body[0].imm == (7,)


@pytest.mark.parametrize(
    "literal, fmt, expected",
    [
        ("1e" + "9" * 5000, F32, None),
        ("1" + "0" * 5000, F32, None),
        ("1e-" + "9" * 5000, F32, 0),
        ("0x1p-" + "9" * 5000, F64, 0),
        ("0." + "0" * 5000 + "1", F64, 0),
        ("0" * 5000 + "1.5", F32, 0x3FC00000),
        # an exact f32 tie rounds to even; any digit after it, however far, rounds up
        ("1.000000059604644775390625" + "0" * 5000, F32, 0x3F800000),
        ("1.000000059604644775390625" + "0" * 5000 + "1", F32, 0x3F800001),
    ],
    ids=["big-exponent", "big-mantissa", "tiny-exponent", "tiny-hex", "tiny-decimal", "zeros", "tie", "past-tie"],
)
def test_float_with_thousands_of_digits(literal, fmt, expected):
    # Was: ValueError from int() of more than 4300 digits in the exact fallback.
    if expected is None:
        with pytest.raises(ValueError, match="constant out of range"):
            parse_float(literal, fmt)
    else:
        assert parse_float(literal, fmt) == expected


# --- the command line ------------------------------------------------------------------------------

def test_wast_on_a_binary_file_is_a_failed_script_not_an_internal_error(tmp_path, capsys):
    # Was: "internal error: UnicodeDecodeError" from `wasm-playground wast x.wasm`.
    path = tmp_path / "x.wasm"
    path.write_bytes(HEADER + b"\x01\x05\xff\xff\xff\xff\x0f")
    result = run_wast_file(path)
    assert [o.detail for o in result.outcomes] == ["script does not parse: malformed UTF-8 encoding"]
    assert cli_main(["wast", str(path)]) == 1
    assert "internal error" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("mem.wat", '(module (memory 65535) (func (export "f")))', "a memory of 65,535 pages was asked for"),
        ("deep.wat", "(module (func " + "(block " * (MAX_NESTING + 1) + ")" * (MAX_NESTING + 1) + "))", "nesting too deep"),
        ("int.wat", "(module (func i32.const " + "9" * 5000 + " drop))", "1:25: constant out of range"),
        ("count.wasm", HEADER + b"\x01\x05\xff\xff\xff\xff\x0f", "offset 0xa: length out of bounds"),
        ("rec.wat", '(module (func $f (export "f") (call $f)))', "call stack exhausted"),
    ],
)
@pytest.mark.parametrize("command", ["run", "debug"])
def test_cli_bad_input_is_one_error_line(tmp_path, capsys, monkeypatch, command, name, content, expected):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    monkeypatch.setattr("sys.stdin", io.StringIO("c\nq\n"))
    code = cli_main([command, str(path), "--invoke", "f"])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert "internal error" not in err and "Traceback" not in err
    if command == "run" or not name.startswith("rec"):  # the debugger reports a trap at its prompt instead
        assert code == 1
        assert len(lines) == 1 and expected in lines[0], err


# --- found by the differential test against wasmtime (tests/differential/) ---------------------

FAST_NAN_LOCAL = """(module (memory 1 3)
  (func $f1 (param $p0 f64) (result i32) (local $x2 f32)
    (local.set $x2
      (f32.min (f32.load offset=0 (i32.load8_s offset=65530 (i32.const 0)))
               (block $L2 (result f32) (i32.store offset=0 (i32.const 1) (i32.const 2147483647)) (f32.const 0))))
    (i32.const 0))
  (func (export "f1") (param i64) (result i32) (call $f1 (f64.const 0))))"""


# Found by tests/differential (seed 3301): the fast engine re-read a loaded f32 NaN's bits at an
# address kept in the very slot the load's result had just overwritten (TypeError on the second call).
def test_fast_engine_f32_min_of_a_loaded_nan_into_a_local():
    from playground.wasm.engines import new_executor

    module = parse_module(FAST_NAN_LOCAL)
    validate_module(module)
    for engine in ("step", "fast"):
        f1 = instantiate(module, store=Store(executor=new_executor(engine))).exports["f1"]
        assert [f1.raw(0), f1.raw(0)] == [[0], [0]], engine
