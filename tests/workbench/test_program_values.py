"""The window's run bar and value edits read values as the command line does (playground.wasm.values)."""

from __future__ import annotations

import pytest

from playground.workbench.program import ArgumentError, decode_binary, encode, load_module, parse_arg, parse_text
from playground.workbench.session_commands import Debug, EditLocal, Program, Run, RunRequest, StepInto
from playground.workbench.session_controller import SessionController
from playground.wasm.errors import ParseError
from playground.wasm.types import ValType

WAT = """(module
  (func (export "bits32") (param $x f32) (result i32) (i32.reinterpret_f32 (local.get $x)))
  (func (export "id64") (param $x f64) (result f64) (local.get $x)))
"""


@pytest.mark.parametrize(
    "text, valtype, raw",
    [
        ("0x1p3", ValType.F64, 0x4020000000000000),
        ("nan:0x200000", ValType.F32, 0x7FA00000),
        ("-inf", ValType.F32, 0xFF800000),
        ("1.00000005960464477539062500000001", ValType.F32, 0x3F800001),
        ("-1", ValType.I32, 0xFFFFFFFF),
        (" 1_000 ", ValType.I64, 1000),
        ("i32x4 1 2 3 4", ValType.V128, 4 << 96 | 3 << 64 | 2 << 32 | 1),
        ("null", ValType.EXTERNREF, None),
    ],
)
def test_parse_arg_gives_the_raw_value(text, valtype, raw):
    assert parse_arg(text, valtype) == raw


def test_parse_arg_errors_are_argument_errors_with_the_vocabulary_words():
    with pytest.raises(ArgumentError, match=r"^cannot read 'x' as i32: expected an integer"):
        parse_arg("x", ValType.I32)
    with pytest.raises(ArgumentError, match=r"^missing f32 value$"):
        parse_arg("  ", ValType.F32)


class Listener:
    def __init__(self) -> None:
        self.snapshots, self.lines = [], []

    def snapshot(self, snapshot) -> None:
        self.snapshots.append(snapshot)

    def output(self, text: str, kind: str = "out") -> None:
        self.lines.append((kind, text))


def _finish(command) -> Listener:
    listener = Listener()
    controller = SessionController(listener)
    try:
        controller.send(command)
        assert controller.wait(10)
    finally:
        controller.shutdown()
    return listener


def test_the_run_bar_keeps_a_nan_payload_and_reads_hex_floats():
    listener = _finish(Run(RunRequest(Program(text=WAT, file="v.wat"), "bits32", ("nan:0x200000",))))
    assert ("result", f"bits32(nan:0x200000) = {0x7FA00000}") in listener.lines, listener.lines
    listener = _finish(Run(RunRequest(Program(text=WAT, file="v.wat"), "id64", ("0x1p3",))))
    assert ("result", "id64(0x1p3) = 8") in listener.lines, listener.lines


def test_a_value_edit_reads_like_the_run_bar():
    listener = Listener()
    controller = SessionController(listener)
    try:
        controller.send(Debug(RunRequest(Program(text=WAT, file="v.wat"), "bits32", ("0",))))
        controller.send(EditLocal("$x", "nan:0x1"))
        controller.send(StepInto())
        controller.send(StepInto())
        assert controller.wait(10)
        snap = listener.snapshots[-1]  # (shutdown's Stop ends the session with a snapshot of its own)
    finally:
        controller.shutdown()
    assert snap.frames[-1].locals[0].value.text == "nan:0x1"
    assert snap.stack[-1].text == str(0x7F800001)  # the reinterpreted bits: the payload survived the edit


def test_programs_load_through_the_loader():
    module = parse_text(WAT, "v.wat")
    data = encode(module)
    assert [e.name for e in decode_binary(data, "v.wasm").exports] == ["bits32", "id64"]
    assert [e.name for e in load_module(Program(binary=data, file="v.wasm")).exports] == ["bits32", "id64"]
    assert [e.name for e in load_module(Program(text=WAT, file="v.wat")).exports] == ["bits32", "id64"]
    with pytest.raises(ParseError, match=r"^v\.wat:1:2: "):
        load_module(Program(text="(nope)", file="v.wat"))


def test_export_signatures_name_typed_references_by_the_module_s_names():
    from playground.wasm.text.parse import parse_module
    from playground.workbench.program import exports_of

    module = parse_module('(module (type $node (struct (field i32)))'
                          ' (func (export "f") (param (ref null $node)) (result (ref null $node)) local.get 0))')
    sig = exports_of(module)[0]
    assert (sig.param_texts, sig.result_texts) == (("(ref null $node)",), ("(ref null $node)",))
    assert str(sig) == "f [(ref null $node)] -> [(ref null $node)]"
