"""`WasiHost`: one guest's WASI state, and the host functions that give the guest access to it.

    host = WasiHost(WasiConfig(args=["prog.wasm", "x"], stdin=b"...", preopens=[Preopen("/data")]))
    instance = instantiate(module, host.imports(module))
    code = host.run_start(instance)           # runs _start; proc_exit's status, or 0

Every call goes through one wrapper (`_bind`) that turns its outcome into
what the guest sees: an errno, a trap for a bad pointer (or EFAULT when
configured), `ProcExit` passed through to the runner. An `OSError` from a
host directory becomes its errno; any other Python exception is a bug here
and becomes a trap naming the function, never a traceback.
"""

from __future__ import annotations

from playground.hosts.wasi import calls_fd, calls_path, calls_poll, calls_proc  # noqa: F401 - they fill CALLS
from playground.hosts.wasi import fdtable
from playground.hosts.wasi.abi import Errno
from playground.hosts.wasi.calls import CALLS, MODULE
from playground.hosts.wasi.clocks import FakeClock, RealClock, RealRandom, SeededRandom
from playground.hosts.wasi.config import WasiConfig
from playground.hosts.wasi.errors import BadValue, Fail, GuestFault, ProcExit, WasiConfigError, errno_from_os
from playground.hosts.wasi.guest import GuestMemory
from playground.hosts.wasi.hostfs import host_root
from playground.hosts.wasi.memfs import MemFS, populate
from playground.hosts.wasi.stdio import InputSource, OutputSink
from playground.wasm.errors import Trap, WasmError
from playground.wasm.runtime.functions import HostFunc
from playground.wasm.types import ExternKind, ValType


