"""Reading and writing the files named on the command line, with one kind of error.

A file that cannot be read or written is a `FileError` whose message names
the file and the reason (`cannot read add.wat: No such file or directory`),
which the CLI prints as one line.
"""

from __future__ import annotations

from pathlib import Path

from playground.errors import PlaygroundError


class FileError(PlaygroundError):
    """A file that cannot be read or written."""


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; FileError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise FileError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_text(path: str | Path) -> str:
    """A source file's text (undecodable bytes kept as surrogates); FileError when it cannot be read."""
    return read_bytes(path).decode("utf-8", errors="surrogateescape")


def write(path: str | Path, data: bytes | str) -> None:
    """Write bytes, or text as UTF-8; FileError when the file cannot be written."""
    try:
        if isinstance(data, str):
            Path(path).write_text(data, encoding="utf-8")
        else:
            Path(path).write_bytes(data)
    except OSError as exc:
        raise FileError(f"cannot write {path}: {exc.strerror or exc}") from None
