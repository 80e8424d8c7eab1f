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


# --- a guest that forwards every preview1 function: the calls driven from tests, through WAT ----------
def forwarder_wat() -> str:
    """A module importing every preview1 function and exporting a same-named wrapper that forwards to it."""
    from playground.hosts.wasi import CALLS, MODULE

    imports, exports = [], []
    for name, spec in CALLS.items():
        params = " ".join(str(t) for t in spec.type.params)
        sig = (f" (param {params})" if params else "") + (" (result i32)" if spec.type.results else "")
        imports.append(f'  (import "{MODULE}" "{name}" (func ${name}{sig}))')
        body = " ".join(f"local.get {i}" for i in range(len(spec.type.params)))
        exports.append(f'  (func (export "{name}"){sig} {body} call ${name})')
    return "(module\n" + "\n".join(imports) + '\n  (memory (export "memory") 1)\n' + "\n".join(exports) + "\n)\n"


_FORWARDER = None


def forwarder():
    global _FORWARDER
    if _FORWARDER is None:
        _FORWARDER = load(forwarder_wat())
    return _FORWARDER


class GuestOps:
    """Calls and memory helpers over `call`, `put` and `get`, shared by our guest and wasmtime's.

    A scratch area starts at 1024: iovecs at 1000, counts at 1016/1020, paths at 3000/3100, buffers at 2048 and 4000.
    """

    def call(self, name: str, *args):
        raise NotImplementedError

    def put(self, address: int, data: bytes | str) -> tuple[int, int]:
        raise NotImplementedError

    def get(self, address: int, length: int) -> bytes:
        raise NotImplementedError

    def try_call(self, name: str, *args):
        """The errno, or "trap" when the call traps."""
        try:
            return self.call(name, *args)
        except Exception as exc:  # noqa: BLE001 - ours raise Trap, wasmtime's raise WasmtimeError/Trap
            if type(exc).__name__ in ("Trap", "WasmtimeError"):
                return "trap"
            raise

    def u32(self, address: int) -> int:
        return int.from_bytes(self.get(address, 4), "little")

    def u64(self, address: int) -> int:
        return int.from_bytes(self.get(address, 8), "little")

    def iovecs(self, address: int, *buffers: tuple[int, int]) -> tuple[int, int]:
        """Lay out (buf, len) pairs as an iovec array at `address`; (address, count)."""
        raw = b"".join(b.to_bytes(4, "little") + n.to_bytes(4, "little") for b, n in buffers)
        self.put(address, raw)
        return address, len(buffers)

    def write(self, fd: int, data: bytes | str) -> int:
        """fd_write of `data` (placed at 2048); the errno, the count at 1020."""
        buf, n = self.put(2048, data)
        iov, count = self.iovecs(1000, (buf, n))
        return self.call("fd_write", fd, iov, count, 1020)

    def read(self, fd: int, n: int) -> tuple[int, bytes]:
        """fd_read of up to `n` bytes into 2048; (errno, the bytes read)."""
        iov, count = self.iovecs(1000, (2048, n))
        errno = self.call("fd_read", fd, iov, count, 1020)
        return errno, (self.get(2048, self.u32(1020)) if errno == 0 else b"")

    def open(self, dirfd: int, path: str, *, oflags: int = 0, rights: int = 0x42, fdflags: int = 0, follow: int = 1):
        """path_open; (errno, the new fd or None). Rights default to FD_READ | FD_WRITE."""
        p, n = self.put(3000, path)
        errno = self.call("path_open", dirfd, follow, p, n, oflags, rights, 0, fdflags, 1016)
        return errno, (self.u32(1016) if errno == 0 else None)

    def path_call(self, name: str, dirfd: int, path: str, *rest) -> int:
        """A call shaped (fd, path, len, ...): path_create_directory, path_unlink_file, path_remove_directory."""
        p, n = self.put(3000, path)
        return self.call(name, dirfd, p, n, *rest)

    def two_paths(self, name: str, fd: int, old: str, new_fd: int, new: str, *, flags: int | None = None) -> int:
        """path_rename (flags None) or path_link (with lookup flags for the old path)."""
        o, on = self.put(3000, old)
        w, wn = self.put(3100, new)
        if flags is None:
            return self.call(name, fd, o, on, new_fd, w, wn)
        return self.call(name, fd, flags, o, on, new_fd, w, wn)


class Guest(GuestOps):
    """One WASI host and an instance of the forwarder: `g.call("fd_close", 3)` returns the errno."""

    def __init__(self, config: WasiConfig | None = None, **options) -> None:
        self.host = WasiHost(config or WasiConfig(**options))
        module = forwarder()
        self.instance = instantiate(module, self.host.imports(module))
        self.memory = self.instance.exports.memory

    def call(self, name: str, *args):
        return self.instance.exports[name](*args)

    def put(self, address: int, data: bytes | str) -> tuple[int, int]:
        data = data.encode() if isinstance(data, str) else data
        self.memory.write(address, data)
        return address, len(data)

    def get(self, address: int, length: int) -> bytes:
        return self.memory.read(address, length)

    def close(self) -> None:
        self.host.close()


class WasmtimeGuest(GuestOps):
    """The forwarder under wasmtime (the PyPI package), with the same helpers: the reference for our calls."""

    def __init__(self, *, dirs: dict[str, tuple[Path, bool]] | None = None, stdin: bytes = b"") -> None:
        import wasmtime

        self._work = Path(tempfile.mkdtemp(prefix="wasi-wasmtime-"))
        (self._work / "stdin").write_bytes(stdin)
        config = wasmtime.WasiConfig()
        config.stdin_file = str(self._work / "stdin")
        config.stdout_file = str(self._work / "stdout")
        config.stderr_file = str(self._work / "stderr")
        for guest, (host, mutable) in (dirs or {}).items():
            config.preopen_dir(str(host), guest, mutable)
        engine = wasmtime.Engine()
        self.store = wasmtime.Store(engine)
        self.store.set_wasi(config)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        instance = linker.instantiate(self.store, wasmtime.Module(engine, forwarder_wat()))
        self.exports = instance.exports(self.store)
        self.memory = self.exports["memory"]

    def call(self, name: str, *args):
        from playground.hosts.wasi import CALLS

        signed = []
        for t, v in zip(CALLS[name].type.params, args):
            bits = 64 if str(t) == "i64" else 32
            v &= (1 << bits) - 1
            signed.append(v - (1 << bits) if v >= 1 << (bits - 1) else v)
        return self.exports[name](self.store, *signed)

    def put(self, address: int, data: bytes | str) -> tuple[int, int]:
        data = data.encode() if isinstance(data, str) else data
        self.memory.write(self.store, data, address)
        return address, len(data)

    def get(self, address: int, length: int) -> bytes:
        return bytes(self.memory.read(self.store, address, address + length))

    def close(self) -> None:
        shutil.rmtree(self._work, ignore_errors=True)
