"""Module-level rules (spec 3.4): limits, constant expressions, segments, start, exports."""

from __future__ import annotations

import pytest

from playground.wasm.errors import InvalidError, SourceSpan
from playground.wasm.instructions import op
from playground.wasm.model import Data, Elem, Export, Func, Global, Import, Instr, Module
from playground.wasm.types import ExternKind, FuncType, GlobalType, Limits, MemType, TableType, ValType

from playground.wasm.features import WASM_2
from playground.wasm.validate import validate_module

I32, I64, FUNCREF, EXTERNREF = ValType.I32, ValType.I64, ValType.FUNCREF, ValType.EXTERNREF


def i(name: str, *imm) -> Instr:
    return Instr(op(name), tuple(imm))


def expr(*instrs: Instr) -> list[Instr]:
    return [*instrs, i("end")]


def invalid(module: Module, features=None) -> InvalidError:
    with pytest.raises(InvalidError) as info:
        validate_module(module) if features is None else validate_module(module, features=features)
    return info.value


def imported_global(mutable: bool = False, t: ValType = I32) -> Import:
    return Import("env", "g", ExternKind.GLOBAL, GlobalType(t, mutable))


@pytest.mark.parametrize(
    "module, message",
    [
        (Module(mems=[MemType(Limits(65537))]), "memory size must be at most 65536 pages (4GiB)"),
        (Module(mems=[MemType(Limits(0, 65537))]), "memory size must be at most 65536 pages (4GiB)"),
        (Module(mems=[MemType(Limits(2, 1))]), "size minimum must not be greater than maximum"),
        (Module(tables=[TableType(Limits(2, 1))]), "size minimum must not be greater than maximum"),
        (Module(imports=[Import("m", "t", ExternKind.MEMORY, MemType(Limits(3, 2)))]),
         "size minimum must not be greater than maximum"),
        (Module(mems=[MemType(Limits(0)), MemType(Limits(0))]), "multiple memories"),
        (Module(imports=[Import("m", "m", ExternKind.MEMORY, MemType(Limits(0)))], mems=[MemType(Limits(0))]),
         "multiple memories"),
        (Module(funcs=[Func(3, [], expr())]), "unknown type 3"),
        (Module(imports=[Import("m", "f", ExternKind.FUNC, 1)]), "unknown type 1"),
    ],
)  # fmt: skip
def test_module_faults(module, message):
    with pytest.raises(InvalidError) as info:
        validate_module(module, features=WASM_2)  # "multiple memories" is a 2.0 fault
    assert info.value.message.split(" (needs the")[0] == message


def test_limits_at_the_bounds_are_fine():
    assert validate_module(Module(mems=[MemType(Limits(65536, 65536))], tables=[TableType(Limits(0, 2**32 - 1))])) is None


def test_globals_and_constant_expressions():
    ok = Module(imports=[imported_global()], globals=[Global(GlobalType(I32), expr(i("global.get", 0)))])
    assert validate_module(ok) is None
    cases = [
        ([], expr(i("global.get", 0)), "unknown global 0"),
        ([], expr(i("i32.const", 0), i("i32.const", 0), i("i32.add")), "constant expression required (needs"),
        ([], expr(i("nop")), "constant expression required"),
        ([imported_global(mutable=True)], expr(i("global.get", 0)), "constant expression required"),
        ([], expr(i("i64.const", 0)), "type mismatch"),
        ([], expr(), "type mismatch"),
        ([], expr(i("i32.const", 0), i("i32.const", 0)), "type mismatch"),
        ([], expr(i("ref.func", 4)), "unknown function 4"),
    ]
    for imports, init, message in cases:
        module = Module(imports=imports, globals=[Global(GlobalType(I32), init)])
        assert invalid(module, WASM_2).message.startswith(message), init  # 2.0: no extended constants


def test_module_globals_are_not_visible_to_constant_expressions():
    # Spec 3.4.10 (2.0): C' holds only the imported globals; 3.0 adds the globals defined before.
    first = Global(GlobalType(I32), expr(i("i32.const", 0)))
    second = Global(GlobalType(I32), expr(i("global.get", 0)))
    assert invalid(Module(globals=[first, second]), WASM_2).message == "unknown global 0"
    assert validate_module(Module(globals=[first, second])) is None
    assert invalid(Module(globals=[second, first])).message == "unknown global 0"


