"""Compile C (or C++) to WebAssembly with zig: the one place that turns options into a zig command.

    result = compile_c(["loop.c"], CompileOptions())       # -O0 -g: what a learner debugs
    result.ok, result.output, result.diagnostics, result.seconds

The defaults are for learning: `-O0 -g` so every variable has a home and
every line its instructions, and `-fno-sanitize=undefined`, because zig
turns UBSan on at -O0 and that adds 29 imports and 1.5 MB to hello world.
A WASI command (`_start`) is the default; `reactor` makes a library whose
exports are called one at a time (`--export NAME`), `freestanding` a tiny
module with no libc at all (every non-static function exported unless
`--export` names some).

With `-g`, the DWARF of the libc and compiler runtime zig links in is
dropped (dwarf_trim.py), leaving only the units of the files compiled here,
unless `keep_libc_debug`. `reproducible` records paths relative to the
compile folder, so the same sources give the same bytes anywhere (the
committed samples are checked that way).

With `-g`, the output also records the SHA-256 of each source file, in
the `playground.sources` custom section (wasm/binary/source_hashes.py):
DWARF 4 has no source checksum, and the window's prebuilt check
(workbench/c_build.py) needs one. `-g0` output stays without it: no
debug information, nothing about the sources.

A compile error is a result (`ok` False, located `diagnostics`), not an
exception: the command prints it and the window underlines it.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playground.errors import PlaygroundError
from playground.toolchain.diagnostics import Diagnostic, parse_diagnostics
from playground.toolchain.dwarf_trim import trim_dwarf
from playground.toolchain.zig import lib_dir, libc_cached, note_libc_cached, run_zig
from playground.wasm.binary.source_hashes import SourceHash, add_source_hashes

OPT_LEVELS = ("-O0", "-O1", "-O2", "-O3", "-Os", "-Oz")
CXX_SUFFIXES = (".cc", ".cpp", ".cxx", ".c++", ".C")
FIRST_COMPILE_NOTE = "building zig's C library for {target} {opt} (the first compile only; about 30 s)"


class CompileUsageError(PlaygroundError):
    """Options or files that cannot be compiled (a missing source, an unknown -O level)."""


@dataclass(frozen=True)
class CompileOptions:
    """How to compile: see the module docstring. `exports` are extra function exports (`-Wl,--export=`)."""

    opt: str = "-O0"
    debug: bool = True
    simd: bool = False
    reactor: bool = False
    freestanding: bool = False
    exports: tuple[str, ...] = ()
    cxx: bool | None = None  # None: C++ when a source ends in .cc/.cpp/.cxx
    dwarf_version: int | None = None  # 4 or 5; None: clang's default (4 for wasm)
    keep_libc_debug: bool = False
    reproducible: bool = False
    extra: tuple[str, ...] = ()  # more clang flags, passed as they are (-D, -I, -Wall, ...)

    @property
    def target(self) -> str:
        return "wasm32-freestanding" if self.freestanding else "wasm32-wasi"


@dataclass
class CompileResult:
    """What a compile produced: `output` exists when `ok`; `diagnostics` holds errors and warnings."""

    ok: bool
    output: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    command: list[str] = field(default_factory=list)  # the zig arguments, for people who want to see them
    seconds: float = 0.0
    first_compile: bool = False  # zig built its libc during this compile
    debug_units: list[str] = field(default_factory=list)  # the compile units whose DWARF was kept
    stderr: str = ""  # zig's own text (diagnostics are parsed from it)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def zig_arguments(sources: list[str], output: str, options: CompileOptions, *, lib: Path | None = None) -> list[str]:
    """The `zig` argv (after `zig`) for compiling `sources` to `output` with `options`."""
    if options.opt not in OPT_LEVELS:
        raise CompileUsageError(f"unknown optimisation level {options.opt} (one of {', '.join(OPT_LEVELS)})")
    cxx = options.cxx if options.cxx is not None else any(s.endswith(CXX_SUFFIXES) for s in sources)
    args = ["c++" if cxx else "cc", f"--target={options.target}", options.opt]
    if options.debug:
        args.append("-g" if options.dwarf_version is None else f"-gdwarf-{options.dwarf_version}")
    else:
        args.append("-s")
    args.append("-fno-sanitize=undefined")
    if cxx:
        args.append("-fno-exceptions")
    if options.simd:
        args.append("-msimd128")
    if options.freestanding:
        args += ["-nostdlib", "-Wl,--no-entry"]
        if not options.exports:
            args += ["-fvisibility=default", "-Wl,--export-dynamic"]  # every non-static function
    elif options.reactor:
        args.append("-mexec-model=reactor")
    args += [f"-Wl,--export={name}" for name in options.exports]
    if options.reproducible and options.debug:
        args.append("-fdebug-compilation-dir=.")
        if lib is not None:
            args.append(f"-ffile-prefix-map={lib}=/zig/lib")
    args += list(options.extra)
    args += [*sources, "-o", output]
    return args


def compile_c(sources: list[str | Path], options: CompileOptions = CompileOptions(), *, output: str | Path | None = None,
              cwd: str | Path | None = None, on_note=None) -> CompileResult:
    """Compile `sources` to a .wasm (default: the first source with `.wasm`); see the module docstring.

    `cwd`: the folder zig runs in (relative sources are relative to it);
    `on_note(text)` hears about slow steps before they start (the first
    compile of a libc).
    """
    folder = Path(cwd) if cwd is not None else Path.cwd()
    names = [str(s) for s in sources]
    if not names:
        raise CompileUsageError("no source file to compile")
    for name in names:
        if not (folder / name).is_file():
            raise CompileUsageError(f"{name}: no such file")
    out = Path(output) if output is not None else Path(names[0]).with_suffix(".wasm")
    out_path = out if out.is_absolute() else folder / out
    lib = lib_dir() if options.reproducible else None
    first = not options.freestanding and not libc_cached(options.target, options.opt)
    if first and on_note is not None:
        on_note(FIRST_COMPILE_NOTE.format(target=options.target, opt=options.opt))
    hashes = [SourceHash.of(name, (folder / name).read_bytes()) for name in names]  # the bytes zig is about to read
    with tempfile.TemporaryDirectory(prefix="playground-cc-") as scratch:
        # zig writes to a scratch file: a failed compile leaves an earlier output in place
        temp = Path(scratch) / "out.wasm"
        args = zig_arguments(names, str(temp), options, lib=lib)
        started = time.perf_counter()
        done = run_zig(args, cwd=folder)
        seconds = time.perf_counter() - started
        diagnostics = parse_diagnostics(done.stderr, names)
        shown = [*args[:-1], str(out)]
        if done.returncode != 0 or not temp.is_file():
            if not any(d.is_error for d in diagnostics):
                message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"zig exited with status {done.returncode}"
                diagnostics.append(Diagnostic(names[0], 0, 0, "error", message))
            return CompileResult(False, out_path, diagnostics, shown, seconds, False, [], done.stderr)
        if not options.freestanding:
            note_libc_cached(options.target, options.opt)
        data = temp.read_bytes()
        units: list[str] = []
        if options.debug and not options.keep_libc_debug:
            data, units = trim_dwarf(data, _own_units(names, folder))
        if options.debug:
            data = add_source_hashes(data, hashes)
        temp.write_bytes(data)  # in zig's own file, so the output keeps the mode zig gives it
        out_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(temp), str(out_path))
    return CompileResult(True, out_path, diagnostics, shown, seconds, first, units, done.stderr)


def _own_units(names: list[str], folder: Path):
    """The unit filter that keeps what was compiled from `names` (as recorded: absolute, or relative to its comp dir)."""
    wanted = {str((folder / n).resolve()) for n in names}
    given = set(names)

    def keep(name: str, comp_dir: str) -> bool:
        if name in given:
            return True
        base = Path(comp_dir) if comp_dir and comp_dir != "." else folder
        return str((base / name).resolve()) in wanted

    return keep
