"""The host modules every front end offers: `run`, `debug`, and the window all ask `host_imports`.

To add a host module, register its provider in `default_registry` (one line),
as the `gpu` module and WASI (`wasi_snapshot_preview1`, hosts/wasi/) are
registered here. WASI's options: `wasi_host=` a `WasiHost` the front end keeps
(its exit status, `close()`), or `wasi=` a `WasiConfig`; with neither, a sealed
environment whose output goes to the console a line at a time.
"""

from __future__ import annotations

from typing import Any

from playground.hosts import gpu
from playground.hosts.wasi import provider as wasi
from playground.hosts.console import Output
from playground.hosts.registry import HostRegistry
from playground.wasm.model import Module


def default_registry() -> HostRegistry:
    """A registry with the playground's host modules; imports from any other module get stand-ins."""
    registry = HostRegistry()
    registry.register(gpu.MODULE_NAME, gpu.provide)
    registry.register(wasi.MODULE_NAME, wasi.provide)
    return registry


DEFAULT_REGISTRY = default_registry()


def host_imports(module: Module, output: Output, **options: Any) -> dict[str, dict[str, Any]]:
    """Something for every import of `module`, from the default registry (see HostRegistry.imports_for).

    Options go to the providers: `gpu_backend="cpu"`, `wasi_host=WasiHost(...)`, say; `limits=`
    (the run's Limits) also bounds the stand-in memories and tables of imports nobody provides.
    """
    return DEFAULT_REGISTRY.imports_for(module, output, **options)
