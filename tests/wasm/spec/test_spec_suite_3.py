"""The whole WebAssembly 3.0 spec suite through the WAST runner on the "step" engine, one test per file.

The expected failures are in known_failures_3.txt (format: expected_failures.py): a
failure not listed fails the file's test, and so does a listed one that
passes now, so the list only shrinks as the 3.0 proposals are built. Its
header records the pass counts of the run it was written from.

Rewrite the list after a change that fixes things (then read the diff: it
should only lose lines):

    .venv/bin/python tests/wasm/spec/test_spec_suite_3.py --rebase

The fast engine runs only the 2.0 suite for now (test_spec_suite.py).
Skipped (with the reason) where PLAYGROUND_TESTSUITE_3 names no suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import expected_failures as expected  # noqa: E402
import suite  # noqa: E402

from playground.wasm.spectest import run_wast_file  # noqa: E402

pytestmark = pytest.mark.slow  # the whole 3.0 suite: about 20 s on one core

ENGINE = "step"
KNOWN_FAILURES_FILE = Path(__file__).with_name("known_failures_3.txt")
KNOWN = expected.read_entries(KNOWN_FAILURES_FILE)
FILES = suite.suite_3_files()


def _id(path: Path) -> str:
    return str(path.relative_to(suite.suite_3_dir())) if FILES else path.name


def _skip_reason() -> str:
    return suite.suite_missing_reason(suite.SUITE_3) or "no suite"


def run_file(path: Path):
    return run_wast_file(path, engine=ENGINE)


def test_known_failures_name_existing_files():
    if not FILES:
        pytest.skip(_skip_reason())
    names = {p.name for p in FILES}
    assert not [name for name in KNOWN if name not in names]


def test_suite_has_all_files():
    if not FILES:
        pytest.skip(_skip_reason())
    assert len(FILES) >= 257


@pytest.mark.parametrize("path", FILES or [None], ids=[_id(p) for p in FILES] or ["suite-missing"])
def test_spec_3_file(path, record_property):
    if path is None:
        pytest.skip(_skip_reason())
    result = run_file(path)
    record_property("passed", result.passed)
    record_property("failed", result.failed)
    messages = expected.check(result, KNOWN.get(path.name), KNOWN_FAILURES_FILE.name)
    assert not messages, "\n".join(messages)


HEADER = """\
# WebAssembly 3.0 spec-suite failures on the "step" engine (test_spec_suite_3.py; format: expected_failures.py).
# The test fails on a failure not listed and on a listed one that passes now: this list only shrinks.
# Rewritten by `.venv/bin/python tests/wasm/spec/test_spec_suite_3.py --rebase`.
"""


def main(argv: list[str]) -> int:
    """`--rebase`: run every file, print the counts, rewrite known_failures_3.txt."""
    if argv != ["--rebase"]:
        print("usage: test_spec_suite_3.py --rebase", file=sys.stderr)
        return 2
    if not FILES:
        print(_skip_reason(), file=sys.stderr)
        return 1
    results = [run_file(p) for p in FILES]
    files_ok = sum(1 for r in results if not r.failed)
    passed = sum(r.passed for r in results)
    total = passed + sum(r.failed for r in results)
    counts = f"# Pass counts at the last rebase: {files_ok} of {len(results)} files, {passed} of {total} assertions and commands.\n"
    KNOWN_FAILURES_FILE.write_text(expected.rebase(results, HEADER + counts), encoding="utf-8")
    print(counts[2:].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
