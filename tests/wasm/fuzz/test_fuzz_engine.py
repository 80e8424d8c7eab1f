"""Bounded, deterministic fuzzing of the engine: bad input gets a domain error, never a traceback.

Mutated binaries go through decode -> validate -> instantiate -> call exports
(under fuel and a memory cap); mutated WAT and WAST go through the parsers and
then the same pipeline. Only MalformedError (with an offset), ParseError (with a
span), InvalidError, LinkError, Trap and ExhaustionError may come out. Longer
campaigns: tests/wasm/fuzz/campaign.py.
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

from playground.wasm.binary.encode import encode_module
from playground.wasm.binary.leb128 import read_unsigned
from playground.wasm.errors import MalformedError
from playground.wasm.text.parse import parse_module
from playground.wasm.text.wast import ModuleCommand, parse_wast

sys.path.insert(0, str(Path(__file__).parent))
import fuzz_helpers as fuzzing  # noqa: E402

FUZZ = settings(
    max_examples=1500,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Spec scripts whose modules exercise many kinds of sections and instructions.
SUITE_SEEDS = ("br_table.wast", "call_indirect.wast", "elem.wast", "data.wast", "memory_grow.wast",
               "bulk.wast", "table_grow.wast", "global.wast", "simd_lane.wast", "loop.wast")


@lru_cache(maxsize=None)
def binary_seeds() -> tuple[bytes, ...]:
    """samples/*.wat assembled, plus the text modules of a few spec scripts where the suite is present."""
    seeds = list(fuzzing.sample_binaries())
    if not suite.suite_missing_reason():
        for name in SUITE_SEEDS:
            path = next(suite.suite_dir().rglob(name), None)
            if path is None:
                continue
            for cmd in parse_wast(path.read_text()):
                if isinstance(cmd, ModuleCommand) and cmd.module is not None:
                    seeds.append(encode_module(cmd.module))
                elif isinstance(cmd, ModuleCommand) and cmd.binary is not None:
                    seeds.append(cmd.binary)
    return tuple(seeds)


@lru_cache(maxsize=None)
def text_seeds() -> tuple[str, ...]:
    return tuple(fuzzing.sample_texts())


def test_there_are_seeds():
    assert len(binary_seeds()) >= len(text_seeds()) >= 10


@FUZZ
@given(which=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_binaries_get_domain_errors(which, seed):
    seeds = binary_seeds()
    rnd = random.Random(seed)
    data = fuzzing.mutate_binary(seeds[which % len(seeds)], rnd)
    fuzzing.check_binary(data, rnd)


@FUZZ
@given(which=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_wat_gets_domain_errors(which, seed):
    seeds = text_seeds()
    rnd = random.Random(seed)
    fuzzing.check_text(fuzzing.mutate_text(seeds[which % len(seeds)], rnd), rnd)


@settings(FUZZ, max_examples=600)
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
