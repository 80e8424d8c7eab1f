"""What the status bar and the console say about a session: its state, a long motion's progress, who wrote a byte."""

from __future__ import annotations

from playground.debug.snapshot import FrameView, Location, Snapshot
from playground.wasm.types import ValType
from playground.workbench.controller import Progress
from playground.workbench.program import value_view
from playground.workbench.status_text import describe_state, describe_writer, from_data_segment, progress_text


def test_states_in_words():
    assert describe_state(Snapshot(0, "ready")) == "Ready"
    assert describe_state(Snapshot(0, "running")) == "Running…"
    assert describe_state(Snapshot(0, "trapped", message="trap: integer divide by zero")) == "Trapped: integer divide by zero"
    assert describe_state(Snapshot(0, "trapped")) == "Trapped"
    assert describe_state(Snapshot(0, "finished", results=(value_view(ValType.I32, 8),))) == "Finished: 8"
    assert describe_state(Snapshot(0, "finished")) == "Finished"
    assert describe_state(Snapshot(1234, "ready", reason="stopped")) == "Stopped at step 1,234"
    paused = Snapshot(3, "paused", frames=(), reason="step")
    assert describe_state(paused) == "Ready"  # no location: nothing to point at
    at = Location(0, "fib", 12, "i32.add")
    assert describe_state(Snapshot(3, "paused", frames=(FrameView(at, (), ()),), reason="step")) == f"Paused at {at}"


def test_progress_counts_what_this_motion_ran_and_says_when_it_goes_back():
    assert progress_text(Progress(2.04, 1_500_000)) == "Running… 1,500,000 instructions (2.0 s)"
    assert progress_text(Progress(0.5, 3000, 1000, "Continue")) == "Running… 3,000 instructions (+2,000 since Continue, 0.5 s)"
    assert progress_text(Progress(0.5, 3000, 1000, "")) == "Running… 3,000 instructions (+2,000 since the pause, 0.5 s)"
    assert progress_text(Progress(1.25, 420, 5000, "Step Back", True)) == "Going back… at step 420 (1.2 s)"


def test_who_wrote_a_byte_in_words():
    store = Location(0, "f", 5, "i32.store")
    assert describe_writer(12, store) == f"last written at step 12 by i32.store at {store}"
    assert describe_writer(3, None) == "last written at step 3 (a host call or an edit)"
    segment = Location(0, "", 1, "data", kind="data")
    assert from_data_segment(segment) and not from_data_segment(store) and not from_data_segment(None)
    assert describe_writer(0, segment) == "data segment 1 (written at instantiation)"
