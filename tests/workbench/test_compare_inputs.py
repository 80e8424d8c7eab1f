"""What the Compare view reads from its sizes field."""

from __future__ import annotations

from playground.workbench.compare_inputs import parse_sizes


def test_parse_sizes():
    assert parse_sizes("16, 32,64") == [16, 32, 64]
    for bad in ("", "a,b", "0,4"):
        try:
            parse_sizes(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")
