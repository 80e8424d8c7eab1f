"""The WAT kernels and guests this area ships are valid for WABT too, and run on both engines alike."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from playground.resources import sample_path

SAMPLES = ["matmul_simd.wat", "conv3x3.wat", "gpu_matmul.wat", "digits_mlp.wat"]
WAT2WASM = Path(sys.executable).parent / "wat2wasm"


@pytest.mark.parametrize("name", SAMPLES)
def test_wabt_accepts_sample(name, tmp_path):
    tool = str(WAT2WASM) if WAT2WASM.exists() else shutil.which("wat2wasm")
    if tool is None:
        pytest.skip("WABT's wat2wasm is not installed")
    result = subprocess.run([tool, str(sample_path(name)), "-o", str(tmp_path / "out.wasm")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
