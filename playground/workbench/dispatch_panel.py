"""The dispatch stepper panel's logic without Qt: its algorithms, its inputs, and the picture of a stepper it renders.

The `DispatchStepper` (gpu/dispatch_stepper.py) lives in a worker thread and
is touched only there; each job hands back a `StepperState`, a read-only
picture made by `capture`, which the view renders on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from playground.gpu.algorithms import bitonic_sort_plan, tree_reduce_plan


@dataclass(frozen=True)
class Algorithm:
    """A plan factory from `gpu.algorithms` and the numpy result it must match."""

    name: str
    plan: Callable[[np.ndarray], object]
    reference: Callable[[np.ndarray], np.ndarray]
    exact: bool  # sorting moves values, so it is exact; a float sum may round differently


def algorithms() -> dict[str, Algorithm]:
    """The algorithms the panel offers, by name."""
    return {
        "bitonic sort": Algorithm("bitonic sort", bitonic_sort_plan, np.sort, True),
        "tree reduction": Algorithm("tree reduction", tree_reduce_plan,
                                    lambda v: np.array([np.sum(v, dtype=np.float64)]), False),
    }


ALGORITHM_NAMES = ("bitonic sort", "tree reduction")


def make_input(size: int, seed: int) -> np.ndarray:
    """`size` random integers in [0, 100) as float32: easy to read, and their sums are exact in float32."""
    return np.random.default_rng(seed).integers(0, 100, size).astype(np.float32)


@dataclass(frozen=True)
class StepperState:
    """What the view shows after a job: made in the worker from the stepper, read on the UI thread."""

    position: int
    total: int
    labels: tuple[str, ...]  # "initial", then each pass's label
    buffers: dict[str, np.ndarray]
    raw: dict[str, bytes]
    previous: dict[str, np.ndarray] | None  # the buffers one dispatch earlier
    previous_raw: dict[str, bytes] | None
    next_label: str | None
    answer: np.ndarray | None  # at the end only
    compute_ms: float
    clock: str
    types: dict[str, str]
    description: str

    @property
    def at_end(self) -> bool:
        return self.position >= self.total


def capture(stepper) -> StepperState:
    """A `StepperState` of a `DispatchStepper` (call in the thread that owns the stepper)."""
    step = stepper.current
    before = stepper.steps[stepper.position - 1] if stepper.position > 0 else None
    return StepperState(
        position=stepper.position,
        total=stepper.total,
        labels=("initial",) + tuple(p.label for p in stepper.plan.passes),
        buffers=dict(step.buffers),
        raw=dict(step.raw),
        previous=None if before is None else dict(before.buffers),
        previous_raw=None if before is None else dict(before.raw),
        next_label=None if stepper.next_pass is None else stepper.next_pass.label,
        answer=stepper.answer() if stepper.at_end else None,
        compute_ms=step.compute_ms,
        clock=step.clock,
        types={b.name: b.type_text for b in stepper.program.info.bindings},
        description=stepper.plan.description,
    )
