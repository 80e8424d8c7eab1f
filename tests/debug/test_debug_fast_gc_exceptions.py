"""Continue at full speed through GC and exception handling (3.0): the fast engine's debugger form runs
functions that allocate, write the heap, throw and catch, and its stops equal a step-only session's.

Each test runs the same motions on the step engine and on the fast one and
compares every stop (fast_compare.py): reason, step, frames, state digest;
here also the heap view (numbers, types, contents, who allocated each object
at which step) and the undo log's heap entries (step, writer, object, field,
old values), which step-back and who-wrote read. Each also checks that the
functions ran in the debugger's form (a translation cached for it), not on
the step engine.
"""

from __future__ import annotations

import random

import pytest

from debug.fast_compare import back_and_forth, both, breakpoint_places, continue_all, plain, started, stop_of, through_breakpoints
from playground.debug.breakpoints import at_instruction
from playground.debug.undo import HEAP, LOST, HistoryLostError
from playground.resources import sample_path

GC_WORK = r"""(module
  (type $bytes (array (mut i8)))
  (type $nums (array (mut i32)))
  (type $refs (array (mut eqref)))
  (type $fn (func (param i32) (result i32)))
  (type $funcs (array (mut funcref)))
  (type $shape (sub (struct (field $id i32))))
  (type $circle (sub $shape (struct (field $id i32) (field $r (mut f64)))))
  (type $square (sub $shape (struct (field $id i32) (field $side (mut i64)))))
  (data $d "\01\02\03\04\05\06\07\08")
  (elem $e func $double $inc)
  (elem declare func $double $inc)
  (global $keep (mut (ref null $refs)) (ref.null $refs))
  (func $double (type $fn) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $fn) (i32.add (local.get 0) (i32.const 1)))
  (func $measure (param $s anyref) (result i32)
    (block $other (result anyref)
      (block $circle (result (ref $circle))
        (block $square (result (ref $square))
          (br_on_cast $circle anyref (ref $circle) (local.get $s))
          (br_on_cast $square anyref (ref $square))
          (br_on_cast_fail $other anyref (ref i31))
          (return (i31.get_s)))
        (return (i32.wrap_i64 (struct.get $square $side))))
      (return (i32.trunc_f64_s (struct.get $circle $r))))
    (drop)
    (i32.const -1))
  (func $work (export "work") (param $n i32) (result i32)
    (local $a (ref null $nums)) (local $b (ref null $nums)) (local $bytes (ref null $bytes))
    (local $objs (ref null $refs)) (local $fs (ref null $funcs)) (local $i i32) (local $total i32)
    (local $f (ref null $fn))
    (local.set $a (array.new $nums (i32.const 7) (local.get $n)))
    (local.set $b (array.new_default $nums (i32.mul (local.get $n) (i32.const 2))))
    (array.fill $nums (local.get $a) (i32.const 1) (i32.const 9) (i32.sub (local.get $n) (i32.const 2)))
    (array.copy $nums $nums (local.get $b) (local.get $n) (local.get $a) (i32.const 0) (local.get $n))
    (local.set $bytes (array.new_data $bytes $d (i32.const 2) (i32.const 4)))
    (array.init_data $nums $d (local.get $b) (i32.const 0) (i32.const 4) (i32.const 1))
    (array.set $nums (local.get $b) (i32.const 1) (array.get_u $bytes (local.get $bytes) (i32.const 3)))
    (local.set $fs (array.new_elem $funcs $e (i32.const 0) (i32.const 2)))
    (array.init_elem $funcs $e (local.get $fs) (i32.const 0) (i32.const 1) (i32.const 1))
    (local.set $objs (array.new_fixed $refs 4
        (struct.new $circle (i32.const 1) (f64.const 2.5))
        (struct.new $square (i32.const 2) (i64.const 6))
        (ref.i31 (i32.const -5))
        (struct.new_default $square)))
    (global.set $keep (local.get $objs))
    (loop $l
      (local.set $total (i32.add (local.get $total)
        (call $measure (array.get $refs (local.get $objs) (i32.rem_u (local.get $i) (i32.const 4))))))
      (struct.set $circle $r (ref.cast (ref $circle) (array.get $refs (local.get $objs) (i32.const 0)))
        (f64.add (struct.get $circle $r (ref.cast (ref $circle) (array.get $refs (local.get $objs) (i32.const 0))))
                 (f64.const 1.5)))
      (local.set $f (ref.func $double))
      (if (i32.and (local.get $i) (i32.const 1)) (then (local.set $f (ref.func $inc))))
      (local.set $total (call_ref $fn (local.get $total) (local.get $f)))
      (array.set $nums (local.get $b) (i32.rem_u (local.get $i) (array.len (local.get $b))) (local.get $total))
      (if (ref.eq (array.get $refs (local.get $objs) (i32.const 2)) (ref.i31 (i32.const -5)))
        (then (array.set $refs (local.get $objs) (i32.const 2) (ref.i31 (i32.add (local.get $i) (i32.const 3))))))
      (local.set $total (i32.add (local.get $total) (ref.test (ref $square) (array.get $refs (local.get $objs) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (local.get $total) (array.get $nums (local.get $b) (i32.const 0))))
  (func (export "bad_cast") (result i32)
    (call $measure (any.convert_extern (extern.convert_any (ref.i31 (i32.const 4)))))
    (drop)
    (i31.get_u (ref.cast (ref i31) (struct.new $shape (i32.const 3))))))
"""

