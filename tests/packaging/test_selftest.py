"""`wasm-playground --selftest` from the checkout: one line per check, status 0 only when all pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playground.commands import selftest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("resources", "window", "open a sample", "run it", "step forwards and back", "GPU kernel")


def test_selftest_passes_offscreen_and_prints_one_line_per_check(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "playground", "--selftest"], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=300)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert [line.split(":")[0] for line in lines[:-1]] == [f"ok   {name}" for name in CHECKS]
    assert lines[-1] == f"selftest: {len(CHECKS)} of {len(CHECKS)} checks passed"


def test_a_failing_check_fails_the_selftest_and_the_others_still_run(monkeypatch, capsys):
    monkeypatch.setattr(selftest, "EXPECTED", "fib_iter(10) = 56")  # what the run will not print
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    status = selftest.Selftest().run()
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[3].startswith("FAIL run it: the console does not say 'fib_iter(10) = 56'")
    assert lines[4].startswith("ok   step forwards and back") and lines[5].startswith("ok   GPU kernel")
    assert lines[-1] == f"selftest: {len(CHECKS) - 1} of {len(CHECKS)} checks passed"
