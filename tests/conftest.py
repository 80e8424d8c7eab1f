"""Shared pytest set-up: Qt offscreen unless a display is asked for; the spec suite fixture."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import suite` from any test folder

import pytest  # noqa: E402

import suite  # noqa: E402


@pytest.fixture
def suite_dir() -> Path:
    """The spec test suite's folder; the test is skipped where it is absent."""
    return suite.require_suite()