NESTED_TRIES = r"""(module
  (tag $small (param i32))
  (tag $big (param i64 f64))
  (tag $empty)
  (tag $other (param i32))
  (global $count (mut i32) (i32.const 0))
  (func $check (param $x i32) (result i32)
    (if (i32.lt_u (local.get $x) (i32.const 3)) (then (throw $small (local.get $x))))
    (if (i32.gt_u (local.get $x) (i32.const 90)) (then (throw $big (i64.extend_i32_u (local.get $x)) (f64.const 0.5))))
    (if (i32.eq (local.get $x) (i32.const 50)) (then (throw $empty)))
    (if (i32.eq (local.get $x) (i32.const 60)) (then (throw $other (local.get $x))))
    (local.get $x))
  (func $relay (param $x i32) (result i32)
    (block $got (result i32 exnref)
      (return (try_table (result i32) (catch_ref $small $got) (call $check (local.get $x)))))
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (throw_ref))
  (func $step (param $x i32) (result i32)
    (local $e exnref)
    (block $all (result exnref)
      (block $big_caught (result i64 f64)
        (block $small_caught (result i32)
          (return
            (try_table (result i32) (catch $small $small_caught) (catch $big $big_caught) (catch_all_ref $all)
              (block $inner_empty
                (try_table (catch $empty $inner_empty)
                  (return (call $relay (local.get $x)))))
              (i32.const 100))))
        (return (i32.add (i32.const 1000))))
      (drop)
      (return (i32.wrap_i64)))
    (local.set $e)
    (global.set $count (i32.add (global.get $count) (i32.const 10)))
    (i32.const -1))
  (func (export "drive") (param $n i32) (result i32)
    (local $i i32) (local $total i32)
    (loop $l
      (local.set $total (i32.add (local.get $total)
        (call $step (i32.rem_u (i32.mul (local.get $i) (i32.const 7)) (i32.const 101)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (local.get $total) (global.get $count)))
  (func (export "boom") (result i32)
    (call $relay (i32.const 1))))
"""


def in_debuggers_form(session) -> set[int]:
    """The functions of the session's module that the fast engine's debugger form translated (and ran)."""
    return {f.funcidx for f in session.instance.funcs if not f.is_host
            for key, entry in f.compiled.items() if isinstance(key, tuple) and key[0] == "handover" and entry[0] is not None}


def heap_log(session) -> list:
    """The undo log's heap entries as both sessions can compare them: step, writer, object, start, old values."""
    return [(e[1], e[2], plain(e[3]), e[4], tuple(map(plain, e[5]))) for e in session.ops.log if e[0] == HEAP]


def heap_of(snap) -> tuple:
    """The heap view: each object's number, type, contents, where it was reached from and who allocated it."""
    return tuple((o.label, o.type_name, o.summary, o.reached_from, o.allocated_by) for o in snap.heap.objects)


def full_stop(session, snap) -> tuple:
    return stop_of(session, snap) + (heap_of(snap), heap_log(session))


def last_writer(session, obj, index: int):
    """Who wrote field or element `index` of `obj` last: the (step, writer) of its newest heap entry."""
    for e in reversed(session.ops.log):
        if e[0] == HEAP and e[3] is obj and e[4] <= index < e[4] + len(e[5]):
            return e[1], e[2]
    return None


def pc_of(session, func: str, name: str, nth: int = 0) -> int:
    body = next(f for f in session.instance.funcs if f.name == func).code.body
    return [pc for pc, ins in enumerate(body) if ins.op.name == name][nth]


