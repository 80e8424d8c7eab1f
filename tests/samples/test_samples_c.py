"""The C samples (samples/c/): each runs with checked output and exit status, and matches wasmtime byte for byte.

The comparison with wasmtime runs where the `wasmtime` package is installed
(the bench extra); the committed .wasm files are checked against a fresh
compile where the recorded zig version is installed (the c extra).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "c"
sys.path.insert(0, str(ROOT / "tests" / "hosts" / "wasi"))

from wasi_helpers import Outcome, load, run_ours, run_wasmtime  # noqa: E402

from playground.hosts.wasi import Preopen, WasiConfig  # noqa: E402

POEM = SAMPLES / "data" / "poem.txt"

# name -> (sample, argv after the name, stdin, env, preopen "data" of samples/c/data?) and the outcome
CASES = {
    "hello": (("hello", (), b"", (), False), Outcome(0, b"Hello, WebAssembly from C!\n12 squared is 144\n", b"")),
    "echo_args": (
        ("echo_args", ("one", "two words", ""), b"", (("NAME", "Ada"), ("LANG", "C")), False),
        Outcome(
            0,
            b'3 argument(s)\n  argv[1] = "one"\n  argv[2] = "two words"\n  argv[3] = ""\n'
            b"  env: NAME=Ada\n  env: LANG=C\nHello, Ada!\n",
            b"",
        ),
    ),
    "echo_args_bare": (
        ("echo_args", (), b"", (), False),
        Outcome(0, b"0 argument(s)\n  (no environment: pass --env NAME=VALUE)\nHello, stranger!\n", b""),
    ),
    "wc": (
        ("wc", ("data/poem.txt",), b"", (), True),
        Outcome(0, b"      4      23     133 data/poem.txt\n", b""),
    ),
    "wc_missing": (
        ("wc", ("data/poem.txt", "data/missing.txt", "../etc/passwd"), b"", (), True),
        Outcome(
            1,
            b"      4      23     133 data/poem.txt\n",
            b"wc: data/missing.txt: No such file or directory\nwc: ../etc/passwd: No such file or directory\n",
        ),
    ),
    "wc_no_preopen": (
        ("wc", ("data/poem.txt",), b"", (), False),
        Outcome(1, b"", b"wc: data/poem.txt: No such file or directory\n"),
    ),
    "wc_usage": (("wc", (), b"", (), False), Outcome(2, b"", b"usage: wc FILE...\n")),
    "exit_status": (
        ("exit_status", (), b"", (), False),
        Outcome(3, b"about to fail\n", b"exit_status: something went wrong, exiting with status 3\n"),
    ),
    "rot13": (("rot13", (), b"Hello, World!\nabc XYZ 123", (), False), Outcome(0, b"Uryyb, Jbeyq!\nnop KLM 123", b"")),
    "rot13_empty": (("rot13", (), b"", (), False), Outcome(0, b"", b"")),
    # the samples built with DWARF for debugging by C line (tests/debug/test_debug_c*.py step through them)
    "sum_loop": (("sum_loop", (), b"", (), False), Outcome(0, b"sum of squares 1..5 = 55, average 11.0\n", b"")),
    "recursion": (("recursion", (), b"", (), False), Outcome(0, b"5! = 120, fib(7) = 13\n", b"")),
    "points": (("points", (), b"", (), False), Outcome(0, b"a = (3, 4), b = (6, 8), distance squared 25\n", b"")),
    "sort": (("sort", (), b"", (), False), Outcome(0, b"3 7 8 11 19 25 30 42\n", b"")),
    "strings": (
        ("strings", (), b"", (), False),
        Outcome(0, b'dnuorgyalp has 10 letters reversed, "hello, wasm" has 3 vowels\n', b""),
    ),
    "saxpy": (("saxpy", (), b"", (), False), Outcome(0, b"y[0] = 1.0, y[5] = 11.0, y[15] = 31.0\n", b"")),
}


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.c"))


def run_sample(name, args, stdin, env, with_data) -> Outcome:
    preopens = [Preopen("data", str(SAMPLES / "data"), read_only=True)] if with_data else []
    config = WasiConfig(args=[f"{name}.wasm", *args], env=list(env), stdin=stdin, preopens=preopens)
    outcome, _ = run_ours(load(SAMPLES / f"{name}.wasm"), config)
    return outcome


def test_every_sample_has_a_description_a_binary_and_a_case():
    assert {p.stem for p in sample_files()} == {
        "hello", "echo_args", "wc", "exit_status", "rot13", "sum_loop", "recursion", "points", "sort", "strings", "saxpy",
    }
    for source in sample_files():
        first = source.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("// C: ") and first.endswith("."), f"{source.name}: first line must be a // C: description."
        assert source.with_suffix(".wasm").exists(), f"build {source.name}: python samples/c/build.py"
        assert any(case[0][0] == source.stem for case in CASES.values()), source.name


@pytest.mark.parametrize("case", list(CASES))
def test_sample_output_and_exit_status(case):
    (name, args, stdin, env, with_data), expected = CASES[case]
    assert run_sample(name, args, stdin, env, with_data) == expected


@pytest.mark.parametrize("case", list(CASES))
def test_sample_same_as_wasmtime(case):
    pytest.importorskip("wasmtime")
    (name, args, stdin, env, with_data), _ = CASES[case]
    dirs = {"data": SAMPLES / "data"} if with_data else None
    theirs = run_wasmtime((SAMPLES / f"{name}.wasm").read_bytes(), [f"{name}.wasm", *args], stdin=stdin, env=env, dirs=dirs)
    assert run_sample(name, args, stdin, env, with_data) == theirs


def test_samples_from_the_command_line():
    """What the samples' comments tell people to type works as written."""
    def run(*args, stdin=b""):
        return subprocess.run([sys.executable, "-m", "playground", "run", *args], input=stdin,
                              capture_output=True, cwd=ROOT, timeout=120)

    out = run("samples/c/wc.wasm", "--dir", "samples/c/data::data", "--", "data/poem.txt")
    assert (out.returncode, out.stdout) == (0, b"      4      23     133 data/poem.txt\n")
    out = run("samples/c/rot13.wasm", stdin=b"Hello\n")
    assert (out.returncode, out.stdout) == (0, b"Uryyb\n")
    out = run("samples/c/exit_status.wasm")
    assert (out.returncode, out.stdout) == (3, b"about to fail\n")
    out = run("samples/c/echo_args.wasm", "--env", "NAME=Ada", "--", "x")
    assert out.returncode == 0 and b"Hello, Ada!\n" in out.stdout


