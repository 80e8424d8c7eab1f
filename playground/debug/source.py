"""The program being debugged: its module, the text people read, and where each instruction sits in it.

For WAT input the text is the source itself and each instruction's `span`
points into it. For .wasm input the text is the disassembly
(`playground.wasm.text.print.print_module`) and spans come from its line
map, so the prompt and the GUI show and break on disassembly lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playground.errors import PlaygroundError
from playground.wasm.errors import SourceSpan
from playground.wasm.model import Module


class ProgramError(PlaygroundError):
    """A file that is neither a WebAssembly binary nor WAT text."""


@dataclass
class Program:
    """A validated module plus its text and line map."""

    module: Module
    text: str  # the WAT source, or the disassembly of a binary
    is_binary: bool
    file: str | None = None
    binary: bytes | None = None  # the .wasm bytes (binary input only)
    spans: dict[tuple[int, int], SourceSpan] = field(default_factory=dict)  # (funcidx, instr index) -> span
    line_map: dict[int, tuple[int, int]] = field(default_factory=dict)  # line -> first (funcidx, index) on it
    type_stacks: object = None  # validate.ValidationResult

    def span(self, funcidx: int, index: int) -> SourceSpan | None:
        return self.spans.get((funcidx, index))

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 1 <= line <= len(lines) else ""


def load_program(path: str | Path) -> Program:
    """Read a .wat or .wasm file into a validated Program."""
    data = Path(path).read_bytes()
    if data[:4] == b"\0asm":
        return program_from_binary(data, file=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProgramError(f"{path}: neither a WebAssembly binary nor UTF-8 text") from exc
    return program_from_text(text, file=str(path))


def program_from_text(text: str, *, file: str | None = None) -> Program:
    from playground.wasm.text.parse import parse_module

    return program_from_module(parse_module(text, file=file), text, file=file)


def program_from_module(module: Module, text: str = "", *, file: str | None = None) -> Program:
    """A Program over a parsed module whose instructions carry their own spans (in `text`)."""
    program = Program(module, text, False, file)
    base = module.num_imported_funcs
    for defined, func in enumerate(module.funcs):
        for index, instr in enumerate(func.body):
            if instr.span is not None:
                program.spans[(base + defined, index)] = instr.span
                program.line_map.setdefault(instr.span.line, (base + defined, index))
    return _validated(program)


def program_from_binary(data: bytes, *, file: str | None = None) -> Program:
    from playground.wasm.binary.decode import decode_module
    from playground.wasm.text.print import print_module

    module = decode_module(data, file=file)
    printed = print_module(module)
    program = Program(module, printed.text, True, file, bytes(data))
    starts, offset = [], 0
    for line in printed.text.splitlines(keepends=True):
        starts.append(offset)
        offset += len(line)
    lines = printed.text.splitlines()
    for (funcidx, index), line in sorted(printed.lines.items()):
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        col = len(text) - len(text.lstrip()) + 1
        start = starts[line - 1] + col - 1 if 0 < line <= len(starts) else 0
        program.spans[(funcidx, index)] = SourceSpan(line, col, line, len(text) + 1, start, start + len(text) - col + 1)
        program.line_map.setdefault(line, (funcidx, index))
    return _validated(program)


def _validated(program: Program) -> Program:
    from playground.wasm.validate import validate_module

    program.type_stacks = validate_module(program.module, type_stacks=True)
    return program
