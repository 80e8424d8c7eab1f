"""The spec suite's numeric expectations, checked directly against NUMERIC and SIMD.

Independent of our parser and interpreter: WABT's wast2json turns a .wast
into JSON commands and .wasm modules, wasm2wat prints each module flat, and
a tiny evaluator runs every exported function whose body is straight-line
code (local.get/set/tee, constants, drop, select and numeric or vector
operators) through our tables. Functions with anything else (control flow,
memory, calls) are not checked here; the interpreter's spec runner covers them.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import suite

from playground.wasm.errors import Trap
from playground.wasm.exec.numeric.floats import f32_to_bits, is_arithmetic_nan, is_canonical_nan
from playground.wasm.exec.numeric.operators import NUMERIC
from playground.wasm.exec.numeric.simd import SIMD

_BIN = Path(sys.executable).parent
WAST2JSON = shutil.which("wast2json", path=str(_BIN)) or shutil.which("wast2json")
WASM2WAT = shutil.which("wasm2wat", path=str(_BIN)) or shutil.which("wasm2wat")

# The scripts whose functions are (mostly) operators applied to parameters.
# const.wast and simd_const.wast are left out: hundreds of one-constant modules
# that test literal parsing (WABT's here), not operators, and cost half a minute.
NUMERIC_SCRIPTS = """
i32 i64 int_exprs f32 f64 f32_bitwise f64_bitwise f32_cmp f64_cmp conversions
float_exprs float_misc float_literals
""".split()


def _wanted(path: Path) -> bool:
    name = path.stem
    if name in NUMERIC_SCRIPTS:
        return True
    # The SIMD scripts, except those about memory, linking and the text format.
    return name.startswith("simd_") and not re.search(r"load|store|address|align|linking|const", name)


SCRIPTS = [p for p in suite.suite_files() if _wanted(p)]

# Straight-line instructions the evaluator knows besides the tables'.
_STACK_OPS = {"local.get", "local.set", "local.tee", "drop", "select", "nop"}
_COMMENT = re.compile(r"\(;.*?;\)")


# --- reading constants as wasm2wat prints them ----------------------------------


def _float_bits(text: str, width: int) -> int:
    """A wasm2wat float literal (hex float, inf, nan, nan:0x...) as a bit pattern."""
    sign = text.startswith("-")
    body = text.lstrip("+-")
    exp_bits, mant_bits = (8, 23) if width == 32 else (11, 52)
    sign_bit = (1 << (width - 1)) if sign else 0
    inf = ((1 << exp_bits) - 1) << mant_bits
    if body.startswith("nan"):
        payload = int(body[6:], 16) if body.startswith("nan:0x") else 1 << (mant_bits - 1)
        return sign_bit | inf | payload
    value = float.fromhex(text)
    if width == 64:
        return int.from_bytes(struct.pack("<d", value), "little")
    return f32_to_bits(value)  # exact: wasm2wat prints f32 values exactly


def _v128_bits(tokens: list[str]) -> int:
    shape, lanes = tokens[0], tokens[1:]
    width = int(re.match(r"[if](\d+)x", shape).group(1))
    value = 0
    for i, lane in enumerate(lanes):
        if shape.startswith("f"):
            bits = _float_bits(lane, width)
        else:
            bits = int(lane, 0) & ((1 << width) - 1)
        value |= bits << (i * width)
    return value


def _const(op: str, tokens: list[str]) -> int:
    kind = op.split(".")[0]
    if kind == "v128":
        return _v128_bits(tokens)
    if kind in ("i32", "i64"):
        return int(tokens[0], 0) & ((1 << int(kind[1:])) - 1)
    return _float_bits(tokens[0], int(kind[1:]))


# --- a flat function body, evaluated -------------------------------------------


@dataclass
class Func:
    params: int
    locals: int = 0
    body: list[tuple[str, list[str]]] = field(default_factory=list)
    straight: bool = True  # False when the body uses anything the evaluator does not know

    def __call__(self, args: list[int]) -> list[int]:
        local = list(args) + [0] * self.locals
        stack: list[int] = []
        for op, imm in self.body:
            if op == "local.get":
                stack.append(local[int(imm[0])])
            elif op == "local.set":
                local[int(imm[0])] = stack.pop()
            elif op == "local.tee":
                local[int(imm[0])] = stack[-1]
            elif op == "drop":
                stack.pop()
            elif op == "nop":
                pass
            elif op == "select":
                c, b = stack.pop(), stack.pop()
                a = stack.pop()
                stack.append(a if c else b)
            elif op.endswith(".const"):
                stack.append(_const(op, imm))
            elif op in NUMERIC:
                f = NUMERIC[op]
                n = f.__code__.co_argcount
                args_ = stack[-n:]
                del stack[-n:]
                stack.append(f(*args_))
            else:  # SIMD, immediates first
                f = SIMD[op]
                n = f.__code__.co_argcount - (1 if imm else 0)
                args_ = stack[-n:] if n else []
                if n:
                    del stack[-n:]
                if op == "i8x16.shuffle":
                    stack.append(f(tuple(int(t) for t in imm), *args_))
                elif imm:
                    stack.append(f(int(imm[0]), *args_))
                else:
                    stack.append(f(*args_))
        return stack


def _parse_wat(text: str) -> dict[str, Func]:
    """The exported functions of a wasm2wat module, by export name."""
    funcs: dict[int, Func] = {}
    exports: dict[str, int] = {}
    current: Func | None = None
    for raw in text.splitlines():
        m = re.match(r"\(func \(;(\d+);\) \(type \d+\)(.*)", raw.strip())
        line = _COMMENT.sub("", raw).strip()
        if m:
            header = m.group(2)
            params = len(re.findall(r"\b(?:i32|i64|f32|f64|v128|funcref|externref)\b", _group(header, "param")))
            current = funcs[int(m.group(1))] = Func(params)
            if line.count(")") > line.count("("):
                current = None  # an empty body closes on its header line
            continue
        m = re.match(r'\(export "((?:[^"\\]|\\.)*)" \(func (\d+)\)\)', line)
        if m:
            exports[m.group(1)] = int(m.group(2))
            current = None
            continue
        if current is None:
            continue
        if line.startswith("(local "):
            current.locals += len(line[7:].rstrip(")").split())
            continue
        closing = line.endswith(")")
        tokens = line.rstrip(")").split()
        if tokens:
            op, imm = tokens[0], tokens[1:]
            known = op in _STACK_OPS or op in NUMERIC or op in SIMD or op.endswith(".const")
            if not known or op in ("ref.null", "ref.func"):
                current.straight = False
            current.body.append((op, imm))
        if closing:
            current = None
    return {name: funcs[i] for name, i in exports.items() if i in funcs}


def _group(header: str, word: str) -> str:
    return " ".join(re.findall(rf"\({word} ([^)]*)\)", header))


# --- values of the JSON commands ----------------------------------------------


def _arg(value: dict) -> int | None:
    kind = value["type"]
    if kind == "v128":
        width = int(value["lane_type"][1:])
        return sum((int(v) & ((1 << width) - 1)) << (i * width) for i, v in enumerate(value["value"]))
    if kind in ("i32", "i64", "f32", "f64"):
        return int(value["value"])
    return None  # references are not numbers


def _matches(expected: dict, got: int) -> bool:
    kind = expected["type"]
    if kind == "v128":
        lane_type = expected["lane_type"]
        width = int(lane_type[1:])
        mask = (1 << width) - 1
        for i, v in enumerate(expected["value"]):
            if not _scalar_matches(v, (got >> (i * width)) & mask, width):
                return False
        return True
    return _scalar_matches(expected["value"], got, int(kind[1:]))


def _scalar_matches(text: str, got: int, width: int) -> bool:
    if text == "nan:canonical":
        return is_canonical_nan(got, width)
    if text == "nan:arithmetic":
        return is_arithmetic_nan(got, width)
    return int(text) & ((1 << width) - 1) == got


# --- running one script ------------------------------------------------------


@dataclass
class Tally:
    passed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)


def run_script(path: Path, workdir: Path) -> Tally:
    """Check every assert_return / assert_trap of a script on a straight-line function."""
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / f"{path.stem}.json"
    subprocess.run([WAST2JSON, str(path), "-o", str(out)], check=True, capture_output=True)
    commands = json.loads(out.read_text())["commands"]
    tally = Tally()
    current: dict[str, Func] = {}
    named: dict[str, dict[str, Func]] = {}
    for cmd in commands:
        kind = cmd["type"]
        if kind == "module":
            wat = subprocess.run(
                [WASM2WAT, "--no-check", str(workdir / cmd["filename"])], capture_output=True, text=True
            )
            current = _parse_wat(wat.stdout) if wat.returncode == 0 else {}
            if "name" in cmd:
                named[cmd["name"]] = current
            continue
        if kind == "register" or kind not in ("assert_return", "assert_trap"):
            continue
        action = cmd["action"]
        funcs = named.get(action.get("module"), current) if action.get("module") else current
        func = funcs.get(action["field"]) if action["type"] == "invoke" else None
        args = [_arg(a) for a in action.get("args", [])]
        if func is None or not func.straight or None in args or len(args) != func.params:
            tally.skipped += 1
            continue
        where = f"{path.name}:{cmd['line']} {action['field']}{tuple(hex(a) for a in args)}"
        try:
            results = func(args)
        except Trap as trap:
            if kind == "assert_trap" and trap.message == cmd["text"]:
                tally.passed += 1
            else:
                tally.failures.append(f"{where}: trapped {trap.message!r}")
            continue
        if kind == "assert_trap":
            tally.failures.append(f"{where}: expected trap {cmd['text']!r}, got {[hex(r) for r in results]}")
            continue
        expected = cmd["expected"]
        if len(results) == len(expected) and all(_matches(e, r) for e, r in zip(expected, results)):
            tally.passed += 1
        else:
            tally.failures.append(f"{where}: expected {expected}, got {[hex(r) for r in results]}")
    return tally


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("numeric_wast")


@pytest.mark.skipif(WAST2JSON is None or WASM2WAT is None, reason="WABT's wast2json / wasm2wat not found")
@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_spec_script(script: Path, workdir: Path, record_property) -> None:
    suite.require_suite()
    tally = run_script(script, workdir / script.stem)
    record_property("passed", tally.passed)
    print(f"{script.stem}: {tally.passed} passed, {tally.skipped} not straight-line, {len(tally.failures)} failed")
    assert not tally.failures, "\n".join(tally.failures[:20])


def test_suite_scripts_found() -> None:
    """With the suite present, the numeric scripts are found (guards the file filter)."""
    if suite.suite_missing_reason():
        pytest.skip(suite.suite_missing_reason())
    names = {p.stem for p in SCRIPTS}
    assert {"i32", "f32", "conversions", "simd_f32x4_arith", "simd_lane"} <= names
