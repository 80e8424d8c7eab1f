"""One open buffer (a tab): its editor, where it came from, and what the engine last made of it.

The editor feature makes buffers; the window and the other features read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playground.ui.editor.code_editor import CodeEditor
from playground.ui.editor.live_check import LiveChecker
from playground.workbench.autosave import new_buffer_id
from playground.workbench.buffers import RUNNABLE
from playground.workbench.checking import CheckResult
from playground.workbench.instr_map import InstrMap


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
    instr_map: InstrMap = field(default_factory=InstrMap)  # its instructions by text place (a source map) and by byte
    sample: Path | None = None  # the shipped sample this untitled buffer was opened from
    had_errors: bool = False  # its last check found errors (the Problems tab comes forward when they first appear)

    @property
    def modified(self) -> bool:
        return self.editor.document().isModified()

    @property
    def runnable(self) -> bool:
        return self.language in RUNNABLE

    def display_title(self) -> str:
        return f"{self.title}*" if self.modified else self.title
