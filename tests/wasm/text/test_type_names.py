"""TypeNames: a module's names for its defined types, the one rule every front end prints GC values by."""

from __future__ import annotations

from playground.wasm.runtime import instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.text.type_names import NO_NAMES, TypeNames
from playground.wasm.types import RefType


def _instance(text: str):
    return instantiate(parse_module(text), {})


def test_a_type_reads_by_its_name_else_by_this_modules_index():
    # the same canonical struct, first defined at index 1 by one module, then at index 0 by another
    first = _instance("(module (type (func)) (type $pair (struct (field $a i32) (field $b i32))))")
    second = _instance("(module (type (struct (field i32) (field i32))))")
    shared = first.defs[1]
    assert second.defs[0] is shared
    assert TypeNames.of(first).label(shared) == "$pair"
    assert TypeNames.of(second).label(shared) == "type 0"  # not `$1`, the index in the first module
    assert TypeNames.of(second).heap_text(shared) == "0"
    assert TypeNames.of(first).field_name(shared, 1) == "b"
    assert TypeNames.of(second).field_name(shared, 1) is None


def test_types_inside_types_read_as_the_text_format_writes_them():
    inst = _instance("(module (type $node (struct (field (mut (ref null $node))))) (type (array i8)))")
    names = TypeNames.of(inst)
    assert names.type_text(RefType(True, inst.defs[0])) == "(ref null $node)"
    assert names.type_text(RefType(False, inst.defs[1])) == "(ref 1)"
    assert names.type_text(inst.defs[0].unrolled.fields[0]) == "(mut (ref null $node))"


def test_a_type_of_another_module_keeps_the_name_it_was_made_with():
    other = _instance("(module (type (func)) (type (func)) (type $s (struct (field f64 f64 f64))))")
    here = TypeNames.of(_instance("(module (type $t (struct)))"))
    assert here.label(other.defs[2]) == NO_NAMES.label(other.defs[2]) == str(other.defs[2])
