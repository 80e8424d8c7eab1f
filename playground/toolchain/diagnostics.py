"""Compiler messages as values: clang's `file:line:col: error: message`, and the linker's lines.

clang prints each diagnostic on one line and follows it with the source line
and a caret; zig's linker (wasm-ld) names an object file in zig's cache,
which means nothing to a learner, so those lines are given the source file
the object came from. What is neither (zig's own summaries, the snippets)
is dropped: the located lines carry everything a user or the editor needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEVERITIES = ("fatal error", "error", "warning", "note")


@dataclass(frozen=True)
class Diagnostic:
    """One compiler message: `line`/`col` are 1-based, 0 when the message has no place (a link error)."""

    file: str
    line: int
    col: int
    severity: str  # "error", "warning", "note" ("fatal error" counts as an error)
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity in ("error", "fatal error")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


# clang's located line; the linker's (naming an object file); zig's own
_CLANG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>fatal error|error|warning|note): (?P<msg>.*)$")
_LINKER = re.compile(r"^(?:wasm-ld|ld\.lld|lld|error): (?:(?P<sev>error|warning): )?(?:(?P<obj>[^:]+\.o): )?(?P<msg>.*)$")
_ZIG = re.compile(r"^(?P<sev>error|warning): (?P<msg>.*)$")


def parse_diagnostics(text: str, sources: list[str]) -> list[Diagnostic]:
    """The diagnostics in zig's stderr; `sources` (the compiled files, as given) name linker messages."""
    found: list[Diagnostic] = []
    stems = {Path(s).stem: s for s in sources}
    default = sources[0] if sources else "(link)"
    for raw in text.splitlines():
        line = raw.rstrip()
        match = _CLANG.match(line)
        if match:
            found.append(Diagnostic(match["file"], int(match["line"]), int(match["col"]), match["sev"], match["msg"]))
            continue
        match = _LINKER.match(line)
        if match and (line.startswith(("wasm-ld", "ld.lld", "lld")) or match["obj"]):
            obj = match["obj"]
            file = stems.get(Path(obj).stem, default) if obj else default
            found.append(Diagnostic(file, 0, 0, match["sev"] or "error", match["msg"]))
            continue
        match = _ZIG.match(line)
        if match:
            found.append(Diagnostic(default, 0, 0, match["sev"], match["msg"]))
    return found
