"""Which 3.0 panels a module has anything for: the Heap panel struct/array types, the Exception panel tags."""

from __future__ import annotations

import pytest

from playground.resources import sample_path
from playground.wasm.text.parse import parse_module
from playground.workbench.panel_relevance import has_exceptions, has_heap


@pytest.mark.parametrize(
    "text, heap, exceptions",
    [
        ('(module (func (export "f") (result i32) (i32.const 1)))', False, False),
        ("(module (type (array i8)))", True, False),
        ("(module (type (struct)))", True, False),
        ("(module (func (result i31ref) (ref.i31 (i32.const 1))))", False, False),  # i31s are no heap objects
        ("(module (tag $t (param i32)))", False, True),
        ('(module (import "m" "t" (tag)))', False, True),  # a tag imported can be thrown too
    ],
)
def test_modules(text, heap, exceptions):
    module = parse_module(text)
    assert (has_heap(module), has_exceptions(module)) == (heap, exceptions)


@pytest.mark.parametrize("name, heap, exceptions", [("gc_list.wat", True, False), ("exceptions.wat", False, True),
                                                    ("fib.wat", False, False)])
def test_samples(name, heap, exceptions):
    module = parse_module(sample_path(name).read_text(encoding="utf-8"))
    assert (has_heap(module), has_exceptions(module)) == (heap, exceptions)
