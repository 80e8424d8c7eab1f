"""The C window tests' shared build: c_helpers.PROGRAM compiled once per test module with the real toolchain."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # c_helpers


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """c_helpers.PROGRAM compiled as points_sum.c (the tests that use it skip where the toolchain is missing)."""
    from c_helpers import PROGRAM

    from playground.workbench.c_build import build_c

    made = build_c(PROGRAM, "points_sum.c", tmp_path_factory.mktemp("c-build"))
    assert made.ok, made.diagnostics
    return made
