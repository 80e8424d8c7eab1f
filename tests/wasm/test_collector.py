"""wasm/exec/collector.py: runs freeze the older objects once, share the freeze, and still collect their own cycles."""

from __future__ import annotations

import gc
import threading
import weakref

from playground.wasm.exec.collector import older_objects_frozen


class Node:
    pass


def test_the_older_objects_are_frozen_for_the_run_and_back_afterwards():
    assert gc.get_freeze_count() == 0
    with older_objects_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_nested_runs_share_one_freeze_until_the_outermost_ends():
    with older_objects_frozen():
        frozen = gc.get_freeze_count()
        with older_objects_frozen():  # a host function calling back into Wasm
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen  # the inner run did not unfreeze the outer one's objects
    assert gc.get_freeze_count() == 0


def test_runs_on_two_threads_share_the_freeze():
    inside, leave = threading.Event(), threading.Event()

    def other_run():
        with older_objects_frozen():
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=other_run)
    worker.start()
    assert inside.wait(10)
    with older_objects_frozen():
        pass
    assert gc.get_freeze_count() > 0  # the worker's run is still going
    leave.set()
    worker.join(10)
    assert gc.get_freeze_count() == 0


def test_a_cycle_the_run_makes_is_still_collected_during_it():
    with older_objects_frozen():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
