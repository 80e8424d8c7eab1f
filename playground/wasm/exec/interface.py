"""The interface every executor implements, so one harness (the spec runner, the CLI,
the benchmarks) drives the steppable interpreter and, later, a fast engine alike.

Engines are chosen by name through the registry in wasm/engines.py, which
sits below both the runtime and the engines (see its docstring);
`new_executor(name, ExecSettings(...))` builds one.

An executor runs a function instance to completion: `invoke(func, args)`
takes and returns raw values (see runtime/values.py) and raises `Trap` or
`ExhaustionError`. `ExecSettings` bounds it: the call-stack depth
(`assert_exhaustion` must hit it quickly) and an optional fuel budget in
instructions; `count` asks it to count the instructions it runs (in
`instructions`), where it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

DEFAULT_MAX_CALL_DEPTH = 10_000


@dataclass(frozen=True)
class ExecSettings:
    """Limits of one executor. `fuel=None` runs without a budget; `count` counts instructions without one."""

    max_call_depth: int = DEFAULT_MAX_CALL_DEPTH
    fuel: int | None = None
    count: bool = False


class Executor(Protocol):
    """Runs functions. `settings` are its limits; `instructions` counts what the last invoke executed (when known)."""

    settings: ExecSettings

    def invoke(self, func, args: Sequence) -> list:
        """Call a function instance (Wasm or host) with raw arguments; return the raw results."""
        ...
