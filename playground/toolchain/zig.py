"""The C compiler we drive: zig's clang and wasi-libc, from the PyPI package `ziglang`.

`ziglang` bundles a whole C toolchain (clang, wasm-ld, wasi-libc, headers)
in one wheel, so compiling C needs no system set-up: `python -m ziglang cc
--target=wasm32-wasi`. It is optional (`pip install 'wasm-playground[c]'`);
without it every entry point says how to install it (`ToolchainMissing`,
exit status 3) instead of failing on a missing program.

zig builds wasi-libc from source the first time a target and optimisation
mode is used (about 30 s) and keeps the result in its global cache. We
remember in that same cache that a mode was built, so the first compile can
say why it is slow, and clearing zig's cache clears our note with it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from playground.errors import PlaygroundError

# The zig release the committed samples were built with; another release compiles
# too, but its output differs byte for byte (samples/c/build.py warns).
ZIG_VERSION = "0.17.1"
INSTALL_HINT = "pip install 'wasm-playground[c]'"


class ToolchainMissing(PlaygroundError):
    """The optional C toolchain (the `ziglang` package) is not installed."""

    exit_code = 3

    def __init__(self) -> None:
        super().__init__(f"compiling C needs the zig toolchain, which is not installed: {INSTALL_HINT}")


class ToolchainFailure(PlaygroundError):
    """zig itself could not run (not a compile error in the user's code)."""


def available() -> bool:
    """Whether the `c` extra is installed: `ziglang`, and pyelftools (cc keeps only your DWARF with it)."""
    return importlib.util.find_spec("ziglang") is not None and importlib.util.find_spec("elftools") is not None


def zig_command() -> list[str]:
    """The argv prefix that runs zig: this Python's `-m ziglang` (ToolchainMissing without it)."""
    if not available():
        raise ToolchainMissing()
    return [sys.executable, "-m", "ziglang"]


def run_zig(args: list[str], *, cwd: str | Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `zig ARGS...`, capturing its output as text (ToolchainFailure when it cannot start or hangs)."""
    try:
        return subprocess.run([*zig_command(), *args], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                              errors="replace")
    except subprocess.TimeoutExpired:
        raise ToolchainFailure(f"zig did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise ToolchainFailure(f"zig could not be started: {exc}") from None


@lru_cache(maxsize=1)
def zig_env() -> dict[str, str]:
    """`zig env` as a dict of its string fields (version, lib_dir, global_cache_dir, ...)."""
    done = run_zig(["env"], timeout=60)
    if done.returncode != 0:
        raise ToolchainFailure(f"zig env failed: {done.stderr.strip()}")
    # zig prints ZON (`.name = "value",`); JSON in older releases (`"name": "value"`)
    pairs = re.findall(r'^\s*\.?"?(\w+)"?\s*[=:]\s*"([^"]*)"', done.stdout, re.MULTILINE)
    return dict(pairs)


def zig_version() -> str | None:
    """The installed zig's version, or None when `ziglang` is missing or broken."""
    if importlib.util.find_spec("ziglang") is None:
        return None
    try:
        done = subprocess.run([sys.executable, "-m", "ziglang", "version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def lib_dir() -> Path:
    """zig's library folder (libc sources and headers)."""
    return Path(zig_env()["lib_dir"])


def _cache_dir() -> Path:
    found = os.environ.get("ZIG_GLOBAL_CACHE_DIR") or zig_env().get("global_cache_dir")
    if not found:
        raise ToolchainFailure("zig env names no global cache folder")
    return Path(found)


def _libc_marker(target: str, mode: str) -> Path:
    return _cache_dir() / "wasm-playground" / f"libc-{zig_env().get('version', '?')}-{target}-{mode}.built"


def libc_cached(target: str, mode: str) -> bool:
    """Whether we have seen zig build its libc for this target and mode (so a compile is quick)."""
    return _libc_marker(target, mode).exists()


def note_libc_cached(target: str, mode: str) -> None:
    """Remember that zig's cache now holds the libc of this target and mode."""
    marker = _libc_marker(target, mode)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only cache only costs the first-compile note
        pass
