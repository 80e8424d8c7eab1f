"""`wasm-playground run` with WASI programs, as wasmtime runs them: _start, argv, env, preopens, stdio, exit status.

Each test runs the real command line in a subprocess, so exit statuses,
the order of stdout and stderr, and piped stdin are the process's own.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "hosts" / "wasi" / "programs"

# A reactor: _initialize writes a line and sets a global the exports read.
REACTOR = """(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $base (mut i32) (i32.const 0))
  (data (i32.const 16) "init\\n")
  (func (export "_initialize")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.set $base (i32.const 40)))
  (func (export "add") (param i32) (result i32) (i32.add (global.get $base) (local.get 0)))
  (func (export "quit") (param i32) (call $proc_exit (local.get 0))))
"""

# Writes "out 1" to stdout, "err" to stderr, "out 2" to stdout, one fd_write each, then traps if asked.
INTERLEAVED = """(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "out 1\\nerr\\nout 2\\n")
  (func $put (param $fd i32) (param $at i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $at))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $put (i32.const 1) (i32.const 32) (i32.const 6))
    (call $put (i32.const 2) (i32.const 38) (i32.const 4))
    (call $put (i32.const 1) (i32.const 42) (i32.const 6))
    (drop (call $args_sizes_get (i32.const 100) (i32.const 104)))
    (if (i32.gt_u (i32.load (i32.const 100)) (i32.const 1)) (then unreachable))))
