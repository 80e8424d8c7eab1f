"""The fast engine against the step engine on generated programs and on the samples: every observable the same.

Generated programs (program_gen.py) run under a small call depth and fuel
first; where no call ran out of fuel they run again plain (memory and
globals compared after each call) and counting (instruction counts
compared). A second pass cuts the fuel somewhere inside the first call:
both engines must stop with the same LimitError at the same instruction,
with the same count.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402
import program_gen  # noqa: E402

from playground.wasm.binary.decode import decode_module  # noqa: E402
from playground.wasm.exec.interface import ExecSettings  # noqa: E402
from playground.wasm.validate import validate_module  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
DEPTH = 40
FUEL = 30_000

PROGRAMS = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def limited(outcome) -> bool:
    return outcome.error is not None and outcome.error[0] == "LimitError"


def assert_same_until_limit(step, fast) -> None:
    """Equal outcomes up to the first call that hit a limit (its memory may differ: see meter.py), then stop."""
    for s, f in zip(step, fast):
        if limited(s) or limited(f):
            assert (s.results, s.error, s.instructions) == (f.results, f.error, f.instructions)
            return
        assert s == f


def check_program(text: str, calls: list, seed: int) -> None:
    module = differential.load(text)
    fueled = ExecSettings(max_call_depth=DEPTH, fuel=FUEL)
    step, fast = differential.compare(module, calls, fueled)
    assert_same_until_limit(step, fast)
    if any(limited(o) for o in step):
        return
    plain = ExecSettings(max_call_depth=DEPTH)
    step, fast = differential.compare(module, calls, plain)
    assert step == fast
    counting = ExecSettings(max_call_depth=DEPTH, count=True)
    step, fast = differential.compare(module, calls, counting)
    assert step == fast
    # out of fuel somewhere inside the first call
    total = step[0].instructions
    if total and total > 1:
        cut = random.Random(seed).randint(1, total - 1)
        step, fast = differential.compare(module, calls[:1], ExecSettings(max_call_depth=DEPTH, fuel=cut))
        assert_same_until_limit(step, fast)


@PROGRAMS
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_programs_agree(seed):
    text, calls = program_gen.generate(seed)
    check_program(text, calls, seed)


@pytest.fixture
def guarded_engine():
    """The fast engine with every branched-to block and if a guarded region (control.py), as "fast"."""
    from playground.wasm.engines import get_engine, register_engine
    from playground.wasm.exec.fast.executor import FastExecutor

    original = get_engine("fast")
    register_engine("fast", lambda settings=None, **options: FastExecutor(settings, guard_from=0, **options))
    yield
    register_engine("fast", original)


@pytest.mark.parametrize("seed", range(60))
def test_generated_programs_agree_with_guarded_regions(seed, guarded_engine):
    text, calls = program_gen.generate(20_000 + seed, nfuncs=3, depth=5)
    check_program(text, calls, seed)


@pytest.mark.parametrize("seed", range(12))
def test_deeper_generated_programs_agree(seed):
    text, calls = program_gen.generate(10_000 + seed, nfuncs=4, depth=6)
    check_program(text, calls, seed)


# --- the benchmark programs (compiled C) ------------------------------------------------------------

BENCH = [("fib", [15]), ("loop", [3000]), ("sieve", [3000]), ("mandelbrot", [6]), ("sha256", [200]),
         ("crc32", [1000]), ("matmul", [5])]


@pytest.mark.parametrize("name,args", BENCH, ids=[b[0] for b in BENCH])
def test_benchmark_programs_agree(name, args):
    module = decode_module((REPO / "samples" / "bench" / f"{name}.wasm").read_bytes())
    validate_module(module)
    for settings_ in (ExecSettings(), ExecSettings(count=True), ExecSettings(fuel=5000)):
        step, fast = differential.compare(module, [(name, args)], settings_, keep_memory=settings_.fuel is None)
        assert step == fast, (settings_, step[0].describe(), fast[0].describe())


# --- the teaching samples -----------------------------------------------------------------------------

def sample_calls(path: Path, module) -> list:
    """Calls of every export that takes only numbers: zeros, then small and boundary values."""
    from playground.wasm.types import ExternKind, ValType

    calls = []
    numeric = {ValType.I32, ValType.I64, ValType.F32, ValType.F64}
    for exp in module.exports:
        if exp.kind is not ExternKind.FUNC:
            continue
        nimported = sum(1 for imp in module.imports if imp.kind is ExternKind.FUNC)
        if exp.index < nimported:
            continue
        ft = module.types[module.funcs[exp.index - nimported].typeidx]
        if not set(ft.params) <= numeric:
            continue
        for value in (0, 1, 5, 0xFFFFFFFF):
            calls.append((exp.name, [value] * len(ft.params)))
    return calls


@pytest.mark.parametrize("path", sorted((REPO / "samples").glob("*.wat")), ids=lambda p: p.name)
def test_samples_agree(path):
    from playground.hosts import host_imports  # the printing stand-ins and gpu module the CLI links

    module = differential.load(path.read_text())
    calls = sample_calls(path, module)
    if not calls:
        pytest.skip("no export that takes numbers only")
    lines: dict[str, list] = {"step": [], "fast": []}

    def imports_for(engine):
        return lambda: host_imports(module, lambda text, kind="out": lines[engine].append((kind, text)), gpu_backend="cpu")

    from playground.wasm.exec.fast.executor import FastExecutor
    from playground.wasm.features import EngineFeatureError, refuse_unsupported

    try:  # a sample of a 3.0 proposal the fast engine does not run yet is refused, with its name
        refuse_unsupported(module, "fast", FastExecutor.supported_features)
    except EngineFeatureError as exc:
        pytest.skip(str(exc))
    budget = ExecSettings(fuel=300_000)  # fac(0xffffffff) would run for hours
    step = differential.run(module, "step", calls, budget, imports_for("step"))
    fast = differential.run(module, "fast", calls, budget, imports_for("fast"))
    assert_same_until_limit(step, fast)
    program_output = {engine: [text for kind, text in got if kind == "out"] for engine, got in lines.items()}
    assert program_output["step"] == program_output["fast"]  # notes carry timings
