"""`wasm-playground cc` and playground/toolchain/: zig arguments, real compiles, diagnostics, the missing toolchain.

Compiles use the real zig (the c extra, installed by `make test`); each
program is compiled once per session. Only the -O0 wasm32-wasi libc (the
learner default) and freestanding builds are used, so a fresh machine pays
zig's libc build once (about 30 s), not once per mode.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from playground import cli
from playground.debug.dwarf.sections import debug_sections, dwarf_info, has_line_info
from playground.toolchain import CompileOptions, CompileUsageError, compile_c, zig_arguments
from playground.toolchain import compile as compile_module
from playground.toolchain import zig
from playground.toolchain.diagnostics import parse_diagnostics
from toolchain.c_programs import LOOP, LOOP_OUTPUT, compile_once, require_toolchain

ROOT = Path(__file__).resolve().parents[2]

BAD = """\
#include <stdio.h>
int main(void) {
    int x = y + 1;
    printf("%d\\n", x)
    return 0;
}
"""
UNDEFINED = "int helper(int);\nint main(void) { return helper(2); }\n"
TINY = "int square(int v) { return v * v; }\nstatic int helper(int v) { return v + 1; }\nint add1(int v) { return helper(v); }\n"
LIBRARY = "static int calls;\nint add(int a, int b) { calls++; return a + b; }\nint count(void) { return calls; }\n"
SAXPY = """\
void saxpy(int n, float a, const float *x, float *y) {
    for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}
