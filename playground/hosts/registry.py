"""The host-module registry: import module name -> the provider that supplies its host functions.

A guest module imports by (module, name). For each import module name the
registry knows, its provider is asked once, with the guest `Module` and a
`HostContext` (where output goes, and the options the front end was given),
and returns the host values it supplies by name. Every import no provider
supplies gets a stand-in (hosts/standins.py): a printing host function, or a
fresh memory, table or global of the declared type. So any guest runs, and
the real host modules (`gpu`, WASI) take over the names they know.

Registering a host module is one call:

    registry.register("wasi_snapshot_preview1", provide_wasi)

where `provide_wasi(module, context) -> {name: HostFunc, ...}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol

from playground.errors import PlaygroundError
from playground.hosts.console import Output
from playground.hosts.standins import stand_in
from playground.wasm.limits import DEFAULT_LIMITS
from playground.wasm.model import Module


class HostUnavailable(PlaygroundError):
    """A host module that cannot serve on this machine (no numpy, no GPU stack, ...); the stand-ins serve instead."""


@dataclass(frozen=True)
class HostContext:
    """What a provider is given besides the guest module.

    `output(text, kind)` is the console ("out" for the program's output,
    "info" and "error" for notes); `options` holds the front end's settings
    by name (`gpu_backend`, and whatever a host module documents: WASI's
    arguments, environment, ...). A provider reads the options it knows.
    """

    output: Output
    options: Mapping[str, Any] = field(default_factory=dict)


class Provider(Protocol):
    """Supplies the host values of one import module, by name (functions, or memories, tables, globals)."""

    def __call__(self, module: Module, context: HostContext) -> Mapping[str, Any]: ...


class HostRegistry:
    """Providers by import module name, and the stand-ins for everything else."""

    def __init__(self) -> None:
        self._providers: dict[str, Provider] = {}

    def register(self, module_name: str, provider: Provider | Callable[[Module, HostContext], Mapping[str, Any]],
                 *, replace: bool = False) -> None:
        """Serve the imports from `module_name` with `provider`; a second registration needs `replace=True`."""
        if module_name in self._providers and not replace:
            raise ValueError(f"a host module named {module_name!r} is registered already")
        self._providers[module_name] = provider

    def names(self) -> list[str]:
        """The registered import module names, in registration order."""
        return list(self._providers)

    def provider(self, module_name: str) -> Provider | None:
        """The provider of `module_name`, or None when its imports get stand-ins."""
        return self._providers.get(module_name)

    def imports_for(self, module: Module, output: Output, **options: Any) -> dict[str, dict[str, Any]]:
        """Something for every import of `module`: `{module name: {name: value}}`, ready for `instantiate`.

        Each registered host module the guest imports from is asked once; one
        that is unavailable says so on `output` ("info") and its imports get
        the printing stand-ins.
        """
        context = HostContext(output, options)
        supplied: dict[str, Mapping[str, Any]] = {}
        for name in dict.fromkeys(imp.module for imp in module.imports):  # each once, in import order
            provider = self._providers.get(name)
            if provider is None:
                continue
            try:
                supplied[name] = provider(module, context)
            except HostUnavailable as exc:
                output(f"the {name} host module is not available ({exc}); {name}.* calls only print", "info")
        imports: dict[str, dict[str, Any]] = {}
        for imp in module.imports:
            value = supplied.get(imp.module, {}).get(imp.name)
            if value is None:
                value = stand_in(module, imp, output, limits=options.get("limits", DEFAULT_LIMITS))
            imports.setdefault(imp.module, {})[imp.name] = value
        return imports
