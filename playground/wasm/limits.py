"""The playground's resource limits: one `Limits` value, its defaults, and the error that says one was hit.

A playground invites people to paste anything in, so every front end (`run`,
`debug`, `wast`, the window) runs programs under limits that are ON by
default and that no sample or real program of the tests comes near:

    limit               default                  flag
    instructions        100,000,000 per call     --fuel N
    call depth          10,000 frames            --max-call-depth N
    memory              16,384 pages (1 GiB)     --max-memory-pages N
    table               10,000,000 entries       --max-table-entries N
    wall-clock time     60 seconds per call      --timeout SECONDS
    input file          64 MiB                   --max-input BYTES
    host output         1 MiB                    --max-output BYTES

`Limits.none()` lifts them all (`--no-limits`); a field set to None lifts
that one. "Per call" means per call into the module from outside (the start
function, the invoked export, each assertion of a .wast script; in the
debugger, each command that runs).

Hitting a limit stops the run with one `LimitError`, whose message names the
limit and how to raise it:

    instruction limit reached (100,000,000 instructions; raise it with --fuel N or lift all limits with --no-limits)

Two caps are not errors where the spec says what happens instead:
`memory.grow` and `table.grow` past the cap return -1 (spec 4.5.3.8-9: growing
may fail), and running out of call depth is the spec's own exhaustion, "call
stack exhausted" (`assert_exhaustion` expects it); front ends add the hint.
This module sits at the bottom of wasm/ beside errors.py: the runtime, the
engines and every front end read the defaults from here, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from playground.wasm.errors import ExhaustionError


@dataclass(frozen=True)
class Limit:
    """How people see one limit: its name in messages, its unit, and the command-line option that sets it."""

    field: str
    label: str  # "instruction limit"
    unit: str  # "instructions"
    option: str  # "--fuel N"


LIMITS = {
    limit.field: limit
    for limit in (
        Limit("fuel", "instruction limit", "instructions", "--fuel N"),
        Limit("max_call_depth", "call depth limit", "frames", "--max-call-depth N"),
        Limit("max_memory_pages", "memory limit", "pages of 64 KiB", "--max-memory-pages N"),
        Limit("max_table_entries", "table limit", "entries", "--max-table-entries N"),
        Limit("timeout", "time limit", "seconds", "--timeout SECONDS"),
        Limit("max_input_bytes", "input size limit", "bytes", "--max-input BYTES"),
        Limit("max_output_bytes", "output limit", "bytes", "--max-output BYTES"),
    )
}
"""Every limit by its `Limits` field name, in the order front ends list them."""

LIFT_ALL = "--no-limits"


@dataclass(frozen=True)
class Limits:
    """The resource limits of one run; None lifts one limit. See the module docstring for the defaults."""

    fuel: int | None = 100_000_000
    max_call_depth: int | None = 10_000
    max_memory_pages: int | None = 16_384
    max_table_entries: int | None = 10_000_000
    timeout: float | None = 60.0
    max_input_bytes: int | None = 64 << 20
    max_output_bytes: int | None = 1 << 20

    @classmethod
    def none(cls) -> "Limits":
        """Every limit lifted (`--no-limits`): only the engine's hard caps and the machine remain."""
        return cls(**{f.name: None for f in fields(cls)})

    def but(self, **changes) -> "Limits":
        """A copy with some limits changed (None lifts one)."""
        return replace(self, **changes)

    @property
    def any(self) -> bool:
        """Whether any limit is set."""
        return any(getattr(self, f.name) is not None for f in fields(self))


DEFAULT_LIMITS = Limits()
NO_LIMITS = Limits.none()


def amount(field: str, value) -> str:
    """A limit's value as messages show it: `100,000,000 instructions`, `2.5 seconds`, `1 MiB`."""
    limit = LIMITS[field]
    if field == "timeout":
        shown = f"{value:g}"
        return f"{shown} second" if shown == "1" else f"{shown} seconds"
    if limit.unit == "bytes" and value >= 1 << 20 and value % (1 << 20) == 0:
        return f"{value >> 20:,} MiB"
    return f"{value:,} {limit.unit}"


def hint(field: str) -> str:
    """How to raise a limit: `raise it with --fuel N or lift all limits with --no-limits`."""
    return f"raise it with {LIMITS[field].option} or lift all limits with {LIFT_ALL}"


def limit_message(field: str, value, detail: str = "") -> str:
    """`instruction limit reached (100,000,000 instructions; raise it with ...)`; `detail` goes in the brackets."""
    inside = f"{amount(field, value)}{'; ' + detail if detail else ''}; {hint(field)}"
    return f"{LIMITS[field].label} reached ({inside})"


class LimitError(ExhaustionError):
    """A run stopped by one of the playground's limits (not by the program): `limit` is the `Limits` field.

    An ExhaustionError, so code that handles running out of resources handles
    it too; the WAST runner fails the assertion instead of counting it as the
    exhaustion the script expected (the script did not ask for this limit).
    """

    kind = "limit"

    def __init__(self, field: str, value, detail: str = "", **where) -> None:
        self.limit = field
        self.value = value
        super().__init__(limit_message(field, value, detail), **where)
