"""Rebuild the C samples: each NAME.c in this folder becomes NAME.wasm beside it (wasm32-wasi, wasi-libc).

    pip install 'wasm-playground[c]'     # zig (ziglang==0.17.1) and pyelftools
    python samples/c/build.py            # this folder
    python samples/c/build.py DIR...     # any folders of .c files (the WASI test programs use this)

The .wasm files are committed, so nobody needs a compiler to run or debug
the samples; zig's output is reproducible, so with the version below a
rebuild gives the committed bytes again (a test checks it). The first
compile of each optimisation level builds zig's wasi-libc cache (about 30 s).

A source says how it is built with a `// Build:` line near its top, in the
words of `wasm-playground cc` (`// Build: -O0 -g` for the samples made for
debugging by C line; `-O2 -g --simd` for saxpy); without one it is `-Os
-g0`: small, no debug sections. Compiling goes through the package's
toolchain (playground/toolchain/compile.py), the one place that turns
options into a zig command; this script adds only the per-file flags and
`reproducible` (paths recorded relative to this folder, so the DWARF is the
same on every machine).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import playground  # noqa: F401
except ImportError:  # a checkout run with a Python that has not installed it
    sys.path.insert(0, str(HERE.parents[1]))

from playground.commands.cc import configure, options_from  # noqa: E402
from playground.toolchain import ZIG_VERSION, CompileOptions, available, missing_message, version_warning, zig_version  # noqa: E402
from playground.toolchain import compile_c as compile_sources  # noqa: E402

FLAGS = ["-Os", "-g0"]  # without a `// Build:` line: small, and no debug sections
BUILD_MARK = "// Build:"

__all__ = ["FLAGS", "ZIG_VERSION", "build_flags", "build_folder", "compile_c", "options_for", "zig_version"]


class BuildError(Exception):
    """A sample that does not compile (its diagnostics in the message)."""


def build_flags(source: Path) -> list[str]:
    """The `cc` flags a source asks for on its `// Build:` line (among its first ten), else FLAGS."""
    for line in Path(source).read_text(encoding="utf-8").splitlines()[:10]:
        if line.startswith(BUILD_MARK):
            return line[len(BUILD_MARK) :].split()
    return list(FLAGS)


def options_for(source: Path) -> CompileOptions:
    """The CompileOptions of a source: its Build flags read as `wasm-playground cc` reads them, made reproducible."""
    parser = argparse.ArgumentParser(prog="build.py")
    configure(parser)
    args = parser.parse_args([*build_flags(source), Path(source).name])
    return dataclasses.replace(options_from(args), reproducible=True)


def compile_c(source: Path, output: Path) -> None:
    """Compile one C file (in its own folder, by its bare name) to `output`; BuildError with the diagnostics."""
    source = Path(source).resolve()
    result = compile_sources([source.name], options_for(source), cwd=source.parent, output=Path(output).resolve())
    if not result.ok:
        raise BuildError("\n".join(str(d) for d in result.diagnostics) or result.stderr)


def build_folder(folder: Path) -> list[Path]:
    """Compile every .c file of `folder` to the .wasm beside it; the .wasm paths, sorted."""
    built = []
    for source in sorted(Path(folder).glob("*.c")):
        output = source.with_suffix(".wasm")
        compile_c(source, output)
        built.append(output)
    return built


def main(argv: list[str]) -> int:
    if not available():
        print(f"error: {missing_message()}", file=sys.stderr)
        return 1
    warning = version_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    for folder in [Path(a) for a in argv] or [HERE]:
        for output in build_folder(folder):
            print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
