"""Typed function references and GC (3.0): the sample, canonical types across modules, subtyping,
non-nullable locals, the binary round trip, and the engines' and profiles' refusals.

The 3.0 suite's files (call_ref.wast, struct.wast, array*.wast, type-*.wast, ...) run in
test_spec_suite_3.py; these tests pin what the suite leaves implicit."""

from __future__ import annotations

import pytest

from playground.resources import sample_path
from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.deftypes import canonicalise
from playground.wasm.errors import InvalidError, LinkError, Trap
from playground.wasm.exec.fast.executor import FastExecutor
from playground.wasm.features import WASM_2, EngineFeatureError, FeatureError
from playground.wasm.loader import load_module
from playground.wasm.runtime import instantiate
from playground.wasm.runtime.gc_objects import StructRef
from playground.wasm.runtime.store import Store
from playground.wasm.subtyping import heap_matches, matches
from playground.wasm.text.parse import parse_module
from playground.wasm.types import HeapKind, RefType, ValType
from playground.wasm.validate import validate_module


def _load(text: str):
    module = parse_module(text)
    validate_module(module)
    return module


def _sample():
    return load_module(sample_path("gc_list.wat"))  # parsed and validated


def test_the_sample_builds_sums_and_reverses_a_list():
    exports = instantiate(_sample()).exports
    assert exports.demo() == 5050 + 5
    head = exports.build(3)
    assert isinstance(head, StructRef) and head.fields[0] == 1  # 1 -> 2 -> 3
    assert exports.sum(head) == 6
    assert exports.first(exports.reverse(head)) == 3
    with pytest.raises(Trap, match="null structure reference"):
        exports.first(None)


def test_the_sample_survives_the_binary_round_trip():
    module = _sample()
    data = encode_module(module)
    decoded = decode_module(data)
    assert decoded.types == module.types and encode_module(decoded) == data
    validate_module(decoded)
    assert instantiate(decoded).exports.demo() == 5055


def test_the_fast_engine_refuses_gc_with_one_message(monkeypatch):
    monkeypatch.setattr(FastExecutor, "supported_features", FastExecutor.supported_features - {"gc"})  # it runs gc now
    with pytest.raises(EngineFeatureError, match=r"does not support struct.new \(gc\) yet; use --engine step"):
        instantiate(_sample(), store=Store(executor=FastExecutor()))


def test_the_2_0_profile_refuses_gc_instructions():
    with pytest.raises(FeatureError, match="gc"):
        validate_module(_sample(), features=WASM_2)


REC = "(rec (type $a (struct (field (ref null $b)))) (type $b (struct (field (ref null $a)))))"


def test_equal_recursive_groups_are_one_type_across_modules():
    first = canonicalise(parse_module(f"(module {REC})").types)
    second = canonicalise(parse_module(f"(module (type (func)) {REC})").types)
    assert first == second[1:]  # the same objects: compared with `is`
    # the same structure in another group shape is another type (iso-recursive, not structural)
    alone = canonicalise(parse_module("(module (type $a (struct (field (ref null $a)))))").types)
    assert alone[0] is not first[0]


def test_subtyping_of_heap_types():
    ts = canonicalise(parse_module(
        "(module (type $p (sub (struct (field i32)))) (type $c (sub $p (struct (field i32) (field i64)))))"
    ).types)
    parent, child = ts
    assert heap_matches(child, parent) and not heap_matches(parent, child)
    assert heap_matches(child, HeapKind.STRUCT) and heap_matches(child, HeapKind.EQ)
    assert heap_matches(HeapKind.NONE, child) and not heap_matches(HeapKind.NOFUNC, child)
    assert heap_matches(HeapKind.I31, HeapKind.ANY) and not heap_matches(HeapKind.ANY, HeapKind.EQ)
    assert matches(RefType(False, child), RefType(True, parent))
    assert not matches(RefType(True, child), RefType(False, parent))  # null does not fit a non-null type
    assert matches(RefType(False, HeapKind.NOFUNC), ValType.FUNCREF)


