"""struct.new of unpacked fields and struct.get of an unpacked field inline (ops_gc.py): the step engine's
values (a float field's NaN payload too), its packing where a field is packed, its trap on null."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.exec.fast.translate import translate  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402

TEXT = """
(module
  (type $plain (struct (field $i (mut i32)) (field $x f64) (field $next (ref null $plain))))
  (type $packed (struct (field $b i8) (field $w (mut i32))))
  (func (export "plain") (param i32 i64) (result i32 i64)
    (local $s (ref null $plain))
    (local.set $s (struct.new $plain (local.get 0) (f64.reinterpret_i64 (local.get 1))
      (struct.new $plain (i32.const 7) (f64.const 0) (ref.null $plain))))
    (i32.add (struct.get $plain $i (local.get $s)) (struct.get $plain $i (struct.get $plain $next (local.get $s))))
    (i64.reinterpret_f64 (struct.get $plain $x (local.get $s))))
  (func (export "packed") (param i32) (result i32 i32)
    (local $p (ref null $packed))
    (local.set $p (struct.new $packed (local.get 0) (local.get 0)))
    (struct.get_s $packed $b (local.get $p))
    (struct.get $packed $w (local.get $p)))
  (func (export "null") (param i32) (result i32)
    (local $s (ref null $plain))
    (if (local.get 0) (then (local.set $s (struct.new $plain (i32.const 1) (f64.const 2) (ref.null $plain)))))
    (struct.get $plain $i (local.get $s)))
)
"""
MODULE = differential.load(TEXT)


def test_fields_agree_with_the_step_engine():
    calls = [("plain", [a, b]) for a in (0, 5, 2**32 - 1) for b in (0, 0x7FF0000000000001, 0xFFF8000000000123)]
    calls += [("packed", [a]) for a in (0, 0x7F, 0x80, 0x1FF, 2**32 - 1)]
    calls += [("null", [a]) for a in (1, 0)]
    step, fast = differential.compare(MODULE, calls)
    assert step == fast
    assert fast[-1].error[:2] == ("Trap", "null structure reference")


def test_only_unpacked_structs_are_made_and_read_inline():
    inst = instantiate(MODULE)
    plain = translate(inst.extern_exports["plain"]).source
    assert "STRUCT_REF(" in plain and "GC_STRUCT(" not in plain and "GC_STRUCT_GET" in plain  # the null path
    assert ".fields[0] if " in plain
    packed = translate(inst.extern_exports["packed"]).source
    assert "GC_STRUCT(" in packed and "STRUCT_REF(" not in packed
