"""The registry of handler factories, by instruction name (read at compile time only),
and each instruction's effect on the operand-stack height."""

from __future__ import annotations

from playground.wasm.exec.step import handlers_control, handlers_memory, handlers_numeric, handlers_vars
from playground.wasm.instructions import PREFIX_SIMD, OpInfo

FACTORIES = {
    **handlers_control.FACTORIES,
    **handlers_vars.FACTORIES,
    **handlers_memory.FACTORIES,
    **handlers_numeric.FACTORIES,
}


def generic_factory(op: OpInfo):
    """The factory of an instruction without its own: a numeric or vector operator from the tables."""
    if op.code == PREFIX_SIMD:
        return handlers_numeric.make_simd
    return handlers_numeric.make_numeric


# Height changes of the instructions whose effect the table does not give.
_FIXED_EFFECTS = {
    "nop": 0,
    "br_if": -1,
    "drop": -1,
    "select": -2,
    "local.get": 1,
    "local.set": -1,
    "local.tee": 0,
    "global.get": 1,
    "global.set": -1,
    "table.get": 0,
    "table.set": -2,
    "ref.null": 1,
    "ref.is_null": 0,
    "table.grow": -1,
    "table.fill": -3,
}


def effect(c, ins) -> int:
    """How much `ins` changes the operand-stack height (control instructions are handled by the compiler)."""
    op = ins.op
    if op.params is not None:
        return len(op.results) - len(op.params)
    name = op.name
    fixed = _FIXED_EFFECTS.get(name)
    if fixed is not None:
        return fixed
    if name == "call":
        ft = c.inst.funcs[ins.imm[0]].type
        return len(ft.results) - len(ft.params)
    if name == "call_indirect":
        ft = c.inst.types[ins.imm[0]]
        return len(ft.results) - len(ft.params) - 1
    raise ValueError(f"no stack effect known for {name}")
