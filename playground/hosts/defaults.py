"""The host modules every front end offers: `run`, `debug`, and the window all ask `host_imports`.

To add a host module, register its provider in `default_registry` (one line),
as the `gpu` module is registered here.
"""

from __future__ import annotations

from typing import Any

from playground.hosts import gpu
from playground.hosts.console import Output
from playground.hosts.registry import HostRegistry
from playground.wasm.model import Module


def default_registry() -> HostRegistry:
    """A registry with the playground's host modules; imports from any other module get stand-ins."""
    registry = HostRegistry()
    registry.register(gpu.MODULE_NAME, gpu.provide)
    return registry


DEFAULT_REGISTRY = default_registry()


def host_imports(module: Module, output: Output, **options: Any) -> dict[str, dict[str, Any]]:
    """Something for every import of `module`, from the default registry (see HostRegistry.imports_for).

    Options go to the providers: `gpu_backend="cpu"`, say.
    """
    return DEFAULT_REGISTRY.imports_for(module, output, **options)
