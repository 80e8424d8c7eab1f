"""One open buffer: its editor, where it came from, and what the engine last made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playground.workbench.autosave import new_buffer_id
from playground.workbench.checking import CheckResult
from playground.ui.editor import CodeEditor
from playground.workbench.instr_map import InstrMap
from playground.ui.live_check import LiveChecker

LANGUAGE_BY_SUFFIX = {".wat": "wat", ".wast": "wat", ".wgsl": "wgsl", ".wasm": "wasm"}


def language_of(path: str | Path | None) -> str:
    """The editor language of a file name ("wat" for unknown suffixes)."""
    return LANGUAGE_BY_SUFFIX.get(Path(path).suffix.lower(), "wat") if path else "wat"


@dataclass(eq=False)
class Buffer:
    editor: CodeEditor
    language: str  # wat, wgsl or wasm (a read-only disassembly of `binary`)
    path: Path | None = None
    title: str = "untitled.wat"
    buffer_id: str = field(default_factory=new_buffer_id)
    binary: bytes | None = None  # a .wasm file's bytes, or the assembled WAT
    checker: LiveChecker | None = None
    result: CheckResult | None = None
    instr_map: InstrMap = field(default_factory=InstrMap)
    line_map: dict[tuple[int, int], int] = field(default_factory=dict)  # disassembly: (funcidx, index) -> line
    sample: Path | None = None  # the shipped sample this untitled buffer was opened from

    @property
    def modified(self) -> bool:
        return self.editor.document().isModified()

    @property
    def runnable(self) -> bool:
        return self.language in ("wat", "wasm")

    def display_title(self) -> str:
        return f"{self.title}*" if self.modified else self.title
