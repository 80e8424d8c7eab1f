"""What the window knows about a buffer without Qt: language by suffix, titles, a binary's disassembly, what Run sends."""

from __future__ import annotations

import pytest

from playground.wasm.errors import WasmError
from playground.workbench.buffers import NEW_WAT, disassemble, language_of, program_of, untitled_title
from playground.workbench.instr_map import InstrRef
from playground.workbench.program import encode, exports_of, parse_text


def test_language_follows_the_suffix():
    assert language_of("a/b/fib.WAT") == "wat" and language_of("t.wast") == "wat"
    assert language_of("saxpy.wgsl") == "wgsl" and language_of("x.wasm") == "wasm"
    assert language_of("notes.txt") == "wat" and language_of(None) == "wat"


def test_new_buffers():
    assert untitled_title(3, "wat") == "untitled-3.wat" and untitled_title(4, "wgsl") == "untitled-4.wgsl"
    assert [s.name for s in exports_of(parse_text(NEW_WAT))] == ["add"]  # the template runs as it is


def test_a_binary_is_shown_as_text_with_the_line_of_each_instruction():
    data = encode(parse_text(NEW_WAT))
    shown = disassemble(data, "add.wasm")
    lines = shown.text.splitlines()
    assert lines[shown.instr_map.line_of(InstrRef(0, 2)) - 1].strip() == "i32.add"
    assert shown.instr_map.at_line(shown.instr_map.line_of(InstrRef(0, 2))) == InstrRef(0, 2)
    assert shown.instr_map.bytes_of(InstrRef(0, 2)) == (data.index(0x6A), 1)  # i32.add's opcode
    assert [s.name for s in exports_of(shown.module)] == ["add"]
    with pytest.raises(WasmError):
        disassemble(b"\0asm\x02\0\0\0", "bad.wasm")


def test_run_sends_a_binary_s_bytes_and_a_text_as_typed():
    assert program_of("wasm", "(module)", b"\0asm", "a.wasm").binary == b"\0asm"
    program = program_of("wat", "(module)", None, "a.wat")
    assert program.text == "(module)" and program.binary is None and program.file == "a.wat"
