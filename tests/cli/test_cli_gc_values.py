"""GC values (3.0) as the command line prints them: by the module's type and field names, else by index.

One rule (playground/wasm/text/type_names.py) for `run --invoke` results, an
uncaught exception's payload, `wast` failures and `run --trace`; the window's
heap view follows it too (tests/debug/test_debug_heap.py).
"""

from __future__ import annotations

import pytest

from playground import cli
from playground.resources import sample_path

WAT = """(module
  (type $pt (struct (field $x i32) (field $y i32)))
  (type (struct (field i64) (field (mut (ref null 1)))))
  (type $bytes (array (mut i8)))
  (type (array i32))
  (tag $oops (param (ref null $pt)))
  (func (export "pt") (result (ref $pt)) (struct.new $pt (i32.const 1) (i32.const -2)))
  (func (export "anon") (result (ref 1)) (struct.new 1 (i64.const 7) (struct.new 1 (i64.const -1) (ref.null 1))))
  (func (export "bytes") (result (ref $bytes)) (array.new $bytes (i32.const 255) (i32.const 3)))
  (func (export "ints") (result (ref 3)) (array.new_fixed 3 10 (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
    (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10)))
  (func (export "outside") (result externref) (extern.convert_any (struct.new $pt (i32.const 3) (i32.const 4))))
  (func (export "boom") (throw $oops (struct.new $pt (i32.const 1) (i32.const 2))))
)
"""


@pytest.fixture
def wat(tmp_path):
    path = tmp_path / "gc.wat"
    path.write_text(WAT)
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_struct_of_a_named_type_prints_its_type_and_field_names(capsys):
    code, out, _ = run(capsys, str(sample_path("gc_list.wat")), "--invoke", "build", "3")
    assert (code, out) == (0, "struct $node {value = 1, next = → struct $node}\n")


@pytest.mark.parametrize(
    "export, printed",
    [
        ("pt", "struct $pt {x = 1, y = -2}"),  # fields by name, an i32 signed
        ("anon", "struct type 1 {7, → struct type 1}"),  # no names: the module's index
        ("bytes", "array $bytes [3: 255 (signed -1), 255 (signed -1), 255 (signed -1)]"),  # packed as heap view shows it
        ("ints", "array type 3 [10: 1, 2, 3, 4, 5, 6, 7, 8, ...]"),
        ("outside", "extern → struct $pt"),  # made external: by reference, never by address
    ],
)
def test_gc_results_print_by_name_else_by_index(capsys, wat, export, printed):
    code, out, _ = run(capsys, wat, "--invoke", export)
    assert (code, out) == (0, printed + "\n")


def test_a_binary_keeps_the_names_of_its_name_section(capsys, wat, tmp_path):
    named, bare = tmp_path / "named.wasm", tmp_path / "bare.wasm"
    assert cli.main(["wat2wasm", wat, "--debug-names", "-o", str(named)]) == 0
    assert cli.main(["wat2wasm", wat, "-o", str(bare)]) == 0
    capsys.readouterr()
    assert run(capsys, str(named), "--invoke", "pt")[1] == "struct $pt {x = 1, y = -2}\n"
    assert run(capsys, str(bare), "--invoke", "pt")[1] == "struct type 0 {1, -2}\n"


def test_an_uncaught_exception_shows_its_payload_by_name(capsys, wat):
    code, out, err = run(capsys, wat, "--invoke", "boom")
    assert code != 0
    assert "uncaught exception: tag oops (struct $pt {x = 1, y = 2})" in err
    assert "0x" not in err


def test_the_trace_shows_the_results_by_the_debuggers_names(capsys):
    code, out, err = run(capsys, str(sample_path("gc_list.wat")), "--invoke", "build", "1", "--trace", "-")
    last = err.strip().splitlines()[-1]
    assert last.endswith("end  -> [(ref null $node):→ struct#1]"), last
    assert out == "struct $node {value = 1, next = null}\n"


def test_a_wast_failure_shows_gc_results_by_name(capsys, wat, tmp_path):
    script = tmp_path / "fails.wast"
    script.write_text(WAT.replace("(module", "(module $m", 1) + '(assert_return (invoke "pt") (ref.null any))\n')
    code = cli.main(["wast", str(script)])
    out, err = capsys.readouterr()
    assert code != 0
    assert "got [struct $pt {x = 1, y = -2}], expected" in out + err
