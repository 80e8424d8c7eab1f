"""The instruction table's columns: kinds, state writes and stack effects (pops, pushes, arity)."""

from __future__ import annotations

from collections import Counter

import pytest

from playground.wasm.instructions import OPS, SELECT_TYPED, Arity, Kind, Writes, op
from playground.wasm.types import ValType


def test_every_category_of_the_spec_is_present():
    counts = Counter(o.kind for o in OPS if o.feature is None)  # the 2.0 instructions; 3.0 ones name their proposal
    assert set(counts) == set(Kind) - {Kind.AGGREGATE}  # struct and array instructions came with 3.0 (GC)
    assert {o.kind for o in OPS} == set(Kind)
    assert counts[Kind.CONTROL] == 13 and counts[Kind.PARAMETRIC] == 3 and counts[Kind.VARIABLE] == 5
    assert counts[Kind.REFERENCE] == 3 and counts[Kind.TABLE] == 8


@pytest.mark.parametrize(
    "name, kind",
    [
        ("i32.add", Kind.NUMERIC),
        ("i32.trunc_sat_f32_s", Kind.NUMERIC),
        ("v128.const", Kind.VECTOR),
        ("i8x16.shuffle", Kind.VECTOR),
        ("v128.load", Kind.MEMORY),  # spec 2.4.7: vector loads and stores are memory instructions
        ("v128.store64_lane", Kind.MEMORY),
        ("data.drop", Kind.MEMORY),
        ("elem.drop", Kind.TABLE),
        ("ref.func", Kind.REFERENCE),
        ("select", Kind.PARAMETRIC),
        ("global.set", Kind.VARIABLE),
        ("call_indirect", Kind.CONTROL),
    ],
)
def test_kinds(name, kind):
    assert op(name).kind is kind


def test_state_writers():
    writers = {o.name for o in OPS if o.writes_state}
    stores = {o.name for o in OPS if o.kind is Kind.MEMORY and ".store" in o.name}
    assert len(stores) == 14
    assert writers == stores | {
        "memory.grow", "memory.fill", "memory.copy", "memory.init", "data.drop", "global.set",
        "table.set", "table.grow", "table.fill", "table.copy", "table.init", "elem.drop",
        # 3.0 (GC): writes into heap objects, which the debugger's undo log records too
        "struct.set", "array.set", "array.fill", "array.copy", "array.init_data", "array.init_elem",
    }  # fmt: skip
    assert op("local.set").writes is Writes.LOCAL and not op("local.set").writes_state  # a frame write
    assert op("local.tee").writes is Writes.LOCAL and op("local.get").writes is Writes.NOTHING
    assert op("memory.size").writes is Writes.NOTHING and op("table.get").writes is Writes.NOTHING
    assert op("data.drop").writes is Writes.DATA and op("elem.drop").writes is Writes.ELEM


@pytest.mark.parametrize(
    "name, pops, pushes, arity",
    [
        ("i32.add", 2, 1, Arity.FIXED),
        ("nop", 0, 0, Arity.FIXED),
        ("drop", 1, 0, Arity.FIXED),
        ("select", 3, 1, Arity.FIXED),
        ("local.get", 0, 1, Arity.FIXED),
        ("local.tee", 1, 1, Arity.FIXED),
        ("table.fill", 3, 0, Arity.FIXED),
        ("memory.copy", 3, 0, Arity.FIXED),
        ("block", 0, 0, Arity.BLOCK),
        ("loop", 0, 0, Arity.BLOCK),
        ("if", 1, 0, Arity.BLOCK),
        ("else", 0, 0, Arity.STRUCTURED),
        ("end", 0, 0, Arity.STRUCTURED),
        ("br_if", 1, 0, Arity.LABEL),
        ("call", 0, 0, Arity.CALL),
        ("call_indirect", 1, 0, Arity.CALL),
        ("unreachable", 0, 0, Arity.POLYMORPHIC),
        ("br", 0, 0, Arity.POLYMORPHIC),
        ("br_table", 1, 0, Arity.POLYMORPHIC),
        ("return", 0, 0, Arity.POLYMORPHIC),
    ],
)
def test_stack_effects(name, pops, pushes, arity):
    o = op(name)
    assert (o.pops, o.pushes, o.arity) == (pops, pushes, arity)


def test_type_variables_and_concrete_effects():
    assert op("table.get").operands == (ValType.I32,) and op("table.get").produces == ("ref",)
    assert op("local.set").operands == ("t",) and op("local.set").params is None
    assert SELECT_TYPED.pops == 3 and SELECT_TYPED.produces == ("t",)
    for o in OPS:
        if o.is_simple:  # a concrete effect: pops and pushes count its types exactly
            assert o.arity is Arity.FIXED and (o.pops, o.pushes) == (len(o.params), len(o.results))
        if o.arity is not Arity.FIXED:
            assert o.kind in (Kind.CONTROL, Kind.AGGREGATE), o.name  # struct.new pops as many as its type has fields
