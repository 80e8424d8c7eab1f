"""The fast engine's stores and global.sets as pending records (debug/undo.py): the same log, expanded when read.

A fast Continue leaves its inline writes as five-field records; a stop
counts them (`position`) and reads its changed ranges from them without
making them entries; reading the log, another write, or going back makes
them the same entries, in the same order, as the step engine logs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from debug.fast_compare import both, continue_all, plain, started
from debug.test_changed_memory import reference_merge
from playground.debug.breakpoints import at_instruction
from playground.debug.changed_memory import written_ranges
from playground.debug.undo import GLOBAL, MEM, RecordingOps

# Stores of every width, global.set, and writes through the recording table in between (memory.fill,
# memory.grow, table.set): the records must expand in their place among those entries.
MIXED = """(module (memory 1) (table 2 funcref) (global $g (mut i32) (i32.const 0))
 (func $f) (elem declare func $f)
 (func $fill (param i32)
  (loop $l
   (i32.store8 (local.get 0) (i32.load8_u (i32.add (local.get 0) (i32.const 1))))
   (global.set $g (i32.add (global.get $g) (local.get 0)))
   (i32.store16 (i32.add (local.get 0) (i32.const 100)) (local.get 0))
   (memory.fill (i32.add (local.get 0) (i32.const 300)) (local.get 0) (i32.const 3))
   (i64.store (i32.add (local.get 0) (i32.const 400)) (i64.extend_i32_u (local.get 0)))
   (table.set (i32.and (local.get 0) (i32.const 1)) (ref.func $f))
   (v128.store (i32.add (local.get 0) (i32.const 600)) (v128.const i32x4 1 2 3 4))
   (i32.store (i32.add (local.get 0) (i32.const 200)) (i32.load (local.get 0)))
   (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
 (func (export "main")
  (call $fill (i32.const 30))
  (drop (memory.grow (i32.const 1)))
  (call $fill (i32.const 9))
  (f64.store (i32.const 70000) (f64.const 2.5))))
"""


def _stop_at_main_end(session) -> None:
    """A breakpoint on main's last instruction (its `end`): everything ran."""
    func = session.thread.frame.func
    session.add_breakpoint(at_instruction(func.funcidx, len(func.code.body) - 1))


def _field(x):
    if isinstance(x, bytearray):
        return bytes(x)
    return tuple(map(plain, x)) if isinstance(x, list) else plain(x)


def _comparable(log: list) -> list:
    return [e[:3] + tuple(map(_field, e[4:])) for e in log]  # e[3]: the target, the session's own


def test_a_fast_continue_leaves_its_writes_as_records_and_the_log_reads_the_same():
    def motions(session):
        _stop_at_main_end(session)
        stops = continue_all(session, 1)
        ops = session.ops
        pending = len(ops.stores) // 5
        position = ops.position()
        changed = session.last.changed_memory
        log = _comparable(ops.log)
        return stops, pending, position == len(log), changed, log, ops.stores

    step, fast = both(lambda engine: started(MIXED, "main", engine=engine), motions)
    assert fast[0] == step[0] and fast[3] == step[3] and fast[4] == step[4]
    # The step engine logs entries; the fast one left records: those after the last write through the
    # recording table (a table.set), which expanded the ones before it (v128.store, i32.store, f64.store)...
    assert step[1] == 0 and fast[1] == 3
    assert fast[2] and fast[5] == []  # ...counted without expanding them, and expanded when the log was read
    kinds = {e[0] for e in fast[4]}
    assert {MEM, GLOBAL} < kinds and len(kinds) >= 4  # stores, global.set, memory.grow, table.set in one log


def test_going_back_and_who_wrote_after_a_fast_continue_match_the_step_engine():
    def motions(session):
        _stop_at_main_end(session)
        continue_all(session, 1)
        writers = [session.who_wrote(a) for a in (5, 107, 203, 305, 409, 612, 70000)]
        back = session.step_back()
        again = session.goto_step(session.step // 2)
        return ([(w.step, str(w.location)) if w else None for w in writers], back.changed_memory,
                again.changed_memory, session.state_digest(), _comparable(session.ops.log))

    step, fast = both(lambda engine: started(MIXED, "main", engine=engine), motions)
    assert fast == step
    assert None not in step[0][:6] and step[1] == ((70000, 70008),) and step[2]


# --- changed ranges from entries and records together, against the entries' plain reading ----------------
class _Target:
    pass


MEMORY, OTHER = _Target(), _Target()

WRITE = st.tuples(
    st.sampled_from([MEM, MEM, MEM, GLOBAL]),
    st.sampled_from([MEMORY, MEMORY, MEMORY, OTHER]),
    st.integers(0, 200), st.sampled_from([1, 2, 4, 8, 16]),
    st.booleans(),  # logged as an entry (through the table) or as a record (the fast engine's)
)


@settings(max_examples=100, deadline=None)
@given(st.lists(WRITE, max_size=120), st.integers(0, 130))
def test_ranges_from_entries_and_records_are_those_of_the_expanded_log(writes, mark):
    ops = RecordingOps()
    for step, (kind, target, address, width, as_entry) in enumerate(writes):
        where = (0, step)
        if kind == GLOBAL:
            ops.log.append((GLOBAL, step, where, OTHER, 7)) if as_entry else ops.stores.extend(((GLOBAL, where), step, OTHER, 7, None))
        elif as_entry:
            ops.log.append((MEM, step, where, target, address, bytes(width)))
        else:
            ops.stores.extend(((MEM, where), step, target, address, bytearray(width)))
    mark = min(mark, ops.position())
    from_records = written_ranges(*ops.tail(mark), MEMORY)
    assert ops.position() == len(writes)
    expanded = ops.log[mark:]
    assert from_records == reference_merge([(e[4], len(e[5])) for e in expanded if e[0] == MEM and e[3] is MEMORY])
    assert all(len(e) == (5 if e[0] == GLOBAL else 6) for e in ops.log) and ops.stores == []
