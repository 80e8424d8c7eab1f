"""Find the WebAssembly spec test suites (never copied into the project).

Two suites, each found through one setting:

  2.0 (`core`):  PLAYGROUND_TESTSUITE,   default `../shared/wasm-testsuite/core`
  3.0:           PLAYGROUND_TESTSUITE_3, default `../shared/wasm-testsuite/3.0`

relative to the repository root. Tests that need the 2.0 suite call
`require_suite()` (or use the `suite_dir` fixture), the 3.0 suite
`require_suite(SUITE_3)`; they are skipped, with the reason, where it is absent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SUITES_ROOT = REPO_ROOT.parent / "shared" / "wasm-testsuite"


@dataclass(frozen=True)
class Suite:
    variable: str  # the environment variable that moves it
    default: Path
    folder_hint: str  # what the variable must name, for the skip reason


SUITE_2 = Suite("PLAYGROUND_TESTSUITE", SUITES_ROOT / "core", "its core/ folder")
SUITE_3 = Suite("PLAYGROUND_TESTSUITE_3", SUITES_ROOT / "3.0", "its 3.0/ folder")
DEFAULT_SUITE = SUITE_2.default


def suite_dir(suite: Suite = SUITE_2) -> Path:
    """The configured suite folder (it may not exist)."""
    configured = os.environ.get(suite.variable)
    return Path(configured).expanduser().resolve() if configured else suite.default


def suite_missing_reason(suite: Suite = SUITE_2) -> str | None:
    """Why the suite cannot be used, or None when it can."""
    path = suite_dir(suite)
    if not path.is_dir():
        return f"spec test suite not found at {path} (set {suite.variable} to {suite.folder_hint})"
    if not any(path.glob("*.wast")):
        return f"no .wast files in {path}"
    return None


def require_suite(suite: Suite = SUITE_2) -> Path:
    """The suite folder; skips the calling test when it is absent."""
    reason = suite_missing_reason(suite)
    if reason:
        pytest.skip(reason)
    return suite_dir(suite)


def suite_files(suite: Suite = SUITE_2) -> list[Path]:
    """Every .wast file of the suite, sorted (empty when the suite is absent).

    The 2.0 core suite keeps the SIMD scripts in a `simd/` subfolder when present;
    both layouts are covered.
    """
    if suite_missing_reason(suite):
        return []
    return sorted(suite_dir(suite).rglob("*.wast"))


def suite_3_dir() -> Path:
    """The configured 3.0 suite folder (PLAYGROUND_TESTSUITE_3; it may not exist)."""
    return suite_dir(SUITE_3)


def suite_3_files() -> list[Path]:
    """Every .wast file of the 3.0 suite, sorted (empty when it is absent)."""
    return suite_files(SUITE_3)
