"""The registry of handler factories, by instruction name (read at compile time only),
and each instruction's effect on the operand-stack height, read from the instruction table."""

from __future__ import annotations

from playground.wasm.exec.step import (
    handlers_control,
    handlers_exceptions,
    handlers_memory,
    handlers_numeric,
    handlers_vars,
)
from playground.wasm.exec.step import handlers_refs
from playground.wasm.instructions import Arity, Kind, OpInfo

FACTORIES = {
    **handlers_control.FACTORIES,
    **handlers_vars.FACTORIES,
    **handlers_memory.FACTORIES,
    **handlers_numeric.FACTORIES,
    **handlers_exceptions.FACTORIES,
}

FACTORIES.update(handlers_refs.FACTORIES)  # 3.0 typed references and GC


def factory_for(op: OpInfo):
    """The factory of an instruction: its own, or the generic numeric or vector operator from the tables."""
    factory = FACTORIES.get(op.name)
    if factory is not None:
        return factory
    if op.kind is Kind.VECTOR:
        return handlers_numeric.make_simd
    return handlers_numeric.make_numeric


def effect(c, ins) -> int:
    """How much `ins` changes the operand-stack height (block structure and branches are the compiler's)."""
    op = ins.op
    change = op.pushes - op.pops
    arity = op.arity
    if arity is Arity.CALL:
        ft = handlers_control.callee_type(c, ins)
        return change + len(ft.results) - len(ft.params)
    if arity is Arity.FIXED or arity is Arity.LABEL:  # a label's values stay where they are
        return change
    if arity is Arity.FIELDS:  # struct.new pops its type's fields, array.new_fixed its count
        imm = ins.imm
        return change - (imm[1] if op.imm == "type_n" else len(c.inst.types[imm[0]].fields))
    raise ValueError(f"no stack effect known for {op.name}")
