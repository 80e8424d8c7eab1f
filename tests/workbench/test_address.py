"""The memory panel's go-to box: hex, decimal, or an expression over the current frame's locals."""

from __future__ import annotations

import pytest

from playground.debug.snapshot import FrameView, LocalView, Location, Snapshot
from playground.errors import PlaygroundError
from playground.wasm.types import ValType
from playground.workbench.address import evaluate_address
from playground.workbench.program import value_view


def paused_at(ptr: int) -> Snapshot:
    frame = FrameView(Location(0, "f", 3, "i32.load"), (LocalView(0, "$ptr", value_view(ValType.I32, ptr), True),), ())
    return Snapshot(step=3, state="paused", frames=(frame,))


def test_numbers_and_expressions_over_locals():
    assert evaluate_address("0x400") == 1024
    assert evaluate_address("1024") == 1024
    assert evaluate_address("$ptr+16", paused_at(100)) == 116
    assert evaluate_address("($ptr + 4) * 2", paused_at(100)) == 208


def test_unknown_names_and_python_are_refused():
    with pytest.raises(PlaygroundError):
        evaluate_address("$nope+1", paused_at(100))
    with pytest.raises(PlaygroundError):
        evaluate_address("__import__('os')")
    with pytest.raises(PlaygroundError):
        evaluate_address("$ptr")  # no stop: no locals to read