"""


def run(*args: str, stdin: bytes = b"", merge: bool = False, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "playground", "run", *args],
        input=stdin, capture_output=not merge, stdout=subprocess.PIPE if merge else None,
        stderr=subprocess.STDOUT if merge else None, cwd=cwd, timeout=120,
    )


def program(name: str) -> str:
    return str(PROGRAMS / f"{name}.wasm")


def test_hello_runs_start_and_exits_0_quickly():
    began = time.perf_counter()
    out = run(program("hello"))
    elapsed = time.perf_counter() - began
    assert (out.returncode, out.stdout, out.stderr) == (0, b"hello, world\n2 + 40 = 42\n", b"a note on stderr\n")
    assert elapsed < 20  # it used to print fd_write calls forever


@pytest.mark.parametrize("argv, status, stdout", [
    ((), 3, b"returning 3\natexit handler ran\n"),
    (("exit",), 3, b"calling exit(3)\natexit handler ran\n"),
])
def test_the_exit_status_is_the_program_s(argv, status, stdout):
    out = run(program("exit_code"), *argv)
    assert (out.returncode, out.stdout, out.stderr) == (status, stdout, b"")


def test_arguments_after_double_dash_and_env_options():
    out = run(program("args_env"), "--env", "GREETING=hi there", "--env=EQ=a=b", "--", "one", "--env", "")
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        b"argc=4\nargv[1]=one\nargv[2]=--env\nargv[3]=\nenv GREETING=hi there\nenv EQ=a=b\nGREETING=hi there\n"
    )


def test_options_after_the_file_are_ours_and_the_rest_is_argv():
    out = run(program("args_env"), "one", "--env", "A=1", "two")
    assert out.stdout == b"argc=3\nargv[1]=one\nargv[2]=two\nenv A=1\nGREETING=(unset)\n"


def test_the_host_environment_does_not_leak_in():
    out = subprocess.run([sys.executable, "-m", "playground", "run", program("args_env")], capture_output=True,
                         cwd=ROOT, timeout=120, env={**__import__("os").environ, "GREETING": "from the host"})
    assert b"GREETING=(unset)" in out.stdout


def test_piped_stdin_reaches_the_program():
    out = run(program("stdin_count"), stdin=b"one two\nthree\n")
    assert (out.returncode, out.stdout) == (0, b"ONE TWO\nTHREE\n2 3 14\n")


def test_a_preopened_directory(tmp_path):
    (tmp_path / "in.txt").write_text("hello file\n")
    out = run(program("files"), "--dir", f"{tmp_path}::data")
    assert out.returncode == 0, out.stderr
    assert b"in.txt: hello file\n" in out.stdout and b"dot-dot: Operation not permitted\n" in out.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_a_read_only_preopen_refuses_writes(tmp_path):
    (tmp_path / "in.txt").write_text("hello file\n")
    out = run(program("files"), "--dir", f"{tmp_path}::data:ro")
    assert out.returncode != 0
    assert (tmp_path / "in.txt").read_text() == "hello file\n" and sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_stdout_and_stderr_arrive_in_the_order_written(tmp_path):
    wat = tmp_path / "interleaved.wat"
    wat.write_text(INTERLEAVED)
    out = run(str(wat), merge=True)
    assert (out.returncode, out.stdout) == (0, b"out 1\nerr\nout 2\n")


def test_a_trap_in_a_wasi_program_is_one_error_line_and_status_1(tmp_path):
    wat = tmp_path / "interleaved.wat"
    wat.write_text(INTERLEAVED)
    out = run(str(wat), "--", "make-it-trap")
    assert out.returncode == 1 and out.stdout == b"out 1\nout 2\n"
    assert out.stderr.startswith(b"err\nerror: trap: unreachable") and out.stderr.count(b"\n") == 2


def test_max_output_caps_what_a_wasi_program_writes(tmp_path):
    wat = tmp_path / "interleaved.wat"
    wat.write_text(INTERLEAVED)
    out = run(str(wat), "--max-output", "8")
    assert out.returncode == 1 and out.stdout == b"out 1\n"  # 6 + 2 bytes fit: "err" is cut to "er"
    assert out.stderr.startswith(b"er") and b"output limit reached" in out.stderr and b"--max-output" in out.stderr


def test_a_reactor_is_initialized_before_invoke(tmp_path):
    wat = tmp_path / "reactor.wat"
    wat.write_text(REACTOR)
    out = run(str(wat), "--invoke", "add", "2")
    assert (out.returncode, out.stdout) == (0, b"init\n42\n")
    out = run(str(wat), "--invoke", "quit", "7", "--stats")
    assert (out.returncode, out.stdout) == (7, b"init\n")
    stats = out.stderr.decode()
    assert "stats: instructions=" in stats and int(stats.split("instructions=")[1].split()[0]) > 0


def test_a_wasi_module_without_start_or_invoke_names_its_exports(tmp_path):
    wat = tmp_path / "reactor.wat"
    wat.write_text(REACTOR)
    out = run(str(wat))
    assert out.returncode == 1 and out.stdout == b""
    lines = out.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "exports no _start" in lines[0]
    assert "--invoke NAME" in lines[0] and "_initialize, add, quit" in lines[0]


def test_stats_count_a_program_that_exits():
    out = run(program("exit_code"), "exit", "--stats")
    assert out.returncode == 3
    count = int(out.stderr.decode().split("instructions=")[1].split()[0])
    assert count > 1000


def test_real_time_and_real_random_run():
    out = run(program("clock_random"), "--real-time", "--real-random")
    assert out.returncode == 0 and out.stdout.count(b": yes\n") == 4


def test_a_bad_dir_option_is_one_error_line():
    out = run(program("hello"), "--dir", "x::")
    assert out.returncode == 1 and out.stdout == b""
    assert out.stderr.decode().startswith("error: --dir") and out.stderr.count(b"\n") == 1


def test_a_missing_preopen_is_one_error_line(tmp_path):
    out = run(program("hello"), "--dir", str(tmp_path / "nowhere"))
    assert out.returncode == 1 and out.stdout == b"" and out.stderr.count(b"\n") == 1
    assert out.stderr.startswith(b"error: ")


def test_non_wasi_programs_run_as_before():
    out = run("samples/fib.wat", "--invoke", "fib", "20")
    assert (out.returncode, out.stdout) == (0, b"6765\n")
