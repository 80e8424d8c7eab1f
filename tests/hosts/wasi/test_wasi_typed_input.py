"""TypedInput: standard input that a person types while the program runs (the window's Console)."""

from __future__ import annotations

import threading
import time

import pytest

from playground.hosts.wasi.stdio import InputCancelled, InputPaused, InputSource, TypedInput
from playground.wasm.errors import Trap


def read_in_thread(source, n: int = 100):
    """Start a read on another thread (the session's worker); returns (thread, results list)."""
    results = []

    def run():
        try:
            results.append(source.read(n))
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            results.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, results


def wait_until(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_read_waits_for_a_line_and_says_so():
    waits = []
    typed = TypedInput(on_wait=waits.append)
    thread, results = read_in_thread(typed)
    wait_until(lambda: typed.waiting)
    assert results == [] and waits == [True]
    typed.feed(b"hello\n")
    thread.join(5)
    assert results == [b"hello\n"] and waits == [True, False] and not typed.waiting


def test_typed_ahead_input_is_read_without_waiting_and_in_pieces():
    waits = []
    typed = TypedInput(on_wait=waits.append)
    typed.feed(b"abc")
    typed.feed(b"def\n")
    assert typed.read(4) == b"abcd" and typed.read(100) == b"ef\n"
    assert waits == []


def test_end_of_input_gives_what_is_left_then_empty_reads():
    typed = TypedInput()
    typed.feed(b"last")
    typed.end()
    assert typed.read(2) == b"la" and typed.read(10) == b"st"
    assert typed.read(10) == b"" and typed.read(10) == b""


def answer_a_waiting_read(action):
    """A read waiting on another thread, then `action(typed)` from this one; (typed, what the read gave or raised)."""
    typed = TypedInput()
    thread, results = read_in_thread(typed)
    wait_until(lambda: typed.waiting)
    action(typed)
    thread.join(5)
    return typed, results[0]


def test_end_wakes_a_waiting_read():
    _typed, result = answer_a_waiting_read(TypedInput.end)
    assert result == b""


def test_cancel_makes_a_waiting_read_trap_and_every_later_one():
    typed, result = answer_a_waiting_read(TypedInput.cancel)
    assert isinstance(result, InputCancelled) and isinstance(result, Trap)
    assert "stopped while it waited for input" in str(result)
    with pytest.raises(InputCancelled):
        typed.read(1)


def test_pause_makes_a_waiting_read_trap_without_reading_until_resume():
    typed, result = answer_a_waiting_read(TypedInput.pause)
    assert isinstance(result, InputPaused) and isinstance(result, Trap) and not typed.waiting
    assert "paused while it waited for input" in str(result)
    with pytest.raises(InputPaused):  # the debugger's re-run of the call: still paused, no wait
        typed.read(1)
    typed.resume()  # the next motion: the read waits again, and gets the line typed after the pause
    thread, results = read_in_thread(typed)
    wait_until(lambda: typed.waiting)
    typed.feed(b"line\n")
    thread.join(5)
    assert results == [b"line\n"]


def test_a_paused_read_still_gets_what_was_typed_ahead():
    typed = TypedInput()
    typed.pause()
    typed.feed(b"ahead")
    assert typed.read(3) == b"ahe" and typed.read(9) == b"ad"
    with pytest.raises(InputPaused):
        typed.read(1)


def test_descriptor_0_reads_a_typed_input_through_input_source():
    typed = TypedInput()
    typed.feed(b"xyz")
    assert InputSource(typed).read(2) == b"xy"
