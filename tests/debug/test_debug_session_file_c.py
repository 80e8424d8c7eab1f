"""A C breakpoint condition (`b FILE.c:LINE if EXPR`) survives saving a debug session and replaying it.

The condition's text alone does not say it is C: session_file.py marks it,
and the replay reads it back in the program's C view, not as a Wasm
expression (which would stop at the first hit, or mean something else).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground import cli
from playground.debug.replay import load_session
from playground.debug.session_file import SessionFileError, check_session_data

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "c" / "sum_loop.wasm"


@pytest.fixture
def saved(tmp_path, capsys):
    """A session of sum_loop stopped in main, with a C-conditional breakpoint on line 14, saved."""
    path = tmp_path / "session.json"
    script = tmp_path / "commands.txt"
    script.write_text(f"start\nb sum_loop.c:14 if i == 4\nsave {path}\nq\n")
    assert cli.main(["debug", str(SAMPLE), "--commands", str(script)]) == 0
    capsys.readouterr()
    return path


def test_the_file_marks_the_condition_as_c(saved):
    data = json.loads(saved.read_text())
    (bp,) = data["breakpoints"]
    assert (bp["condition"], bp["condition_language"], bp["line"]) == ("i == 4", "c", 14)


def test_the_replayed_breakpoint_stops_only_where_its_c_condition_holds(saved, tmp_path, capsys):
    script = tmp_path / "again.txt"
    script.write_text("info breakpoints\nc\np i\np total\nq\n")
    assert cli.main(["debug", "--replay", str(saved), "--commands", str(script)]) == 0
    out = capsys.readouterr().out
    assert "sum_loop.c:14 in sum_of_squares if i == 4" in out
    assert "i = 4" in out and "total = 14" in out  # 1 + 4 + 9 before the fourth square is added


def test_the_condition_is_evaluated_as_c_after_load_session(saved):
    session = load_session(saved)
    (bp,) = session.breakpoints.items
    assert bp.condition.language == "c" and bp.condition.text == "i == 4"
    session.continue_()
    assert session.breakpoints.items[0].hits == 1
    from playground.debug.dwarf.cview import CView

    assert CView(session).print("i") == "i = 4"


def test_a_damaged_condition_language_is_one_clear_error(saved):
    data = json.loads(saved.read_text())
    data["breakpoints"][0]["condition_language"] = "rust"
    with pytest.raises(SessionFileError, match=r"breakpoints\[0\]\.condition_language: expected one of wasm, c"):
        check_session_data(data)
