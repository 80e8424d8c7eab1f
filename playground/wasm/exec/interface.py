"""The interface every executor implements, so one harness (the spec runner, the CLI,
the benchmarks) drives the steppable interpreter and, later, a fast engine alike.

Engines are chosen by name through the registry in wasm/engines.py, which
sits below both the runtime and the engines (see its docstring);
`new_executor(name, ExecSettings(...))` builds one.

An executor runs a function instance to completion: `invoke(func, args)`
takes and returns raw values (see runtime/values.py) and raises `Trap` or
`ExhaustionError`. `ExecSettings` bounds it: the call-stack depth
(`assert_exhaustion` must hit it quickly), an optional fuel budget in
instructions and an optional wall-clock `timeout` in seconds, both per
invoke, each hit raising a `LimitError` (wasm/limits.py); `count` asks it to
count the instructions it runs (in `instructions`), where it can.

`ExecSettings()` limits only the call depth: the Python API runs what it is
given. The front ends (run, debug, wast, the window) build theirs from a
`Limits` with `ExecSettings.from_limits`, so their limits are on by default.
An engine picks its loop once per invoke from these settings: with neither
fuel, a timeout nor counting it may run its fastest loop, which checks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from playground.wasm.limits import DEFAULT_LIMITS, Limits

DEFAULT_MAX_CALL_DEPTH = DEFAULT_LIMITS.max_call_depth
UNBOUNDED_CALL_DEPTH = 1 << 62  # `--no-limits`: frames are heap objects, so only memory bounds them


@dataclass(frozen=True)
class ExecSettings:
    """Limits of one executor. `fuel=None` runs without a budget, `timeout=None` without a deadline;
    `count` counts instructions without a budget."""

    max_call_depth: int = DEFAULT_MAX_CALL_DEPTH
    fuel: int | None = None
    count: bool = False
    timeout: float | None = None  # seconds of wall-clock time per invoke

    @classmethod
    def from_limits(cls, limits: Limits, *, count: bool = False) -> "ExecSettings":
        """The executor's share of `limits` (fuel, timeout, call depth)."""
        depth = limits.max_call_depth if limits.max_call_depth is not None else UNBOUNDED_CALL_DEPTH
        return cls(max_call_depth=depth, fuel=limits.fuel, count=count, timeout=limits.timeout)

    @property
    def limited(self) -> bool:
        """Whether a run needs the counting loop for fuel or a deadline."""
        return self.fuel is not None or self.timeout is not None


@runtime_checkable
class Executor(Protocol):
    """Runs functions. `settings` are its limits; `instructions` counts what the last invoke executed (when known)."""

    settings: ExecSettings

    def invoke(self, func, args: Sequence) -> list:
        """Call a function instance (Wasm or host) with raw arguments; return the raw results."""
        ...
