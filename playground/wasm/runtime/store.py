"""The store (spec 4.2.3): here, the settings and the executor that instances share.

Runtime objects are ordinary Python objects referring to each other, so the
store keeps no address tables: object identity plays the role of the
spec's addresses (see runtime/values.py for function references).

The runtime imports no engine: a Store given no executor asks the engine
registry (wasm/engines.py, below both) for a new executor of the default engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.wasm.engines import DEFAULT_ENGINE, new_executor
from playground.wasm.limits import Limits
from playground.wasm.runtime.memory import DEFAULT_MEMORY_SETTINGS, MemorySettings
from playground.wasm.runtime.table import DEFAULT_TABLE_CAP, table_cap


@dataclass
class Store:
    """Where instances live: the executor that runs their code, and engine-wide limits."""

    executor: object = None  # an exec.interface.Executor; the default engine's when None
    memory_settings: MemorySettings = DEFAULT_MEMORY_SETTINGS
    instances: list = field(default_factory=list)
    table_cap: int = DEFAULT_TABLE_CAP  # entries a table of its instances may have

    def __post_init__(self) -> None:
        if self.executor is None:
            self.executor = new_executor(DEFAULT_ENGINE)

    @classmethod
    def limited(cls, limits: Limits, executor=None) -> "Store":
        """A store whose memories and tables `limits` cap; the executor (built with
        `ExecSettings.from_limits(limits)`) brings the fuel, the deadline and the call depth."""
        return cls(executor=executor, memory_settings=MemorySettings.from_limits(limits), table_cap=table_cap(limits))
