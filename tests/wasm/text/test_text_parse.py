"""The WAT parser (spec 6.4 - 6.6): abbreviations, identifiers, implicit types, labels, errors."""

from __future__ import annotations

import pytest

from playground.wasm.errors import ParseError
from playground.wasm.instructions import SELECT_TYPED, op
from playground.wasm.text.parse import parse_module
from playground.wasm.types import ExternKind, FuncType, Limits, TableType, ValType

I32 = ValType.I32


def names(body):
    return [i.op.name for i in body]


def test_bare_fields_and_module_form_are_the_same():
    assert parse_module("(func)") == parse_module("(module (func))")


def test_identifiers_resolve_in_every_space_and_forward():
    m = parse_module(
        """(module $m
          (type $t (func (param i32)))
          (func $caller (call $callee (i32.const 1)) (global.set $g (global.get $g)))
          (func $callee (type $t) (param $x i32) (local $y i32) (local.set $y (local.get $x)))
          (global $g (mut i32) (i32.const 0))
          (table $tab 1 funcref)
          (memory $mem 1)
          (elem $e func $callee)
          (data $d "x")
          (func (table.init $tab $e (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop $d) (elem.drop $e)))"""
    )
    caller = m.funcs[0].body
    assert caller[1].imm == (1,) and caller[1].op is op("call")
    assert m.funcs[1].typeidx == 0
    assert m.funcs[1].body[0].imm == (0,) and m.funcs[1].body[1].imm == (1,)
    assert m.names.module == "m"
    assert m.names.funcs == {0: "caller", 1: "callee"}
    assert m.names.locals == {1: {0: "x", 1: "y"}}
    assert (m.names.globals, m.names.tables, m.names.memories) == ({0: "g"}, {0: "tab"}, {0: "mem"})
    assert m.funcs[1].id == "$callee" and m.funcs[1].span.line == 4
    assert m.funcs[2].body[3].imm == (0, 0)  # table.init: (elemidx, tableidx)


def test_implicit_types_follow_explicit_ones_in_order_of_appearance():
    m = parse_module(
        """(func (param f32) (call_indirect (param i64) (i64.const 0) (i32.const 0)))
           (type (func (param i32)))
           (func (param i32))
           (func (param f64))
           (table 1 funcref)"""
    )
    assert m.types == [FuncType((I32,)), FuncType((ValType.F32,)), FuncType((ValType.I64,)), FuncType((ValType.F64,))]
    assert [f.typeidx for f in m.funcs] == [1, 0, 3]


def test_inline_exports_and_imports():
    m = parse_module(
        """(func $imp (export "e1") (import "m" "f") (param i32))
           (memory (export "mem") (import "m" "mem") 1 2)
           (global (export "g") (import "m" "g") (mut i64))
           (table (export "t") (import "m" "t") 0 externref)
           (func (export "a") (export "b"))"""
    )
    assert [(i.module, i.name, i.kind) for i in m.imports] == [
        ("m", "f", ExternKind.FUNC), ("m", "mem", ExternKind.MEMORY), ("m", "g", ExternKind.GLOBAL), ("m", "t", ExternKind.TABLE)
    ]
    assert [(e.name, e.kind, e.index) for e in m.exports] == [
        ("e1", ExternKind.FUNC, 0), ("mem", ExternKind.MEMORY, 0), ("g", ExternKind.GLOBAL, 0),
        ("t", ExternKind.TABLE, 0), ("a", ExternKind.FUNC, 1), ("b", ExternKind.FUNC, 1),
    ]


def test_import_after_definition_is_malformed():
    with pytest.raises(ParseError, match="import after function"):
        parse_module('(func) (import "" "" (global i32))')
    with pytest.raises(ParseError, match="import after memory"):
        parse_module('(memory 0) (func (import "" ""))')


def test_table_and_memory_with_inline_segments():
    m = parse_module('(func $f) (table $t funcref (elem $f $f)) (memory (data "ab" "c"))')
    assert m.tables == [TableType(Limits(2, 2), ValType.FUNCREF)]
    assert m.elems[0].mode == "active" and len(m.elems[0].init) == 2
    assert m.mems[0].limits == Limits(1, 1)
    assert m.datas[0].init == b"abc" and names(m.datas[0].offset) == ["i32.const", "end"]


def test_elem_and_data_forms():
    m = parse_module(
        """(table $t 1 funcref) (table $u 1 funcref) (memory 1) (func $f)
           (elem (i32.const 0) $f)
           (elem (table $u) (offset (i32.const 0)) func $f)
           (elem funcref (ref.func $f) (item ref.null func))
           (elem declare func $f)
           (data (memory 0) (offset (i32.const 1)) "a")
           (data "passive")"""
    )
    assert [e.mode for e in m.elems] == ["active", "active", "passive", "declarative"]
    assert m.elems[1].table == 1
    assert names(m.elems[2].init[1]) == ["ref.null", "end"]
    assert [d.mode for d in m.datas] == ["active", "passive"]


