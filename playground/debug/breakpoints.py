"""Breakpoints: where to stop, on what condition, and how often they were hit.

Three ways to name a place, all resolved to (funcidx, instruction index)
locations once per session so the run loop only does a set lookup:
- `at_instruction(func, index)`: a function (index or name) and an index into its flat body;
- `at_line(line, file=None)`: a line of a file of the session's source map
  (sourcemaps/; the main file when None: the WAT source, or the disassembly
  for .wasm input). It stops at the first instruction starting on that line
  in each function with code there; a line without code takes the next line
  with code (`SourceMap.line_targets`), and `BreakpointSet.line_of` tells
  which line it stops on and why it moved, for the prompt and the window to say;
- `on_entry(name)`: the first instruction of a function, named by export, `$id` or index.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import count

from playground.debug.expressions import EvaluationContext, Expression, parse_expression
from playground.debug.sourcemaps.base import InstrKey, LineTargets, SourceMap, SourceMapError
from playground.debug.sourcemaps.wat import WatSourceMap
from playground.errors import PlaygroundError
from playground.wasm.model import Module
from playground.wasm.types import ExternKind


class BreakpointError(PlaygroundError):
    """A breakpoint that names no place in the module."""


_ids = count(1)


@dataclass
class Breakpoint:
    """One breakpoint. `kind` is "instruction", "line" or "entry"."""

    kind: str
    func: int | str | None = None  # instruction/entry: function index or name
    index: int = 0  # instruction: index into the flat body
    line: int | None = None  # line: 1-based source line
    file: str | None = None  # line: a file of the source map (None: its main file)
    condition: Expression | None = None
    enabled: bool = True
    hits: int = 0
    ignore_count: int = 0  # skip this many hits before stopping (a "hit count" condition)
    id: int = field(default_factory=lambda: next(_ids))
    # the steps of the counted hits, ascending: a step seen again (after going back) is not a new hit
    hit_steps: list[int] = field(default_factory=list, repr=False, compare=False)

    def describe(self) -> str:
        where = {
            "instruction": f"{self.func}+{self.index}",
            "line": f"line {self.line}" if self.file is None else f"{self.file}:{self.line}",
            "entry": f"entry of {self.func}",
        }[self.kind]
        extra = f" if {self.condition.text}" if self.condition else ""
        return f"#{self.id} {where}{extra}"

    def should_stop(self, context: EvaluationContext, step: int | None = None, *, count: bool = True) -> bool:
        """Whether this hit stops: the condition holds and the ignore count is used up.

        `step` places the hit on the session's timeline: each step counts once,
        however often it is run again after going back, and the ignore count is
        compared with the hit's rank among the counted ones, so a stop is the
        same whether or not the user went back. Without `step` every call is a
        new hit. `count=False` asks without counting (reverse searches).
        A condition that cannot be evaluated (a missing name) stops, so the user sees why.
        """
        if not self.enabled:
            return False
        if self.condition is not None:
            try:
                if not self.condition.is_true(context):
                    return False
            except PlaygroundError:
                return True
        if step is None:
            if count:
                self.hits += 1
            return self.hits + (0 if count else 1) > self.ignore_count
        steps = self.hit_steps
        rank = bisect_left(steps, step)
        if count and (rank == len(steps) or steps[rank] != step):
            steps.insert(rank, step)
            self.hits += 1
        return rank + 1 > self.ignore_count

    def forget_after(self, step: int) -> None:
        """Drop the hits counted after `step` (an edit there replaced the future they were in)."""
        del self.hit_steps[bisect_right(self.hit_steps, step) :]
        self.hits = len(self.hit_steps)


    def to_data(self) -> dict:
        """The breakpoint as JSON-ready data (a session file, session_file.py); `from_data` reads it back."""
        data = {
            "kind": self.kind, "func": self.func, "index": self.index, "line": self.line,
            "condition": self.condition.text if self.condition else None,
            "ignore_count": self.ignore_count, "enabled": self.enabled,
        }
        if self.file is not None:
            data["file"] = self.file
        return data

    @classmethod
    def from_data(cls, data: dict) -> "Breakpoint":
        """A new breakpoint (a new id, no hits) from `to_data`'s data."""
        bp = cls(
            data["kind"], func=data["func"], index=data["index"], line=data["line"], file=data.get("file"),
            condition=parse_condition(data["condition"]),
        )
        bp.ignore_count, bp.enabled = data["ignore_count"], data["enabled"]
        return bp


def at_instruction(func: int | str, index: int, condition: str | None = None) -> Breakpoint:
    return Breakpoint("instruction", func=func, index=index, condition=parse_condition(condition))


