"""The window's C compile job, without Qt: the editor's text in, a debuggable module (or located problems) out.

    build = build_c(text, "sort.c", build_dir)        # runs zig: call it from a worker thread
    build.ok, build.binary, build.module, build.source_map, build.diagnostics

The text is compiled as it is in the editor, not as it is on disk: it is
written to the tab's own build folder under its file name, and compiled
there with the learner's defaults (`-O0 -g`, toolchain/compile.py). The
DWARF then records that copy, so the source map's spans are offsets in
exactly the text that was compiled. Headers beside the original file are
still found (`-I` its folder).

Compiler diagnostics become the editor's `Diagnostic`s (workbench/checking.py)
with a span at their line and column in this text, so they underline like
WAT errors do; a message about another file (a header) or without a place
(the linker) keeps its `file:line:col` in its text and has no span.
`ToolchainMissing` (toolchain/zig.py) is raised, not returned: the window
says how to install the `c` extra.

Without the toolchain, `prebuilt_build` offers the .wasm built beside a .c
file (the samples ship theirs, with DWARF) when it was built from that
file: the tab holds the file's text unchanged (the spans are offsets in
that text), the binary's `playground.sources` section (our compiles write
it: wasm/binary/source_hashes.py) records the SHA-256 of exactly these
bytes, and its line table names the file and gives code only to non-blank
lines of it. zig writes DWARF 4, which has no checksum of the source, so
a binary without our section (built elsewhere, or before we wrote it) gets
the line check alone, and a note says that an edit keeping every line in
place would go unnoticed. Learners without the extra can still debug the
samples by C line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from playground.debug.source import program_from_binary
from playground.debug.sourcemaps.dwarf import DwarfSourceMap, dwarf_source_map
from playground.errors import PlaygroundError
from playground.toolchain import CompileOptions, compile_c, install_hint
from playground.toolchain import Diagnostic as CompilerMessage
from playground.wasm.binary.source_hashes import SECTION as SOURCES_SECTION
from playground.wasm.binary.source_hashes import source_hashes
from playground.wasm.errors import MalformedError, SourceSpan
from playground.wasm.model import Module
from playground.workbench.checking import Diagnostic

NEW_C = """// A new C program: Compile (Ctrl+B), then Debug (Ctrl+D) and step it by C line.
#include <stdio.h>

int square(int x) {
    return x * x;
}

int main(void) {
    int total = 0;
    for (int i = 1; i <= 4; i++) {
        total += square(i);
    }
    printf("total = %d\\n", total);
    return 0;
}
"""


@dataclass
class CBuild:
    """One compile of a C tab. `module` and `source_map` are set when `ok` (the map is None without DWARF)."""

    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    binary: bytes | None = None
    module: Module | None = None
    source_map: DwarfSourceMap | None = None
    wasm_path: Path | None = None
    source_path: Path | None = None
    seconds: float = 0.0
    first_compile: bool = False  # zig built its C library during this compile (the slow first time)
    notes: list[str] = field(default_factory=list)  # what the status bar and console say besides the problems
    prebuilt: bool = False  # not compiled here: the .wasm found beside the .c file (prebuilt_build)
    text: str = ""  # the C text this build was made from (the editor's, when it was compiled)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def summary(self) -> str:
        """One line for the status bar: `compiled sort.c in 0.4 s` or `sort.c: 2 errors`."""
        name = self.source_path.name if self.source_path else "the program"
        if self.prebuilt:
            wasm = self.wasm_path.name if self.wasm_path else "binary"
            return (f"using the prebuilt {wasm}: the C toolchain is not installed "
                    f"({install_hint()} to compile your changes)")
        if not self.ok:
            count = len(self.errors) or 1
            return f"{name}: {count} error{'s' if count > 1 else ''} (see Problems)"
        warnings = len(self.diagnostics) - len(self.errors)
        extra = f", {warnings} warning{'s' if warnings > 1 else ''}" if warnings else ""
        return f"compiled {name} in {self.seconds:.1f} s{extra}"


def build_dir_for(data_dir: Path, buffer_id: str) -> Path:
    """The folder a tab's compiles go to (one per tab, so two tabs named main.c do not overwrite each other)."""
    return Path(data_dir) / "c-build" / buffer_id


