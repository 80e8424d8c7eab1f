"""A WASI program in the window: its host, its console output, its reactor initialization. No Qt.

The session controller asks `session_imports` for a program's imports: a
module that imports `wasi_snapshot_preview1` gets a `WasiHost` of its own
(argv is the file's name; no environment, no folders, empty stdin, fake
clocks and seeded random: the defaults of hosts/wasi/config.py), whose
stdout and stderr reach the Console a line at a time as the program writes
them ("out" and "error"). `before_start` runs a reactor's `_initialize`
before any other export is debugged; `flush` sends a last line that has no
newline once the program ends; `close` ends the host with its session.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Callable

from playground.hosts import host_imports
from playground.hosts.wasi import WasiConfig, WasiHost, imports_wasi, initialize
from playground.hosts.wasi.provider import console_config

START = "_start"


def session_imports(module, file: str | None, output: Callable[[str, str], None]) -> tuple[dict, WasiHost | None]:
    """The imports for a session over `module`, and its WasiHost (None when it imports no WASI)."""
    host = None
    options = {}
    if imports_wasi(module):
        name = PurePath(file).name if file else "main.wasm"
        host = WasiHost(console_config(WasiConfig(args=[name]), output))
        options["wasi_host"] = host
    return host_imports(module, output, **options), host


def before_start(session, host: WasiHost | None, export: str) -> None:
    """Call a reactor's `_initialize` (not stepped) before debugging another of its exports."""
    if host is not None and export not in (START, "_initialize"):
        initialize(session.instance)


def flush(host: WasiHost | None) -> None:
    """Send the program's last partial line of output to the Console (at the end of a run)."""
    if host is not None:
        for callback in (host.config.stdout, host.config.stderr):
            send = getattr(callback, "flush", None)
            if send is not None:
                send()


def close(host: WasiHost | None) -> None:
    """End a session's host: its descriptors closed, its output flushed."""
    if host is not None:
        host.close()
