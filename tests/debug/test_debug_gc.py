"""GC objects (3.0) under the debugger: stepping back over every heap write restores the objects
exactly, allocations simply become unreachable, each object says where it was allocated, the
state digest covers the reachable heap, and call_ref's stack effect reads the type it calls."""

from __future__ import annotations

import pytest

from playground.debug.session import DebugSession
from playground.debug.undo import HEAP, LOST, HistoryLostError
from playground.resources import sample_path
from playground.wasm.runtime.gc_objects import HeapObject

# Objects made at instantiation (the globals' initial values) are mutated in place: only the
# undo log can give them back. Objects made during the run are mutated too, then linked in.
HEAP_WRITES = """(module
  (type $arr (array (mut i32)))
  (type $bytes (array (mut i8)))
  (type $funcs (array (mut funcref)))
  (type $pair (struct (field $n (mut i32)) (field $next (mut (ref null $pair))) (field $items (mut (ref null $arr)))))
  (data $d "\\01\\00\\00\\00\\02\\00\\00\\00\\03\\00\\00\\00")
  (elem $e func $f $g)
  (func $f) (func $g)
  (global $p (mut (ref null $pair))
    (struct.new $pair (i32.const 1) (ref.null $pair) (array.new_default $arr (i32.const 6))))
  (global $fs (mut (ref null $funcs)) (array.new_default $funcs (i32.const 4)))
  (global $b (mut (ref null $bytes)) (array.new_default $bytes (i32.const 4)))
  (func (export "main") (result i32)
    (local $q (ref null $pair))
    (struct.set $pair $n (global.get $p) (i32.const 7))
    (array.set $arr (struct.get $pair $items (global.get $p)) (i32.const 2) (i32.const 42))
    (array.fill $arr (struct.get $pair $items (global.get $p)) (i32.const 1) (i32.const 9) (i32.const 3))
    (array.copy $arr $arr (struct.get $pair $items (global.get $p)) (i32.const 0)
                          (struct.get $pair $items (global.get $p)) (i32.const 1) (i32.const 4))
    (array.init_data $arr $d (struct.get $pair $items (global.get $p)) (i32.const 3) (i32.const 0) (i32.const 3))
    (array.init_elem $funcs $e (global.get $fs) (i32.const 1) (i32.const 0) (i32.const 2))
    (array.set $bytes (global.get $b) (i32.const 0) (i32.const 0x1ff))
    (local.set $q (struct.new $pair (i32.const 2) (global.get $p)
                    (array.new_fixed $arr 2 (i32.const 5) (i32.const 6))))
    (struct.set $pair $next (global.get $p) (local.get $q))
    (array.set $arr (struct.get $pair $items (local.get $q)) (i32.const 1) (i32.const 66))
    (array.fill $arr (array.new $arr (i32.const 0) (i32.const 3)) (i32.const 0) (i32.const 8) (i32.const 3))
    (global.set $p (local.get $q))
    (struct.get $pair $n (global.get $p))))
"""

GC_WRITES = {"struct.set", "array.set", "array.fill", "array.copy", "array.init_data", "array.init_elem"}


def reachable_heap(session) -> tuple:
    """Every object reachable from the globals and the frames, deeply: a structure with objects
    numbered in the order first reached (addresses change when a replay allocates anew)."""
    numbers: dict[int, int] = {}
    objects: list[tuple] = []

    def value(v):
        if isinstance(v, HeapObject):
            if id(v) not in numbers:
                numbers[id(v)] = len(numbers)
                objects.append(None)
                objects[numbers[id(v)]] = (v.what, str(v.deftype), tuple(value(x) for x in v.items))
            return ("object", numbers[id(v)])
        if v is None or isinstance(v, int):
            return v
        return ("function", v.funcidx)

    roots = tuple(value(g.value) for g in session.instance.globals)
    frames = tuple((tuple(map(value, f.stack)), tuple(map(value, f.locals))) for f in session.thread.frames)
    return roots, frames, tuple(objects)


def run_recording(session) -> list[tuple]:
    """Step to the end; (step, instruction, heap, digest) before each step and at the end."""
    seen = []
    snap = session.start("main")
    while snap.state in ("ready", "paused"):
        seen.append((session.step, snap.location.instr_text, reachable_heap(session), session.state_digest()))
        snap = session.step_into()
    assert snap.state == "finished" and snap.results[0].text == "2"
    seen.append((session.step, None, reachable_heap(session), session.state_digest()))
    return seen


@pytest.mark.parametrize("interval", [3, 4096])  # checkpoints every 3 steps: going back mostly undoes; 4096: replays
def test_stepping_back_over_every_heap_write_restores_the_objects_exactly(interval):
    session = DebugSession.from_text(HEAP_WRITES, interval=interval)
    seen = run_recording(session)
    writes = {text.split()[0] for _, text, _, _ in seen if text}
    assert GC_WRITES <= writes
    kinds_logged = {session.runner.instance.funcs[e[2][0]].code.body[e[2][1]].op.name for e in session.ops.log if e[0] == HEAP}
    assert kinds_logged == GC_WRITES
    changed = [text for (_, text, heap, _), (_, _, later, _) in zip(seen, seen[1:]) if heap != later]
    assert {t.split()[0] for t in changed} >= GC_WRITES  # each of them changed the reachable heap
    for step, text, heap, digest in reversed(seen[:-1]):
        snap = session.step_back()
        assert session.step == step and snap.location.instr_text == text
        assert reachable_heap(session) == heap, f"heap differs after stepping back over step {step} ({text})"
        assert session.state_digest() == digest
    assert session.step == 0
    # and forward again to the end: the same heap as the first time
    snap = session.continue_()
    assert snap.state == "finished" and reachable_heap(session) == seen[-1][2]