def build_c(text: str, name: str, build_dir: Path, *, include_dir: Path | None = None,
            options: CompileOptions = CompileOptions(), on_note=None) -> CBuild:
    """Compile `text` as the C file `name` in `build_dir`; see the module docstring. Blocks for the compile."""
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    source = build_dir / Path(name).name
    source.write_text(text, encoding="utf-8")
    if include_dir is not None:
        options = replace(options, extra=(*options.extra, "-I", str(include_dir)))
    started = time.perf_counter()
    result = compile_c([source.name], options, cwd=build_dir, output=source.with_suffix(".wasm").name, on_note=on_note)
    build = CBuild(result.ok, [_located(m, text, source.name) for m in result.diagnostics], source_path=source,
                   wasm_path=result.output, seconds=time.perf_counter() - started, first_compile=result.first_compile,
                   text=text)
    if not result.ok:
        return build
    build.binary = result.output.read_bytes()
    program = program_from_binary(build.binary, file=str(result.output))
    build.module = program.module
    build.source_map = dwarf_source_map(program, source_dirs=[build_dir], on_note=build.notes.append)
    if build.source_map is None and not build.notes:
        build.notes.append(f"{name} was compiled without line information: it debugs as Wasm instructions")
    return build


def prebuilt_build(source: Path, text: str) -> CBuild | None:
    """The .wasm beside the C file `source` as a build of `text`, when it was built from exactly that file; else None."""
    source = Path(source)
    wasm = source.with_suffix(".wasm")
    try:
        if not wasm.is_file() or source.read_bytes().decode("utf-8", "replace") != text:
            return None  # no binary, or the tab's text is not the file the binary was built from
        binary = wasm.read_bytes()
        program = program_from_binary(binary, file=str(wasm))
    except (OSError, PlaygroundError):
        return None
    notes: list[str] = []
    source_map = dwarf_source_map(program, source_dirs=[source.parent], on_note=notes.append)
    if source_map is None or not _fits(source_map, source, text):
        return None
    try:
        recorded = source_hashes(program.module)
    except MalformedError:
        return None  # a section we cannot read vouches for nothing
    if recorded is None:
        notes.append(f"{wasm.name} records no checksum of {source.name} (it has no {SOURCES_SECTION} section): only "
                     "its line table was compared, so an edit that kept every line in place would not be noticed")
    elif not any(Path(e.path).name == source.name and e.matches(source.read_bytes()) for e in recorded):
        return None  # built from another file, or from this one before an edit
    return CBuild(True, binary=binary, module=program.module, source_map=source_map, wasm_path=wasm,
                  source_path=source, notes=notes, prebuilt=True, text=text)


def _fits(source_map: DwarfSourceMap, source: Path, text: str) -> bool:
    """Whether the line table names `source` (found at that path) and gives code only to non-blank lines of `text`."""
    wanted = source.resolve()
    names = {name for name, path in source_map.source_paths.items() if path is not None and path.resolve() == wanted}
    lines = text.splitlines()
    code = {place.span.line for _key, place in source_map.items() if place.file in names}
    return bool(code) and all(0 < line <= len(lines) and lines[line - 1].strip() for line in code)


def _located(message: CompilerMessage, text: str, name: str) -> Diagnostic:
    """A compiler message as an editor diagnostic: a span in `text` when it is about this file and has a line."""
    severity = "error" if message.is_error else "info" if message.severity == "note" else "warning"
    if message.line and Path(message.file).name == name:
        return Diagnostic(span_at(text, message.line, message.col), message.message, severity)
    return Diagnostic(None, str(message), severity)


def span_at(text: str, line: int, col: int) -> SourceSpan:
    """An empty span at 1-based `line`:`col` of `text` (clamped into it); the editor widens it to the word there."""
    lines = text.splitlines(keepends=True) or [""]
    line = min(max(line, 1), len(lines))
    start = sum(len(part) for part in lines[: line - 1])
    body = lines[line - 1].rstrip("\r\n")
    col = min(max(col, 1), len(body) + 1)
    offset = start + col - 1
    return SourceSpan(line, col, line, col, offset, offset)
