"""The disassembler and format_instr: exact text, names, indentation, line map."""

from __future__ import annotations

import pytest

from playground.wasm.model import Instr, Names
from playground.wasm.instructions import op
from playground.wasm.text.format import format_instr
from playground.wasm.text.parse import parse_module
from playground.wasm.text.print import print_module
from playground.wasm.types import ValType

SOURCE = """(module
  (memory 1)
  (func $fac (export "fac") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 1))
      (else (i64.mul (local.get $n) (call $fac (i64.sub (local.get $n) (i64.const 1)))))))
  (func (result f32) (drop (i32.load8_u offset=3 align=1 (i32.const 0))) (f32.const -nan:0x123)))"""


def test_print_is_plain_and_indented():
    printed = print_module(parse_module(SOURCE))
    text = printed.text
    assert "  (func $fac (;0;) (type 0) (param $n i64) (result i64)\n" in text
    assert "\n    if (result i64)\n      i64.const 1\n    else\n" in text
    assert "call $fac" in text and "local.get $n" in text
    assert "i32.load8_u offset=3\n" in text  # align=1 is natural for 8-bit loads
    assert "f32.const -nan:0x123" in text


def test_line_map_points_at_each_instruction():
    printed = print_module(parse_module(SOURCE))
    lines = printed.text.splitlines()
    assert lines[printed.line_of(0, 0) - 1].strip() == "local.get $n"
    assert lines[printed.line_of(0, 2) - 1].strip() == "if (result i64)"
    assert printed.location_of_line(printed.line_of(1, 0)) == (1, 0)
    assert lines[printed.func_lines[1] - 1].startswith("  (func (;1;)")


def test_invalid_or_duplicate_names_fall_back_to_indices():
    module = parse_module("(func (call 1)) (func)")
    module.names.funcs = {0: "has space", 1: "ok"}
    text = print_module(module).text
    assert "(func (;0;)" in text and "call $ok" in text


@pytest.mark.parametrize(
    "instr,text",
    [
        (Instr(op("i32.const"), (-1,)), "i32.const -1"),
        (Instr(op("f64.const"), (0x3FB999999999999A,)), "f64.const 0.1"),
        (Instr(op("call"), (2,)), "call $two"),
        (Instr(op("local.get"), (0,)), "local.get $x"),
        (Instr(op("call_indirect"), (3, 0)), "call_indirect (type 3)"),
        (Instr(op("v128.const"), (1,)), "v128.const i32x4 0x00000001 0x00000000 0x00000000 0x00000000"),
        (Instr(op("ref.null"), (ValType.EXTERNREF,)), "ref.null extern"),
    ],
)
def test_format_instr(instr, text):
    names = Names(funcs={2: "two"}, locals={5: {0: "x"}})
    assert format_instr(instr, names, func_index=5) == text


def test_indentation_is_capped_so_deep_nesting_prints_in_linear_size():
    from playground.wasm.text.format import MAX_INDENT_LEVELS, indentation
    from playground.wasm.text.parse import parse_module
    from playground.wasm.text.print import print_module

    depth = MAX_INDENT_LEVELS + 50
    text = print_module(parse_module("(module (func " + "(block " * depth + ")" * depth + "))")).text
    widest = max(len(line) - len(line.lstrip(" ")) for line in text.splitlines())
    assert widest == len(indentation(MAX_INDENT_LEVELS + 2, "  "))


GC_SOURCE = """(module
  (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
  (type $big (sub $node (struct (field $value i32) (field $next (mut (ref null $node))) (field $w i8))))
  (type $arr (array (mut i32)))
  (type $sig (func (param (ref null $node)) (result i32)))
  (global $head (mut (ref null $node)) (ref.null $node))
  (func $mk (param $v i32) (result (ref null $node))
    (struct.new $node (local.get $v) (ref.null $node)))
  (func $get (type $sig) (param $n (ref null $node)) (result i32)
    (drop (ref.test (ref null $big) (struct.get $node $next (ref.cast (ref $node) (local.get $n)))))
    (drop (array.new_fixed $arr 2 (i32.const 1) (i32.const 2)))
    (struct.get $node $value (local.get $n))))"""


def test_gc_types_and_fields_print_by_name_and_survive_the_binary():
    from playground.wasm.binary import decode_module, encode_module

    data = encode_module(parse_module(GC_SOURCE), names=True)
    text = print_module(decode_module(data)).text  # WAT -> binary (name section) -> WAT
    assert "(type $node (;0;) (sub (struct (field $value i32) (field $next (mut (ref null $node))))))" in text
    assert "(type $big (;1;) (sub $node (struct (field $value i32) (field $next (mut (ref null $node))) (field $w i8))))" in text
    assert "(global $head (;0;) (mut (ref null $node)) (ref.null $node))" in text
    assert "(func $get (;1;) (type $sig) (param $n (ref null $node)) (result i32)" in text
    for line in ("struct.new $node", "struct.get $node $next", "struct.get $node $value", "ref.cast (ref $node)",
                 "ref.test (ref null $big)", "array.new_fixed $arr 2"):
        assert f"\n    {line}\n" in text
    assert encode_module(parse_module(text), names=True) == data  # and the names come back


def test_unnamed_fields_and_types_print_as_indices():
    module = parse_module("(module (type (struct (field i32) (field $b i64))) (func (param (ref 0)) (result i64)"
                          " (struct.get 0 1 (local.get 0))))")
    text = print_module(module).text
    assert "(type (;0;) (struct (field i32) (field $b i64)))" in text
    assert "(param (ref 0))" in text and "struct.get 0 $b" in text
    assert format_instr(Instr(op("struct.get"), (0, 0)), module.names) == "struct.get 0 0"
