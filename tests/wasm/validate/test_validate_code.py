"""Function bodies: the appendix algorithm on small hand-built modules."""

from __future__ import annotations

import pytest

from playground.wasm.errors import InvalidError, SourceSpan
from playground.wasm.instructions import SELECT_TYPED, op
from playground.wasm.model import Elem, Export, Func, Instr, Module
from playground.wasm.types import ExternKind, FuncType, GlobalType, Limits, MemType, TableType, ValType
from playground.wasm.validate import validate_module

I32, I64, F32, V128 = ValType.I32, ValType.I64, ValType.F32, ValType.V128
FUNCREF, EXTERNREF = ValType.FUNCREF, ValType.EXTERNREF


def i(name: str, *imm) -> Instr:
    return Instr(op(name), tuple(imm))


def func_module(body, params=(), results=(), locals_=(), **parts) -> Module:
    """A module with one function of type [params] -> [results]; `body` gets its final `end`."""
    types = [FuncType(tuple(params), tuple(results))] + parts.pop("types", [])
    return Module(types=types, funcs=[Func(0, list(locals_), [*body, i("end")])], **parts)


def invalid(module: Module) -> str:
    """The message as the spec's assert_invalid checks it: the words before our details ("type mismatch")."""
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return info.value.message.partition(": ")[0]


@pytest.mark.parametrize(
    "body, params, results, message",
    [
        ([i("i32.const", 1), i("local.set", 0)], [I64], [], "type mismatch: expected i64 but found i32"),
        ([i("i32.add")], [], [I32], "type mismatch: expected i32 but found nothing"),
        ([i("i32.const", 1)], [], [], "type mismatch: expected nothing more at the end of the function but found i32"),
        ([i("i32.const", 0), i("ref.is_null"), i("drop")], [], [], "type mismatch: expected a reference but found i32"),
    ],
)
def test_a_type_mismatch_says_what_was_expected_and_what_was_found(body, params, results, message):
    """As WABT does (issue 12, bug 6): "type mismatch (at local.set)" alone left the learner guessing."""
    with pytest.raises(InvalidError) as info:
        validate_module(func_module(body, params=[], results=results, locals_=params))
    assert info.value.message == message


def test_simple_arithmetic_validates():
    assert validate_module(func_module([i("local.get", 0), i("i32.const", 1), i("i32.add")], [I32], [I32])) is None


@pytest.mark.parametrize(
    "body, results",
    [
        ([i("i64.const", 1), i("i32.const", 1), i("i32.add")], [I32]),  # wrong operand type
        ([i("i32.add")], [I32]),  # empty stack
        ([i("i32.const", 1)], []),  # a value left over
        ([], [I32]),  # a missing result
        ([i("i32.const", 1), i("i64.eqz")], [I32]),
        ([i("f32.const", 0), i("v128.any_true")], [I32]),
    ],
)
def test_type_mismatch(body, results):
    assert invalid(func_module(body, results=results)) == "type mismatch"


def test_unreachable_makes_the_stack_polymorphic():
    assert validate_module(func_module([i("unreachable"), i("i32.add")], results=[I32])) is None
    assert validate_module(func_module([i("unreachable")], results=[I32, F32])) is None
    # Known operands still count.
    assert invalid(func_module([i("unreachable"), i("i64.const", 0), i("i32.add")], results=[I32])) == "type mismatch"
    # The polymorphic stack ends with its block.
    body = [i("block", None), i("unreachable"), i("end"), i("i32.add")]
    assert invalid(func_module(body, results=[I32])) == "type mismatch"


def test_block_results_and_labels():
    body = [i("block", I32), i("i32.const", 1), i("br", 0), i("end")]
    assert validate_module(func_module(body, results=[I32])) is None
    assert invalid(func_module([i("block", I32), i("end")], results=[I32])) == "type mismatch"
    assert invalid(func_module([i("br", 1)])) == "unknown label 1"