def test_a_declared_supertype_must_allow_the_subtype():
    with pytest.raises(InvalidError, match="does not match super type"):
        _load("(module (type $p (sub (struct (field i64)))) (type $c (sub $p (struct (field i32)))))")
    with pytest.raises(InvalidError, match="does not match super type"):  # a final type has no subtypes
        _load("(module (type $p (struct)) (type $c (sub $p (struct))))")


def test_a_non_nullable_local_must_be_set_before_it_is_read():
    with pytest.raises(InvalidError, match="uninitialized local"):
        _load("(module (type $t (struct)) (func (local (ref $t)) (drop (local.get 0))))")
    # a set inside a block is forgotten when the block ends
    with pytest.raises(InvalidError, match="uninitialized local"):
        _load("""(module (type $t (struct)) (func (local (ref $t))
                   (block (local.set 0 (struct.new $t))) (drop (local.get 0))))""")
    _load("(module (type $t (struct)) (func (local (ref $t)) (local.set 0 (struct.new $t)) (drop (local.get 0))))")


def test_call_indirect_accepts_a_subtype_and_traps_on_another_type():
    exports = instantiate(_load("""(module
      (type $base (sub (func (result i32))))
      (type $derived (sub $base (func (result i32))))
      (type $other (func (result i32)))
      (func $d (type $derived) (i32.const 7))
      (func $o (type $other) (i32.const 8))
      (table funcref (elem $d $o))
      (func (export "call") (param i32) (result i32) (call_indirect (type $base) (local.get 0))))""")).exports
    assert exports.call(0) == 7
    with pytest.raises(Trap, match="indirect call type mismatch"):
        exports.call(1)


# typed reference types with no 3.0 instruction in sight: only a signature, a local, a global or a table says so
TYPES_ONLY = {
    "a signature": ("(module (type $t (func)) (func (export \"f\") (param (ref null $t))))", "function-references"),
    "a local": ("(module (type $t (func)) (func (export \"f\") (local (ref null $t))))", "function-references"),
    "a global": ("(module (global (mut anyref) (ref.null any)))", "gc"),
    "a table and its initialiser": ("(module (func $f) (table 1 (ref func) (ref.func $f)))", "function-references"),
    "a struct type": ("(module (type (struct (field i32))))", "gc"),
}


@pytest.mark.parametrize("where", sorted(TYPES_ONLY))
def test_the_fast_engine_refuses_typed_references_it_meets_only_in_types(where, monkeypatch):
    text, proposal = TYPES_ONLY[where]
    module = _load(text)
    # an engine that does not name the proposal (the fast engine names both now)
    monkeypatch.setattr(FastExecutor, "supported_features", FastExecutor.supported_features - {proposal})
    with pytest.raises(EngineFeatureError, match=rf"^the fast engine does not support .+ \({proposal}\) yet; use --engine step$"):
        instantiate(module, store=Store(executor=FastExecutor()))
    instantiate(module)  # the step engine runs it


def test_the_fast_engine_still_runs_funcref_and_externref_modules():
    module = _load("(module (func $f) (table funcref (elem $f)) (global externref (ref.null extern))"
                   " (func (export \"f\") (param funcref) (result i32) (i32.const 1)))")
    assert instantiate(module, store=Store(executor=FastExecutor())).exports.f(None) == 1


def test_a_tag_with_typed_references_links_and_catches_across_modules():
    # the same struct type at another index in each module: tags compare canonical types
    exporter = instantiate(_load("""(module (type $s (struct (field i32))) (type (func (param (ref null $s))))
      (tag $t (export "t") (type 1))
      (func (export "throw") (param i32) (throw $t (struct.new $s (local.get 0)))))"""))
    importer = _load("""(module (type (func)) (type $s (struct (field i32)))
      (import "m" "t" (tag $t (param (ref null $s))))
      (import "m" "throw" (func $throw (param i32)))
      (func (export "catch") (result i32)
        (block $h (result (ref null $s))
          (try_table (catch $t $h) (call $throw (i32.const 41)))
          (return (i32.const -1)))
        (struct.get $s 0)))""")
    assert instantiate(importer, {"m": exporter.exports}).exports.catch() == 41
    other = _load('(module (type $s (struct (field i64))) (import "m" "t" (tag (param (ref null $s)))))')
    with pytest.raises(LinkError, match="incompatible import type"):
        instantiate(other, {"m": exporter.exports})

