"""What a WASI program gets from its runner: arguments, environment, standard streams, directories, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from playground.hosts.wasi.clocks import FAKE_EPOCH_NS, FAKE_TICK_NS
from playground.hosts.wasi.errors import WasiConfigError


@dataclass(frozen=True)
class Preopen:
    """A directory the guest may use, under `guest_path` (what `fd_prestat_dir_name` reports).

    `host_path=None` makes an in-memory directory, filled from `files`
    (`{"in.txt": b"...", "sub/x": "text"}`); a host path maps that real
    directory, and only it. `read_only` refuses every change (EPERM, as
    wasmtime answers for a preopen without write permissions).
    """

    guest_path: str
    host_path: str | None = None
    read_only: bool = False
    files: Mapping[str, bytes | str] = field(default_factory=dict)


def parse_dir_option(text: str) -> Preopen:
    """A `--dir` value in wasmtime's shape: `HOST[::GUEST]`, plus `:ro` for a read-only one.

    `--dir data` maps ./data as "data"; `--dir ./out::/out:ro` maps ./out as "/out", read-only.
    """
    read_only = False
    for suffix, ro in ((":ro", True), (":rw", False)):
        if text.endswith(suffix):
            text, read_only = text[: -len(suffix)], ro
            break
    host, sep, guest = text.partition("::")
    if not host or (sep and not guest):
        raise WasiConfigError(f"--dir {text!r}: expected HOST[::GUEST][:ro]")
    return Preopen(guest_path=guest if sep else host, host_path=host, read_only=read_only)


def parse_env_option(text: str, where: str = "--env") -> tuple[str, str]:
    """A `--env` value: `NAME=VALUE`. `where` names it in the error (the window says which row)."""
    name, sep, value = text.partition("=")
    if not name or not sep:
        raise WasiConfigError(f"{where} {text!r}: expected NAME=VALUE")
    return name, value


@dataclass
class WasiConfig:
    """Everything a `WasiHost` is built from. The defaults give a sealed, reproducible run.

    - `args`: argv, the program's name first (wasmtime passes the module's file name).
    - `env`: the environment, as a mapping or (name, value) pairs, in order.
    - `stdin`: bytes, a binary stream, or a callable `read(n) -> bytes`; None is empty input.
    - `stdout`, `stderr`: called with each chunk as the guest writes it; None collects the
      bytes in `WasiHost.stdout` / `.stderr`.
    - `preopens`: the directories the guest sees (none by default, as in wasmtime).
    - `real_time`, `real_random`: the host's clocks and entropy instead of the fake,
      seeded ones (`seed`, `epoch_ns`, `tick_ns`).
    - `max_output_bytes`: stdout and stderr together; a trap past it. None: no limit.
    - `max_memory_fs_bytes`: what in-memory files may hold together (ENOSPC past it).
    - `tty`: report the standard streams as character devices (libc then line-buffers stdout).
    - `bad_pointers`: "trap" (as wasmtime and the preview1 documents) or "errno" (EFAULT).
    - `on_note`: called once per notable event (an unsupported function the guest called).
    """

    args: Sequence[str] = ("main.wasm",)
    env: Mapping[str, str] | Sequence[tuple[str, str]] = ()
    stdin: object = None
    stdout: Callable[[bytes], None] | None = None
    stderr: Callable[[bytes], None] | None = None
    preopens: Sequence[Preopen] = ()
    real_time: bool = False
    real_random: bool = False
    seed: int = 0
    epoch_ns: int = FAKE_EPOCH_NS
    tick_ns: int = FAKE_TICK_NS
    max_output_bytes: int | None = None
    max_memory_fs_bytes: int | None = 64 << 20
    tty: bool = False
    bad_pointers: str = "trap"
    on_note: Callable[[str], None] | None = None

    def env_pairs(self) -> list[tuple[str, str]]:
        env = self.env
        return list(env.items()) if hasattr(env, "items") else [tuple(p) for p in env]
