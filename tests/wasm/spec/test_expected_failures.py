"""The expected-failure lists' checker: it must fail on new failures, on fixed ones, and on a wrong count."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import expected_failures as expected  # noqa: E402

from playground.wasm.spectest import FileResult, Outcome, run_wast_text  # noqa: E402


def _result(*failing_lines: int, passing: int = 1) -> FileResult:
    outcomes = [Outcome(100 + i, "assert_return", True) for i in range(passing)]
    outcomes += [Outcome(line, "assert_return", False, "got [0x1]") for line in failing_lines]
    return FileResult("x.wast", outcomes)


def _entries(tmp_path, text: str):
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    return expected.read_entries(path).get("x.wast")


def test_listed_lines_agree(tmp_path):
    entries = _entries(tmp_path, "# comment\nx.wast:3  why\nx.wast:5  why\n")
    assert expected.check(_result(3, 5), entries, "list.txt") == []


def test_unlisted_failure_and_fixed_line_are_reported(tmp_path):
    entries = _entries(tmp_path, "x.wast:3  why\n")
    messages = expected.check(_result(4), entries, "list.txt")
    assert messages == ["x.wast:4  assert_return: got [0x1]", "x.wast:3  passes now: remove it from list.txt"]


def test_whole_file_count_must_match(tmp_path):
    entries = _entries(tmp_path, "x.wast:*  2  feature not built\n")
    assert expected.check(_result(1, 2), entries, "l") == []
    assert "3 failures, 2 expected" in expected.check(_result(1, 2, 3), entries, "l")[0]
    assert "lower it" in expected.check(_result(1), entries, "l")[0]


def test_rebase_writes_what_check_accepts(tmp_path):
    results = [_result(3), FileResult("y.wast", [Outcome(n, "action", False, "boom") for n in range(20)])]
    text = expected.rebase(results, "# header")
    assert "x.wast:3  assert_return: got [0x1]" in text and "y.wast:*  20  first: action: boom" in text
    path = tmp_path / "l.txt"
    path.write_text(text, encoding="utf-8")
    entries = expected.read_entries(path)
    assert all(expected.check(r, entries.get(r.name), "l") == [] for r in results)


def test_a_command_that_does_not_parse_costs_only_itself():
    script = """
    (module (func (export "one") (result i32) (i32.const 1)))
    (assert_return (invoke "one") (i32.const 1))
    (module (func (export "two") (result i32) (no_such_instr)))
    (assert_return (invoke "one") (i32.const 1))
    (module (func (export "three") (result i32) (i32.const 3)))
    (assert_return (invoke "three") (i32.const 3))
    """
    result = run_wast_text(script)
    assert [(o.line, o.passed) for o in result.outcomes] == [(3, True), (4, False), (5, False), (7, True)]
    assert "command does not parse: unknown operator no_such_instr" in result.outcomes[1].detail
    assert "unknown module" in result.outcomes[2].detail  # not run against the module before it
