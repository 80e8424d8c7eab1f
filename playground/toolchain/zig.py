"""The C compiler we drive: zig's clang and wasi-libc.

zig bundles a whole C toolchain (clang, wasm-ld, wasi-libc, headers) in one
program, so compiling C needs no system set-up: `zig cc --target=wasm32-wasi`.
Which zig (PLAYGROUND_ZIG, the PyPI package `ziglang`, or PATH) is decided
once, in which_zig.py. It is optional (`pip install 'wasm-playground[c]'`,
or a zig from ziglang.org for the standalone application); without it
every entry point says what this installation can do (`ToolchainMissing`,
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
from functools import lru_cache
from pathlib import Path

from playground.errors import PlaygroundError
from playground.toolchain import which_zig
from playground.toolchain.which_zig import install_hint


class ToolchainMissing(PlaygroundError):
    """No usable C toolchain: no zig found (or the one named does not work), or pyelftools missing."""

    exit_code = 3

    def __init__(self) -> None:
        super().__init__(missing_message())


class ToolchainFailure(PlaygroundError):
    """zig itself could not run (not a compile error in the user's code)."""


def _has_elftools() -> bool:
    return importlib.util.find_spec("elftools") is not None


def available() -> bool:
    """Whether C compiles here: a working zig (which_zig.py), and pyelftools (cc keeps only your DWARF with it)."""
    return which_zig.lookup().zig is not None and _has_elftools()


def missing_message() -> str:
    """The one line that says why C does not compile here, and what this installation can do about it."""
    found = which_zig.lookup()
    if found.zig is None:
        return found.problem or which_zig.not_found()
    if not _has_elftools():
        return f"compiling C also needs pyelftools (cc keeps only your program's DWARF with it): {install_hint()}"
    return which_zig.not_found()  # only where a caller decided it is unavailable (tests)


def _zig() -> which_zig.Zig:
    if not available():
        raise ToolchainMissing()
    return which_zig.lookup().zig


def describe() -> str:
    """Which zig compiles: `zig 0.17.1 (PATH: /usr/local/bin/zig)` (ToolchainMissing without one)."""
    return str(_zig())


def version_warning() -> str | None:
    """One line when the zig used is not ZIG_VERSION (the samples' release); None when it is, or without zig."""
    zig = which_zig.lookup().zig
    return which_zig.version_warning(zig) if zig is not None else None


def forget() -> None:
    """Look for zig again (after PLAYGROUND_ZIG or PATH changed)."""
    which_zig.forget()
    zig_env.cache_clear()


def zig_command() -> list[str]:
    """The argv prefix that runs zig (ToolchainMissing without one)."""
    return list(_zig().command)


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
    """The version of the zig that compiles, or None when there is none."""
    zig = which_zig.lookup().zig
    return zig.version if zig is not None else None


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