def test_gc_list_breakpoints_in_sum_and_reverse_stop_alike():
    """Continue to breakpoints inside `sum` and `reverse`, step back over struct.set, who wrote the field."""
    def make(engine):
        return started(sample_path("gc_list.wat").read_text(), "demo", engine=engine)

    def motions(session):
        session.add_breakpoint(at_instruction("sum", pc_of(session, "sum", "struct.get")))
        stops = [full_stop(session, session.continue_()) for _ in range(2)]
        session.clear_breakpoints()
        session.add_breakpoint(at_instruction("reverse", pc_of(session, "reverse", "struct.set")))
        stops += [full_stop(session, session.continue_()) for _ in range(3)]
        node = session.thread.frames[-1].stack[-2]  # struct.set's operands: the node, then the new $next
        stops.append(full_stop(session, session.step_into()))
        wrote = last_writer(session, node, 1)
        stops.append(full_stop(session, session.step_back()))
        stops.append((wrote, last_writer(session, node, 1), plain(node.fields[1])))
        session.clear_breakpoints()
        stops += [full_stop(session, session.continue_())]
        return stops + back_and_forth(session, random.Random(7)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(make, motions)
    assert fast == step
    assert {0, 1, 2, 4} <= translated  # build, sum, reverse and demo ran in the debugger's form
    wrote, after_back, _ = step[7]
    assert wrote[1] == (2, 10) and after_back != wrote  # reverse's struct.set wrote it; stepping back undid it
    assert step[-6][0] == "finished"


def gc_session(engine, name="work", args=(9,)):
    return started(GC_WORK, name, list(args), engine=engine)


@pytest.mark.parametrize("seed", range(6))
def test_heap_writes_casts_i31_and_call_ref_stop_alike_at_random_breakpoints(seed):
    """array.new/fill/copy/init_data/init_elem, struct.new/set, i31, br_on_cast(_fail), ref.test/cast, call_ref."""
    rnd = random.Random(seed)
    probe = gc_session("step")
    places = [(f.funcidx, pc) for f in probe.instance.funcs for pc in range(len(f.code.body))]
    chosen = rnd.sample(places, 4)

    def motions(session):
        for funcidx, pc in chosen:
            session.add_breakpoint(at_instruction(funcidx, pc))
        stops = [full_stop(session, session.continue_()) for _ in range(6)]
        session.clear_breakpoints()
        stops.append(full_stop(session, session.continue_()))
        stops += [full_stop(session, session.step_back()), full_stop(session, session.goto_step(random.Random(seed).randrange(session.step)))]
        return stops + back_and_forth(session, random.Random(seed)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(gc_session, motions)
    assert fast == step
    assert {2, 3} <= translated  # $measure and $work
    assert any(s[0] == "finished" for s in step)


def test_a_cast_failure_in_a_fast_call_stops_where_the_step_engine_stops():
    def motions(session):
        return continue_all(session) + back_and_forth(session, random.Random(3)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(lambda engine: gc_session(engine, "bad_cast", ()), motions)
    assert fast == step
    assert step[0][0] == "trap" and "cast failure" in step[0][1] and 4 in translated


def exceptions_session(engine, name, args):
    return started(sample_path("exceptions.wat").read_text(), name, args, engine=engine)


@pytest.mark.parametrize("name, args", [("average", [10, 0]), ("average", [10, 2]), ("tally", [1, 0]), ("tally", [-1, 1])])
def test_exceptions_sample_breakpoints_in_a_try_table_body_and_a_throwing_callee(name, args):
    def motions(session):
        session.add_breakpoint(at_instruction("checked_div", pc_of(session, "checked_div", "throw")))
        session.add_breakpoint(at_instruction(name, pc_of(session, name, "call")))  # inside the try_table's body
        stops = continue_all(session, 6)
        return stops + back_and_forth(session, random.Random(4)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(lambda engine: exceptions_session(engine, name, args), motions)
    assert fast == step
    assert 1 in translated  # $mean (it throws, or calls $checked_div)


@pytest.mark.parametrize("stop", ["in the try_table", "at the callee's entry"])
def test_a_throw_caught_by_a_frame_the_step_engine_holds_needs_no_rerun(stop):
    """Stopped inside average's try_table (or stepped into checked_div), Continue: the call (the top frame) runs
    fast, its throw leaves it and average, which the step engine holds, catches it."""
    reruns = []

    def motions(session):
        if stop == "in the try_table":
            session.add_breakpoint(at_instruction("average", pc_of(session, "average", "local.get")))
            stops = continue_all(session, 1)
            session.clear_breakpoints()
        else:
            stops = [stop_of(session, session.step_into()) for _ in range(12)]
            assert [f.func.name for f in session.thread.frames] == ["average", "mean", "checked_div"]
        if session.engine == "fast":
            fast = session.runner.fast
            rerun = fast._rerun
            fast._rerun = lambda *a: reruns.append(a) or rerun(*a)
        stops += continue_all(session)
        if session.engine == "fast":
            del fast._rerun  # going back re-runs to steps inside fast calls, as it should
        return stops + back_and_forth(session, random.Random(5)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(lambda engine: exceptions_session(engine, "average", [7, 0]), motions)
    assert fast == step
    assert ("finished", "returned -1") in [x[:2] for x in step] and reruns == [] and 0 in translated


def test_an_uncaught_throw_stops_at_the_throw_with_its_frames():
    (step, _), (fast, translated) = both(lambda engine: exceptions_session(engine, "average", [-4, 2]),
                                         lambda s: (continue_all(s) + back_and_forth(s, random.Random(6)), in_debuggers_form(s)))
    assert fast == step and {1, 2} <= translated
    assert step[0][0] == "trap" and "uncaught exception: tag negative (-4)" in step[0][1]
    assert [f[:2] for f in step[0][3]] == [(2, 5), (1, 5)]  # average after its call, mean at its throw


@pytest.mark.parametrize("seed", range(6))
def test_nested_try_tables_catch_ref_catch_all_and_throw_ref_stop_alike(seed):
    rnd = random.Random(seed)

    def make(engine):
        return started(NESTED_TRIES, "drive", [40], engine=engine)

    probe = make("step")
    chosen = rnd.sample(breakpoint_places(probe), 3)

    def motions(session):
        return through_breakpoints(session, chosen, 8) + back_and_forth(session, random.Random(seed)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(make, motions)
    assert fast == step
    assert {0, 1, 2} <= translated
    assert step[-6][:2] == ("finished", "returned 3825")


RETURNING_CATCH = """(module (tag $t (param i32))
  (func $thrower (param i32) (result i32) (throw $t (i32.mul (local.get 0) (i32.const 3))))
  (func (export "main") (result i32)
    (try_table (result i32) (catch $t 0) (call $thrower (i32.const 14)))))"""


def test_a_catch_that_returns_from_the_last_frame_the_step_engine_holds():
    """The clause's label is main's own: the throw in the fast call ends the invocation, as on the step engine."""
    def motions(session):
        session.add_breakpoint(at_instruction("main", pc_of(session, "main", "call")))
        stops = continue_all(session)
        return stops + back_and_forth(session, random.Random(8)), in_debuggers_form(session)

    (step, _), (fast, translated) = both(lambda engine: started(RETURNING_CATCH, "main", engine=engine), motions)
    assert fast == step
    assert [s[:2] for s in step[:2]] == [("breakpoint", "breakpoint at $main+2"), ("finished", "returned 42")]
    assert 0 in translated


BIG_FILL = """(module (type $arr (array (mut i32)))
  (func $fill (param (ref $arr)) (array.fill $arr (local.get 0) (i32.const 0) (i32.const 7) (i32.const 1000)))
  (func (export "main") (result i32) (local $a (ref null $arr))
    (local.set $a (array.new_default $arr (i32.const 1000)))
    (call $fill (ref.as_non_null (local.get $a)))
    (array.get $arr (local.get $a) (i32.const 999))))"""


def test_an_array_write_past_the_history_budget_in_a_fast_call_starts_the_history_after_it():
    """The fast call refuses a heap write the history cannot keep; the step engine does it, as in a step session."""
    def motions(session):
        session.ops.budget_bytes = 1000
        stops = continue_all(session)
        back = stop_of(session, session.step_back())
        lost = [(e[0], e[1], e[2], e[4:]) for e in session.ops.log if e[0] == LOST]
        with pytest.raises(HistoryLostError) as refused:
            session.goto_step(0)
        return stops, back, lost, str(refused.value), session.recorder.horizon

    step, fast = both(lambda engine: started(BIG_FILL, "main", engine=engine), motions)
    assert fast == step
    assert step[0][0][:2] == ("finished", "returned 7") and len(step[2]) == 1
