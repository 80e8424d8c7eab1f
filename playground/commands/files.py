"""Writing the files named on the command line, with the loader's kind of error.

Files are read by the program loader (playground/wasm/loader.py). A file that
cannot be written is a `FileError` whose message names the file and the
reason (`cannot write out.wasm: No such file or directory`), which the CLI
prints as one line.
"""

from __future__ import annotations

from pathlib import Path

from playground.wasm.loader import FileError


def write(path: str | Path, data: bytes | str) -> None:
    """Write bytes, or text as UTF-8; FileError when the file cannot be written."""
    try:
        if isinstance(data, str):
            Path(path).write_text(data, encoding="utf-8")
        else:
            Path(path).write_bytes(data)
    except OSError as exc:
        raise FileError(f"cannot write {path}: {exc.strerror or exc}") from None
