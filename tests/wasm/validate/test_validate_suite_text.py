"""The spec suite through our own text parser: text modules carry their source spans into errors.

The binary route (test_validate_suite.py) needs wast2json; this one needs only our parser, and it
also covers the two `assert_invalid` modules whose binaries wast2json writes without a data count
section (malformed as binaries, "unknown data segment" as text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import suite

from playground.wasm.errors import InvalidError, WasmError
from playground.wasm.features import WASM_2
from playground.wasm.validate import validate_module

FILES = suite.suite_files()


def _modules(wast: Path):
    """(line, module, expected message or None) for every module the script defines or asserts invalid."""
    try:
        from playground.wasm.binary.decode import decode_module
        from playground.wasm.text import wast as w
    except ImportError as exc:
        pytest.skip(f"text parser or decoder not available: {exc}")
    try:
        commands = w.parse_wast(wast.read_text(encoding="utf-8"), file=wast.name)
    except WasmError as exc:  # the parser's own shortfall, tested in tests/wasm/text
        pytest.skip(f"the text parser cannot read {wast.name}: {exc}")
    for command in commands:
        expected = None
        if isinstance(command, w.ModuleCommand):
            module_command = command
        elif isinstance(command, (w.AssertInvalid, w.AssertUnlinkable, w.AssertUninstantiable)):
            module_command = command.module
            expected = command.message if isinstance(command, w.AssertInvalid) else None
        elif isinstance(command, w.AssertTrap) and command.module is not None:
            module_command = command.module
        else:
            continue
        if module_command.kind == "text":
            yield command.line, module_command.module, expected
        elif module_command.kind == "binary":
            try:
                yield command.line, decode_module(module_command.binary), expected
            except WasmError:
                continue  # malformed binaries are the decoder's tests


@pytest.mark.skipif(not FILES, reason=suite.suite_missing_reason() or "no suite files")
@pytest.mark.parametrize("wast", FILES, ids=[p.name for p in FILES])
def test_validate_suite_text(wast: Path):
    failures, mismatches = [], []
    for line, module, expected in _modules(wast):
        try:
            validate_module(module, features=WASM_2)  # the 2.0 suite, as a 2.0 validator
        except InvalidError as exc:
            if expected is None:
                failures.append(f"line {line}: valid module rejected: {exc}")
            elif not exc.message.startswith(expected):
                mismatches.append(f"line {line}: expected {expected!r}, got {exc.message!r}")
        else:
            if expected is not None:
                failures.append(f"line {line}: invalid module accepted (expected {expected!r})")
    assert not failures and not mismatches, "\n".join(failures + ["message mismatches:"] + mismatches)
