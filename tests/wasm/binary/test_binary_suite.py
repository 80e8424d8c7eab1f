"""The spec test suite through the binary decoder and encoder.

Each .wast file is converted by WABT's `wast2json` (2.0 features only) into
.wasm files, and then:

1. every module decodes, re-encodes to the same bytes, and decodes again to an
   equal `Module`;
2. every `assert_malformed` binary module raises `MalformedError` whose message
   starts with the expected text (the reference interpreter compares prefixes).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import suite
from playground.wasm.binary import decode_module, encode_module
from playground.wasm.errors import MalformedError
from playground.wasm.features import WASM_2

# Proposals that WABT 1.0.42 enables by default but that are not part of Wasm 2.0.
WAST2JSON_FLAGS = [
    "--disable-exceptions",
    "--disable-tail-call",
    "--disable-annotations",
    "--disable-memory64",
    "--disable-multi-memory",
    "--disable-extended-const",
    "--disable-relaxed-simd",
]

# Modules written byte by byte in the .wast files that our canonical encoder
# cannot reproduce exactly. Each still decodes, re-encodes, and decodes again
# to an equal module; only the byte identity is waived, with the reason.
NOT_CANONICAL: dict[str, tuple[set[int] | None, str]] = {
    "binary-leb128": (None, "every module there uses non-minimal LEB128 encodings on purpose"),
    "binary": (
        {385, 441, 447, 643, 671, 788, 835, 888, 916, 970, 1034},
        "empty sections (count 0) and a zero-count local entry, which an encoder never writes",
    ),
    "custom": ({14}, "empty sections between custom sections"),
    "float_literals": ({224}, "section and body sizes padded to 5-byte LEB128"),
}

# Invalid (not malformed) text modules that WABT encodes without the data count
# section their `memory.init`/`data.drop` needs (WABT writes it only when there
# are data segments), so their binaries are malformed (spec 5.5.16).
WABT_OMITS_DATACOUNT = {("memory_init", 4), ("memory_init", 9)}


def _wast2json() -> str | None:
    local = Path(sys.executable).parent / "wast2json"
    return str(local) if local.exists() else shutil.which("wast2json")


_CACHE: dict[Path, tuple[Path, list[dict]]] = {}


def _convert(wast: Path, out_root: Path) -> tuple[Path, list[dict]]:
    """The folder of converted files and the command list of one .wast (cached per session)."""
    if wast not in _CACHE:
        tool = _wast2json()
        if tool is None:
            pytest.skip("wast2json (WABT) not found")
        out_dir = out_root / wast.stem
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{wast.stem}.json"
        subprocess.run([tool, *WAST2JSON_FLAGS, str(wast), "-o", str(target)], check=True, capture_output=True)
        _CACHE[wast] = out_dir, json.loads(target.read_text())["commands"]
    return _CACHE[wast]


@pytest.fixture(scope="session")
def converted_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("wast2json")


def _is_binary_module(lines: list[str], line: int) -> bool:
    text = lines[line - 1].split(";;")[0].split()
    return "binary" in text[:3]


_FILES = suite.suite_files()


@pytest.mark.parametrize("wast", _FILES or [None], ids=[p.stem for p in _FILES] or ["no-suite"])
def test_suite_modules_round_trip(wast, converted_root):
    """Every module decodes; its encoding is byte-identical (or listed above); decode(encode(m)) == m."""
    if wast is None:
        suite.require_suite()
    out_dir, commands = _convert(wast, converted_root)
    lines = wast.read_text(encoding="utf-8").splitlines()
    allowed_lines, _reason = NOT_CANONICAL.get(wast.stem, (set(), ""))
    checked = 0
    for command in commands:
        filename = command.get("filename", "")
        if command["type"] == "assert_malformed" or not filename.endswith(".wasm"):
            continue
        data = (out_dir / filename).read_bytes()
        line = command["line"]
        if (wast.stem, int(filename.split(".")[-2])) in WABT_OMITS_DATACOUNT:
            with pytest.raises(MalformedError, match="data count section required"):
                decode_module(data)
            continue
        module = decode_module(data, file=filename)
        again = encode_module(module)
        if again != data:
            waived = _is_binary_module(lines, line) and (allowed_lines is None or line in allowed_lines)
            assert waived, f"{wast.name}:{line}: re-encoding differs from {filename}"
            assert len(again) < len(data)
        assert decode_module(again) == module, f"{wast.name}:{line}: decode(encode(m)) != m"
        checked += 1
    assert checked or not any(c["type"] == "module" for c in commands)


@pytest.mark.parametrize("wast", _FILES or [None], ids=[p.stem for p in _FILES] or ["no-suite"])
def test_suite_malformed_binaries(wast, converted_root):
    """Every assert_malformed binary module raises MalformedError with the expected words."""
    if wast is None:
        suite.require_suite()
    out_dir, commands = _convert(wast, converted_root)
    for command in commands:
        if command["type"] != "assert_malformed" or command.get("module_type") != "binary":
            continue
        data = (out_dir / command["filename"]).read_bytes()
        with pytest.raises(MalformedError) as info:
            decode_module(data, features=WASM_2)  # the 2.0 suite: 3.0 opcodes and sections are malformed there
        message = info.value.message
        assert message.startswith(command["text"]), f"{wast.name}:{command['line']}: {message!r}"
