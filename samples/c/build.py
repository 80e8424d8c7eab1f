"""Rebuild the C samples: each NAME.c in this folder becomes NAME.wasm beside it (wasm32-wasi, wasi-libc).

    pip install ziglang==0.17.1          # or: pip install 'wasm-playground[c]'
    python samples/c/build.py            # this folder
    python samples/c/build.py DIR...     # any folders of .c files (the WASI test programs use this)

The .wasm files are committed, so nobody needs a compiler to run the
samples; zig's output is reproducible, so with the version below a rebuild
gives the committed bytes again (a test checks it). The first compile builds
zig's wasi-libc cache (about 30 s). This file is the one place that knows
how a C program is compiled for the playground: the WASI test programs'
build script (tests/hosts/wasi/programs/build.py) imports it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIG_VERSION = "0.17.1"
# -Os: small and quick to interpret; -s: no debug sections (zig's small release mode drops names too)
FLAGS = ["cc", "--target=wasm32-wasi", "-Os", "-s"]


def zig_version() -> str | None:
    """The installed `ziglang` package's zig version, or None when it is missing."""
    try:
        done = subprocess.run([sys.executable, "-m", "ziglang", "version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def compile_c(source: Path, output: Path) -> None:
    """Compile one C file to a WASI command module with `python -m ziglang cc`."""
    subprocess.run([sys.executable, "-m", "ziglang", *FLAGS, str(source), "-o", str(output)], check=True, timeout=600)


def build_folder(folder: Path) -> list[Path]:
    """Compile every .c file of `folder` to the .wasm beside it; the .wasm paths, sorted."""
    built = []
    for source in sorted(Path(folder).glob("*.c")):
        output = source.with_suffix(".wasm")
        compile_c(source, output)
        built.append(output)
    return built


def main(argv: list[str]) -> int:
    found = zig_version()
    if found is None:
        print(f"ziglang is not installed: pip install ziglang=={ZIG_VERSION}", file=sys.stderr)
        return 1
    if found != ZIG_VERSION:
        print(f"warning: zig {found}; the committed programs were built with {ZIG_VERSION}", file=sys.stderr)
    for folder in [Path(a) for a in argv] or [HERE]:
        for output in build_folder(folder):
            print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