def test_multi_value_blocktype_and_loop_label_takes_params():
    types = [FuncType((I32,), (I64,))]  # type 1
    loop = [i("i32.const", 0), i("loop", 1), i("br", 0), i("end")]  # br to a loop carries [i32]
    assert validate_module(func_module(loop, results=[I64], types=types)) is None
    block = [i("i32.const", 0), i("block", 1), i("br", 0), i("end")]  # br to a block carries [i64]
    assert invalid(func_module(block, results=[I64], types=types)) == "type mismatch"
    assert invalid(func_module([i("block", 7), i("end")])) == "unknown type 7"


def test_if_else():
    ok = [i("i32.const", 1), i("if", I32), i("i32.const", 2), i("else"), i("i32.const", 3), i("end")]
    assert validate_module(func_module(ok, results=[I32])) is None
    no_else = [i("i32.const", 1), i("if", I32), i("i32.const", 2), i("end")]
    assert invalid(func_module(no_else, results=[I32])) == "type mismatch"
    types = [FuncType((I32,), (I32,))]  # an if without else that passes its param through is fine
    passthrough = [i("i32.const", 5), i("i32.const", 1), i("if", 1), i("end")]
    assert validate_module(func_module(passthrough, results=[I32], types=types)) is None
    assert invalid(func_module([i("if", None), i("end")])) == "type mismatch"  # no condition


def test_br_if_and_br_table():
    br_if = [i("block", I32), i("i32.const", 1), i("i32.const", 0), i("br_if", 0), i("end")]
    assert validate_module(func_module(br_if, results=[I32])) is None
    table_ok = [i("block", None), i("block", None), i("i32.const", 0), i("br_table", (0, 1), 1), i("end"), i("end")]
    assert validate_module(func_module(table_ok)) is None
    arity = [i("block", I32), i("block", None), i("i32.const", 1), i("i32.const", 0), i("br_table", (0,), 1),
             i("end"), i("i32.const", 1), i("end"), i("drop")]  # fmt: skip
    assert invalid(func_module(arity)) == "type mismatch"
    assert invalid(func_module([i("i32.const", 0), i("br_table", (3,), 0)])) == "unknown label 3"
    # Same arity, different types: each target must accept the operand.
    mixed = [i("block", F32), i("block", I32), i("i32.const", 1), i("i32.const", 0), i("br_table", (0,), 1),
             i("end"), i("drop"),
             i("f32.const", 0), i("end"), i("drop")]  # fmt: skip
    assert invalid(func_module(mixed)) == "type mismatch"
    polymorphic = [i("block", F32), i("block", I32), i("unreachable"), i("i32.const", 0), i("br_table", (0,), 0),
                   i("end"), i("drop"), i("f32.const", 0), i("end"), i("drop")]  # fmt: skip
    assert validate_module(func_module(polymorphic)) is None


def test_return():
    assert validate_module(func_module([i("i32.const", 1), i("return"), i("i64.const", 1), i("drop")], [], [I32])) is None
    # After `return` the stack is polymorphic, but what is pushed later still counts at `end`.
    assert invalid(func_module([i("i32.const", 1), i("return"), i("i64.const", 1)], results=[I32])) == "type mismatch"
    assert invalid(func_module([i("i64.const", 1), i("return")], results=[I32])) == "type mismatch"


def test_select():
    num = [i("i32.const", 1), i("i32.const", 2), i("i32.const", 0), i("select")]
    assert validate_module(func_module(num, results=[I32])) is None
    refs = [i("ref.null", FUNCREF), i("ref.null", FUNCREF), i("i32.const", 0), i("select")]
    assert invalid(func_module(refs, results=[FUNCREF])) == "type mismatch"
    typed = [i("ref.null", FUNCREF), i("ref.null", FUNCREF), i("i32.const", 0), Instr(SELECT_TYPED, ((FUNCREF,),))]
    assert validate_module(func_module(typed, results=[FUNCREF])) is None
    arity = [i("i32.const", 0), Instr(SELECT_TYPED, ((),))]
    assert invalid(func_module(arity)) == "invalid result arity"
    mixed = [i("i32.const", 1), i("i64.const", 2), i("i32.const", 0), i("select")]
    assert invalid(func_module(mixed, results=[I32])) == "type mismatch"
    after_unreachable = [i("unreachable"), i("select"), i("drop")]
    assert validate_module(func_module(after_unreachable)) is None