@pytest.mark.slow
def test_committed_samples_are_current(tmp_path):
    spec = importlib.util.spec_from_file_location("c_build", SAMPLES / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    found = build.zig_version()
    if found != build.ZIG_VERSION:
        pytest.skip(f"needs ziglang {build.ZIG_VERSION} (found {found}) to rebuild the samples byte for byte")
    for source in sample_files():
        fresh = tmp_path / source.with_suffix(".wasm").name
        build.compile_c(source, fresh)
        committed = source.with_suffix(".wasm").read_bytes()
        if fresh.read_bytes() == committed:
            continue
        # Known gap: at -O2, when zig lives inside the checkout (.venv/), clang writes zig's
        # absolute include folder into .debug_line where -ffile-prefix-map does not reach, so
        # that one section depends on where the checkout lives. Everything else must still be
        # identical, section by section.
        ours, theirs = _sections(fresh.read_bytes()), _sections(committed)
        assert [name for name, _ in ours] == [name for name, _ in theirs], f"rebuild {source.name}: samples/c/build.py"
        for (name, a), (_, b) in zip(ours, theirs):
            if a != b:
                assert name == ".debug_line" and (ZIG_PATH in a or ZIG_PATH in b), (
                    f"rebuild {source.name}: section {name} differs; run samples/c/build.py")


ZIG_PATH = b"/ziglang/lib/"


def _sections(data: bytes) -> list[tuple[str, bytes]]:
    """A module's sections as (name, payload): custom sections by their name, the others by id."""
    from playground.wasm.binary.leb128 import read_u32

    found, pos = [], 8
    while pos < len(data):
        section_id = data[pos]
        size, start = read_u32(data, pos + 1)
        payload = data[start : start + size]
        name = str(section_id)
        if section_id == 0:
            length, at = read_u32(payload, 0)
            name = payload[at : at + length].decode()
        found.append((name, payload))
        pos = start + size
    return found


def test_the_samples_menu_lists_the_c_samples_sources_with_their_descriptions():
    from playground.workbench.samples import describe_sample, sample_entries

    entries = {e.path: e for e in sample_entries() if e.path.parent == SAMPLES}
    assert sorted(p.name for p in entries) == sorted(p.name for p in sample_files())  # the .c, each with its .wasm
    for path, entry in entries.items():
        assert path.with_suffix(".wasm").is_file()  # run without the toolchain (c_build.prebuilt_build)
        assert entry.description == describe_sample(path) and entry.description.startswith("C: ")