def test_going_back_to_the_start_in_one_motion_gives_back_the_objects_of_instantiation():
    session = DebugSession.from_text(HEAP_WRITES)
    session.start("main")
    start = reachable_heap(session)
    pair = session.instance.globals[0].value
    items = pair.fields[2]
    session.continue_()
    assert pair.fields[0] == 7 and items.values != [0] * 6
    session.goto_step(0)
    assert reachable_heap(session) == start
    assert session.instance.globals[0].value is pair and pair.fields[2] is items  # the same objects, put back
    assert pair.fields == [1, None, items] and items.values == [0] * 6


def test_each_object_made_under_the_debugger_says_where_it_was_allocated():
    session = DebugSession.from_text(HEAP_WRITES)
    seen = {}
    snap = session.start("main")
    while snap.state == "paused" or snap.state == "ready":
        seen[session.step] = (snap.location.func_index, snap.location.instr_index, snap.location.instr_text)
        snap = session.step_into()
    made_at_instantiation = session.instance.globals[1].value
    assert made_at_instantiation.alloc is None
    q = session.instance.globals[0].value
    for obj, name in ((q, "struct.new"), (q.fields[2], "array.new_fixed")):
        funcidx, pc, step = obj.alloc
        assert seen[step] == (funcidx, pc, seen[step][2]) and seen[step][2].startswith(name)
    assert q.fields[1].alloc is None  # the old $p, made at instantiation


def test_the_state_digest_covers_reachable_objects_and_not_their_addresses():
    session = DebugSession.from_text(HEAP_WRITES)
    session.start("main")
    before = session.state_digest()
    items = session.instance.globals[0].value.fields[2]
    items.values[5] = 1  # a change deep in the heap, nowhere else
    assert session.state_digest() != before
    items.values[5] = 0
    assert session.state_digest() == before
    session.instance.globals[2].value = session.instance.globals[2].value  # the same object: the same state
    assert session.state_digest() == before


def test_a_big_array_write_past_the_history_budget_is_marked_and_going_back_past_it_is_refused():
    session = DebugSession.from_text("""(module (type $a (array (mut i32)))
      (func (export "main") (result i32) (local $x (ref null $a))
        (local.set $x (array.new_default $a (i32.const 5000)))
        (array.fill $a (local.get $x) (i32.const 0) (i32.const 1) (i32.const 10))
        (array.fill $a (local.get $x) (i32.const 0) (i32.const 2) (i32.const 5000))
        (array.get $a (local.get $x) (i32.const 0))))""")
    session.start("main")
    session.ops.budget_bytes = 1000
    assert session.continue_().results[0].text == "2"
    lost = [e for e in session.ops.log if e[0] == LOST]
    assert [(e[4], e[5], e[6]) for e in lost] == [(0, 5000, "array.fill")]
    with pytest.raises(HistoryLostError, match="array.fill there overwrote 5,000 elements of an array from index 0"):
        session.goto_step(0)


CALL_REF = """(module
  (type $unused1 (func))
  (type $unused2 (func (param i64)))
  (type $binary (func (param i32 i32) (result i32)))
  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
  (elem declare func $sub)
  (func (export "main") (result i32)
    (call_ref $binary (i32.const 10) (i32.const 3) (ref.func $sub))))
"""


def test_stepping_over_and_into_call_ref_reads_the_type_it_calls():
    session = DebugSession.from_text(CALL_REF)  # the type index (2) is past the two functions
    snap = session.start("main")
    while not snap.location.instr_text.startswith("call_ref"):
        snap = session.step_into()
    at_call = session.step
    over = session.step_over()
    assert [v.text for v in over.popped[:2]] == ["10", "3"] and len(over.popped) == 3 and over.pushed == 1
    assert over.stack[-1].text == "7"
    session.goto_step(at_call)
    into = session.step_into()
    assert into.location.func_name == "sub" and len(into.frames) == 2
    back = session.step_back()
    assert back.location.instr_text.startswith("call_ref") and len(back.frames) == 1


def test_the_gc_list_sample_comes_back_to_the_same_heap_from_either_side():
    session = DebugSession.from_file(sample_path("gc_list.wat"), interval=500)
    session.start("demo")
    assert session.continue_().results[0].text == "5055"
    end = session.step
    session.goto_step(end // 2)
    digest, heap = session.state_digest(), reachable_heap(session)
    assert heap[2]  # objects are reachable there
    session.goto_step(end - 1)
    session.goto_step(end // 2)
    assert session.state_digest() == digest and reachable_heap(session) == heap
    session.goto_step(10)
    session.goto_step(end // 2)
    assert session.state_digest() == digest and reachable_heap(session) == heap
