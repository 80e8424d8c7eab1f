"""The debugger's view of stack effects comes from the instruction table: operands popped, values pushed."""

from __future__ import annotations

from playground.debug.session import DebugSession
from playground.debug.snapshots import static_pops

TEXT = """(module
  (type $bin (func (param i32 i32) (result i32)))
  (table 1 funcref) (elem (i32.const 0) $add)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func (export "f") (param i32) (result i32)
    local.get 0
    (block $b (param i32) (result i32)
      (select (i32.const 2) (i32.const 1))  ;; the block's parameter, 2, 1
      (call $add (i32.const 3))
      (call_indirect (type $bin) (i32.const 4) (i32.const 0))
      (if (result i32) (i32.const 1) (then (i32.const 5)) (else (i32.const 6)))
      drop
      (br $b (i32.const 7)))
    drop
    (local.get 0)))
"""


def test_static_pops_for_each_shape_of_effect():
    s = DebugSession.from_text(TEXT)
    body = s.module.funcs[1].body
    pops = {}
    for instr in body:
        pops.setdefault(instr.op.name, static_pops(instr, s.instance))
    assert pops["block"] == 0  # a block keeps its parameters on the stack
    assert pops["select"] == 3 and pops["local.get"] == 0 and pops["i32.const"] == 0
    assert pops["call"] == 2  # the callee's two parameters
    assert pops["call_indirect"] == 3  # two parameters and the table index
    assert pops["if"] == 1 and pops["else"] == 0 and pops["end"] == 0 and pops["drop"] == 1
    assert pops["br"] is None  # takes what the label needs: the table cannot say


def test_stepping_into_a_call_indirect_pops_its_arguments_and_index():
    s = DebugSession.from_text(TEXT)
    s.start("f", [9])
    while s.thread.frame.instr.op.name != "call_indirect":
        s.step_into()
    snap = s.step_into()
    assert len(snap.frames) == 2 and [v.text for v in snap.popped] == ["12", "4", "0"]  # select(9, 2, 1) + 3
    assert snap.frames[0].call_site.instr_text.startswith("call_indirect")
    s.step_out()
    snap = s.step_into()  # i32.const 1, the if's condition
    snap = s.step_into()  # if: pops the condition
    assert [v.text for v in snap.popped] == ["1"] and snap.pushed == 0
