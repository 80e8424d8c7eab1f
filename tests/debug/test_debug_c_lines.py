"""The DWARF source map (debug/sourcemaps/dwarf.py) against a program whose lines we know, in DWARF 4 and 5.

The program is tests/toolchain/c_programs.py's LOOP, compiled with the real
toolchain once per session; every line number below is a line of it.
"""

from __future__ import annotations

import shutil

import pytest

from playground.debug.source import load_program
from playground.debug.sourcemaps.dwarf import DwarfSourceMap, dwarf_source_map
from playground.toolchain import CompileOptions
from toolchain.c_programs import LOOP, LOOP_CODE_LINES, compile_once


@pytest.fixture(scope="module", params=[4, 5], ids=["dwarf4", "dwarf5"])
def loop(request, tmp_path_factory):
    path = compile_once(tmp_path_factory, f"loop{request.param}", LOOP, CompileOptions(dwarf_version=request.param))
    program = load_program(path)
    smap = dwarf_source_map(program)
    assert isinstance(smap, DwarfSourceMap)
    return program, smap, path


def funcidx_of(smap, name: str) -> int:
    return smap.debug_info.by_name[name].funcidx


def line_of(smap, key) -> int | None:
    place = smap.place(*key)
    return place.span.line if place else None


def test_the_lines_with_code_are_the_ones_the_compiler_kept(loop):
    program, smap, path = loop
    file = path.name.replace(".wasm", ".c")
    assert smap.files == (file,) and smap.main_file == file
    assert smap.lines() == LOOP_CODE_LINES
    assert smap.text().splitlines()[11] == "        total += square(i);"


def test_functions_start_after_their_prologue(loop):
    _, smap, _ = loop
    starts = {name: line_of(smap, (funcidx_of(smap, name), smap.function_start(funcidx_of(smap, name))))
              for name in ("square", "sum_squares", "main")}
    assert starts == {"square": 6, "sum_squares": 10, "main": 18}
    for name in starts:
        funcidx = funcidx_of(smap, name)
        assert smap.function_start(funcidx) > 0 and smap.has_lines(funcidx)
        assert line_of(smap, (funcidx, 0)) in (5, 9, 17)  # the prologue is the opening line's
    assert smap.function_name(funcidx_of(smap, "main")) == "main"
    assert program_name(loop, funcidx_of(smap, "main")) == "__original_main"  # what clang calls main(void)


def program_name(loop, funcidx):
    program = loop[0]
    return program.module.names.funcs.get(funcidx)


def test_a_line_is_every_instruction_it_became_even_apart(loop):
    _, smap, _ = loop
    sum_squares = funcidx_of(smap, "sum_squares")
    header = [index for funcidx, index in smap.on_line(11) if funcidx == sum_squares]
    body = [index for funcidx, index in smap.on_line(12) if funcidx == sum_squares]
    assert header and body
    # the for header's test and increment sit on both sides of the body: line 11 is not one run
    assert min(header) < min(body) < max(header)
    assert all(line_of(smap, (sum_squares, i)) == 11 for i in header)
    assert smap.is_statement(sum_squares, min(body)) and not smap.is_statement(sum_squares, min(body) + 1)


def test_breakpoint_lines_resolve_as_gdb_resolves_them(loop):
    _, smap, _ = loop
    sum_squares, square = funcidx_of(smap, "sum_squares"), funcidx_of(smap, "square")
    on_12 = smap.line_targets(12)
    assert on_12.line == 12 and on_12.targets == ((sum_squares, min(i for f, i in smap.on_line(12) if f == sum_squares)),)
    opening = smap.line_targets(9)  # the function's own line: past the prologue, as gdb does
    assert opening.targets == ((sum_squares, smap.function_start(sum_squares)),)
    assert smap.line_targets(13).line == 14  # `}` of the loop: no code, the next line's
    assert smap.line_targets(1).targets == ((square, smap.function_start(square)),)
    assert smap.line_targets(26) is None


def test_spans_cover_the_line_from_the_rows_column(loop):
    _, smap, _ = loop
    text = smap.text()
    for key, place in smap.items():
        span = place.span
        line = text.splitlines()[span.line - 1]
        assert text[span.start : span.end] == line[span.col - 1 :]
        assert span.end_col == len(line) + 1


def test_a_file_is_found_beside_the_wasm_or_in_a_source_dir(loop, tmp_path):
    _, smap, path = loop
    alone = tmp_path / "alone"
    alone.mkdir()
    moved = alone / path.name
    shutil.copy(path, moved)
    source = path.with_suffix(".c")
    hidden = tmp_path / "src"
    hidden.mkdir()
    shutil.move(str(source), hidden / source.name)
    try:
        lost = dwarf_source_map(load_program(moved))
        assert lost.text() is None and lost.lines() == LOOP_CODE_LINES  # lines without their text
        found = dwarf_source_map(load_program(moved), source_dirs=[hidden])
        assert found.text() == LOOP and found.source_paths[found.main_file] == hidden / source.name
    finally:
        shutil.move(str(hidden / source.name), source)


def test_no_line_table_no_map_and_no_reader_a_note(monkeypatch):
    from pathlib import Path

    from playground.debug.sourcemaps import dwarf as dwarf_map

    root = Path(__file__).resolve().parents[2]
    plain = load_program(root / "samples" / "c" / "hello.wasm")  # built without -g
    assert dwarf_source_map(plain) is None
    notes = []
    monkeypatch.setattr(dwarf_map.importlib.util, "find_spec", lambda name: None)
    assert dwarf_source_map(load_program(root / "samples" / "c" / "sum_loop.wasm"), on_note=notes.append) is None
    assert len(notes) == 1
    assert notes[0].endswith("sum_loop.wasm has C line information; to debug it by C line: pip install 'wasm-playground[c]'")
