"""Host modules for guests: a registry, the printing stand-ins, and the host modules it serves.

    from playground.hosts import host_imports, print_output
    inst = instantiate(module, host_imports(module, print_output, gpu_backend="cpu"))

- registry.py: `HostRegistry` (import module name -> provider) and `HostContext`;
- standins.py: printing stand-ins for unknown imports, the string printer, fresh
  memories, tables and globals;
- gpu.py: the `gpu` module of playground/gpu/hostmod.py as a provider;
- defaults.py: the registry every front end asks (`host_imports`);
- console.py: the `Output` callback type and the command line's console;
- output_limit.py: `OutputLimit`, the cap on what a guest may print (`--max-output`).
"""

from playground.hosts.console import Output, print_output
from playground.hosts.output_limit import OutputLimit, limit_output
from playground.hosts.defaults import DEFAULT_REGISTRY, default_registry, host_imports
from playground.hosts.registry import HostContext, HostRegistry, HostUnavailable, Provider

__all__ = [
    "DEFAULT_REGISTRY",
    "HostContext",
    "HostRegistry",
    "HostUnavailable",
    "Output",
    "OutputLimit",
    "Provider",
    "default_registry",
    "host_imports",
    "limit_output",
    "print_output",
]