"""


@pytest.fixture(scope="session")
def loop_wasm(tmp_path_factory) -> Path:
    return compile_once(tmp_path_factory, "loop", LOOP)


@pytest.fixture(scope="session")
def loop_full_debug(tmp_path_factory) -> Path:
    return compile_once(tmp_path_factory, "loopfull", LOOP, CompileOptions(keep_libc_debug=True))


def units(path: Path) -> list[str]:
    info = dwarf_info(debug_sections(path.read_bytes()))
    return [cu.get_top_DIE().attributes["DW_AT_name"].value.decode() for cu in info.iter_CUs()]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          timeout=600)


# --- arguments (no compiler needed) ------------------------------------------------------------------------
def test_learner_defaults_are_O0_g_and_no_ubsan():
    args = zig_arguments(["loop.c"], "loop.wasm", CompileOptions())
    assert args == ["cc", "--target=wasm32-wasi", "-O0", "-g", "-fno-sanitize=undefined", "loop.c", "-o", "loop.wasm"]


def test_options_become_zig_flags():
    simd = zig_arguments(["a.c"], "a.wasm", CompileOptions(opt="-O2", simd=True, dwarf_version=5))
    assert simd[:6] == ["cc", "--target=wasm32-wasi", "-O2", "-gdwarf-5", "-fno-sanitize=undefined", "-msimd128"]
    reactor = zig_arguments(["a.c"], "a.wasm", CompileOptions(reactor=True, exports=("add", "count")))
    assert "-mexec-model=reactor" in reactor and reactor.count("-Wl,--export=add") == 1 and "-Wl,--export=count" in reactor
    free = zig_arguments(["a.c"], "a.wasm", CompileOptions(freestanding=True))
    assert "--target=wasm32-freestanding" in free and "-nostdlib" in free and "-Wl,--export-dynamic" in free
    named = zig_arguments(["a.c"], "a.wasm", CompileOptions(freestanding=True, exports=("square",)))
    assert "-Wl,--export-dynamic" not in named and "-Wl,--export=square" in named
    stripped = zig_arguments(["a.c"], "a.wasm", CompileOptions(opt="-Os", debug=False))
    assert "-s" in stripped and "-g" not in stripped


def test_cpp_sources_go_to_cplusplus_without_exceptions():
    args = zig_arguments(["shapes.cpp"], "shapes.wasm", CompileOptions())
    assert args[0] == "c++" and "-fno-exceptions" in args
    assert zig_arguments(["x.c"], "x.wasm", CompileOptions(cxx=True))[0] == "c++"


def test_reproducible_records_paths_relative_to_the_folder():
    args = zig_arguments(["a.c"], "a.wasm", CompileOptions(reproducible=True), lib=Path("/opt/zig/lib"))
    assert "-fdebug-compilation-dir=." in args and "-ffile-prefix-map=/opt/zig/lib=/zig/lib" in args


def test_an_unknown_level_is_a_usage_error():
    with pytest.raises(CompileUsageError, match="-O7"):
        zig_arguments(["a.c"], "a.wasm", CompileOptions(opt="-O7"))


def test_diagnostics_are_located_and_linker_lines_name_the_source():
    stderr = (
        "bad.c:3:13: error: use of undeclared identifier 'y'\n    3 |     int x = y + 1;\n      |             ^\n"
        "bad.c:1:5: warning: unused variable 'z' [-Wunused-variable]\n"
        "wasm-ld: error: /root/.cache/zig/o/96ca/undef.o: undefined symbol: helper\n2 errors generated.\n"
    )
    found = parse_diagnostics(stderr, ["bad.c", "undef.c"])
    assert [str(d) for d in found] == [
        "bad.c:3:13: error: use of undeclared identifier 'y'",
        "bad.c:1:5: warning: unused variable 'z' [-Wunused-variable]",
        "undef.c: error: undefined symbol: helper",
    ]
    assert [d.is_error for d in found] == [True, False, True]


# --- the missing toolchain: test_which_zig.py ----------------------------------------------------------------------
def test_a_missing_source_is_one_error_line(tmp_path, capsys):
    require_toolchain()
    assert cli.main(["cc", str(tmp_path / "nothere.c")]) == 1
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'nothere.c'}: no such file"


# --- real compiles --------------------------------------------------------------------------------------------
def test_a_compiled_program_runs_and_keeps_only_its_own_dwarf(loop_wasm, loop_full_debug):
    done = run_cli("run", str(loop_wasm))
    assert (done.returncode, done.stdout) == (0, LOOP_OUTPUT)
    assert has_line_info(loop_wasm.read_bytes())
    assert units(loop_wasm) == ["loop.c"]
    full = units(loop_full_debug)
    assert "loopfull.c" in full and len(full) > 5  # wasi-libc and zig's runtime bring their own units
    assert loop_wasm.stat().st_size < 60_000 < loop_full_debug.stat().st_size


def test_trimming_keeps_the_line_table_and_the_variables_exact(loop_wasm, loop_full_debug):
    """The kept unit reads the same before and after trimming: every row and every DIE's attributes."""
    def unit(path, name):
        info = dwarf_info(debug_sections(path.read_bytes()))
        cu = next(cu for cu in info.iter_CUs() if cu.get_top_DIE().attributes["DW_AT_name"].value == name)
        rows = [(e.state.address, e.state.line, e.state.column, e.state.is_stmt)
                for e in info.line_program_for_CU(cu).get_entries() if e.state]
        dies = [(d.tag, sorted((k, repr(v.value)) for k, v in d.attributes.items()
                               if v.form not in ("DW_FORM_ref4", "DW_FORM_sec_offset", "DW_FORM_strp")))
                for d in cu.iter_DIEs()]
        names = [d.attributes["DW_AT_name"].value for d in cu.iter_DIEs() if "DW_AT_name" in d.attributes]
        return rows, dies, names

    trimmed, full = unit(loop_wasm, b"loop.c"), unit(loop_full_debug, b"loopfull.c")
    assert trimmed[0] == full[0] and trimmed[1] == full[1]
    assert trimmed[2] == [n if n != b"loopfull.c" else b"loop.c" for n in full[2]]
    assert b"sum_squares" in trimmed[2] and b"point" in trimmed[2]


def test_dwarf_5_is_trimmed_and_read_too(tmp_path_factory):
    path = compile_once(tmp_path_factory, "loop5", LOOP, CompileOptions(dwarf_version=5))
    info = dwarf_info(debug_sections(path.read_bytes()))
    cus = list(info.iter_CUs())
    assert [cu.header.version for cu in cus] == [5]
    assert any(e.state and e.state.line == 12 for e in info.line_program_for_CU(cus[0]).get_entries())


