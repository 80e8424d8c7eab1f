"""memory64 and table64 (3.0): i64 addresses and indices, 64-bit limits, in text, binary, validator and step engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.errors import InvalidError, LinkError, MalformedError, ParseError, Trap
from playground.wasm.features import WASM_2, FeatureError
from playground.wasm.runtime import Memory, Store, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.text.print import print_module
from playground.wasm.validate import validate_module

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proposal_helpers import valid_module  # noqa: E402

MODULE = """(module
  (memory $m (export "m") i64 1 5)
  (table $t i64 2 funcref)
  (elem (table $t) (i64.const 1) func $seven)
  (data (memory $m) (i64.const 16) "\\2a")
  (func $seven (result i32) (i32.const 7))
  (func (export "load") (param i64) (result i32) (i32.load8_u offset=1 (local.get 0)))
  (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "size") (result i64) (memory.size))
  (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
  (func (export "tsize") (result i64) (table.size $t)))"""


def _load(text: str = MODULE):
    return valid_module(text)


def test_i64_addresses_run():
    exports = instantiate(_load()).exports
    assert exports.load(15) == 42
    exports.store(0x100, 0x1122334455667788)
    assert exports.load(0xFF) == 0x88
    assert exports.size() == 1 and exports.grow(2) == 1 and exports.size() == 3
    assert exports.grow(10) == -1  # past the maximum: -1 as an i64
    assert exports.call(1) == 7 and exports.tsize() == 2
    for address in (3 * 65536, 2**63, 2**64 - 1):  # past the end, and past what Python can index
        with pytest.raises(Trap, match="out of bounds memory access"):
            exports.load(address - 2**64 if address >= 2**63 else address)
    with pytest.raises(Trap):
        exports.call(2**40)


def test_text_and_binary_round_trips():
    module = _load()
    assert module.mems[0].limits.is64 and module.tables[0].limits.is64
    assert "(memory $m (;0;) i64 1 5)" in print_module(module).text
    assert parse_module(print_module(module).text) == module
    data = encode_module(module)
    assert b"\x05\x04\x01\x05\x01\x05" in data  # memory section: one memory, flags 5 (max, i64), 1, 5
    assert decode_module(data) == module


@pytest.mark.parametrize("body, message", [
    ("(drop (i32.load (i32.const 0)))", "type mismatch"),
    ("(drop (i32.load offset=0x1_0000_0000 (i64.const 0)))", None),
    ("(drop (memory.grow (i32.const 1)))", "type mismatch"),
    ("(drop (call_indirect $t (result i32) (i32.const 0)))", "type mismatch"),
])
def test_addresses_are_i64(body, message):
    module = parse_module(f"(module (memory i64 1) (table $t i64 1 funcref) (func {body}))")
    if message is None:
        validate_module(module)  # a 64-bit memory takes offsets past 4 GiB
    else:
        with pytest.raises(InvalidError, match=message):
            validate_module(module)


def test_limits_and_offsets_of_32_bit_memories_stay_bounded():
    for text, message in [("(memory 0x1_0000_0000)", "memory size"), ("(table 0x1_0000_0000 funcref)", "table size"),
                          ("(memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0))))", "offset out of range")]:
        with pytest.raises(InvalidError, match=message):
            validate_module(parse_module(f"(module {text})"))
        with pytest.raises(ParseError, match="i32 constant out of range"):  # 2.0 text: malformed
            parse_module(f"(module {text})", features=WASM_2)


def test_imports_match_the_address_type():
    importer = parse_module('(module (import "env" "m" (memory i64 1)))')
    validate_module(importer)
    instantiate(importer, {"env": {"m": Memory(1, is64=True)}})
    with pytest.raises(LinkError, match="incompatible import type"):
        instantiate(importer, {"env": {"m": Memory(1)}})


def test_the_switch_the_2_0_binary_format_and_the_fast_engine():
    module = _load()
    with pytest.raises(FeatureError, match=r"^64-bit memories and tables \(needs the memory64 feature"):
        validate_module(module, features=WASM_2)
    with pytest.raises(MalformedError, match="integer too large"):
        decode_module(encode_module(module), features=WASM_2)  # 2.0 reads the flags as one bit
    from playground.wasm.engines import new_executor

    fast = instantiate(module, store=Store(executor=new_executor("fast"))).exports  # the fast engine runs memory64 too
    fast.store(0x100, 0x1122334455667788)
    assert fast.load(0xFF) == 0x88 and fast.grow(2) == 1 and fast.size() == 3
