"""The system packages are listed once (packaging/system-packages.txt); the Makefile and the README follow it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def listed() -> dict[str, str]:
    """package -> use ("run" or "test")."""
    packages = {}
    for line in (REPO_ROOT / "packaging" / "system-packages.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, use = line.split()[:2]
            assert use in ("run", "test"), line
            packages[name] = use
    return packages


def test_the_readme_install_line_is_the_run_packages():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^sudo apt-get install (.+)$", readme, flags=re.MULTILINE)
    assert len(lines) == 1
    assert lines[0].split() == [name for name, use in listed().items() if use == "run"]
    assert "mesa-vulkan-drivers" in lines[0].split()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_makefile_installs_every_listed_package():
    result = subprocess.run(["make", "--no-print-directory", "-n", "system-packages"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[2:] == list(listed())  # sh packaging/system-packages.sh PACKAGE...
