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


def describe_sample(path: Path) -> str:
    """The first line's comment (`;; ...` in WAT, `// ...` in WGSL), or '' when there is none."""
    if path.suffix == ".wasm":
        return "WebAssembly binary"
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return ""
    for marker in (";;", "//"):
        if first.startswith(marker):
            return first[len(marker) :].strip()
    return ""


def sample_entries() -> list[SampleEntry]:
    """Every openable sample, sorted by name; empty when the samples folder is missing."""
    try:
        paths = list_resources("samples")
    except ResourceNotFound:
        return []
    return [SampleEntry(p, describe_sample(p)) for p in paths if p.suffix in OPENABLE]
