"""The WAST script forms of 3.0: module definitions and instances, `either`, `assert_exception`, new ref results."""

from __future__ import annotations

from playground.wasm.errors import UncaughtException
from playground.wasm.spectest import WastRunner, run_wast_text
from playground.wasm.text.wast import AssertException, Either, ModuleInstance, RefHost, RefKind, RefNull, parse_wast
from playground.wasm.types import ValType


def _passes(script: str) -> list[tuple[int, bool]]:
    return [(o.line, o.passed) for o in run_wast_text(script).outcomes]


def test_definitions_are_instantiated_only_by_instance_commands():
    script = """
    (module definition $M (global $g (mut i32) (i32.const 0))
      (func (export "bump") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))
    (module instance $I1 $M)
    (module instance $I2 $M)
    (assert_return (invoke $I1 "bump") (i32.const 1))
    (assert_return (invoke $I1 "bump") (i32.const 2))
    (assert_return (invoke $I2 "bump") (i32.const 1))
    (module instance $I3 $Nope)
    """
    assert _passes(script) == [(6, True), (7, True), (8, True), (9, False)]


def test_a_definition_is_validated_but_allocates_nothing():
    # 65536 pages would be 4 GiB: the definition must not allocate them
    assert _passes("(module definition (memory 65536)) (module definition (func (i32.add)))") == [(1, False)]


def test_either_matches_any_of_its_patterns():
    script = """
    (module (func (export "five") (result i32) (i32.const 5)))
    (assert_return (invoke "five") (either (i32.const 4) (i32.const 5)))
    (assert_return (invoke "five") (either (i32.const 4) (i32.const 6)))
    """
    assert _passes(script) == [(3, True), (4, False)]


def test_new_reference_results_parse():
    commands = parse_wast("""
    (assert_return (invoke "f" (ref.host 1)) (ref.null) (ref.null any) (ref.null func) (ref.i31) (ref.eq) (ref.host 1)
      (either (ref.struct) (ref.array)))
    (assert_exception (invoke "g"))
    (module instance $I)
    """)
    expected = commands[0].expected
    assert commands[0].action.args == [RefHost(1)]
    assert expected[:4] == [RefNull(None), RefNull("any"), RefNull(ValType.FUNCREF), RefKind("i31")]
    assert expected[5] == RefHost(1) and expected[6] == Either((RefKind("struct"), RefKind("array")))
    assert isinstance(commands[1], AssertException)
    assert commands[2] == ModuleInstance(commands[2].line, "$I", None)


def test_assert_exception_wants_an_uncaught_exception(monkeypatch):
    script = '(module (func (export "f"))) (assert_exception (invoke "f"))'
    assert _passes(script) == [(1, False)]

    def throwing(self, action):
        raise UncaughtException("uncaught exception")

    monkeypatch.setattr(WastRunner, "act", throwing)
    assert _passes(script) == [(1, True)]
