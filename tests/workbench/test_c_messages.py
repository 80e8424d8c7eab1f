"""A C tab's stop messages name the C line before the Wasm place (workbench/c_state.py)."""

from __future__ import annotations

from playground.debug.snapshot import Location
from playground.wasm.errors import SourceSpan
from playground.workbench.c_state import c_message

SPAN = SourceSpan(13, 5, 13, 30)


def test_a_breakpoint_at_a_c_line_is_named_by_it_then_by_the_wasm_place():
    at = Location(1, "insertion_sort", 77, "local.get 2", SPAN, file="/src/samples/c/sort.c")
    assert c_message("breakpoint at $insertion_sort+77", at) == "breakpoint at sort.c:13 ($insertion_sort+77)"
    assert (c_message("breakpoint at $insertion_sort+77 (back from step 1,204)", at)
            == "breakpoint at sort.c:13 ($insertion_sort+77) (back from step 1,204)")


def test_other_messages_and_places_without_a_c_line_stay_as_they_are():
    at = Location(1, "insertion_sort", 77, "local.get 2", SPAN, file="sort.c")
    assert c_message("trap: integer divide by zero", at) == "trap: integer divide by zero"
    no_line = Location(0, "_start", 9, "call 3")
    assert c_message("breakpoint at $_start+9", no_line) == "breakpoint at $_start+9"
    assert c_message("", None) == ""
