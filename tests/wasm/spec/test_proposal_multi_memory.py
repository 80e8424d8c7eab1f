"""Multiple memories (3.0): memory indices on every memory instruction, in text and binary, validated and run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.errors import InvalidError, MalformedError, WasmError
from playground.wasm.features import WASM_2, FeatureError
from playground.wasm.instructions import memory_index, op
from playground.wasm.runtime import Store, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.text.print import print_module
from playground.wasm.validate import validate_module

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proposal_helpers import sample_module  # noqa: E402


def _sample():
    return sample_module("two_memories.wat")


def test_the_sample_copies_between_two_memories():
    exports = instantiate(_sample()).exports
    assert exports.shout(19) == 16
    assert bytes(exports.text.data[:19]) == b"hello, two memories"  # the source is untouched
    assert bytes(exports.upper.data[:19]) == b"HELLO, TWO MEMORIES"
    assert exports.sizes() == 13  # $text 1 page, $upper grown from 1 to 3


EVERY_FORM = """(module (memory $a 1) (memory $b 2) (data $d "xyz")
  (func (local v128)
    (drop (i64.load $b offset=8 align=4 (i32.const 0)))
    (i32.store16 1 (i32.const 0) (i32.const 7))
    (drop (v128.load8_lane $b offset=1 3 (i32.const 0) (local.get 0)))
    (v128.store32_lane 1 2 (i32.const 0) (local.get 0))
    (drop (memory.size $b)) (drop (memory.grow $b (i32.const 0)))
    (memory.fill $b (i32.const 0) (i32.const 0) (i32.const 0))
    (memory.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))
    (memory.init $b $d (i32.const 0) (i32.const 0) (i32.const 0))
    (drop (i32.load (i32.const 0)))))"""


def test_every_form_round_trips_through_text_and_binary():
    module = parse_module(EVERY_FORM)
    validate_module(module)
    body = module.funcs[0].body
    assert [memory_index(i.op, i.imm) for i in body if memory_index(i.op, i.imm) is not None] == [
        1, 1, 1, 1, 1, 1, 1, 0, 1, 0]
    assert body[[i.op for i in body].index(op("memory.copy"))].imm == (0, 1)
    text = print_module(module).text
    assert "i64.load $b offset=8 align=4" in text and "v128.load8_lane $b offset=1 3" in text
    assert "memory.copy $a $b" in text and "memory.init $b $d" in text
    assert parse_module(text) == module
    data = encode_module(module)
    assert decode_module(data) == module
    assert b"\x29\x42\x01\x08" in data  # i64.load: flags 2 | 0x40, memory 1, offset 8


def test_unknown_memories_are_invalid():
    for body in ("(drop (i32.load 2 (i32.const 0)))", "(drop (memory.size 2))",
                 "(memory.copy 0 2 (i32.const 0) (i32.const 0) (i32.const 0))"):
        module = parse_module(f"(module (memory 1) (memory 1) (func {body}))")
        with pytest.raises(InvalidError, match="unknown memory 2"):
            validate_module(module)


def test_the_2_0_profile_and_binary_format():
    with pytest.raises(FeatureError, match=r"^multiple memories \(needs the multi-memory feature"):
        validate_module(_sample(), features=WASM_2)
    def binary(load: bytes) -> bytes:  # (memory 1) (func (drop (i32.load (i32.const 0)))) with `load`'s bytes
        body = b"\x00\x41\x00" + load + b"\x1a\x0b"
        code = bytes([1, len(body)]) + body
        return (b"\0asm\1\0\0\0\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
                + bytes([0x0A, len(code)]) + code)

    plain, with_index = binary(b"\x28\x02\x00"), binary(b"\x28\x42\x00\x00")  # flags bit 6: memory 0 follows
    assert decode_module(with_index) == decode_module(plain)
    with pytest.raises(MalformedError, match="malformed memop flags"):
        decode_module(with_index, features=WASM_2)


def test_the_fast_engine_runs_several_memories_as_the_step_engine_does():
    from playground.wasm.engines import new_executor

    results = {}
    for engine in ("step", "fast"):
        inst = instantiate(_sample(), store=Store(executor=new_executor(engine)))
        results[engine] = (inst.exports.shout(19), [bytes(m.data) for m in inst.mems])
    assert results["fast"] == results["step"] and results["fast"][0] == 16
