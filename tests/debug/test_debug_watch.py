"""Watchpoints fire on the writing instruction, for stores and bulk memory alike; provenance answers "who wrote this?"."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.debug.session import DebugSession
from playground.debug.watchpoints import WatchpointError, watch_global, watch_memory

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

BULK = """(module
  (memory (export "memory") 1)
  (data $greeting "bulk memory!")
  (global $g (mut i32) (i32.const 0))
  (func (export "all")
    (i32.store (i32.const 8) (i32.const 0))          ;; no change: 0 over 0
    (i32.store8 (i32.const 9) (i32.const 0xAB))      ;; a store
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 4))   ;; outside the watch
    (memory.fill (i32.const 4) (i32.const 7) (i32.const 8))   ;; fill
    (memory.copy (i32.const 10) (i32.const 100) (i32.const 2)) ;; copy (zeros over 7 7)
    (memory.init $greeting (i32.const 8) (i32.const 0) (i32.const 4)) ;; init
    (global.set $g (i32.const 0))
    (global.set $g (i32.const 5))))
"""


def test_watchpoints_fire_on_stores_fill_copy_and_init():
    s = DebugSession.from_text(BULK)
    s.start("all")
    wp = s.add_watchpoint(watch_memory(8, 4))
    hits = []
    while True:
        snap = s.continue_()
        if snap.reason != "watchpoint":
            break
        (hit,) = s.watch_hits
        writer = s.describer.location(s.instance.funcs[hit.where[0]], hit.where[1])
        hits.append((writer.instr_text.split()[0], hit.old.hex(), hit.new.hex()))
        assert snap.message.startswith("watchpoint #")
        # stopped right after the writing instruction
        assert s.thread.frame.pc == hit.where[1] + 1
    assert [h[0] for h in hits] == ["i32.store8", "memory.fill", "memory.copy", "memory.init"]
    assert hits[0][1:] == ("00000000", "00ab0000")
    assert hits[1][1:] == ("00ab0000", "07070707")
    assert hits[2][1:] == ("07070707", "07070000")
    assert hits[3][1:] == ("07070000", b"bulk".hex())
    assert wp.hits == 4 and snap.state == "finished"


def test_global_watchpoint_reports_old_and_new_values():
    s = DebugSession.from_text(BULK)
    s.start("all")
    s.add_watchpoint(watch_global("$g"))
    snap = s.continue_()
    (hit,) = s.watch_hits
    assert (hit.old, hit.new) == (0, 5) and snap.reason == "watchpoint"
    with pytest.raises(WatchpointError):
        s.add_watchpoint(watch_global("$nope"))


def test_watchpoint_on_the_bulk_memory_sample():
    path = SAMPLES / "bulk_memory.wat"
    if not path.exists():
        pytest.skip("bulk_memory.wat is missing")
    s = DebugSession.from_file(path)
    s.start("init", [32])
    s.add_watchpoint(watch_memory(32, 12))
    snap = s.continue_()
    assert snap.reason == "watchpoint" and s.watch_hits[0].new == b"bulk memory!"


def test_who_wrote_names_the_step_and_instruction_and_goto_goes_there():
    s = DebugSession.from_text(BULK)
    s.start("all")
    s.continue_()
    write = s.who_wrote(9)
    assert write.location.instr_text.startswith("memory.init") and write.how == "instruction"
    earlier = s.who_wrote(4)
    assert earlier.location.instr_text == "memory.fill"
    assert s.who_wrote(200) is None  # never written during the run
    snap = s.goto_step(earlier.step)
    assert snap.location.instr_text == "memory.fill"  # about to write it
    assert s.read_memory(4, 4) == bytes(4)
    s.step_into()
    assert s.read_memory(4, 4) == b"\x07" * 4
    source = s.memory_source()
    step, location = source.who_wrote(4)
    assert step == earlier.step and location.instr_text == "memory.fill"