def test_folded_and_plain_forms_flatten_alike():
    folded = parse_module("(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))))")
    plain = parse_module("(func (result i32) i32.const 1 if (result i32) i32.const 2 else i32.const 3 end)")
    assert folded == plain
    assert names(folded.funcs[0].body) == ["i32.const", "if", "i32.const", "else", "i32.const", "end", "end"]


def test_empty_else_is_not_encoded():
    m = parse_module("(func (if (i32.const 1) (then nop) (else)))")
    assert names(m.funcs[0].body) == ["i32.const", "if", "nop", "end", "end"]


def test_labels_resolve_to_depths_and_must_match():
    m = parse_module("(func (block $out (loop $in (br $in) (br $out) (br_table $in $out 0 (i32.const 0)))))")
    body = m.funcs[0].body
    assert body[0].label == "$out" and body[1].label == "$in"
    assert [i.imm for i in body if i.op.name in ("br", "br_table")] == [(0,), (1,), ((0, 1), 0)]
    with pytest.raises(ParseError, match="mismatching label"):
        parse_module("(func block $a end $b)")
    with pytest.raises(ParseError, match="unknown label"):
        parse_module("(func (br $nowhere))")


def test_block_types():
    m = parse_module("(type $t (func (result i32))) (func (block (result i32) (i32.const 0)) drop (block (param i32) (result i32 i32)) )")
    body = m.funcs[0].body
    assert body[0].imm == (I32,)
    assert m.types[body[4].imm[0]] == FuncType((I32,), (I32, I32))


def test_memarg_and_select_and_simd():
    m = parse_module(
        """(memory 1) (func (result v128)
          (drop (i32.load offset=8 align=2 (i32.const 0)))
          (drop (select (result i64) (i64.const 1) (i64.const 2) (i32.const 0)))
          (v128.const f32x4 1 -0 nan inf)
          (v128.const i8x16 -1 255 0 0 0 0 0 0 0 0 0 0 0 0 0 0x7f)
          i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31)"""
    )
    body = m.funcs[0].body
    assert body[1].imm == (1, 8)
    assert body[6].op is SELECT_TYPED and body[6].imm == ((ValType.I64,),)
    assert body[8].imm[0] == 0x7F800000_7FC00000_80000000_3F800000
    assert body[9].imm[0] == (0x7F << 120) | 0xFFFF
    assert body[10].imm[0][-1] == 31


@pytest.mark.parametrize(
    "text,message",
    [
        ("(func (i32.const 0x1_0000_0000))", "constant out of range"),
        ("(func (i32.load align=3 (i32.const 0)))", "alignment must be a power of two"),
        ("(func (i32.bogus))", "unknown operator"),
        ("(func (local.get $x))", "unknown local"),
        ("(func $f) (func $f)", "duplicate func"),
        ("(func (param $x i32) (local $x i32))", "duplicate local"),
        ("(type $t (func)) (func (type $t) (param i32))", "inline function type"),
        ("(func (result i32) (param i32))", "unexpected token"),
        ("(func (v128.const i32x4 1 2 3))", "wrong number of lane literals"),
        ('(import "\\80" "x" (func))', "malformed UTF-8 encoding"),
        ("(func (call $missing))", "unknown function"),
    ],
)
def test_errors_use_the_spec_wording(text, message):
    with pytest.raises(ParseError) as info:
        parse_module(text)
    assert info.value.message.startswith(message)


def test_error_locations():
    with pytest.raises(ParseError) as info:
        parse_module("(module\n  (func\n    (i32.const 99999999999)))", file="f.wat")
    assert str(info.value) == "f.wat:3:16: constant out of range"


def test_every_instruction_gets_a_span():
    m = parse_module("(func (drop (i32.add (i32.const 1) (i32.const 2))))")
    assert all(i.span is not None for i in m.funcs[0].body)
    assert m.funcs[0].body[2].span.col == 14  # i32.add


@pytest.mark.parametrize(
    "text,message",
    [
        ("(func (i32.cosnt 1))", "unknown operator i32.cosnt; did you mean i32.const or f32.const?"),
        ("(fnuc)", "unknown operator fnuc; did you mean func?"),
        ("(func (result i32) (i32.const \"a\"))", "unexpected token '\"a\"'"),
        ("(memory 1) (func (i32.store offset=-1 (i32.const 0) (i32.const 0)))", "unknown operator offset=-1: expected an unsigned integer after '='"),
    ],
)
def test_errors_show_the_token_and_suggest_near_misses(text, message):
    """The spec's words come first (the runner compares prefixes); the token and a suggestion follow."""
    with pytest.raises(ParseError) as info:
        parse_module(text)
    assert info.value.message == message
