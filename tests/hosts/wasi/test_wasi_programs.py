"""Real programs compiled from C (programs/*.c, wasi-libc through zig) under our interpreter.

Each program's output and exit status are checked exactly; where the
`wasmtime` package is installed, the same runs are compared with wasmtime,
byte for byte (stdout, stderr, exit status). The committed .wasm files are
checked against a fresh compile where the recorded zig version is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "programs"))

import build  # noqa: E402
from wasi_helpers import PROGRAMS, Outcome, load, run_ours, run_program, run_wasmtime  # noqa: E402

from playground.hosts.wasi import Preopen, WasiConfig  # noqa: E402

# (program, args, stdin, env) -> expected (exit status, stdout, stderr)
CASES = {
    "hello": (("hello", (), b"", ()), Outcome(0, b"hello, world\n2 + 40 = 42\n", b"a note on stderr\n")),
    "args_env": (
        ("args_env", ("one", "two words", ""), b"", (("GREETING", "hi there"), ("EMPTY", ""), ("EQ", "a=b"))),
        Outcome(
            0,
            b"argc=4\nargv[1]=one\nargv[2]=two words\nargv[3]=\n"
            b"env GREETING=hi there\nenv EMPTY=\nenv EQ=a=b\nGREETING=hi there\n",
            b"",
        ),
    ),
    "args_env_empty": (("args_env", (), b"", ()), Outcome(0, b"argc=1\nGREETING=(unset)\n", b"")),
    "return_3": (("exit_code", (), b"", ()), Outcome(3, b"returning 3\natexit handler ran\n", b"")),
    "exit_3": (("exit_code", ("exit",), b"", ()), Outcome(3, b"calling exit(3)\natexit handler ran\n", b"")),
    "stdin": (
        ("stdin_count", (), b"one two\nthree\n\nlast line without newline", ()),
        Outcome(0, b"ONE TWO\nTHREE\n\nLAST LINE WITHOUT NEWLINE3 7 40\n", b""),
    ),
    "stdin_empty": (("stdin_count", (), b"", ()), Outcome(0, b"0 0 0\n", b"")),
    "clock_random": (
        ("clock_random", (), b"", ()),
        Outcome(0, b"monotonic advances: yes\nslept at least 2 ms: yes\nafter 2020: yes\nrandom differs: yes\n", b""),
    ),
}

FILES_OUTPUT = b"""read: first line
read: second line
read: appended
at 6: line, tell=10
size=32 regular=1
in.txt: hello file
data: . .. in.txt sub
data/sub: . .. moved.txt
rmdir non-empty: Directory not empty
unlink: ok
rmdir: ok
data: . .. in.txt
missing: No such file or directory
dot-dot: Operation not permitted
absolute: No such file or directory
"""


@pytest.mark.parametrize("case", list(CASES))
def test_program_output(case):
    (name, args, stdin, env), expected = CASES[case]
    assert run_program(name, args, stdin=stdin, env=env) == expected


def test_files_in_a_host_directory(tmp_path):
    (tmp_path / "in.txt").write_text("hello file\n")
    assert run_program("files", dirs={"data": tmp_path}) == Outcome(0, FILES_OUTPUT, b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]  # the program cleans up after itself


def test_files_in_memory():
    config = WasiConfig(args=["files.wasm"], preopens=[Preopen("data", files={"in.txt": b"hello file\n"})])
    outcome, host = run_ours(load(PROGRAMS / "files.wasm"), config)
    assert outcome == Outcome(0, FILES_OUTPUT, b"")
    assert [name for name, _ in host.preopen_dirs["data"].entries()] == ["in.txt"]


def test_files_without_the_preopen_fails_cleanly():
    outcome = run_program("files")
    assert outcome.code == 1 and outcome.stdout == b"fopen for writing: No such file or directory\n"


def test_clocks_and_random_are_reproducible():
    first = run_program("clock_random", ["show"])
    assert first == run_program("clock_random", ["show"])
    assert b"t0=1000000 t1=2000000 slept=" in first.stdout


@pytest.mark.parametrize(
    "tty, expected",
    [
        # not a terminal: libc buffers stdout fully, so the second line waits for the exit
        (False, [("out", b"hello, world\n"), ("err", b"a note on stderr\n"), ("out", b"2 + 40 = 42\n")]),
        # a terminal: line-buffered, each line as printed
        (True, [("out", b"hello, world\n"), ("out", b"2 + 40 = 42\n"), ("err", b"a note on stderr\n")]),
    ],
)
def test_output_streams_as_written(tty, expected):
    chunks = []
    config = WasiConfig(
        args=["hello.wasm"],
        tty=tty,
        stdout=lambda b: chunks.append(("out", b)),
        stderr=lambda b: chunks.append(("err", b)),
    )
    outcome, _ = run_ours(load(PROGRAMS / "hello.wasm"), config)
    assert outcome.code == 0 and chunks == expected


def test_exit_unwinds_through_the_counting_loop_too():
    from playground.wasm.exec.interface import ExecSettings
    from playground.wasm.exec.step.executor import StepExecutor
    from playground.wasm.runtime import Store, instantiate

    from playground.hosts.wasi import WasiHost

    module = load(PROGRAMS / "exit_code.wasm")
    host = WasiHost(WasiConfig(args=["exit_code.wasm", "exit"]))
    executor = StepExecutor(ExecSettings(fuel=10_000_000))
    instance = instantiate(module, host.imports(module), store=Store(executor=executor))
    assert host.run_start(instance) == 3
    assert host.stdout == b"calling exit(3)\natexit handler ran\n"


# --- against wasmtime ----------------------------------------------------------------------------
@pytest.mark.parametrize("case", list(CASES))
def test_same_as_wasmtime(case):
    pytest.importorskip("wasmtime")
    (name, args, stdin, env), _ = CASES[case]
    wasm = (PROGRAMS / f"{name}.wasm").read_bytes()
    theirs = run_wasmtime(wasm, [f"{name}.wasm", *args], stdin=stdin, env=env)
    assert run_program(name, args, stdin=stdin, env=env) == theirs


def test_files_same_as_wasmtime(tmp_path):
    pytest.importorskip("wasmtime")
    ours_dir, theirs_dir = tmp_path / "ours", tmp_path / "theirs"
    for d in (ours_dir, theirs_dir):
        d.mkdir()
        (d / "in.txt").write_text("hello file\n")
    theirs = run_wasmtime((PROGRAMS / "files.wasm").read_bytes(), ["files.wasm"], dirs={"data": theirs_dir})
    assert run_program("files", dirs={"data": ours_dir}) == theirs


# --- the committed binaries ----------------------------------------------------------------------
@pytest.mark.slow
def test_committed_programs_are_current(tmp_path):
    found = build.zig_version()
    if found != build.ZIG_VERSION:
        pytest.skip(f"needs ziglang {build.ZIG_VERSION} (found {found}) to rebuild the programs byte for byte")
    for source in sorted(PROGRAMS.glob("*.c")):
        fresh = tmp_path / source.with_suffix(".wasm").name
        build.compile_c(source, fresh)
        assert fresh.read_bytes() == source.with_suffix(".wasm").read_bytes(), f"rebuild {source.name}: programs/build.py"
