"""Bounded, deterministic fuzzing of the engine: bad input gets a domain error, never a traceback.

Mutated binaries (samples and spec-suite modules) go through decode -> printers
(wasm2wat round trip, objdump) -> validate -> link or instantiate -> call exports
on both engines (under fuel and a memory cap; the engines must agree); mutated
WAT and WAST go through the parsers and then the same pipeline; generated valid
programs (with SIMD and table instructions) go through all of it; damaged
session files go through `debug --replay`. Only MalformedError (with an
offset), ParseError (with a span), InvalidError, LinkError, Trap and
ExhaustionError (and, for replays, one PlaygroundError naming the file) may
come out. PLAYGROUND_FUZZ=long runs LONG_FACTOR times more cases; longer
campaigns: tests/wasm/fuzz/campaign.py. Results: docs/fuzzing.md.
"""

from __future__ import annotations

import random
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import suite

from playground.wasm.binary.leb128 import read_unsigned
from playground.wasm.errors import MalformedError
from playground.wasm.text.parse import parse_module

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "fast"))
import fuzz_helpers as fuzzing  # noqa: E402
import program_gen  # noqa: E402

FUZZ = settings(
    max_examples=fuzzing.budget(1500),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Spec scripts whose modules exercise many kinds of sections and instructions.
SUITE_SEEDS = ("br_table.wast", "call_indirect.wast", "elem.wast", "data.wast", "memory_grow.wast",
               "bulk.wast", "table_grow.wast", "global.wast", "simd_lane.wast", "loop.wast")


@lru_cache(maxsize=None)
def suite_seeds() -> tuple[list[bytes], list[str]]:
    if suite.suite_missing_reason():
        return [], []
    return fuzzing.suite_modules(suite.suite_dir(), SUITE_SEEDS)


@lru_cache(maxsize=None)
def binary_seeds() -> tuple[bytes, ...]:
    """samples/*.wat assembled, plus the modules of a few spec scripts where the suite is present."""
    return tuple(fuzzing.sample_binaries() + suite_seeds()[0])


@lru_cache(maxsize=None)
def text_seeds() -> tuple[str, ...]:
    """samples/*.wat, plus the text modules of the same spec scripts."""
    return tuple(fuzzing.sample_texts() + suite_seeds()[1])


def test_there_are_seeds():
    assert len(binary_seeds()) >= len(text_seeds()) >= 10


@settings(FUZZ, max_examples=fuzzing.budget(1000))
@given(which=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_binaries_get_domain_errors(which, seed):
    seeds = binary_seeds()
    rnd = random.Random(seed)
    data = fuzzing.mutate_binary(seeds[which % len(seeds)], rnd)
    fuzzing.check_binary(data, rnd)


@settings(FUZZ, max_examples=fuzzing.budget(600))
@given(which=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_wat_gets_domain_errors(which, seed):
    seeds = text_seeds()
    rnd = random.Random(seed)
    fuzzing.check_text(fuzzing.mutate_text(seeds[which % len(seeds)], rnd), rnd)


@settings(FUZZ, max_examples=fuzzing.budget(400))
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_wast_gets_parse_errors(seed):
    path = next(suite.require_suite().rglob("names.wast"))
    text = path.read_text()
    rnd = random.Random(seed)
    at = rnd.randrange(len(text))
    start = text.rfind("\n(", 0, at) + 1
    stop = text.find("\n(", at)
    chunk = text[start : stop if stop > 0 else len(text)]
    fuzzing.check_parse_wast(fuzzing.mutate_text(chunk, rnd))


@settings(FUZZ, max_examples=fuzzing.budget(120))
@given(seed=st.integers(min_value=0, max_value=2**32), simd=st.booleans())
def test_generated_programs_pass_every_stage(seed, simd):
    """Valid by construction: they parse, validate, print back to themselves, and run alike on both engines."""
    text, _ = program_gen.generate(seed, nfuncs=2, simd=simd, tables=not simd)
    assert fuzzing.check_text(text, random.Random(seed)) == "ran"


@settings(FUZZ, max_examples=fuzzing.budget(150))
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_generated_programs_get_domain_errors(seed):
    rnd = random.Random(seed)
    text, _ = program_gen.generate(seed, nfuncs=2, simd=rnd.random() < 0.5, tables=True)
    fuzzing.check_text(fuzzing.mutate_text(text, rnd), rnd)


@settings(FUZZ, max_examples=fuzzing.budget(200))
@given(which=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_the_linker_rejects_wrong_imports_with_link_errors(which, seed):
    modules = importing_modules()
    fuzzing.check_link(modules[which % len(modules)], random.Random(seed))


@lru_cache(maxsize=None)
def importing_modules() -> tuple:
    """The valid seed modules that import something."""
    modules = [m for m in map(fuzzing.check_decode, binary_seeds()) if m is not None and m.imports]
    return tuple(m for m in modules if fuzzing.check_validate(m))


@lru_cache(maxsize=None)
def session_text() -> str:
    return fuzzing.session_file_text()


@settings(FUZZ, max_examples=fuzzing.budget(300))
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_damaged_session_files_replay_or_get_one_error(seed, tmp_path_factory):
    directory = tmp_path_factory.getbasetemp()  # session-scoped: hypothesis reuses it for every example
    fuzzing.check_replay(fuzzing.mutate_session(session_text(), random.Random(seed)), directory)


def test_every_truncation_is_malformed_or_ends_at_a_section():
    data = max(fuzzing.sample_binaries(), key=len)[:4000]
    ends = {8} | {end for _, _, end in fuzzing.sections(data)}
    for n in range(len(data)):
        module = fuzzing.check_decode(data[:n], seconds=2.0)  # a located MalformedError or a module
        if n not in ends:  # cut inside a section: never a module
            assert module is None, n


def test_a_huge_count_anywhere_fails_fast():
    """Every LEB128 of a sample replaced by 2**32-1: an error, never an allocation of that size."""
    data = fuzzing.sample_binaries()[0]
    for at in range(8, len(data)):
        try:
            _, end = read_unsigned(data, at, 32)
        except MalformedError:
            continue
        mutated = data[:at] + b"\xff\xff\xff\xff\x0f" + data[end:]
        fuzzing.check_binary(mutated, random.Random(at))


def test_deep_recursion_ends_with_call_stack_exhausted():
    module = parse_module('(module (func $f (export "f") (param i32) (call $f (local.get 0))))')
    outcomes = fuzzing.check_run(module, random.Random(0), calls=1)
    assert outcomes == ["f: exhaustion: call stack exhausted"]


def test_an_endless_loop_runs_out_of_fuel():
    module = parse_module('(module (func (export "f") (loop br 0)))')
    [outcome] = fuzzing.check_run(module, random.Random(0), calls=1)
    assert outcome.startswith("f: limit: instruction limit reached (")
