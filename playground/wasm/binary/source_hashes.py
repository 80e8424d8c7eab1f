"""The `playground.sources` custom section: which source files a binary was compiled from, by SHA-256.

    data = add_source_hashes(binary, [SourceHash("sort.c", digest)])   # toolchain/compile.py, after zig
    entries = source_hashes(module)     # a decoded Module's entries; None when it has no such section

DWARF 4 (what zig writes for wasm) records no checksum of a source file, so
a .c file edited without moving its lines cannot be told from the one a
binary was built from by its line table alone. Our compiles (`cc`, the
window's Compile, samples/c/build.py) therefore append this section of our
own whenever they write debug information.

Payload, after the custom section's name (Wasm's own encodings: LEB128 u32
counts, names as length-prefixed UTF-8):

    version   byte     1
    count     u32      the number of entries
    entry     path     name: the source as the compiler was given it (relative to the folder it ran in)
              sha256   32 bytes: the SHA-256 of the file's bytes as compiled

Engines skip custom sections, so the binary runs as before; the section
costs about 40 bytes a source file. A payload that does not read this way
(another version, cut short) is reported as a problem, never guessed at.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from playground.wasm.binary.leb128 import encode_unsigned, read_unsigned
from playground.wasm.errors import MalformedError

SECTION = "playground.sources"
VERSION = 1
DIGEST_SIZE = 32


@dataclass(frozen=True)
class SourceHash:
    """One compiled source file: its path as the compiler was given it, and the SHA-256 of its bytes."""

    path: str
    sha256: bytes

    @classmethod
    def of(cls, path: str, data: bytes) -> "SourceHash":
        return cls(path, hashlib.sha256(data).digest())

    def matches(self, data: bytes) -> bool:
        """Whether `data` are the bytes this entry was compiled from."""
        return hashlib.sha256(data).digest() == self.sha256


def encode_source_hashes(entries: list[SourceHash]) -> bytes:
    """The whole custom section (id, size, name, payload) for `entries`."""
    name = SECTION.encode("utf-8")
    payload = bytearray(encode_unsigned(len(name)) + name)
    payload += bytes((VERSION,)) + encode_unsigned(len(entries))
    for entry in entries:
        if len(entry.sha256) != DIGEST_SIZE:
            raise ValueError(f"{entry.path}: a SHA-256 digest has {DIGEST_SIZE} bytes, not {len(entry.sha256)}")
        path = entry.path.encode("utf-8")
        payload += encode_unsigned(len(path)) + path + entry.sha256
    return b"\x00" + encode_unsigned(len(payload)) + bytes(payload)


def add_source_hashes(binary: bytes, entries: list[SourceHash]) -> bytes:
    """`binary` with the section appended (at the end, after the `name` section: custom sections may go anywhere)."""
    return bytes(binary) + encode_source_hashes(entries)


def decode_source_hashes(payload: bytes) -> list[SourceHash]:
    """The entries of a section's payload (after its name); MalformedError (offset in the payload) when it does not read."""
    if not payload:
        raise MalformedError(f"{SECTION}: empty section", offset=0)
    if payload[0] != VERSION:
        raise MalformedError(f"{SECTION}: version {payload[0]}, this playground reads version {VERSION}", offset=0)
    try:
        count, pos = read_unsigned(payload, 1, 32)
        entries = []
        for _ in range(count):
            size, pos = read_unsigned(payload, pos, 32)
            path = payload[pos : pos + size].decode("utf-8")
            digest = payload[pos + size : pos + size + DIGEST_SIZE]
            if len(digest) != DIGEST_SIZE:
                raise MalformedError(f"{SECTION}: entry {len(entries)} ({path}) is cut short", offset=pos)
            entries.append(SourceHash(path, bytes(digest)))
            pos += size + DIGEST_SIZE
    except (IndexError, UnicodeDecodeError) as exc:
        raise MalformedError(f"{SECTION}: cut short or not UTF-8 ({exc})", offset=len(payload)) from None
    if pos != len(payload):
        raise MalformedError(f"{SECTION}: {len(payload) - pos} bytes left over after its entries", offset=pos)
    return entries


def source_hashes(module) -> list[SourceHash] | None:
    """The entries of a decoded Module's first `playground.sources` section; None without one (MalformedError if bad)."""
    custom = next((c for c in module.customs if c.name == SECTION), None)
    return decode_source_hashes(custom.data) if custom is not None else None
