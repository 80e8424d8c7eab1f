"""Unsaved buffers survive a crash: each modified buffer is copied to a per-user folder. No Qt.

The window writes a buffer here every few seconds while it is modified,
removes it when the buffer is saved or closed on purpose, and on the next
start offers back whatever a crash left behind.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class AutosavedBuffer:
    buffer_id: str
    title: str  # the tab's title
    path: str | None  # the file it belongs to, None for a new buffer
    language: str
    text: str
    saved_at: float


def new_buffer_id() -> str:
    return uuid.uuid4().hex


class AutosaveStore:
    """One JSON file per buffer in `directory`, written atomically."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def _file(self, buffer_id: str) -> Path:
        return self.directory / f"{buffer_id}.json"

    def save(self, buffer_id: str, *, title: str, path: str | None, language: str, text: str) -> Path:
        """Write (or overwrite) the copy of one buffer."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = AutosavedBuffer(buffer_id, title, path, language, text, time.time())
        target = self._file(buffer_id)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(entry)), encoding="utf-8")
        os.replace(temporary, target)  # a crash mid-write never leaves half a file
        return target

    def discard(self, buffer_id: str) -> None:
        """Forget a buffer's copy (saved or closed on purpose)."""
        try:
            self._file(buffer_id).unlink()
        except FileNotFoundError:
            pass

    def pending(self) -> list[AutosavedBuffer]:
        """The copies present now, oldest first; unreadable files are skipped."""
        if not self.directory.is_dir():
            return []
        entries = []
        for file in self.directory.glob("*.json"):
            try:
                entries.append(AutosavedBuffer(**json.loads(file.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError):
                continue
        return sorted(entries, key=lambda e: e.saved_at)
