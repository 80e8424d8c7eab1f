"""`type_stacks=True`: the operand types before and after every instruction, for the learner's view."""

from __future__ import annotations

from playground.wasm.instructions import op
from playground.wasm.model import Func, Import, Instr, Module
from playground.wasm.types import ExternKind, FuncType, ValType
from playground.wasm.validate import UNKNOWN, StackStep, ValidationResult, validate_module

I32, I64 = ValType.I32, ValType.I64


def i(name: str, *imm) -> Instr:
    return Instr(op(name), tuple(imm))


def test_no_stacks_unless_asked():
    module = Module(types=[FuncType()], funcs=[Func(0, [], [i("end")])])
    assert validate_module(module) is None


def test_stacks_around_each_instruction():
    body = [i("local.get", 0), i("i64.extend_i32_u"), i("block", I32), i("i32.const", 1), i("end"), i("drop"), i("end")]
    module = Module(types=[FuncType((I32,), (I64,))], funcs=[Func(0, [], body)])
    result = validate_module(module, type_stacks=True)
    assert isinstance(result, ValidationResult)
    assert result.stacks[0] == [
        StackStep((), (I32,)),
        StackStep((I32,), (I64,)),
        StackStep((I64,), (I64,)),
        StackStep((I64,), (I64, I32)),
        StackStep((I64, I32), (I64, I32)),
        StackStep((I64, I32), (I64,)),
        StackStep((I64,), (I64,)),
    ]


def test_unknown_operands_after_unreachable():
    body = [i("unreachable"), i("select"), i("i32.const", 0), i("end")]
    module = Module(types=[FuncType((), (ValType.F64, I32))], funcs=[Func(0, [], body)])
    steps = validate_module(module, type_stacks=True).stacks[0]
    assert steps[0] == StackStep((), ())
    assert steps[1] == StackStep((), (UNKNOWN,))
    assert steps[2].after == (UNKNOWN, I32)
    assert steps[3].after == (ValType.F64, I32)  # `end` pushes the declared results


def test_stacks_are_keyed_by_function_index():
    module = Module(
        types=[FuncType()],
        imports=[Import("m", "f", ExternKind.FUNC, 0)],
        funcs=[Func(0, [], [i("nop"), i("end")]), Func(0, [], [i("end")])],
    )
    result = validate_module(module, type_stacks=True)
    assert sorted(result.stacks) == [1, 2]
    assert len(result.stacks[1]) == 2 and len(result.stacks[2]) == 1
