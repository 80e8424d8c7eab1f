"""The Samples menu's entries: each shipped WAT/WGSL/.wasm sample with its one-line description. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playground.resources import ResourceNotFound, list_resources

OPENABLE = (".wat", ".wgsl", ".wasm")


@dataclass(frozen=True)
class SampleEntry:
    path: Path
    description: str

    @property
    def name(self) -> str:
        return self.path.name


MAX_DESCRIPTION = 110  # characters shown in the menu; the whole sentence is the entry's tooltip


def describe_sample(path: Path, limit: int = MAX_DESCRIPTION) -> str:
    """The first sentence of the opening comment (`;; ...` in WAT, `// ...` in WGSL), or '' when there is none.

    A sentence may run over several comment lines; one longer than `limit`
    characters is cut at a word and ends with "…".
    """
    if path.suffix == ".wasm":
        return "WebAssembly binary"
    words: list[str] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for raw in handle:
                line = raw.strip()
                marker = next((m for m in (";;", "//") if line.startswith(m)), None)
                if marker is None or not line[len(marker) :].strip():
                    break  # the comment ended, or a blank comment line ends the paragraph
                words.append(line[len(marker) :].strip())
                if words[-1].endswith((".", "!", "?", ":")):
                    break
    except (OSError, UnicodeDecodeError):
        return ""
    text = " ".join(words).rstrip(":")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;") + "…"
    return text


def sample_entries() -> list[SampleEntry]:
    """Every openable sample, sorted by name; empty when the samples folder is missing."""
    try:
        paths = list_resources("samples")
    except ResourceNotFound:
        return []
    return [SampleEntry(p, describe_sample(p)) for p in paths if p.suffix in OPENABLE]
