"""The spec test suite: every `(module ...)` validates; every `assert_invalid` is rejected with its message.

The modules of `assert_unlinkable` and `assert_uninstantiable` are valid too, so they count as modules.

The .wast scripts are converted to binaries with WABT's `wast2json` (once per session) and
decoded with our decoder, so this checks the validator without waiting for the text parser.
Accept/reject outcomes and message mismatches are separate tests, so each count shows on its own.
Run this file as a script for the totals.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: find `suite` and `playground` like pytest does
    sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parents[3])]

import suite  # noqa: E402

from playground.wasm.errors import InvalidError, MalformedError  # noqa: E402
from playground.wasm.features import WASM_2  # noqa: E402
from playground.wasm.validate import validate_module  # noqa: E402

WAST2JSON = Path(sys.executable).parent / "wast2json"
FILES = suite.suite_files()


@dataclass
class Outcome:
    """What happened to the modules of one .wast file."""

    accepted: int = 0  # `module` commands that validate
    rejected: int = 0  # `assert_invalid` commands rejected with InvalidError
    messages_ok: int = 0  # ... with the expected message (prefix match, as the spec runner compares)
    decoder_rejected: list[str] = field(default_factory=list)  # assert_invalid the decoder already refuses
    failures: list[str] = field(default_factory=list)  # wrongly accepted / rejected / crashed
    mismatches: list[str] = field(default_factory=list)  # rejected, but with another message
    skipped: list[str] = field(default_factory=list)  # `module` commands the decoder cannot read


def _wast2json() -> str:
    tool = WAST2JSON if WAST2JSON.exists() else shutil.which("wast2json")
    if not tool:
        pytest.skip("wast2json (WABT) not found")
    return str(tool)


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> Path:
    """All suite scripts as wast2json output, one folder per script."""
    return convert_suite(tmp_path_factory.mktemp("validate-suite"))


def convert_suite(root: Path) -> Path:
    """Run wast2json on every suite script into `root/<stem>/<stem>.json` (two at a time: the machine is shared)."""
    tool = _wast2json()

    def convert(wast: Path) -> None:
        out = root / wast.stem
        out.mkdir()
        subprocess.run([tool, str(wast), "-o", str(out / f"{wast.stem}.json")], capture_output=True, check=False)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(convert, FILES))
    return root


def _decoder():
    try:
        from playground.wasm.binary.decode import decode_module
    except ImportError as exc:  # the binary decoder is written in parallel
        pytest.skip(f"binary decoder not available: {exc}")
    return decode_module


@functools.cache
def _outcome(json_path: Path) -> Outcome:
    decode_module = _decoder()
    outcome = Outcome()
    if not json_path.exists():
        outcome.failures.append(f"wast2json produced no {json_path.name}")
        return outcome
    for command in json.loads(json_path.read_text())["commands"]:
        kind, filename = command["type"], command.get("filename", "")
        if kind in ("assert_unlinkable", "assert_uninstantiable"):
            kind = "module"
        if kind not in ("module", "assert_invalid") or not filename.endswith(".wasm"):
            continue
        where = f"{filename} (line {command['line']})"
        data = (json_path.parent / filename).read_bytes()
        try:
            module = decode_module(data, file=filename)
        except MalformedError as exc:
            # e.g. `data.drop` without data: wast2json writes no data count section, so the binary is malformed.
            (outcome.skipped if kind == "module" else outcome.decoder_rejected).append(f"{where}: {exc}")
            continue
        try:
            validate_module(module, features=WASM_2)  # the 2.0 suite, as a 2.0 validator
        except InvalidError as exc:
            if kind == "module":
                outcome.failures.append(f"{where}: valid module rejected: {exc}")
            else:
                outcome.rejected += 1
                if exc.message.startswith(command["text"]):
                    outcome.messages_ok += 1
                else:
                    outcome.mismatches.append(f"{where}: expected {command['text']!r}, got {exc.message!r}")
        except Exception as exc:  # noqa: BLE001 - a crash is a failure to report, with its file and line
            outcome.failures.append(f"{where}: crashed: {exc!r}")
        else:
            if kind == "module":
                outcome.accepted += 1
            else:
                outcome.failures.append(f"{where}: invalid module accepted (expected {command['text']!r})")
    return outcome


def _ids() -> list[str]:
    return [str(p.relative_to(suite.suite_dir())) for p in FILES]


@pytest.mark.skipif(not FILES, reason=suite.suite_missing_reason() or "no suite files")
@pytest.mark.parametrize("wast", FILES, ids=_ids())
def test_validate_suite_accepts_and_rejects(wast: Path, converted: Path):
    outcome = _outcome(converted / wast.stem / f"{wast.stem}.json")
    assert not outcome.failures, "\n".join(outcome.failures)


@pytest.mark.skipif(not FILES, reason=suite.suite_missing_reason() or "no suite files")
@pytest.mark.parametrize("wast", FILES, ids=_ids())
def test_validate_suite_messages(wast: Path, converted: Path):
    outcome = _outcome(converted / wast.stem / f"{wast.stem}.json")
    assert not outcome.mismatches, "\n".join(outcome.mismatches)


def main() -> int:
    """Print the totals over the whole suite (python tests/wasm/validate/test_validate_suite.py)."""
    import tempfile

    root = convert_suite(Path(tempfile.mkdtemp(prefix="validate-suite")))
    total = Outcome()
    for wast in FILES:
        o = _outcome(root / wast.stem / f"{wast.stem}.json")
        total.accepted += o.accepted
        total.rejected += o.rejected
        total.messages_ok += o.messages_ok
        for name in ("decoder_rejected", "failures", "mismatches", "skipped"):
            getattr(total, name).extend(getattr(o, name))
    print(f"valid modules accepted:       {total.accepted}")
    print(f"invalid modules rejected:     {total.rejected} (expected message: {total.messages_ok})")
    print(f"accept/reject failures:       {len(total.failures)}")
    print(f"message mismatches:           {len(total.mismatches)}")
    print(f"rejected by the decoder:      {len(total.decoder_rejected)}")
    print(f"valid modules not decodable:  {len(total.skipped)}")
    for line in total.failures + total.mismatches + total.decoder_rejected + total.skipped:
        print("  ", line)
    return 1 if total.failures or total.mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
