"""Run a multi-pass GPU algorithm one dispatch at a time, capturing every buffer after each.

A `DispatchPlan` names a WGSL module, the initial contents of its buffers and
the list of dispatches (entry point, grid, per-dispatch uniform values). The
`DispatchStepper` runs them one by one on the GPU and keeps a `DispatchStep` (all
buffers, decoded) after each, so a view can show how the data evolves. Going
back restores the captured bytes into the GPU buffers; stepping forward again
re-runs the dispatch from there on the GPU. Headless: the GUI only renders steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from playground.gpu import buffer_spec
from playground.gpu.errors import BufferSpecError, GpuError


@dataclass(frozen=True)
class DispatchPass:
    """One dispatch of a plan: a label for the timeline, its grid, its uniform values."""

    label: str
    workgroups: tuple[int, int, int]
    uniforms: dict[str, dict[str, float]] = field(default_factory=dict)  # binding -> field -> value
    entry_point: str | None = None


@dataclass
class DispatchPlan:
    """A multi-pass algorithm: shader source, initial buffers (flat numbers), the passes."""

    name: str
    source: str
    source_name: str
    buffers: dict[str, np.ndarray]
    passes: list[DispatchPass]
    answer: Callable[[dict[str, np.ndarray]], np.ndarray] | None = None  # the result, from the final buffers
    description: str = ""


@dataclass(frozen=True)
class DispatchStep:
    """The state after `index` dispatches (0: the initial buffers)."""

    index: int
    label: str
    buffers: dict[str, np.ndarray]
    raw: dict[str, bytes] = field(repr=False)
    compute_ms: float = 0.0
    clock: str = ""


class DispatchStepper:
    """Forward and backward through a plan's dispatches; `steps[i]` is the state after i of them."""

    def __init__(self, plan: DispatchPlan):
        from playground.gpu.program import Program

        self.plan = plan
        self.program = Program(plan.source, plan.source_name)
        self._elements: dict[str, tuple[Any, int]] = {}
        initial: dict[str, bytes] = {}
        for b in self.program.info.bindings:
            assert b.type is not None
            element, fixed = buffer_spec.element_and_count(b.type)
            values = plan.buffers.get(b.name)
            length = fixed if fixed is not None else (None if values is None else
                                                      np.size(values) // len(element.leaf_scalars()))
            if length is None:
                raise BufferSpecError(f"plan {plan.name!r} gives no contents for runtime-sized buffer {b.name!r}")
            flat = np.zeros(length * len(element.leaf_scalars())) if values is None else np.ravel(values)
            initial[b.name] = buffer_spec.pack(flat, element, length)
            self._elements[b.name] = (element, length)
        for p in plan.passes:
            for name, values in p.uniforms.items():
                if name not in self._elements or self._elements[name][0].kind != "struct":
                    raise BufferSpecError(f"plan {plan.name!r}, pass {p.label!r}: {name!r} is not a struct binding")
                missing = set(values) - {m.name for m in self._elements[name][0].members}
                if missing:
                    raise BufferSpecError(f"plan {plan.name!r}, pass {p.label!r}: {name!r} has no field "
                                          f"{', '.join(sorted(missing))}")
        self.program.create_buffers(initial)
        self.steps: list[DispatchStep] = [self._capture(0, "initial", initial)]
        self.position = 0

    # -- state -----------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many dispatches the plan has."""
        return len(self.plan.passes)

    @property
    def current(self) -> DispatchStep:
        """The state after `position` dispatches."""
        return self.steps[self.position]

    @property
    def at_end(self) -> bool:
        return self.position >= self.total

    @property
    def next_pass(self) -> DispatchPass | None:
        """What `step()` will run next (None at the end)."""
        return None if self.at_end else self.plan.passes[self.position]

    def answer(self) -> np.ndarray | None:
        """The plan's result read from the current buffers (meaningful at the end)."""
        return self.plan.answer(self.current.buffers) if self.plan.answer else None

    def _capture(self, index: int, label: str, raw: dict[str, bytes], ms: float = 0.0, clock: str = "") -> DispatchStep:
        decoded = {name: buffer_spec.decode(data, *self._elements[name]) for name, data in raw.items()}
        return DispatchStep(index, label, decoded, raw, ms, clock)

    # -- moving ----------------------------------------------------------------
    def step(self) -> DispatchStep:
        """Run the next dispatch on the GPU and capture every buffer afterwards."""
        if self.at_end:
            raise GpuError(f"{self.plan.name}: all {self.total} dispatches have run")
        p = self.plan.passes[self.position]
        for name, values in p.uniforms.items():
            self.program.write(name, self._uniform_bytes(name, values))
        ms, clock = self.program.dispatch(p.workgroups, p.entry_point)
        raw = {name: self.program.read(name) for name in self._elements}
        snapshot = self._capture(self.position + 1, p.label, raw, ms, clock)
        del self.steps[self.position + 1:]  # a re-run replaces the old future (identical unless edited)
        self.steps.append(snapshot)
        self.position += 1
        return snapshot

    def goto(self, index: int) -> DispatchStep:
        """Move to the state after `index` dispatches: back by restoring a capture, forward by running."""
        if not 0 <= index <= self.total:
            raise GpuError(f"{self.plan.name}: no dispatch {index} (0..{self.total})")
        if index < len(self.steps):
            self.position = index
            for name, data in self.steps[index].raw.items():  # the GPU buffers go back in time too
                self.program.write(name, data)
            return self.current
        while self.position < index:
            self.step()
        return self.current

    def step_back(self) -> DispatchStep:
        """Return to the state before the last dispatch."""
        return self.goto(max(0, self.position - 1))

    def run_to_end(self) -> DispatchStep:
        """Run every remaining dispatch."""
        return self.goto(self.total)

    def _uniform_bytes(self, name: str, values: dict[str, float]) -> bytes:
        element, length = self._elements[name]
        record = np.frombuffer(bytearray(self.steps[0].raw[name]), dtype=np.dtype(
            {"names": ["v"], "formats": [element.dtype()], "offsets": [0], "itemsize": element.stride}))
        for field_name, value in values.items():
            record["v"][field_name] = value
        return record.tobytes()
