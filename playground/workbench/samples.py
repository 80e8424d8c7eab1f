"""The shipped samples and their one-line descriptions: the Samples menu's entries, the catalogue
`wasm-playground samples` prints, and the copy it makes for the user to edit. No Qt."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from playground.errors import PlaygroundError
from playground.resources import ResourceNotFound, list_resources, resource_dir

OPENABLE = (".wat", ".wgsl", ".wasm", ".c")
# The comment that opens a sample and describes it, by kind of file; other files accept either.
COMMENT_MARKERS = {".wat": (";;",), ".wast": (";;",), ".wgsl": ("//",), ".c": ("//",), ".txt": ("#",)}


@dataclass(frozen=True)
class SampleEntry:
    path: Path
    description: str

    @property
    def name(self) -> str:
        return self.path.name


MAX_DESCRIPTION = 110  # characters shown in the menu; the whole sentence is the entry's tooltip


def describe_sample(path: Path, limit: int = MAX_DESCRIPTION) -> str:
    """The first sentence of the opening comment (`;; ...` in WAT, `// ...` in WGSL and C, `# ...` in a
    lesson script), or '' when there is none.

    A sentence may run over several comment lines; one longer than `limit`
    characters is cut at a word and ends with "…".
    """
    if path.suffix == ".wasm":
        if not path.with_suffix(".c").is_file():
            return "WebAssembly binary"
        path = path.with_suffix(".c")  # a C sample (samples/c/): its source's `//` comment describes it
    markers = COMMENT_MARKERS.get(path.suffix, (";;", "//"))
    words: list[str] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for raw in handle:
                line = raw.strip()
                marker = next((m for m in markers if line.startswith(m)), None)
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
    """Every openable sample, sorted by name, then the C samples' sources (samples/c/*.c, each opens in a C tab;
    the .wasm built beside it runs when the toolchain is missing); empty when the samples folder is missing."""
    try:
        paths = list_resources("samples")
        c_samples = resource_dir("samples") / "c"
    except ResourceNotFound:
        return []
    if c_samples.is_dir():
        paths += sorted(c_samples.glob("*.c"))
    return [SampleEntry(p, describe_sample(p)) for p in paths if p.suffix in OPENABLE]


def opens_as_c_source(path: Path) -> bool:
    """Whether the C sample `path` (its .c) opens as its source in a C tab, where it runs: zig compiles it there,
    or the .wasm built beside it has the line table a C tab needs (c_build.prebuilt_build). Else the window
    opens that .wasm (a sample built without debug sections, on a machine without the toolchain)."""
    from playground.toolchain import available
    from playground.workbench.c_build import prebuilt_build

    if available():
        return True
    try:
        return prebuilt_build(path, path.read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


# `wasm-playground samples`: the groups it lists, each a folder of samples/ and the files it shows.
CATALOGUE = (
    ("Lessons (wasm-playground gui --script FILE)", "lessons", "*.txt"),
    ("WebAssembly text", ".", "*.wat"),
    ("WGSL compute shaders", ".", "*.wgsl"),
    ("C programs for WASI (built .wasm beside each)", "c", "*.c"),
    ("C benchmarks (built .wasm beside each)", "bench", "*.c"),
)


@dataclass(frozen=True)
class SampleGroup:
    title: str
    entries: tuple[SampleEntry, ...]


def sample_catalogue() -> list[SampleGroup]:
    """The shipped samples by kind (lessons, WAT, WGSL, C), each with its description; empty when there are none."""
    try:
        root = resource_dir("samples")
    except ResourceNotFound:
        return []
    groups = []
    for title, folder, pattern in CATALOGUE:
        paths = sorted((root / folder).glob(pattern))
        if paths:
            groups.append(SampleGroup(title, tuple(SampleEntry(p, describe_sample(p)) for p in paths)))
    return groups


def _shipped_files(root: Path) -> list[Path]:
    return sorted(
        p.relative_to(root) for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def copy_samples(destination: str | Path, *, force: bool = False) -> list[Path]:
    """Copy every shipped sample (the data and built .wasm files too) into `destination`, keeping the
    folders; returns the files written, relative to it. Refuses, naming them, to overwrite files
    that are already there unless `force`."""
    root = resource_dir("samples")
    target = Path(destination).expanduser()
    if target.exists() and not target.is_dir():
        raise PlaygroundError(f"{target}: not a folder")
    files = _shipped_files(root)
    clashes = [f for f in files if (target / f).exists()]
    if clashes and not force:
        shown = ", ".join(str(f) for f in clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
        raise PlaygroundError(f"{target}: {len(clashes)} of the samples are already there ({shown}); "
                              "add --force to overwrite them")
    for relative in files:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / relative, target / relative)
    return files
