"""The WASI host module as a provider for the host registry (playground/hosts/registry.py).

    registry.register(MODULE_NAME, provide)

Front ends pass, through the registry's options, either `wasi_host=` a
`WasiHost` they made (so they keep it: its exit status, its captured output,
`close()` at the end) or `wasi=` a `WasiConfig`. With neither, the guest gets
an empty, sealed environment. Output callbacks left unset in the config go
to the console's `output(text, kind)` a line at a time ("out" for stdout,
"error" for stderr); a command line wants the bytes instead, unchanged, and
passes `stdout=write_through(sys.stdout.buffer)` (stdio.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from playground.hosts.wasi.calls import MODULE
from playground.hosts.wasi.config import WasiConfig
from playground.hosts.wasi.host import WasiHost
from playground.hosts.wasi.stdio import LineWriter

MODULE_NAME = MODULE


def console_config(config: WasiConfig, output: Callable[[str, str], None]) -> WasiConfig:
    """`config` with its unset output callbacks sent to a line-oriented console."""
    return dataclasses.replace(
        config,
        stdout=config.stdout or LineWriter(output, "out"),
        stderr=config.stderr or LineWriter(output, "error"),
        on_note=config.on_note or (lambda text: output(text, "info")),
    )


def provide(module, context) -> dict[str, Any]:
    """The `wasi_snapshot_preview1` functions `module` imports (ENOSYS stand-ins for names preview1 lacks)."""
    host = context.options.get("wasi_host")
    if host is None:
        config = context.options.get("wasi") or WasiConfig()
        host = WasiHost(console_config(config, context.output))
    return host.imports(module).get(MODULE, {})