def test_locals_and_globals():
    assert validate_module(func_module([i("local.get", 1), i("local.tee", 0), i("drop")], [I64], locals_=[I64])) is None
    assert invalid(func_module([i("local.get", 2), i("drop")], [I32], locals_=[I32])) == "unknown local 2"
    assert invalid(func_module([i("f32.const", 0), i("local.set", 0)], [I32])) == "type mismatch"
    from playground.wasm.model import Global

    immutable = Global(GlobalType(I32), [i("i32.const", 0), i("end")])
    mutable = Global(GlobalType(I32, True), [i("i32.const", 0), i("end")])
    body = [i("i32.const", 1), i("global.set", 0)]
    assert invalid(func_module(body, globals=[immutable])) == "global is immutable"
    assert validate_module(func_module(body, globals=[mutable])) is None
    assert invalid(func_module([i("global.get", 1), i("drop")], globals=[mutable])) == "unknown global 1"


def test_calls():
    types = [FuncType((I32,), (I64,))]
    call = [i("i32.const", 1), i("call", 0)]  # func 0 is the function itself: [] -> []; the i32 stays
    assert invalid(func_module(call)) == "type mismatch"
    assert invalid(func_module([i("call", 5)])) == "unknown function 5"
    table = [TableType(Limits(1), FUNCREF)]
    indirect = [i("i32.const", 7), i("i32.const", 0), i("call_indirect", 1, 0), i("drop")]
    assert validate_module(func_module(indirect, types=types, tables=table)) is None
    assert invalid(func_module(indirect, types=types)) == "unknown table 0"
    ext = [TableType(Limits(1), EXTERNREF)]
    assert invalid(func_module(indirect, types=types, tables=ext)) == "type mismatch"
    bad_type = [i("i32.const", 0), i("call_indirect", 9, 0)]
    assert invalid(func_module(bad_type, tables=table)) == "unknown type 9"


def test_references():
    body = [i("ref.func", 0), i("ref.is_null"), i("drop")]
    assert invalid(func_module(body)) == "undeclared function reference"
    assert validate_module(func_module(body, exports=[Export("f", ExternKind.FUNC, 0)])) is None
    declared = Elem(FUNCREF, [[i("ref.func", 0), i("end")]], mode="declarative")
    assert validate_module(func_module(body, elems=[declared])) is None
    assert invalid(func_module([i("i32.const", 0), i("ref.is_null"), i("drop")])) == "type mismatch"
    assert invalid(func_module([i("ref.func", 3), i("drop")])) == "unknown function 3"
    assert validate_module(func_module([i("ref.null", EXTERNREF)], results=[EXTERNREF])) is None


