"""Find the WebAssembly spec test suite (never copied into the project).

The location comes from one setting: the PLAYGROUND_TESTSUITE environment
variable, defaulting to `../shared/wasm-testsuite/core` relative to the
repository root. Tests that need it call `require_suite()` (or use the
`suite_dir` fixture) and are skipped, with the reason, where it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SUITE = REPO_ROOT.parent / "shared" / "wasm-testsuite" / "core"


def suite_dir() -> Path:
    """The configured suite folder (it may not exist)."""
    configured = os.environ.get("PLAYGROUND_TESTSUITE")
    return Path(configured).expanduser().resolve() if configured else DEFAULT_SUITE


def suite_missing_reason() -> str | None:
    """Why the suite cannot be used, or None when it can."""
    path = suite_dir()
    if not path.is_dir():
        return f"spec test suite not found at {path} (set PLAYGROUND_TESTSUITE to its core/ folder)"
    if not any(path.glob("*.wast")):
        return f"no .wast files in {path}"
    return None


def require_suite() -> Path:
    """The suite folder; skips the calling test when it is absent."""
    reason = suite_missing_reason()
    if reason:
        pytest.skip(reason)
    return suite_dir()


def suite_files() -> list[Path]:
    """Every .wast file of the suite, sorted (empty when the suite is absent).

    The 2.0 core suite keeps the SIMD scripts in a `simd/` subfolder when present;
    both layouts are covered.
    """
    if suite_missing_reason():
        return []
    return sorted(suite_dir().rglob("*.wast"))
