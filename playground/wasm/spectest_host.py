"""The `spectest` host module that the spec test scripts import (as the reference interpreter defines it).

print, print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64;
global_i32 = 666, global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6;
table: 10..20 funcref (table64: the same with i64 indices, 3.0); memory: 1..2 pages.
"""

from __future__ import annotations

from typing import Callable

from playground.wasm.bits import f32_to_bits, f64_to_bits
from playground.wasm.runtime.functions import HostFunc
from playground.wasm.runtime.globals import Global
from playground.wasm.runtime.memory import Memory
from playground.wasm.runtime.table import Table
from playground.wasm.types import FuncType, GlobalType, ValType

I32, I64, F32, F64 = ValType.I32, ValType.I64, ValType.F32, ValType.F64


def spectest_module(output: Callable[[str], None] | None = None) -> dict:
    """A fresh `spectest` namespace; `output` receives what the print functions print (nothing by default)."""

    def printer(name: str, params: tuple):
        def fn(*args):
            if output is not None:
                output(f"{name}({', '.join(map(str, args))})")

        return HostFunc(fn, FuncType(params, ()), name=name)

    return {
        "print": printer("print", ()),
        "print_i32": printer("print_i32", (I32,)),
        "print_i64": printer("print_i64", (I64,)),
        "print_f32": printer("print_f32", (F32,)),
        "print_f64": printer("print_f64", (F64,)),
        "print_i32_f32": printer("print_i32_f32", (I32, F32)),
        "print_f64_f64": printer("print_f64_f64", (F64, F64)),
        "global_i32": Global(GlobalType(I32), 666),
        "global_i64": Global(GlobalType(I64), 666),
        "global_f32": Global(GlobalType(F32), f32_to_bits(666.6)),
        "global_f64": Global(GlobalType(F64), f64_to_bits(666.6)),
        "table": Table(ValType.FUNCREF, 10, 20),
        "table64": Table(ValType.FUNCREF, 10, 20, is64=True),  # 3.0, table64
        "memory": Memory(1, 2),
    }
