"""The WASI options `run` and `debug` share, in wasmtime's shape, and the host they make.

    wasm-playground run prog.wasm --dir data --dir ./out::/out:ro --env NAME=value -- arg1 arg2

A module that imports `wasi_snapshot_preview1` gets a `WasiHost` (hosts/wasi/)
built from these options: argv is the file name as given, then the guest's
arguments; the environment is only what `--env` names (none of the host's);
only the `--dir` folders are visible; the clocks and `random_get` are fake
and seeded unless `--real-time` / `--real-random` ask for the host's.
Output goes to the process's stdout and stderr as the guest writes it.
"""

from __future__ import annotations

import argparse
import sys


def add_wasi_options(parser: argparse.ArgumentParser) -> None:
    """Add --dir, --env, --real-time and --real-random to a command's parser."""
    group = parser.add_argument_group("WASI programs (modules importing wasi_snapshot_preview1)")
    group.add_argument("--dir", dest="dirs", action="append", default=[], metavar="HOST[::GUEST][:ro]",
                       help="let the program see the folder HOST (as GUEST; read-only with :ro); repeatable")
    group.add_argument("--env", dest="env", action="append", default=[], metavar="NAME=VALUE",
                       help="an environment variable for the program; repeatable (it sees no others)")
    group.add_argument("--real-time", action="store_true",
                       help="the host's clocks instead of the fake, reproducible ones")
    group.add_argument("--real-random", action="store_true",
                       help="the host's entropy for random_get instead of a seeded generator")


def text_through(stream):
    """An output callback writing bytes to a text stream's binary buffer, unbuffered and in order.

    The text layer is flushed first, so what the playground printed through it
    (a debugger prompt, a note) stays ahead of the guest's bytes.
    """
    buffer = getattr(stream, "buffer", None)

    def write(data: bytes) -> None:
        stream.flush()
        if buffer is None:  # a stream without bytes (a test's StringIO): text as well as it decodes
            stream.write(data.decode("utf-8", "replace"))
            stream.flush()
            return
        buffer.write(data)
        buffer.flush()

    return write


def standard_input():
    """The process's standard input as a binary stream (None when there is none: the guest reads nothing)."""
    stdin = sys.stdin
    return getattr(stdin, "buffer", None) if stdin is not None else None


def wasi_host(args: argparse.Namespace, module, guest_args, *, stdin, output, max_output_bytes: int | None = None):
    """A `WasiHost` for `module` when it imports WASI (None otherwise), from the parsed options.

    `guest_args` follow the file name in argv; `stdin` is what descriptor 0
    reads; `output(text, kind)` gets the host's notes (an unsupported call);
    `max_output_bytes` bounds what the program writes to stdout and stderr
    together (a trap past it; None: no bound).
    """
    from playground.hosts.wasi import WasiConfig, WasiHost, imports_wasi, parse_dir_option, parse_env_option

    if not imports_wasi(module):
        return None
    config = WasiConfig(
        args=[args.file, *guest_args],
        env=[parse_env_option(e) for e in args.env],
        stdin=stdin,
        stdout=text_through(sys.stdout),
        stderr=text_through(sys.stderr),
        preopens=[parse_dir_option(d) for d in args.dirs],
        real_time=args.real_time,
        real_random=args.real_random,
        on_note=lambda text: output(text, "info"),
        max_output_bytes=max_output_bytes,
    )
    return WasiHost(config)


def function_exports(module) -> list[str]:
    """The names of `module`'s exported functions, in export order."""
    from playground.wasm.types import ExternKind

    return [exp.name for exp in module.exports if exp.kind is ExternKind.FUNC]


def no_start_message(file: str, module) -> str:
    """The one line for a WASI module run without `_start` or `--invoke`: what it exports instead."""
    names = function_exports(module)
    shown = ", ".join(names) if names else "none"
    return f"{file} imports WASI but exports no _start function: choose one with --invoke NAME (its exported functions: {shown})"
