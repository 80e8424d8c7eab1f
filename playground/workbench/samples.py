"""The Samples menu's entries: each shipped WAT/WGSL/.wasm sample with its one-line description. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playground.resources import ResourceNotFound, list_resources, resource_dir

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
        if not path.with_suffix(".c").is_file():
            return "WebAssembly binary"
        path = path.with_suffix(".c")  # a C sample (samples/c/): its source's `//` comment describes it
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
    """Every openable sample, sorted by name, then the built C samples (samples/c/*.wasm); empty when the samples folder is missing."""
    try:
        paths = list_resources("samples")
        c_samples = resource_dir("samples") / "c"
    except ResourceNotFound:
        return []
    if c_samples.is_dir():
        paths += sorted(c_samples.glob("*.wasm"))
    return [SampleEntry(p, describe_sample(p)) for p in paths if p.suffix in OPENABLE]
