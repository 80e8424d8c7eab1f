"""Feature profiles (wasm/features.py): parsing `--features`, and the validator keeping 3.0 behind its switches."""

from __future__ import annotations

import pytest

from playground.cli import main
from playground.wasm.features import ALL, PROPOSALS, WASM_2, FeatureError, Features, FeatureSpecError
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

TWO_MEMORIES = "(module (memory 1) (memory 1))"


def test_profiles_and_items():
    assert Features.parse("3.0").enabled == frozenset(PROPOSALS) == ALL.enabled
    assert Features.parse("2.0").enabled == frozenset() == WASM_2.enabled
    assert Features.parse("3.0,-gc").enabled == frozenset(PROPOSALS) - {"gc"}
    assert Features.parse("2.0,+tail-call,memory64").enabled == {"tail-call", "memory64"}
    assert str(Features.parse("2.0, +tail-call")) == "2.0,+tail-call"
    assert str(Features.parse("-gc")) == "3.0,-gc"  # no profile: from the default, 3.0


@pytest.mark.parametrize("text", ["", "4.0", "3.0,+threads", "2.0,-nope"])
def test_unknown_names_are_refused(text):
    with pytest.raises(FeatureSpecError):
        Features.parse(text)


def test_multiple_memories_need_multi_memory():
    module = parse_module(TWO_MEMORIES)
    validate_module(module)  # 3.0, the default
    validate_module(module, features=Features.parse("2.0,+multi-memory"))
    with pytest.raises(FeatureError) as caught:
        validate_module(module, features=WASM_2)
    # the 2.0 suite's wording first (messages compare by prefix), then the switch
    assert caught.value.message.startswith("multiple memories (needs the multi-memory feature")
    assert "--features 2.0,+multi-memory" in caught.value.message


def test_the_instruction_table_marks_only_known_proposals():
    from playground.wasm.instructions import OPS

    assert {op.feature for op in OPS if op.feature} <= set(PROPOSALS)


def test_cli_features_option(tmp_path, capsys):
    source = tmp_path / "two.wat"
    source.write_text(TWO_MEMORIES)
    assert main(["wat2wasm", str(source), "--features", "2.0", "-o", str(tmp_path / "a.wasm")]) == 1
    assert "multiple memories (needs the multi-memory feature" in capsys.readouterr().err
    assert main(["wat2wasm", str(source), "--features", "3.0", "-o", str(tmp_path / "a.wasm")]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["wat2wasm", str(source), "--features", "2.0,+threads"])
    assert "unknown feature 'threads'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "wast", "debug"])
def test_every_running_command_takes_features(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--features SPEC" in capsys.readouterr().out
