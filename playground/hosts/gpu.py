"""The `gpu` host module (playground/gpu/hostmod.py) as a provider for the registry.

gpu/ sits below hosts/ and knows nothing of the registry; this adapter is the
one place that connects them. The GPU stack (numpy, wgpu) is imported only
when a guest imports from `gpu`, so a plain `run` never pays for it.
"""

from __future__ import annotations

from typing import Any

from playground.hosts.registry import HostContext, HostUnavailable
from playground.wasm.model import Module

MODULE_NAME = "gpu"  # gpu/hostmod.py's MODULE_NAME, not imported from there so that numpy loads only when needed


def provide(module: Module, context: HostContext) -> dict[str, Any]:
    """The `gpu` host functions: kernels on the guest's memory, each call described on the console ("info").

    Option `gpu_backend`: "auto", "gpu" or "cpu"; None reads PLAYGROUND_GPU (default "auto").
    """
    try:
        from playground.gpu.hostmod import GpuHostModule, env_backend

        backend = context.options.get("gpu_backend") or env_backend("auto")
        host = GpuHostModule(backend=backend, on_call=lambda call: context.output(call.describe(), "info"))
        return host.functions()
    except Exception as exc:  # noqa: BLE001 - no GPU stack (numpy, wgpu, an adapter): the stand-ins still let the code run
        raise HostUnavailable(f"{type(exc).__name__}: {exc}") from exc
