"""The whole WebAssembly 3.0 spec suite through the WAST runner on each engine, one test per file.

The expected failures of each engine are in its list (format:
expected_failures.py): known_failures_3.txt for "step", known_failures_3_fast.txt
for "fast". A failure not listed fails the file's test, and so does a listed
one that passes now, so each list only shrinks as the 3.0 proposals are
built. Its header records the pass counts of the run it was written from.

Rewrite a list after a change that fixes things (then read the diff: it
should only lose lines):

    .venv/bin/python tests/wasm/spec/test_spec_suite_3.py --rebase [--engine fast]

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

pytestmark = pytest.mark.slow  # the whole 3.0 suite: about 20 s on one core per engine

KNOWN_FAILURES_FILES = {  # engine -> its expected-failure list
    "step": Path(__file__).with_name("known_failures_3.txt"),
    "fast": Path(__file__).with_name("known_failures_3_fast.txt"),
}
KNOWN = {engine: expected.read_entries(path) for engine, path in KNOWN_FAILURES_FILES.items()}
FILES = suite.suite_3_files()


def _id(path: Path) -> str:
    return str(path.relative_to(suite.suite_3_dir())) if FILES else path.name


def _skip_reason() -> str:
    return suite.suite_missing_reason(suite.SUITE_3) or "no suite"


def run_file(path: Path, engine: str = "step"):
    return run_wast_file(path, engine=engine)


@pytest.mark.parametrize("engine", KNOWN_FAILURES_FILES)
def test_known_failures_name_existing_files(engine):
    if not FILES:
        pytest.skip(_skip_reason())
    names = {p.name for p in FILES}
    assert not [name for name in KNOWN[engine] if name not in names]


def test_suite_has_all_files():
    if not FILES:
        pytest.skip(_skip_reason())
    assert len(FILES) >= 257


@pytest.mark.parametrize("engine", KNOWN_FAILURES_FILES)
@pytest.mark.parametrize("path", FILES or [None], ids=[_id(p) for p in FILES] or ["suite-missing"])
def test_spec_3_file(path, engine, record_property):
    if path is None:
        pytest.skip(_skip_reason())
    result = run_file(path, engine)
    record_property("passed", result.passed)
    record_property("failed", result.failed)
    messages = expected.check(result, KNOWN[engine].get(path.name), KNOWN_FAILURES_FILES[engine].name)
    assert not messages, "\n".join(messages)


def header(engine: str) -> str:
    option = "" if engine == "step" else f" --engine {engine}"
    return f"""\
# WebAssembly 3.0 spec-suite failures on the "{engine}" engine (test_spec_suite_3.py; format: expected_failures.py).
# The test fails on a failure not listed and on a listed one that passes now: this list only shrinks.
# Rewritten by `.venv/bin/python tests/wasm/spec/test_spec_suite_3.py --rebase{option}`.
"""


def main(argv: list[str]) -> int:
    """`--rebase [--engine NAME]`: run every file on the engine, print the counts, rewrite its list."""
    engine = argv[2] if len(argv) == 3 and argv[1] == "--engine" else "step"
    if argv[:1] != ["--rebase"] or len(argv) not in (1, 3) or engine not in KNOWN_FAILURES_FILES:
        print(f"usage: test_spec_suite_3.py --rebase [--engine {'|'.join(KNOWN_FAILURES_FILES)}]", file=sys.stderr)
        return 2
    if not FILES:
        print(_skip_reason(), file=sys.stderr)
        return 1
    results = [run_file(p, engine) for p in FILES]
    files_ok = sum(1 for r in results if not r.failed)
    passed = sum(r.passed for r in results)
    total = passed + sum(r.failed for r in results)
    counts = f"# Pass counts at the last rebase: {files_ok} of {len(results)} files, {passed} of {total} assertions and commands.\n"
    KNOWN_FAILURES_FILES[engine].write_text(expected.rebase(results, header(engine) + counts), encoding="utf-8")
    print(counts[2:].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