def test_compile_errors_come_back_located_with_exit_1(tmp_path):
    require_toolchain()
    (tmp_path / "bad.c").write_text(BAD)
    (tmp_path / "bad.wasm").write_bytes(b"earlier output")
    done = run_cli("cc", "bad.c", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[:2] == ["bad.c:3:13: error: use of undeclared identifier 'y'", "bad.c:4:22: error: expected ';' after expression"]
    assert lines[-1] == "2 errors: nothing written" and "Traceback" not in done.stderr
    assert (tmp_path / "bad.wasm").read_bytes() == b"earlier output"  # a failed compile leaves the old file


def test_link_errors_name_the_source_file(tmp_path):
    require_toolchain()
    (tmp_path / "undef.c").write_text(UNDEFINED)
    result = compile_c(["undef.c"], CompileOptions(), cwd=tmp_path)
    assert not result.ok
    assert [str(d) for d in result.errors] == ["undef.c: error: undefined symbol: helper"]


def test_freestanding_exports_every_non_static_function(tmp_path_factory):
    from playground.wasm.loader import load_module
    from playground.wasm.runtime import instantiate

    path = compile_once(tmp_path_factory, "tiny", TINY, CompileOptions(freestanding=True))
    module = load_module(path)
    assert not module.imports
    exports = instantiate(module, {}).exports
    assert exports.square(7) == 49 and exports.add1(41) == 42
    assert "helper" not in {e.name for e in module.exports}


def test_a_reactor_exports_what_is_asked(tmp_path):
    require_toolchain()
    (tmp_path / "lib.c").write_text(LIBRARY)
    done = run_cli("cc", "lib.c", "--reactor", "--export", "add", "--export", "count", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote lib.wasm (") and "debug information for lib.c" in done.stdout
    run = run_cli("run", str(tmp_path / "lib.wasm"), "--invoke", "add", "2", "40")
    assert (run.returncode, run.stdout.strip()) == (0, "42")


def test_simd_lets_clang_vectorise(tmp_path_factory):
    from playground.wasm.loader import load_module

    path = compile_once(tmp_path_factory, "saxpy", SAXPY, CompileOptions(opt="-O2", simd=True, freestanding=True))
    names = {i.op.name for f in load_module(path).funcs for i in f.body}
    assert {"f32x4.mul", "f32x4.add"} <= names


def test_the_first_compile_of_a_mode_says_it_builds_the_c_library(monkeypatch, tmp_path, capsys):
    require_toolchain()
    (tmp_path / "t.c").write_text("int main(void) { return 0; }\n")
    monkeypatch.setattr(compile_module, "libc_cached", lambda target, mode: False)
    assert cli.main(["cc", str(tmp_path / "t.c")]) == 0
    err = capsys.readouterr().err
    assert "note: building zig's C library for wasm32-wasi -O0 (the first compile only; about 30 s)..." in err


def test_same_sources_give_the_same_bytes_in_any_folder(tmp_path):
    require_toolchain()
    outputs = []
    for folder in ("one", "two/deeper"):
        where = tmp_path / folder
        where.mkdir(parents=True)
        (where / "loop.c").write_text(LOOP)
        result = compile_c(["loop.c"], CompileOptions(reproducible=True), cwd=where)
        assert result.ok
        outputs.append(result.output.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_debug_build_records_each_source_s_sha256_and_a_g0_build_does_not(loop_wasm, tmp_path_factory):
    import hashlib

    from playground.wasm.binary.source_hashes import SourceHash, source_hashes
    from playground.wasm.loader import load_module

    recorded = source_hashes(load_module(loop_wasm))
    assert recorded == [SourceHash("loop.c", hashlib.sha256(LOOP.encode()).digest())]
    stripped = compile_once(tmp_path_factory, "loopg0", LOOP, CompileOptions(debug=False))
    assert source_hashes(load_module(stripped)) is None  # -g0: no debug information, nothing about the sources
