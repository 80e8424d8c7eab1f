"""Which zig compiles C here: found once per process, in a fixed order, and checked before use.

    found = lookup()        # Lookup(zig=Zig(...), problem=None), or Lookup(None, "one line: why and what to do")
    str(found.zig)          # "zig 0.17.1 (PATH: /usr/local/bin/zig)"

The order (docs/RATIONALE.md, "Which zig"):
1. `PLAYGROUND_ZIG=/path/to/zig`: the user's explicit choice. When it names
   no working zig, that is the answer (one line naming the variable), not a
   silent fall back to another zig.
2. The `ziglang` package importable in this Python (`pip install
   'wasm-playground[c]'`), run as `python -m ziglang`. Never in the
   standalone application, whose `sys.executable` is the application itself.
3. A `zig` executable on PATH.

A zig is used when `zig version` answers and it compiles a small C file
for `--target=wasm32-wasi` (a zig built without LLVM, or something else
called zig, does not). Any release that can is accepted; one other than
ZIG_VERSION gets a warning (`version_warning`), since the committed samples
were built with ZIG_VERSION and another release gives other bytes.

What to do when none is found depends on the installation: a pip or pipx
install can add the `c` extra; the standalone application (PyInstaller
sets `sys.frozen`) has no pip, so its user installs zig. `install_hint` is
the one place that says which.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The zig release the committed samples were built with; another release compiles
# too, but its output differs byte for byte.
ZIG_VERSION = "0.17.1"
ENV_VAR = "PLAYGROUND_ZIG"
DOWNLOAD_PAGE = "https://ziglang.org/download/"
PROBE_C = "int playground_probe(int x) { return x + 1; }\n"
VERSION_TIMEOUT_S = 60
PROBE_TIMEOUT_S = 120


@dataclass(frozen=True)
class Zig:
    """A zig that works: `command` is the argv prefix that runs it; `origin` says how it was found."""

    command: tuple[str, ...]
    origin: str  # ENV_VAR, "ziglang package" or "PATH"
    path: str  # the executable (for the ziglang package: the zig inside it)
    version: str

    def __str__(self) -> str:
        return f"zig {self.version} ({self.origin}: {self.path})"


@dataclass(frozen=True)
class Lookup:
    """The result of the search: a zig, or the one line that says why there is none and what to do."""

    zig: Zig | None
    problem: str | None = None


def standalone() -> bool:
    """Whether this is the standalone application (PyInstaller's one-folder build), which has no pip."""
    return bool(getattr(sys, "frozen", False))


def install_hint() -> str:
    """What the user of THIS installation can do to get zig."""
    if standalone():
        return f"install zig from {DOWNLOAD_PAGE} and put it on PATH, or set {ENV_VAR}"
    return "pip install 'wasm-playground[c]'"


def not_found() -> str:
    """The line for an installation where no zig was found anywhere."""
    places = f"{ENV_VAR} is unset, no zig on PATH" if standalone() else \
        f"{ENV_VAR} is unset, no ziglang package, no zig on PATH"
    return f"compiling C needs the zig toolchain, which was not found ({places}): {install_hint()}"


@lru_cache(maxsize=1)
def lookup() -> Lookup:
    """The zig to use (see the module docstring), found and checked once per process (`forget` starts over)."""
    explicit = os.environ.get(ENV_VAR, "").strip()
    if explicit:
        return _explicit(explicit)
    problems = []
    for origin, path, command in _automatic():
        zig, problem = _check(origin, path, command)
        if zig is not None:
            return Lookup(zig)
        problems.append(f"{problem} (set {ENV_VAR} to a zig that works)")
    return Lookup(None, problems[0] if problems else not_found())


def forget() -> None:
    """Search again at the next `lookup` (after PATH or PLAYGROUND_ZIG changed)."""
    lookup.cache_clear()


def version_warning(zig: Zig) -> str | None:
    """One line when `zig` is not the release the samples were built with; None when it is."""
    if zig.version == ZIG_VERSION:
        return None
    return (f"{zig} is not zig {ZIG_VERSION}, the release the prebuilt samples were built with: "
            "it compiles, but not to the same bytes")


def _explicit(value: str) -> Lookup:
    named = f"{ENV_VAR}={value}"
    what_to_do = f"(set {ENV_VAR} to the zig executable, or unset it)"
    path = Path(value) if os.sep in value else Path(shutil.which(value) or value)
    if not path.exists():
        return Lookup(None, f"{named} names no file {what_to_do}")
    if path.is_dir():
        return Lookup(None, f"{named} is a folder, not the zig executable {what_to_do}")
    if not os.access(path, os.X_OK):
        return Lookup(None, f"{named} is not executable {what_to_do}")
    zig, problem = _check(ENV_VAR, str(path), (str(path),), named=named)
    return Lookup(zig) if zig is not None else Lookup(None, f"{problem} {what_to_do}")


def _automatic():
    """(origin, path, command) of the zigs found without being told, in order."""
    if not standalone():
        spec = importlib.util.find_spec("ziglang")
        if spec is not None and spec.origin:
            yield "ziglang package", str(Path(spec.origin).parent / "zig"), (sys.executable, "-m", "ziglang")
    on_path = shutil.which("zig")
    if on_path:
        yield "PATH", on_path, (on_path,)


def _check(origin: str, path: str, command: tuple[str, ...], *, named: str | None = None) -> tuple[Zig | None, str]:
    """(Zig, "") when `command` is a zig that answers `version` and compiles for wasm32-wasi; else (None, why)."""
    who = named or f"the zig of {origin} ({path})"
    try:
        done = subprocess.run([*command, "version"], capture_output=True, text=True, timeout=VERSION_TIMEOUT_S,
                              errors="replace")
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"{who} does not run: {_first_line(str(exc))}"
    version = done.stdout.strip()
    if done.returncode != 0 or not version or not version[0].isdigit():
        answer = _first_line(done.stderr or done.stdout)
        said = f", saying {answer!r}" if answer else ""
        return None, f"{who} is not a zig: `zig version` exited with status {done.returncode}{said}"
    zig = Zig(tuple(command), origin, path, version)
    with tempfile.TemporaryDirectory(prefix="playground-zig-") as folder:
        Path(folder, "probe.c").write_text(PROBE_C, encoding="utf-8")
        try:
            done = subprocess.run([*command, "cc", "--target=wasm32-wasi", "-c", "probe.c", "-o", "probe.o"],
                                  capture_output=True, text=True, cwd=folder, timeout=PROBE_TIMEOUT_S, errors="replace")
        except (OSError, subprocess.SubprocessError) as exc:
            return None, f"{who}, zig {version}, cannot compile C: {_first_line(str(exc))}"
        if done.returncode != 0 or not Path(folder, "probe.o").is_file():
            why = _first_line(done.stderr or done.stdout) or f"exit status {done.returncode}"
            return None, f"{who}, zig {version}, cannot compile C for wasm32-wasi: {why}"
    return zig, ""


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else ""