def at_line(line: int, condition: str | None = None, *, file: str | None = None) -> Breakpoint:
    """A breakpoint on a line of `file` (None: the source map's main file)."""
    return Breakpoint("line", line=line, file=file, condition=parse_condition(condition))


def on_entry(func: int | str, condition: str | None = None) -> Breakpoint:
    return Breakpoint("entry", func=func, condition=parse_condition(condition))


def parse_condition(text: str | None) -> Expression | None:
    """A breakpoint condition from its text (None or "" for none)."""
    return parse_expression(text) if text else None


def function_index(module: Module, name: int | str) -> int:
    """A function index from an index, an export name, or a `$id` / name-section name."""
    if isinstance(name, int):
        total = module.num_imported_funcs + len(module.funcs)
        if not 0 <= name < total:
            raise BreakpointError(f"no function {name} (the module has {total})")
        return name
    text = name[1:] if name.startswith("$") else name
    for export in module.exports:
        if export.kind is ExternKind.FUNC and export.name == text:
            return export.index
    for index, debug_name in module.names.funcs.items():
        if debug_name == text:
            return index
    if text.isdigit():
        return function_index(module, int(text))
    raise BreakpointError(f"no function named {name!r}")


class BreakpointSet:
    """The session's breakpoints, and their resolution to instruction locations."""

    def __init__(self) -> None:
        self.items: list[Breakpoint] = []
        self.locations: dict[InstrKey, list[Breakpoint]] = {}
        self._lines: dict[int, LineTargets] = {}  # a line breakpoint's id -> where its line resolved

    def add(self, breakpoint: Breakpoint, module: Module, source_map: SourceMap | None = None) -> Breakpoint:
        """Add a breakpoint; raises BreakpointError when it names no place.

        Line breakpoints are resolved through `source_map` (default: the WAT
        spans of `module`'s instructions).
        """
        if breakpoint.kind == "line":
            found = line_targets(breakpoint, module, source_map)
            self._lines[breakpoint.id] = found
            locations = found.targets
        else:
            locations = resolve(breakpoint, module, source_map)
        for location in locations:
            self.locations.setdefault(location, []).append(breakpoint)
        self.items.append(breakpoint)
        return breakpoint

    def line_of(self, breakpoint: Breakpoint) -> LineTargets | None:
        """Where a line breakpoint of this set stops: its line, or the one it moved to and why (None for others)."""
        return self._lines.get(breakpoint.id)

    def locations_of(self, breakpoint: Breakpoint) -> list[InstrKey]:
        """The instructions a breakpoint of this set stops at, in (function, index) order."""
        return sorted(key for key, items in self.locations.items() if breakpoint in items)

    def remove(self, breakpoint: Breakpoint) -> None:
        self.items.remove(breakpoint)
        self._lines.pop(breakpoint.id, None)
        for location, items in list(self.locations.items()):
            if breakpoint in items:
                items.remove(breakpoint)
                if not items:
                    del self.locations[location]

    def clear(self) -> None:
        self.items.clear()
        self.locations.clear()
        self._lines.clear()

    def at(self, func: int, index: int) -> list[Breakpoint]:
        return self.locations.get((func, index), [])

    def __bool__(self) -> bool:
        return bool(self.items)



def line_targets(breakpoint: Breakpoint, module: Module, source_map: SourceMap | None = None) -> LineTargets:
    """Where a line breakpoint stops (its line, or the next with code); BreakpointError when no line has code."""
    smap = source_map if source_map is not None else WatSourceMap(module)
    try:
        found = smap.line_targets(breakpoint.line, breakpoint.file)
    except SourceMapError as exc:
        raise BreakpointError(str(exc)) from None
    if found is None:
        where = f" of {breakpoint.file}" if breakpoint.file is not None else ""
        raise BreakpointError(f"no instruction on or after line {breakpoint.line}{where}")
    return found


def resolve(breakpoint: Breakpoint, module: Module, source_map: SourceMap | None = None) -> tuple[InstrKey, ...]:
    """The instructions a breakpoint stops at; BreakpointError when it names no place."""
    if breakpoint.kind == "line":
        return line_targets(breakpoint, module, source_map).targets
    funcidx = function_index(module, breakpoint.func)
    if funcidx < module.num_imported_funcs:
        raise BreakpointError(f"function {breakpoint.func!r} is imported: it has no instructions to stop at")
    body = module.funcs[funcidx - module.num_imported_funcs].body
    index = 0 if breakpoint.kind == "entry" else breakpoint.index
    if not 0 <= index < len(body):
        raise BreakpointError(f"function {breakpoint.func!r} has {len(body)} instructions; no index {index}")
    return ((funcidx, index),)
