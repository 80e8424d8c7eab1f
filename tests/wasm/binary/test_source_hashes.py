"""The `playground.sources` custom section (wasm/binary/source_hashes.py): its bytes, its errors, objdump's lines."""

from __future__ import annotations

import hashlib

import pytest

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.source_hashes import (
    SECTION, SourceHash, add_source_hashes, decode_source_hashes, encode_source_hashes, source_hashes,
)
from playground.wasm.errors import MalformedError
from playground.wasm.objdump import objdump

EMPTY = b"\0asm\x01\0\0\0"
ENTRIES = [SourceHash.of("sort.c", b"int main(void) { return 0; }\n"), SourceHash.of("lib/ü.h", b"")]


def payload(section: bytes) -> bytes:
    """A custom section's payload after its name (the name is short: one-byte lengths)."""
    return section[3 + section[2] :]


def test_the_section_reads_back_in_a_module_and_engines_ignore_it():
    binary = add_source_hashes(EMPTY, ENTRIES)
    module = decode_module(binary)
    assert source_hashes(module) == ENTRIES
    assert source_hashes(decode_module(EMPTY)) is None
    assert ENTRIES[0].matches(b"int main(void) { return 0; }\n") and not ENTRIES[0].matches(b"int main(void) { return 1; }\n")
    assert ENTRIES[1].sha256 == hashlib.sha256(b"").digest()


def test_the_layout_is_version_count_then_path_and_32_bytes():
    section = encode_source_hashes(ENTRIES[:1])
    assert section[0] == 0 and section[3 : 3 + section[2]] == SECTION.encode()
    body = payload(section)
    assert body[:2] == b"\x01\x01" and body[2:9] == b"\x06sort.c" and body[9:] == ENTRIES[0].sha256
    assert len(section) == 2 + 1 + len(SECTION) + 2 + 7 + 32  # about 40 bytes a file, after the name


@pytest.mark.parametrize("bad, words", [
    (b"", "empty section"),
    (b"\x02\x00", "version 2"),
    (b"\x01\x01\x06sort.c" + b"\0" * 31, "cut short"),
    (b"\x01\x01\x06sor", "cut short"),
    (b"\x01\x00\xff", "1 bytes left over"),
])
def test_a_payload_that_does_not_read_is_one_clear_error(bad, words):
    with pytest.raises(MalformedError, match=words):
        decode_source_hashes(bad)


def test_objdump_lists_the_sources_with_their_hashes():
    text = objdump(add_source_hashes(EMPTY, ENTRIES), "m.wasm", details=True)
    assert f' - name: "{SECTION}"' in text
    assert f' - source "sort.c" sha256={ENTRIES[0].sha256.hex()}' in text
    assert f" - source \"lib/ü.h\" sha256={ENTRIES[1].sha256.hex()}" in text
    broken = EMPTY + b"\x00" + bytes((1 + len(SECTION) + 1,)) + bytes((len(SECTION),)) + SECTION.encode() + b"\x07"
    assert " - unreadable: playground.sources: version 7" in objdump(broken, "m.wasm", details=True)
