"""Rebuild the test programs: each NAME.c here becomes NAME.wasm beside it.

    .venv/bin/pip install ziglang==0.17.1
    .venv/bin/python tests/hosts/wasi/programs/build.py

The compiling is samples/c/build.py's (the one place that knows the zig
version and flags); this script points it at this folder. The .wasm files
are committed, so the tests need no compiler; with the recorded zig version
installed, a test recompiles every program and checks that the committed
binary is current.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SHARED = HERE.parents[3] / "samples" / "c" / "build.py"

_spec = importlib.util.spec_from_file_location("playground_c_build", _SHARED)
_shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_shared)

ZIG_VERSION = _shared.ZIG_VERSION
FLAGS = _shared.FLAGS
zig_version = _shared.zig_version
compile_c = _shared.compile_c


def main() -> int:
    return _shared.main([str(HERE)])


if __name__ == "__main__":
    sys.exit(main())
