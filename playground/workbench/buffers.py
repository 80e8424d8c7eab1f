"""What the window knows about a buffer without Qt: its language, a new file's text, a binary's disassembly.

A buffer is one editor tab. Its language ("wat", "wgsl", or "wasm" for the
read-only disassembly of a binary) follows the file's suffix; a new buffer
starts from `NEW_WAT` (or an empty WGSL shader) and is called
`untitled-N.wat`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playground.errors import PlaygroundError
from playground.wasm.model import Module
from playground.wasm.text.print import print_module
from playground.workbench.instr_map import InstrMap
from playground.workbench.program import decode_binary
from playground.workbench.session_commands import Program

LANGUAGE_BY_SUFFIX = {".wat": "wat", ".wast": "wat", ".wgsl": "wgsl", ".wasm": "wasm", ".c": "c", ".h": "c"}
RUNNABLE = ("wat", "wasm", "c")  # the languages whose exports the debugger runs (C: its last compile, ui/c/)
SUFFIX_OF_NEW = {"wgsl": "wgsl", "c": "c"}  # a new buffer's suffix by language (else .wat)

NEW_WAT = """;; A new module: export a function and press Run.
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""


def language_of(path: str | Path | None) -> str:
    """The editor language of a file name ("wat" for unknown suffixes)."""
    return LANGUAGE_BY_SUFFIX.get(Path(path).suffix.lower(), "wat") if path else "wat"


def untitled_title(number: int, language: str) -> str:
    """The title of the `number`-th new buffer: `untitled-3.wat`, `untitled-4.wgsl`."""
    return f"untitled-{number}.{SUFFIX_OF_NEW.get(language, 'wat')}"


@dataclass(frozen=True)
class Disassembly:
    """A binary shown as WAT text: the text, the decoded module, and its instructions by line and by byte."""

    text: str
    module: Module
    instr_map: InstrMap  # over the disassembly's lines (a source map) and the binary's offsets


def disassemble(data: bytes, file: str) -> Disassembly:
    """Decode a .wasm binary and print it as WAT (MalformedError and friends when it does not decode)."""
    module = decode_binary(data, file)
    printed = print_module(module)
    return Disassembly(printed.text, module, InstrMap.for_disassembly(module, printed))


def program_of(language: str, text: str, binary: bytes | None, file: str) -> Program:
    """What Run and Debug send for a buffer: a binary's own bytes, else the text as it is now."""
    if language == "wasm":
        return Program(binary=binary, file=file)
    if language == "c":  # the last compile's binary, debugged by the lines of the C file it was built from
        if binary is None:
            raise PlaygroundError("compile the C file first: Compile (Ctrl+B)")
        return Program(binary=binary, file=file, c_source=file)
    return Program(text=text, file=file)
