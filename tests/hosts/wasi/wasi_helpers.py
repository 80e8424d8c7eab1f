"""Helpers for the WASI tests: load a guest, run it under our interpreter or under wasmtime (the PyPI package)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playground.hosts.wasi import Preopen, WasiConfig, WasiHost
from playground.wasm.errors import Trap
from playground.wasm.runtime import instantiate
from playground.wasm.validate import validate_module

PROGRAMS = Path(__file__).resolve().parent / "programs"


def load(source: str | bytes | Path):
    """A validated module from WAT text, binary bytes, or a .wasm/.wat path."""
    if isinstance(source, Path):
        source = source.read_bytes() if source.suffix == ".wasm" else source.read_text()
    if isinstance(source, bytes):
        from playground.wasm.binary.decode import decode_module

        module = decode_module(source)
    else:
        from playground.wasm.text.parse import parse_module

        module = parse_module(source)
    validate_module(module)
    return module


@dataclass
class Outcome:
    """How a run ended: the exit status (None when it trapped), its output, the trap message."""

    code: int | None
    stdout: bytes
    stderr: bytes
    trap: str | None = None


def run_ours(module, config: WasiConfig) -> tuple[Outcome, WasiHost]:
    host = WasiHost(config)
    try:
        instance = instantiate(module, host.imports(module))
        code, trap = host.run_start(instance), None
    except Trap as exc:
        code, trap = None, exc.message
    finally:
        host.close()
    return Outcome(code, host.stdout, host.stderr, trap), host


def run_program(name: str, args=(), *, stdin: bytes = b"", env=(), dirs: dict[str, Path] | None = None) -> Outcome:
    """Run tests/hosts/wasi/programs/NAME.wasm under our interpreter; `dirs` maps guest names to host folders."""
    preopens = [Preopen(guest, str(host)) for guest, host in (dirs or {}).items()]
    config = WasiConfig(args=[f"{name}.wasm", *args], env=list(env), stdin=stdin, preopens=preopens)
    outcome, _ = run_ours(load(PROGRAMS / f"{name}.wasm"), config)
    return outcome


def run_wasmtime(wasm: bytes | str, args, *, stdin: bytes = b"", env=(), dirs: dict[str, Path] | None = None) -> Outcome:
    """The same run under wasmtime (imports `wasmtime`; skip the test where it is missing)."""
    import wasmtime

    work = Path(tempfile.mkdtemp(prefix="wasi-wasmtime-"))
    try:
        (work / "stdin").write_bytes(stdin)
        config = wasmtime.WasiConfig()
        config.argv = list(args)
        config.env = [list(pair) for pair in env]
        config.stdin_file = str(work / "stdin")
        config.stdout_file = str(work / "stdout")
        config.stderr_file = str(work / "stderr")
        for guest, host in (dirs or {}).items():
            config.preopen_dir(str(host), guest)
        engine = wasmtime.Engine()
        store = wasmtime.Store(engine)
        store.set_wasi(config)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        module = wasmtime.Module(engine, wasm)
        code, trap = 0, None
        try:
            instance = linker.instantiate(store, module)
            instance.exports(store)["_start"](store)
        except wasmtime.ExitTrap as exc:
            code = exc.code
        except wasmtime.WasmtimeError as exc:
            code, trap = None, str(exc)
        return Outcome(code, (work / "stdout").read_bytes(), (work / "stderr").read_bytes(), trap)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def wasmtime_version() -> str:
    """The installed wasmtime package's version, for the record."""
    from importlib.metadata import version

    return version("wasmtime")
