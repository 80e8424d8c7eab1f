"""`wasi_snapshot_preview1` for guests compiled from C, Rust or Zig: sandboxed, deterministic by default.

    from playground.hosts.wasi import WasiConfig, WasiHost, Preopen
    host = WasiHost(WasiConfig(args=["hello.wasm"], stdin=b"input", preopens=[Preopen("/data", files={"a.txt": b"1"})]))
    instance = instantiate(module, host.imports(module))
    status = host.run_start(instance)        # proc_exit's code, or 0 when _start returns
    host.stdout, host.stderr                 # when no output callbacks were configured

Files: abi.py (errno values, enums, flags, struct layouts: the one place for
the witx facts), guest.py (checked access to the guest's memory), calls*.py
(the functions, grouped), fdtable.py, resolve.py (the sandbox), memfs.py and
hostfs.py (what backs a preopen), clocks.py, stdio.py, config.py, host.py,
provider.py (the host registry's provider: `from playground.hosts.wasi import provider`).
"""

from playground.hosts.wasi.abi import Errno
from playground.hosts.wasi.calls import CALLS, MODULE
from playground.hosts.wasi.config import Preopen, WasiConfig, parse_dir_option, parse_env_option
from playground.hosts.wasi.errors import ProcExit, WasiConfigError
from playground.hosts.wasi.host import WasiHost, imports_wasi, initialize
from playground.hosts.wasi.stdio import LineWriter, write_through

__all__ = [
    "CALLS",
    "MODULE",
    "Errno",
    "LineWriter",
    "Preopen",
    "ProcExit",
    "WasiConfig",
    "WasiConfigError",
    "WasiHost",
    "imports_wasi",
    "initialize",
    "parse_dir_option",
    "parse_env_option",
    "write_through",
]
