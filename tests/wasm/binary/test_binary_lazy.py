"""Issue 14, item 7: function bodies are checked at once, built on first use, and built compactly."""

from __future__ import annotations

import tracemalloc

import pytest

from playground.wasm.binary import decode_module
from playground.wasm.binary.decode import MAX_FUNCTION_SIZE
from playground.wasm.binary.leb128 import encode_unsigned
from playground.wasm.errors import MalformedError
from playground.wasm.objdump import objdump

HEADER = b"\x00asm\x01\x00\x00\x00"


def section(sid: int, content: bytes) -> bytes:
    return bytes([sid]) + encode_unsigned(len(content)) + content


def module(*bodies: bytes, datacount: bool = False, data: bytes = b"") -> bytes:
    """Functions of type [] -> [] with these bodies (local declarations included), exported as f0, f1, ..."""
    n = len(bodies)
    types = section(1, b"\x01\x60\x00\x00")
    funcs = section(3, encode_unsigned(n) + b"\x00" * n)
    exports = section(7, encode_unsigned(n) + b"".join(b"\x02f" + bytes([48 + i]) + b"\x00" + bytes([i]) for i in range(n)))
    count = section(12, b"\x01") if datacount else b""
    codes = section(10, encode_unsigned(n) + b"".join(encode_unsigned(len(b)) + b for b in bodies))
    return HEADER + types + funcs + exports + count + codes + data


NOPS = b"\x00" + b"\x01" * 10 + b"\x0b"  # no locals, ten nops, end
LOCALS = b"\x02\x03\x7f\x01\x7e" + b"\x20\x00\x1a\x20\x03\x1a\x0b"  # (local i32 i32 i32 i64) local.get 0 drop ...


def test_bodies_are_built_on_first_use_and_equal_an_eager_decode():
    m = decode_module(module(NOPS, LOCALS))
    assert not any(f.decoded for f in m.funcs)
    second = m.funcs[1]
    assert [i.name for i in second.body] == ["local.get", "drop", "local.get", "drop", "end"]
    assert second.decoded and not m.funcs[0].decoded
    assert [t.name.lower() for t in second.locals] == ["i32", "i32", "i32", "i64"]
    assert second.body[0].offset == module(NOPS, LOCALS).index(b"\x20\x00\x1a")
    assert m == decode_module(module(NOPS, LOCALS))  # equality reads (so decodes) both sides


@pytest.mark.parametrize(
    "body, message",
    [
        (b"\x00\x01", "section size mismatch"),  # no `end`: read on, into the next body
        (b"\x00\xff\x0b", "illegal opcode 0xff"),
        (b"\x00\x0b\x01", "section size mismatch"),  # an instruction after the final end
        (b"\x00\xfc\x09\x00\x0b", "data count section required"),  # data.drop
    ],
)
def test_a_malformed_body_is_an_error_of_decode_module_or_of_its_first_read(body, message):
    data = module(body, NOPS)
    with pytest.raises(MalformedError) as checked:
        decode_module(data, file="t.wasm")
    assert checked.value.message.startswith(message) and checked.value.file == "t.wasm"

    m = decode_module(data, file="t.wasm", check_bodies=False)  # skipped by their size
    assert [i.name for i in m.funcs[1].body][0] == "nop"
    for _ in range(2):  # the error stays: reading again raises again
        with pytest.raises(MalformedError) as read:
            m.funcs[0].body
        assert read.value.message == checked.value.message and read.value.file == "t.wasm"


def test_a_body_past_the_size_limit_is_refused_but_headers_still_show():
    body = b"\x00" + b"\x01" * MAX_FUNCTION_SIZE + b"\x0b"
    data = module(body)
    with pytest.raises(MalformedError) as info:
        decode_module(data, file="big.wasm")
    assert "function body too large" in info.value.message and f"{MAX_FUNCTION_SIZE:,}" in info.value.message
    text = objdump(data, "big.wasm", headers=True, details=True)
    assert "Code start=" in text and "count: 1" in text
    with pytest.raises(MalformedError, match="function body too large"):
        decode_module(data, check_bodies=False).funcs[0].body


def test_headers_do_not_build_bodies(monkeypatch):
    from playground.wasm.binary import decode

    def no_bodies(*args):
        raise AssertionError("objdump -h built a function body")

    monkeypatch.setattr(decode, "decode_expr", no_bodies)
    monkeypatch.setattr(decode, "check_expr", no_bodies)
    assert "Code start=" in objdump(module(NOPS, LOCALS), headers=True, details=True)


def test_recurring_immediates_are_shared():
    body = b"\x00" + b"\x20\x00\x1a" * 2 + b"\x41\x7f\x1a" * 2 + b"\x28\x02\x10\x1a" * 2 + b"\x0b"
    instrs = decode_module(module(body)).funcs[0].body
    local_gets, consts, loads = instrs[0:4:2], instrs[4:8:2], instrs[8:12:2]
    assert local_gets[0].imm == (0,) and local_gets[0].imm is local_gets[1].imm
    assert consts[0].imm == (-1,) and consts[0].imm is consts[1].imm
    assert loads[0].imm == (2, 16) and loads[0].imm is loads[1].imm


def test_an_instruction_costs_about_120_bytes():
    """Was 145 (i32.const 1; drop) and up to 170 (index immediates): RATIONALE "Compact, lazily decoded bodies"."""
    count = 30_000
    body = b"\x00" + b"\x20\x00\x41\x01\x6a\x1a" * (count // 4) + b"\x0b"
    m = decode_module(module(body))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        instrs = m.funcs[0].body
        per_instruction = (tracemalloc.get_traced_memory()[0] - before) / len(instrs)
    finally:
        tracemalloc.stop()
    assert len(instrs) == count + 1
    assert per_instruction < 125
