"""The whole WebAssembly 2.0 spec suite through the WAST runner, one test per file and engine.

Every engine of the registry (wasm/engines.py) runs the same scripts, as
wazero runs one spectest harness against both of its engines. A file's test
fails on any failing assertion not listed in known_failures.txt
(format: expected_failures.py), and on any listed assertion that passes now,
so the list only shrinks. The scripts run under the 2.0 feature profile
(`--features 2.0`): 3.0 behaviour must stay behind its switches. Skipped (with the reason) where the suite is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import expected_failures as expected  # noqa: E402
import suite  # noqa: E402

from playground.wasm.engines import engine_names  # noqa: E402
from playground.wasm.features import WASM_2  # noqa: E402
from playground.wasm.spectest import run_wast_file  # noqa: E402

pytestmark = pytest.mark.slow  # the whole suite: about 15 s on one core

KNOWN_FAILURES_FILE = Path(__file__).with_name("known_failures.txt")


KNOWN = expected.read_entries(KNOWN_FAILURES_FILE)
FILES = suite.suite_files()


def _id(path: Path) -> str:
    return str(path.relative_to(suite.suite_dir())) if FILES else path.name


def test_known_failures_name_existing_files():
    if not FILES:
        pytest.skip(suite.suite_missing_reason() or "no suite")
    names = {p.name for p in FILES}
    assert not [name for name in KNOWN if name not in names]


def test_suite_has_all_files():
    if not FILES:
        pytest.skip(suite.suite_missing_reason() or "no suite")
    assert len(FILES) >= 147


@pytest.mark.parametrize("engine", engine_names())
@pytest.mark.parametrize("path", FILES or [None], ids=[_id(p) for p in FILES] or ["suite-missing"])
def test_spec_file(path, engine):
    if path is None:
        pytest.skip(suite.suite_missing_reason() or "no suite")
    result = run_wast_file(path, engine=engine, features=WASM_2)  # the 2.0 suite as a 2.0 engine
    messages = expected.check(result, KNOWN.get(path.name), KNOWN_FAILURES_FILE.name)
    assert not messages, "\n".join(messages)
