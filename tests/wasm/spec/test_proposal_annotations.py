"""Annotations (3.0): `(@id ...)` in the text format is read like a comment, kept on the module, and switchable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from playground.wasm.errors import ParseError
from playground.wasm.features import WASM_2, FeatureError
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proposal_helpers import assert_refused  # noqa: E402

ANNOTATED = """((@doc "a module") module $m (@a)
  (func (@name "f") (export "f") (param i32) (@a x (y "(z") ;; a comment
  ) (result i32) ((@a) i32.add (local.get 0) (@a ; , ] [ }) (i32.const 1))))"""


def test_annotations_are_skipped_and_kept():
    module = parse_module(ANNOTATED)
    plain = parse_module('(module $m (func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))')
    assert module == plain
    assert [name for name, _ in module.annotations] == ["doc", "a", "name", "a", "a", "a"]
    assert module.annotations[2][1].line == 2
    validate_module(module)


MALFORMED = {
    "(@)": "empty annotation id",
    '(@"")': "empty annotation id",
    "(@x (y)": "unclosed annotation",
    '(@x "abc)': "unclosed string",
    "(@x \u00e4)": "illegal character",
    "(func $(@a))": "empty identifier",
}


def test_malformed_annotations():
    for text, message in MALFORMED.items():
        assert_refused(text, message, ParseError)


def test_the_switch():
    with pytest.raises(FeatureError, match=r"^1:2: annotation \(@doc \.\.\.\) \(needs the annotations feature"):
        validate_module(parse_module(ANNOTATED), features=WASM_2)


def test_quoted_identifiers():
    module = parse_module('(module (func $"a b") (func $"fh") (func (call $"a\\20b") (call $fh)))')
    validate_module(module)
    assert module.funcs[2].body[0].imm == (0,) and module.funcs[2].body[1].imm == (1,)
    assert module.names.funcs[0] == "a b"
    with pytest.raises(ParseError, match="empty identifier"):
        parse_module('(func $"")')