class WasiHost:
    """The state behind `wasi_snapshot_preview1` for one program run: descriptors, clocks, output.

    After the run: `stdout` / `stderr` hold what was written when no callback
    was configured, `exit_code` what `proc_exit` got (None: it was not called),
    `notes` the one-line notes (also sent to `config.on_note`), `preopen_dirs`
    the directory node of each preopen by guest name (in-memory ones can be
    read back with `read_file`).
    """

    def __init__(self, config: WasiConfig | None = None) -> None:
        self.config = config = config or WasiConfig()
        self.args = [a.encode() for a in config.args]
        self.environ = [f"{k}={v}".encode() for k, v in config.env_pairs()]
        self.clock = RealClock() if config.real_time else FakeClock(config.epoch_ns, config.tick_ns)
        self.random = RealRandom() if config.real_random else SeededRandom(config.seed)
        self.out = OutputSink(config.stdout, config.stderr, config.max_output_bytes)
        self.exit_code: int | None = None
        self.notes: list[str] = []
        self._noted: set[str] = set()
        self.memfs = MemFS(self.clock.peek_realtime, config.max_memory_fs_bytes)
        self.fds = fdtable.FdTable()
        self.fds.push(fdtable.Stdin(InputSource(config.stdin)))
        self.fds.push(fdtable.Output("stdout"))
        self.fds.push(fdtable.Output("stderr"))
        self.preopen_dirs: dict[str, object] = {}
        for pre in config.preopens:
            if pre.host_path is None:
                node = self.memfs.root()
                populate(node, dict(pre.files))
            else:
                node = host_root(pre.host_path)
            self.preopen_dirs[pre.guest_path] = node
            self.fds.push(fdtable.Dir(node, read_only=pre.read_only, preopen=pre.guest_path))

    # --- results -------------------------------------------------------------------------
    @property
    def stdout(self) -> bytes:
        return bytes(self.out.captured["stdout"])

    @property
    def stderr(self) -> bytes:
        return bytes(self.out.captured["stderr"])

    def read_file(self, guest_path: str, name: str) -> bytes:
        """The contents of `name` (a path) in the in-memory preopen `guest_path`, after a run."""
        from playground.hosts.wasi.resolve import resolve

        found = resolve(self.preopen_dirs[guest_path], name, follow=True)
        if found.node is None or not hasattr(found.node, "data"):
            raise FileNotFoundError(f"{guest_path}/{name}")
        return bytes(found.node.data)

    def note(self, text: str) -> None:
        """Record a note once (the same text again is dropped)."""
        if text in self._noted:
            return
        self._noted.add(text)
        self.notes.append(text)
        if self.config.on_note is not None:
            self.config.on_note(text)

    def close(self) -> None:
        """Close every descriptor (host files included) and flush output callbacks that buffer (LineWriter)."""
        self.fds.close_all()
        for callback in (self.config.stdout, self.config.stderr):
            flush = getattr(callback, "flush", None)
            if flush is not None:
                flush()

    # --- host functions -----------------------------------------------------------------------
    def functions(self) -> dict[str, HostFunc]:
        """A host function for every preview1 function, by name (unsupported ones return ENOSYS)."""
        return {name: self._bind(spec) for name, spec in CALLS.items()}

    def imports(self, module) -> dict:
        """The import object for `module`'s `wasi_snapshot_preview1` imports: `{MODULE: {name: HostFunc}}`.

        A function preview1 does not define (or a known one imported with another type, which
        would not link) gets a stand-in of the declared type: it returns ENOSYS when its
        result is one i32 (zeros otherwise) and is noted once when first called.
        """
        functions = self.functions()
        out: dict[str, HostFunc] = {}
        for imp in module.imports:
            if imp.module != MODULE or imp.kind is not ExternKind.FUNC:
                continue
            functype = module.types[imp.desc]
            func = functions.get(imp.name)
            if func is None or func.type != functype:
                func = self._unknown(imp.name, functype)
            out[imp.name] = func
        return {MODULE: out} if out else {}

    def _bind(self, spec) -> HostFunc:
        host = self
        name, impl = spec.name, spec.impl
        qualified = f"{MODULE}.{name}"
        returns_errno = bool(spec.type.results)
        efault = self.config.bad_pointers == "errno"

        def call(caller, *args):
            if impl is None:
                host.note(f"{qualified} is not supported here: it returns ENOSYS")
                return int(Errno.NOSYS)
            mem = GuestMemory(caller.memory)
            try:
                result = impl(host, mem, *args)
            except Fail as fail:
                return int(fail.errno)
            except BadValue as bad:
                raise Trap(f"{qualified}: {bad}") from None
            except GuestFault as fault:
                if efault and returns_errno:
                    return int(Errno.FAULT)
                raise Trap(f"{qualified}: {fault}") from None
            except OSError as exc:
                return int(errno_from_os(exc))
            except (ProcExit, WasmError, RecursionError):
                raise
            except Exception as exc:  # noqa: BLE001 - a bug in this host must reach the user as a trap
                raise Trap(f"{qualified}: internal error in the WASI host ({type(exc).__name__}: {exc})") from exc
            if not returns_errno:
                return None
            return int(result or 0)

        return HostFunc(call, spec.type, name=qualified, raw=True, caller=True)

    def _unknown(self, name: str, functype) -> HostFunc:
        host = self
        qualified = f"{MODULE}.{name}"
        zeros = [None if t.is_ref else 0 for t in functype.results]
        errno_result = tuple(functype.results) == (ValType.I32,)

        def call(caller, *args):
            host.note(f"{qualified} is not a preview1 function this host provides (as imported): it returns ENOSYS")
            if errno_result:
                return int(Errno.NOSYS)
            return zeros[0] if len(zeros) == 1 else (tuple(zeros) if zeros else None)

        return HostFunc(call, functype, name=qualified, raw=True, caller=True)

    # --- running --------------------------------------------------------------------------------
    def run_start(self, instance, invoke=None) -> int:
        """Run a command's `_start` (or `invoke(instance)`); the exit status: proc_exit's code, else 0.

        Traps propagate (the runner reports them, exit status 1 by convention);
        for a reactor, call `_initialize` first with `initialize(instance)`.
        """
        if invoke is None and "_start" not in instance.exports:
            raise WasiConfigError("the module exports no _start function (a WASI command has one)")
        try:
            if invoke is not None:
                invoke(instance)
            else:
                instance.exports["_start"]()
        except ProcExit as exit_:
            return exit_.code
        return 0


def initialize(instance) -> None:
    """Call a reactor's `_initialize` export when it has one (before any other export, as WASI asks)."""
    init = instance.exports.get("_initialize")
    if init is not None:
        init()


def imports_wasi(module) -> bool:
    """Whether `module` imports anything from `wasi_snapshot_preview1`."""
    return any(imp.module == MODULE for imp in module.imports)
