"""Rebuild the benchmark programs: each NAME.c here becomes NAME.wasm beside it, exporting the function NAME.

    pip install ziglang==0.17.1
    python samples/bench/build.py

The programs are freestanding (no libc, no WASI): wasm32-freestanding,
-nostdlib, -O2, no entry point, one export named like the file. Their inputs
are generated inside (linear congruential generators), so the .wasm files
carry no data and every engine runs the same work from one integer
argument. The .wasm files are committed; benchmarks/bench_fast.py runs them.
The zig version is samples/c/build.py's (the one place that pins it).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLAGS = ["cc", "--target=wasm32-freestanding", "-nostdlib", "-O2", "-s", "-Wl,--no-entry"]


def _c_build():
    spec = importlib.util.spec_from_file_location("c_build", HERE.parent / "c" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_program(source: Path) -> Path:
    """Compile NAME.c to NAME.wasm, exporting NAME."""
    output = source.with_suffix(".wasm")
    export = f"-Wl,--export={source.stem}"
    subprocess.run([sys.executable, "-m", "ziglang", *FLAGS, export, str(source), "-o", str(output)], check=True, timeout=600)
    return output


def main() -> int:
    c_build = _c_build()
    found = c_build.zig_version()
    if found is None:
        print(f"ziglang is not installed: pip install ziglang=={c_build.ZIG_VERSION}", file=sys.stderr)
        return 1
    if found != c_build.ZIG_VERSION:
        print(f"warning: zig {found}; the committed programs were built with {c_build.ZIG_VERSION}", file=sys.stderr)
    for source in sorted(HERE.glob("*.c")):
        print(compile_program(source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
