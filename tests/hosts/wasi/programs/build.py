"""Rebuild the test programs: each NAME.c here becomes NAME.wasm beside it.

    .venv/bin/pip install ziglang==0.17.1
    .venv/bin/python tests/hosts/wasi/programs/build.py

The .wasm files are committed, so the tests need no compiler; with the zig
version below installed, a test recompiles every program and checks that
the committed binary is current (zig's output is reproducible). The first
compile builds zig's wasi-libc cache (about 30 s).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIG_VERSION = "0.17.1"
FLAGS = ["cc", "--target=wasm32-wasi", "-Os", "-s"]  # -s: no debug sections, a few KB per program


def zig_version() -> str | None:
    """The installed `ziglang` package's zig version, or None when it is missing."""
    try:
        done = subprocess.run([sys.executable, "-m", "ziglang", "version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def compile_c(source: Path, output: Path) -> None:
    subprocess.run([sys.executable, "-m", "ziglang", *FLAGS, str(source), "-o", str(output)], check=True, timeout=600)


def main() -> int:
    found = zig_version()
    if found is None:
        print("ziglang is not installed: pip install ziglang==" + ZIG_VERSION, file=sys.stderr)
        return 1
    if found != ZIG_VERSION:
        print(f"warning: zig {found}, the committed programs were built with {ZIG_VERSION}", file=sys.stderr)
    for source in sorted(HERE.glob("*.c")):
        compile_c(source, source.with_suffix(".wasm"))
        print(source.with_suffix(".wasm").name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
