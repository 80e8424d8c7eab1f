"""Decoder errors: the spec's words, the byte offset, the file."""

from __future__ import annotations

import pytest

from playground.wasm.binary import decode_module
from playground.wasm.binary.decode import MAX_FUNCTION_LOCALS
from playground.wasm.errors import MalformedError
from playground.wasm.features import WASM_2

HEADER = b"\x00asm\x01\x00\x00\x00"
TYPE_0 = b"\x01\x04\x01\x60\x00\x00"  # one type: [] -> []
FUNC_0 = b"\x03\x02\x01\x00"  # one function of type 0


def code(*bodies: bytes) -> bytes:
    """A code section holding the given bodies (locals included)."""
    content = bytes([len(bodies)]) + b"".join(bytes([len(b)]) + b for b in bodies)
    return b"\x0a" + bytes([len(content)]) + content


def malformed(data: bytes) -> MalformedError:
    """The error of a module malformed in the 2.0 binary format (3.0 reads section 13 and kind 4 as tags)."""
    with pytest.raises(MalformedError) as info:
        decode_module(data, file="t.wasm", features=WASM_2)
    return info.value


@pytest.mark.parametrize(
    "data, message, offset",
    [
        (b"", "unexpected end", 0),
        (b"\x00asm\x01\x00", "unexpected end", 6),
        (b"\x00ASM\x01\x00\x00\x00", "magic header not detected", 0),
        (b"\x00asm\x02\x00\x00\x00", "unknown binary version", 4),
        (HEADER + b"\x0d\x00", "malformed section id", 8),
        (HEADER + b"\x01\x05\x01", "length out of bounds", 9),
        (HEADER + FUNC_0 + TYPE_0, "unexpected content after last section", 12),
        (HEADER + TYPE_0 + TYPE_0, "unexpected content after last section", 14),
        (HEADER + b"\x01\x05\x01\x60\x00\x00\x00", "section size mismatch", 10),
        (HEADER + TYPE_0 + FUNC_0, "function and code section have inconsistent lengths", 18),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x06\x0b"), "illegal opcode 0x06", 23),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\xfc\x12\x0b"), "illegal opcode 0xfc 18", 23),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x05\x0b"), "END opcode expected", 23),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x3f\x01\x1a\x0b"), "zero byte expected", 24),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x41\x00\x28\x20\x00\x1a\x0b"), "malformed memop flags", 26),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x41\x80\x80\x80\x80\x10\x1a\x0b"), "integer too large", 28),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\xd0\x7f\x1a\x0b"), "malformed reference type", 24),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x02\x60\x0b\x0b"), "malformed value type", 24),
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x01\x01\x60\x0b"), "malformed value type", 24),  # 0x6e: anyref in 3.0
        (HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x02\x40"), "unexpected end of section or function", 25),
        (HEADER + b"\x06\x06\x01\x7f\x02\x41\x00\x0b", "malformed mutability", 12),
        (HEADER + b"\x02\x04\x01\x00\x00\x04", "malformed import kind", 13),
        (HEADER + b"\x07\x04\x01\x00\x04\x00", "malformed export kind", 12),
        (HEADER + b"\x05\x03\x01\x02\x00", "integer too large", 11),
        (HEADER + b"\x00\x03\x02\xc0\x80", "malformed UTF-8 encoding", 10),
        (HEADER + b"\x09\x02\x01\x08", "malformed elements segment kind", 11),
        (HEADER + b"\x0b\x02\x01\x03", "malformed data segment kind", 11),
        (HEADER + b"\x0c\x01\x01", "data count and data section have inconsistent lengths", 11),
        (HEADER + TYPE_0 + FUNC_0 + b"\x05\x03\x01\x00\x00" + code(b"\x00\xfc\x09\x00\x0b") + b"\x0b\x03\x01\x01\x00",
         "data count section required", 37),
    ],
)
def test_malformed(data, message, offset):
    error = malformed(data)
    assert error.message == message
    assert error.offset == offset
    assert error.file == "t.wasm"
    assert str(error) == f"t.wasm: offset 0x{offset:x}: {message}"


def test_too_many_locals():
    body = b"\x02\xff\xff\xff\xff\x0f\x7f\x02\x7e\x0b"  # 2^32 - 1 i32 and 2 i64
    assert malformed(HEADER + TYPE_0 + FUNC_0 + code(body)).message == "too many locals"


def test_implementation_limit_on_locals():
    count = MAX_FUNCTION_LOCALS + 1
    leb = bytes([count & 0x7F | 0x80, count >> 7 & 0x7F | 0x80, count >> 14])
    error = malformed(HEADER + TYPE_0 + FUNC_0 + code(b"\x01" + leb + b"\x7f\x0b"))
    assert error.message.startswith("too many locals")
    ok = decode_module(HEADER + TYPE_0 + FUNC_0 + code(b"\x01\xd0\x86\x03\x7f\x0b"))  # exactly 50000
    assert len(ok.funcs[0].locals) == MAX_FUNCTION_LOCALS


def test_empty_module_and_byte_like_inputs():
    for data in (HEADER, bytearray(HEADER), memoryview(HEADER)):
        module = decode_module(data)
        assert module.types == [] and module.funcs == []


def test_custom_sections_anywhere_are_kept():
    data = HEADER + b"\x00\x03\x01a\x07" + TYPE_0 + b"\x00\x02\x01b"
    module = decode_module(data)
    assert [(c.name, c.data, c.after) for c in module.customs] == [("a", b"\x07", 0), ("b", b"", 1)]


def test_instruction_offsets_are_file_offsets():
    data = HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x41\xff\x00\x1a\x0b")
    body = decode_module(data).funcs[0].body
    assert [(i.name, i.offset, i.length) for i in body] == [("i32.const", 23, 3), ("drop", 26, 1), ("end", 27, 1)]
    assert body[0].imm == (127,)


def test_garbage_collector_state_is_restored():
    import gc

    assert gc.isenabled()
    decode_module(HEADER + TYPE_0 + FUNC_0 + code(b"\x00\x0b"))
    assert gc.isenabled()
    malformed(HEADER + b"\x0d")
    assert gc.isenabled()
    gc.disable()
    try:
        decode_module(HEADER)
        assert not gc.isenabled()
    finally:
        gc.enable()
