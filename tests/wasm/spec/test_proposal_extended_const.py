"""Extended constant expressions (3.0): i32/i64 add, sub and mul in initializers and offsets; the switch."""

from __future__ import annotations

import pytest

from playground.wasm.errors import InvalidError
from playground.wasm.features import WASM_2, FeatureError, Features
from playground.wasm.runtime import instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

MODULE = """(module
  (global $base (import "env" "base") i32)
  (global $wide i64 (i64.mul (i64.const 0x1_0000_0000) (i64.const 3)))
  (global $wrapped i32 (i32.sub (i32.const 0) (i32.const 1)))
  (global $after i32 (i32.add (global.get $base) (i32.const 16)))
  (memory 1)
  (data (i32.mul (global.get $base) (i32.const 2)) "hi")
  (func (export "wide") (result i64) (global.get $wide))
  (func (export "wrapped") (result i32) (global.get $wrapped))
  (func (export "after") (result i32) (global.get $after))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0))))"""


def _instance():
    from playground.wasm.runtime.globals import Global
    from playground.wasm.types import GlobalType, ValType

    module = parse_module(MODULE)
    validate_module(module)
    return instantiate(module, {"env": {"base": Global(GlobalType(ValType.I32), 100)}}).exports


def test_initializers_and_offsets_compute():
    exports = _instance()
    assert exports.wide() == 3 << 32
    assert exports.wrapped() == -1  # wraps like i32.sub does at run time
    assert exports.after() == 116
    assert exports.byte(200) == ord("h") and exports.byte(201) == ord("i")


def test_a_later_global_reads_an_earlier_one_in_3_0_only():
    module = parse_module("(module (global i32 (i32.const 7)) (global i32 (i32.add (global.get 0) (i32.const 1))))")
    validate_module(module)
    with pytest.raises(InvalidError, match="unknown global 0"):  # 2.0 (and 3.0 without gc): imported globals only
        validate_module(module, features=Features.parse("2.0,+extended-const"))


def test_operands_are_typed():
    module = parse_module("(module (global i64 (i64.add (i32.const 1) (i64.const 2))))")
    with pytest.raises(Exception, match="type mismatch"):
        validate_module(module)


def test_the_switch():
    module = parse_module("(module (global i32 (i32.add (i32.const 1) (i32.const 2))))")
    with pytest.raises(FeatureError) as caught:
        validate_module(module, features=WASM_2)
    assert caught.value.message.startswith("constant expression required (needs the extended-const feature")
    validate_module(module, features=Features.parse("2.0,+extended-const"))
