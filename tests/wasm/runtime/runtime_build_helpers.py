"""Build small modules by hand for the runtime tests (independent of the text parser)."""

from __future__ import annotations

from playground.wasm.instructions import op
from playground.wasm.model import Export, Func, Instr, Module
from playground.wasm.types import ExternKind, FuncType, ValType

I32, I64, F32, F64 = ValType.I32, ValType.I64, ValType.F32, ValType.F64


def ins(name: str, *imm) -> Instr:
    return Instr(op(name), tuple(imm))


def body(*items) -> list[Instr]:
    """Instructions from ("name", imm...) tuples or plain names; `end` is appended."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(ins(item))
        else:
            out.append(ins(item[0], *item[1:]))
    out.append(ins("end"))
    return out


def module_with(funcs: list[tuple[FuncType, list, list]], exports: dict[str, int] | None = None, **parts) -> Module:
    """A module of functions given as (type, locals, body); each distinct type gets an entry."""
    m = Module(**parts)
    for ft, locals_, code in funcs:
        if ft not in m.types:
            m.types.append(ft)
        m.funcs.append(Func(m.types.index(ft), list(locals_), code))
    nimp = m.num_imported_funcs
    for name, idx in (exports or {}).items():
        m.exports.append(Export(name, ExternKind.FUNC, idx + nimp if idx >= 0 else idx))
    return m


def fib_module() -> Module:
    """fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), recursive, i32."""
    ft = FuncType((I32,), (I32,))
    code = body(
        ("local.get", 0), ("i32.const", 2), "i32.lt_s",
        ("if", I32),
        ("local.get", 0),
        "else",
        ("local.get", 0), ("i32.const", 1), "i32.sub", ("call", 0),
        ("local.get", 0), ("i32.const", 2), "i32.sub", ("call", 0),
        "i32.add",
        "end",
    )
    return module_with([(ft, [], code)], {"fib": 0})


def loop_module() -> Module:
    """sum(n) = 0 + 1 + ... + (n-1) in a loop with br_if, i32."""
    ft = FuncType((I32,), (I32,))
    code = body(
        ("block", None),
        ("loop", None),
        ("local.get", 1), ("local.get", 0), "i32.ge_u", ("br_if", 1),
        ("local.get", 2), ("local.get", 1), "i32.add", ("local.set", 2),
        ("local.get", 1), ("i32.const", 1), "i32.add", ("local.set", 1),
        ("br", 0),
        "end",
        "end",
        ("local.get", 2),
    )
    return module_with([(ft, [I32, I32], code)], {"sum": 0})