def test_constant_expression_error_points_at_the_instruction():
    span = SourceSpan(2, 20, 2, 24)
    module = Module(globals=[Global(GlobalType(I32), [Instr(op("nop"), (), span=span), i("end")])])
    error = invalid(module)
    assert (error.span, error.instr_name, error.instr_index) == (span, "nop", 0)


def test_element_segments():
    table = [TableType(Limits(1), FUNCREF)]
    func = [Func(0, [], expr())]
    types = [FuncType()]
    active = Elem(FUNCREF, [expr(i("ref.func", 0)), expr(i("ref.null", FUNCREF))], offset=expr(i("i32.const", 0)))
    assert validate_module(Module(types=types, funcs=func, tables=table, elems=[active])) is None
    no_table = Module(types=types, funcs=func, elems=[active])
    assert invalid(no_table).message == "unknown table 0"
    wrong_type = Elem(EXTERNREF, [], offset=expr(i("i32.const", 0)))
    assert invalid(Module(tables=table, elems=[wrong_type])).message == "type mismatch"
    bad_offset = Elem(FUNCREF, [], offset=expr(i("i64.const", 0)))
    assert invalid(Module(tables=table, elems=[bad_offset])).message == "type mismatch"
    bad_init = Elem(EXTERNREF, [expr(i("ref.null", FUNCREF))], mode="passive")
    assert invalid(Module(elems=[bad_init])).message == "type mismatch"
    not_const = Elem(FUNCREF, [expr(i("nop"))], mode="passive")
    assert invalid(Module(elems=[not_const])).message == "constant expression required"


def test_data_segments():
    mem = [MemType(Limits(1))]
    ok = Data(b"hi", offset=expr(i("i32.const", 8)))
    assert validate_module(Module(mems=mem, datas=[ok, Data(b"", mode="passive")])) is None
    assert invalid(Module(datas=[ok])).message == "unknown memory 0"
    other = Data(b"", memory=1, offset=expr(i("i32.const", 0)))
    assert invalid(Module(mems=mem, datas=[other])).message == "unknown memory 1"
    g = Data(b"", offset=expr(i("global.get", 1)))
    assert invalid(Module(imports=[imported_global()], mems=mem, datas=[g])).message == "unknown global 1"


def test_start_function():
    types = [FuncType(), FuncType((I32,), ())]
    funcs = [Func(0, [], expr()), Func(1, [], expr())]
    assert validate_module(Module(types=types, funcs=funcs, start=0)) is None
    assert invalid(Module(types=types, funcs=funcs, start=1)).message.startswith("start function")
    assert invalid(Module(types=types, funcs=funcs, start=2)).message == "unknown function 2"


def test_exports():
    types = [FuncType()]
    funcs = [Func(0, [], expr())]
    dup = [Export("a", ExternKind.FUNC, 0), Export("a", ExternKind.FUNC, 0)]
    assert invalid(Module(types=types, funcs=funcs, exports=dup)).message == "duplicate export name"
    for kind, word in [(ExternKind.FUNC, "function"), (ExternKind.TABLE, "table"), (ExternKind.MEMORY, "memory"),
                       (ExternKind.GLOBAL, "global")]:  # fmt: skip
        assert invalid(Module(exports=[Export("x", kind, 1)])).message == f"unknown {word} 1"


def test_ref_func_declared_by_a_global_init_but_not_by_start():
    types = [FuncType()]
    body = expr(i("ref.func", 0), i("drop"))
    via_global = Module(types=types, funcs=[Func(0, [], body)], globals=[Global(GlobalType(FUNCREF), expr(i("ref.func", 0)))])
    assert validate_module(via_global) is None
    via_start = Module(types=types, funcs=[Func(0, [], body)], start=0)
    assert invalid(via_start).message == "undeclared function reference"


def test_imported_function_indices_come_first():
    types = [FuncType((), (I32,)), FuncType()]
    module = Module(
        types=types,
        imports=[Import("m", "f", ExternKind.FUNC, 0)],
        funcs=[Func(1, [], expr(i("call", 0), i("i64.const", 0), i("i32.add")))],
    )
    error = invalid(module)
    assert (error.message, error.func_index) == ("type mismatch: expected i32 but found i64", 1)
