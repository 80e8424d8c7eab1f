"""The one program loader: read a file, tell what it holds, and decode or parse it, with located errors.

Every front end loads its programs here: `run`, `debug`, `wat2wasm`,
`wasm2wat`, `objdump`, the bench and the window.

    source = read_source("fib.wat")       # Source(kind=WAT, file="fib.wat", text=...)
    module = parse_source(source)          # a Module (not validated)
    module = load_module("fib.wasm")       # read, decode and validate in one call

What a file holds: a binary when it starts with the magic `\\0asm` (whatever
its name), else by suffix: `.wasm` a binary (the decoder then says where it
goes wrong), `.wast` a spec script, anything else WAT text. Text must be
UTF-8; a bad byte is a located error (`file:3:14: malformed UTF-8 encoding`).
A file that cannot be read is one `FileError` line: `cannot read add.wat: No
such file or directory`, `...: Is a directory`, or too large.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from playground.errors import PlaygroundError
from playground.wasm.binary.decode import decode_module
from playground.wasm.errors import ParseError, SourceSpan
from playground.wasm.limits import DEFAULT_LIMITS, hint
from playground.wasm.model import Module
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

MAGIC = b"\0asm"
MAX_SOURCE_BYTES = DEFAULT_LIMITS.max_input_bytes  # far beyond any program people write (wasm/limits.py)
_CHUNK = 1 << 20


class FileError(PlaygroundError):
    """A file that cannot be read or written; the message names the file and the reason."""


class SourceKindError(PlaygroundError):
    """A program of a kind the caller cannot use (a .wast script where a module is wanted, text for objdump)."""


class SourceKind(StrEnum):
    """What a program file holds."""

    WAT = "wat"  # a module in the text format
    WASM = "wasm"  # a module in the binary format
    WAST = "wast"  # a spec test script: modules and commands

    @property
    def description(self) -> str:
        """For messages: `WebAssembly text (.wat)`."""
        return {"wat": "WebAssembly text (.wat)", "wasm": "a WebAssembly binary (.wasm)",
                "wast": "a WebAssembly script (.wast)"}[self.value]


@dataclass(frozen=True)
class Source:
    """A program as read: its kind, where it came from, and its bytes (binary) or text (WAT, WAST)."""

    kind: SourceKind
    file: str | None = None
    data: bytes | None = None
    text: str | None = None

    @classmethod
    def of_text(cls, text: str, file: str | None = None, kind: SourceKind = SourceKind.WAT) -> Source:
        """Text that is already in memory (an editor's buffer)."""
        return cls(kind, file, text=text)

    @classmethod
    def of_binary(cls, data: bytes, file: str | None = None) -> Source:
        """Binary bytes that are already in memory."""
        return cls(SourceKind.WASM, file, data=bytes(data))

    @property
    def is_binary(self) -> bool:
        return self.kind is SourceKind.WASM


# --- reading ------------------------------------------------------------------------------------------------


def read_file(path: str | Path, *, limit: int | None = MAX_SOURCE_BYTES) -> bytes:
    """A file's bytes; FileError when it is missing, a directory, unreadable or larger than `limit` (None: no limit).

    Read in chunks, so a device or a pipe without end (`/dev/zero`) costs at
    most `limit` bytes of memory before it is refused.
    """
    chunks, total = [], 0
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(_CHUNK if limit is None else min(_CHUNK, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
                if limit is not None and total > limit:
                    break
    except OSError as exc:
        raise FileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except MemoryError:
        raise FileError(f"cannot read {path}: too large for this machine's memory") from None
    if limit is not None and total > limit:
        size = f"{limit >> 20} MiB" if limit >= 1 << 20 and limit % (1 << 20) == 0 else f"{limit} bytes"
        raise FileError(f"cannot read {path}: larger than {size} ({hint('max_input_bytes')})")
    return b"".join(chunks)


def detect_kind(data: bytes, file: str | Path | None = None) -> SourceKind:
    """What `data` holds: a binary by its magic number, else by the file's suffix (WAT when there is none)."""
    if data[:4] == MAGIC:
        return SourceKind.WASM
    suffix = Path(file).suffix.lower() if file else ""
    if suffix == ".wasm":
        return SourceKind.WASM
    if suffix == ".wast":
        return SourceKind.WAST
    return SourceKind.WAT


def decode_text(data: bytes, file: str | None = None) -> str:
    """Source text as UTF-8; a bad byte raises a ParseError located at it (spec 6.2: source text is UTF-8)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        span = SourceSpan(line, col, line, col + 1, len(before), len(before) + 1, file)
        raise ParseError("malformed UTF-8 encoding", span=span, file=file) from None


def source_from_bytes(data: bytes, file: str | None = None) -> Source:
    """A Source of bytes as they came from a file named `file`."""
    kind = detect_kind(data, file)
    if kind is SourceKind.WASM:
        return Source(kind, file, data=bytes(data))
    return Source(kind, file, text=decode_text(data, file))


def read_source(path: str | Path, *, limit: int | None = MAX_SOURCE_BYTES) -> Source:
    """Read a program file (FileError when it cannot be read or is larger than `limit`; ParseError for text that is not UTF-8)."""
    return source_from_bytes(read_file(path, limit=limit), str(path))


def require(source: Source, *kinds: SourceKind) -> Source:
    """`source`, when it is of one of `kinds`; else SourceKindError saying what it is and what was wanted."""
    if source.kind not in kinds:
        wanted = " or ".join(k.description for k in kinds)
        where = source.file or "the program"
        raise SourceKindError(f"{where} is {source.kind.description}; expected {wanted}")
    return source


# --- decoding and parsing --------------------------------------------------------------------------------


def parse_source(source: Source) -> Module:
    """The module of a WAT or binary source (not validated); MalformedError/ParseError with its location."""
    require(source, SourceKind.WAT, SourceKind.WASM)
    if source.kind is SourceKind.WASM:
        return decode_module(source.data or b"", file=source.file)
    return parse_module(source.text or "", file=source.file)


def load_module(path: str | Path, *, validate: bool = True, limit: int | None = MAX_SOURCE_BYTES) -> Module:
    """Read, decode or parse, and (by default) validate the module in a .wat or .wasm file (at most `limit` bytes)."""
    module = parse_source(read_source(path, limit=limit))
    if validate:
        validate_module(module)
    return module