def test_tables():
    tables = [TableType(Limits(1), FUNCREF), TableType(Limits(1), EXTERNREF)]
    ok = [i("i32.const", 0), i("table.get", 1), i("ref.null", EXTERNREF), i("i32.const", 1), i("table.grow", 1),
          i("table.size", 0), i("i32.add"), i("drop"), i("drop")]  # fmt: skip
    assert validate_module(func_module(ok, tables=tables)) is None
    set_wrong = [i("i32.const", 0), i("ref.null", FUNCREF), i("table.set", 1)]
    assert invalid(func_module(set_wrong, tables=tables)) == "type mismatch"
    copy = [i("i32.const", 0), i("i32.const", 0), i("i32.const", 0), i("table.copy", 0, 1)]
    assert invalid(func_module(copy, tables=tables)) == "type mismatch"
    elems = [Elem(EXTERNREF, [], mode="passive")]
    init = [i("i32.const", 0), i("i32.const", 0), i("i32.const", 0), i("table.init", 0, 0)]
    assert invalid(func_module(init, tables=tables, elems=elems)) == "type mismatch"
    init_ok = [i("i32.const", 0), i("i32.const", 0), i("i32.const", 0), i("table.init", 0, 1)]
    assert validate_module(func_module(init_ok, tables=tables, elems=elems)) is None
    assert invalid(func_module([i("elem.drop", 4)])) == "unknown elem segment 4"
    assert invalid(func_module([i("table.size", 2), i("drop")], tables=tables)) == "unknown table 2"


def test_memory_instructions():
    mem = [MemType(Limits(1))]
    load = [i("i32.const", 0), i("i32.load", 2, 0), i("drop")]
    assert validate_module(func_module(load, mems=mem)) is None
    assert invalid(func_module(load)) == "unknown memory 0"
    over = [i("i32.const", 0), i("i32.load", 3, 0), i("drop")]
    assert invalid(func_module(over, mems=mem)) == "alignment must not be larger than natural"
    assert invalid(func_module([i("memory.size"), i("drop")])) == "unknown memory 0"
    init = [i("i32.const", 0), i("i32.const", 0), i("i32.const", 0), i("memory.init", 1)]
    assert invalid(func_module(init, mems=mem)) == "unknown data segment 1"
    assert invalid(func_module([i("data.drop", 0)])) == "unknown data segment 0"


def test_simd_lanes_and_alignment():
    mem = [MemType(Limits(1))]
    extract = [i("v128.const", 0), i("i16x8.extract_lane_s", 7), i("drop")]
    assert validate_module(func_module(extract)) is None
    extract[1] = i("i16x8.extract_lane_s", 8)
    assert invalid(func_module(extract)) == "invalid lane index"
    shuffle = [i("v128.const", 0), i("v128.const", 0), i("i8x16.shuffle", tuple(range(16, 32))), i("drop")]
    assert validate_module(func_module(shuffle)) is None
    shuffle[2] = i("i8x16.shuffle", (32,) + tuple(range(15)))
    assert invalid(func_module(shuffle)) == "invalid lane index"
    lane = [i("i32.const", 0), i("v128.const", 0), i("v128.load32_lane", 2, 0, 4), i("drop")]
    assert invalid(func_module(lane, mems=mem)) == "invalid lane index"
    lane[2] = i("v128.load32_lane", 3, 0, 3)
    assert invalid(func_module(lane, mems=mem)) == "alignment must not be larger than natural"
    lane[2] = i("v128.load32_lane", 2, 0, 3)
    assert validate_module(func_module(lane, mems=mem)) is None


def test_error_carries_location():
    span = SourceSpan(3, 5, 3, 12, file="x.wat")
    bad = Instr(op("i32.add"), (), span=span, offset=0x2A)
    module = func_module([i("i64.const", 1), i("i64.const", 2), bad])
    module.imports = []
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    error = info.value
    assert (error.func_index, error.instr_index, error.instr_name) == (0, 2, "i32.add")
    assert error.span == span and error.offset == 0x2A
    assert str(error) == "x.wat:3:5: type mismatch: expected i32 but found i64 (in function 0, at i32.add #2)"


def test_body_structure_faults():
    missing_end = Module(types=[FuncType()], funcs=[Func(0, [], [i("nop")])])
    assert "end" in invalid(missing_end)
    trailing = Module(types=[FuncType()], funcs=[Func(0, [], [i("end"), i("nop")])])
    assert "after the end" in invalid(trailing)
    stray_else = func_module([i("block", None), i("else"), i("end")])
    assert "else" in invalid(stray_else)
