"""What the 3.0 proposal tests (test_proposal_*.py) share: valid modules from text or a sample, and refusals."""

from __future__ import annotations

import pytest

from playground.resources import sample_path
from playground.wasm.errors import InvalidError
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module


def valid_module(text: str):
    """The module of `text`, validated under the default (3.0) profile."""
    module = parse_module(text)
    validate_module(module)
    return module


def sample_module(name: str):
    """A sample of samples/ (they are WAT), parsed and validated."""
    return valid_module(sample_path(name).read_text(encoding="utf-8"))


def assert_refused(text: str, message: str, error: type = InvalidError) -> None:
    """`text` does not parse (error=ParseError) or does not validate, with `message` in the error."""
    with pytest.raises(error, match=message):
        validate_module(parse_module(text))
