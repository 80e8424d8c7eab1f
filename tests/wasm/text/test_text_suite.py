"""The text format against the spec test suite and WABT.

- every .wast parses; every text module in it parses;
- every `assert_malformed (module quote ...)` raises ParseError (and no other
  exception), other quoted modules parse;
- our bytes equal WABT's for a spread of the suite's text modules;
- print -> parse -> encode gives back the same bytes for every text module.

Known, legitimate differences from WABT: a module that uses `memory.init` or
`data.drop` but has NO data segment (only in assert_invalid modules of
memory_init.wast) - WABT omits the data count section, the shared encoder writes
one with count 0; it is listed in `KNOWN_WABT_DIFFERENCES`.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suite  # noqa: E402
from wabt_helper import wabt_assemble  # noqa: E402

from playground.wasm.errors import ParseError  # noqa: E402
from playground.wasm.features import WASM_2  # noqa: E402  (the 2.0 suite: 2.0's text rules)
from playground.wasm.text.parse import parse_module  # noqa: E402
from playground.wasm.text.print import print_module  # noqa: E402
from playground.wasm.text.wast import AssertMalformed, AssertModule, ModuleCommand, parse_wast  # noqa: E402

FILES = suite.suite_files()
IDS = [p.name for p in FILES]
KNOWN_WABT_DIFFERENCES = {("memory_init.wast", 190), ("memory_init.wast", 227)}

if not FILES:
    pytestmark = pytest.mark.skip(reason=suite.suite_missing_reason() or "no spec suite")


@functools.lru_cache(maxsize=None)
def commands(path: Path):
    return parse_wast(path.read_text(encoding="utf-8", errors="surrogateescape"), file=str(path))


def text_modules(path: Path):
    for command in commands(path):
        if isinstance(command, AssertModule):
            command = command.module
        if isinstance(command, ModuleCommand) and command.kind == "text":
            yield command


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_wast_parses_and_quotes_behave(path):
    malformed = 0
    for command in commands(path):
        if isinstance(command, AssertModule) and command.module.kind == "quote":
            if isinstance(command, AssertMalformed):
                malformed += 1
                with pytest.raises(ParseError):
                    parse_module(command.module.quote, features=WASM_2)
            else:
                parse_module(command.module.quote, features=WASM_2)
        elif isinstance(command, ModuleCommand) and command.kind == "quote":
            parse_module(command.quote, features=WASM_2)
        assert command.line >= 1


def test_malformed_messages_mostly_match_the_spec():
    agree = total = 0
    for path in FILES:
        for command in commands(path):
            if isinstance(command, AssertMalformed) and command.module.kind == "quote":
                total += 1
                try:
                    parse_module(command.module.quote, features=WASM_2)
                except ParseError as exc:
                    agree += exc.message.startswith(command.message) or command.message.startswith(exc.message)
    assert total > 1000
    assert agree / total > 0.99


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_print_reassembles_to_the_same_bytes(path):
    encode_module = pytest.importorskip("playground.wasm.binary.encode").encode_module
    decode_module = pytest.importorskip("playground.wasm.binary.decode").decode_module
    for command in text_modules(path):
        data = encode_module(command.module)
        for module in (command.module, decode_module(data)):
            text = print_module(module).text
            assert encode_module(parse_module(text)) == data, f"{path.name}:{command.line}"


# Every 8th text module of each file (and its first) keeps the WABT comparison near 15 s.
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_same_bytes_as_wabt(path, tmp_path):
    encode_module = pytest.importorskip("playground.wasm.binary.encode").encode_module
    for n, command in enumerate(text_modules(path)):
        if n % 8 or (path.name, command.line) in KNOWN_WABT_DIFFERENCES:
            continue
        expected = wabt_assemble(command.text, tmp_path)
        if expected is None:
            continue
        assert encode_module(command.module) == expected, f"{path.name}:{command.line}"
