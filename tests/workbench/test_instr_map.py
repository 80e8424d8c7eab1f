"""InstrMap: the editor's text position or line <-> instruction <-> bytes, over the debugger's source maps. No Qt."""

from __future__ import annotations

from playground.debug.sourcemaps import DisassemblySourceMap, WatSourceMap
from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.text.parse import parse_module
from playground.wasm.text.print import print_module
from playground.workbench.instr_map import InstrMap, InstrRef

TEXT = """(module
  (func $f (export "f") (param i32) (result i32)
    local.get 0
    (i32.add (i32.const 1) (i32.const 2))
    i32.mul))
"""


def maps() -> tuple[InstrMap, object, bytes]:
    module = parse_module(TEXT)
    data = encode_module(module)
    return InstrMap(module, decode_module(data)), module, data


def test_text_offsets_lines_and_bytes_name_the_same_instruction():
    imap, module, data = maps()
    assert isinstance(imap.source_map, WatSourceMap)
    offset = TEXT.index("i32.const 2") + 4
    ref = imap.at_text(offset)
    assert ref == InstrRef(0, 2)
    span = imap.span_of(ref)
    assert TEXT[span.start : span.end] == "i32.const 2" and imap.line_of(ref) == 4
    start, length = imap.bytes_of(ref)
    assert data[start] == 0x41 and length == 2  # i32.const 2
    assert imap.at_byte(start + 1) == ref and imap.at_byte(start + length) == InstrRef(0, 3)
    assert imap.at_line(4) == InstrRef(0, 1) and imap.at_line(1) is None
    assert imap.at_text(TEXT.index("(module")) is None


def test_a_binary_buffer_maps_its_disassembly_lines():
    _, module, data = maps()
    binary_module = decode_module(data)
    printed = print_module(binary_module)
    imap = InstrMap.for_disassembly(binary_module, printed)
    assert isinstance(imap.source_map, DisassemblySourceMap) and imap.text_module is None
    for (funcidx, index), line in printed.lines.items():
        ref = InstrRef(funcidx, index)
        assert imap.line_of(ref) == line and imap.at_line(line) == ref
        span = imap.span_of(ref)
        assert imap.at_text(span.start) == ref
        assert imap.bytes_of(ref) is not None
    header = printed.func_lines[0]
    assert imap.at_line(header) is None
    assert InstrMap.for_disassembly(binary_module).line_of(InstrRef(0, 0)) == printed.lines[(0, 0)]


def test_an_empty_map_answers_nothing():
    imap = InstrMap()
    assert imap.at_text(0) is None and imap.at_line(1) is None and imap.span_of(InstrRef(0, 0)) is None
    assert imap.at_byte(0) is None and imap.bytes_of(InstrRef(0, 0)) is None
