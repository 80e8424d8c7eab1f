"""The fast engine as a whole: hostile names, the step-engine fallback, recording state tables, the command line."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.engines import engine_names, new_executor  # noqa: E402
from playground.wasm.exec.fast.executor import FastExecutor  # noqa: E402
from playground.wasm.exec.fast.translate import translate  # noqa: E402
from playground.wasm.exec.interface import ExecSettings  # noqa: E402
from playground.wasm.runtime import Store, host_func, instantiate  # noqa: E402
from playground.wasm.runtime.mutations import StateOps  # noqa: E402

REPO = Path(__file__).resolve().parents[3]

# --- a hostile module ----------------------------------------------------------------------------------

EVIL = [
    "x\"); __import__('builtins').PWNED = 1 #",
    "y'''\nimport os\nos._exit(3)\n'''",
    "\\\"; raise SystemExit(4) #\n\tz",
    "}]) ; globals().clear() #",
    "\u202e pwned \x00 name",
]

HOSTILE = r"""
(module
  (import "%s" "%s" (func $h (param i32) (result i32)))
  (memory (export "%s") 1)
  (global $g (export "%s") (mut i32) (i32.const 5))
  (table 2 funcref) (elem (i32.const 0) $a $b)
  (func $a (export "%s") (param $p i32) (result i32)
    (block $out (result i32)
      (drop (br_if $out (i32.const 9) (i32.eqz (local.get $p))))
      (i32.add (call $h (local.get $p)) (global.get $g))))
  (func $b (param i32) (result i32)
    (i32.store (i32.const 0) (local.get 0))
    (call_indirect (param i32) (result i32) (i32.const 0) (i32.const 0)))
  (func (export "b") (param i32) (result i32) (call $b (local.get 0)))
)
"""


def wat_string(text: str) -> str:
    return "".join(f"\\{b:02x}" for b in text.encode("utf-8"))


def hostile_module():
    module = differential.load(HOSTILE % tuple(wat_string(e) for e in EVIL))
    for funcidx in range(4):  # debug names as a binary's name section may give them
        module.names.funcs[funcidx] = EVIL[funcidx % len(EVIL)]
        module.names.locals[funcidx] = {0: EVIL[(funcidx + 1) % len(EVIL)]}
    module.names.module = EVIL[2]
    return module


def test_no_name_from_the_module_reaches_the_generated_source():
    module = hostile_module()
    imports = {EVIL[0]: {EVIL[1]: host_func(lambda x: x * 2, params=["i32"], results=["i32"])}}
    executor = FastExecutor()
    inst = instantiate(module, imports, store=Store(executor=executor))
    assert inst.exports[EVIL[4]](4) == 13
    assert inst.exports.b(6) == 9  # through call_indirect to $a(0)
    assert inst.exports[EVIL[4]](0) == 9
    assert not hasattr(builtins, "PWNED")
    for func in inst.funcs[1:]:
        source = translate(func).source
        code = executor.compiled(func)[0]
        for evil in EVIL:
            for fragment in (evil, "PWNED", "os._exit", "SystemExit", "globals()", "pwned"):
                assert fragment not in source
                assert fragment not in code.co_filename and fragment not in code.co_name
        assert set(code.co_names) <= set(executor.context(inst).ns) | {"value", "data", "elements", "type", "bit_length", "bit_count", "to_bytes", "n", "limit", "check", "piece"}


def test_a_hostile_module_traps_with_its_names_only_as_data():
    module = hostile_module()
    imports = {EVIL[0]: {EVIL[1]: host_func(lambda x: x, params=["i32"], results=["i32"])}}
    inst = instantiate(module, imports, store=Store(executor=FastExecutor(ExecSettings(max_call_depth=1))))
    with pytest.raises(Exception) as info:
        inst.exports.b(1)  # the call to $b is one frame too many
    assert info.value.message == "call stack exhausted"
    assert info.value.func_name == EVIL[3 % len(EVIL)]


# --- deep nesting: guarded regions, and the fallback to the step engine -----------------------------------

def switch_module(levels: int = 25) -> str:
    """A function whose br_table jumps into 25 nested blocks: more nested Python loops than CPython compiles."""
    opens = "".join(f"(block $b{i} " for i in range(levels))
    labels = " ".join(f"$b{i}" for i in range(levels))
    inner = f"(br_table {labels} (local.get 0))"
    closes = "".join(f") (local.set 1 (i32.add (local.get 1) (i32.const {i + 1})))" for i in range(levels))
    return f"""
(module
  (memory 1)
  (func $switch (export "switch") (param i32) (result i32) (local i32)
    {opens}{inner}{closes}
    (if (i32.eq (local.get 0) (i32.const 99)) (then (drop (i32.load (i32.const 70000)))))
    (if (i32.eq (local.get 0) (i32.const 98)) (then (drop (call $switch (i32.const 98)))))
    (local.get 1))
  (func (export "call_switch") (param i32) (result i32) (i32.add (i32.const 1000) (call $switch (local.get 0))))
)
"""


def loops_module(levels: int = 22) -> str:
    """22 nested loops, each branched back to: past what the translator nests, so the step engine runs it."""
    opens = "".join(f"(loop $l{i} " for i in range(levels))
    backs = "".join(f"(br_if $l{i} (i32.eq (local.get 0) (i32.const 12345))))" for i in reversed(range(levels)))
    return switch_module().replace("(module", f"""(module
  (func $loops (export "loops") (param i32) (result i32) (local i32)
    {opens}(local.set 1 (i32.add (local.get 1) (i32.const 1))){backs}
    (if (i32.eq (local.get 0) (i32.const 99)) (then (drop (i32.load (i32.const 70000)))))
    (if (i32.eq (local.get 0) (i32.const 98)) (then (drop (call $loops (i32.const 98)))))
    (local.get 1))""", 1)


CALLS = [(name, [n]) for name in ("switch", "call_switch", "loops") for n in (0, 1, 7, 24, 25, 1000, 99, 98)]
SETTINGS = (ExecSettings(max_call_depth=300), ExecSettings(count=True, max_call_depth=300),
            ExecSettings(fuel=150), ExecSettings(max_call_depth=30))


def test_blocks_nested_deeper_than_python_loops_are_guarded_regions():
    module = differential.load(loops_module())
    executor = FastExecutor()
    inst = instantiate(module, store=Store(executor=executor))
    assert executor.compiled(inst.extern_exports["switch"]) is not None
    assert "if not J:" in translate(inst.extern_exports["switch"]).source


def test_functions_too_deep_for_python_run_on_the_step_engine():
    module = differential.load(loops_module())
    executor = FastExecutor()
    inst = instantiate(module, store=Store(executor=executor))
    assert executor.compiled(inst.extern_exports["loops"]) is None  # 22 loops: too deep
    for settings in SETTINGS:
        step, fast = differential.compare(module, CALLS, settings)
        assert [(o.results, o.error, o.instructions) for o in step] == [(o.results, o.error, o.instructions) for o in fast]
    assert any(o.error and o.error[1] == "out of bounds memory access" for o in fast)
    assert any(o.error and o.error[1] == "call stack exhausted" for o in fast)


# --- recording state tables ------------------------------------------------------------------------------------

class Recording(StateOps):
    """A state table that writes down every write (as a debugger's recorder does), in order."""

    inline = False

    def __init__(self):
        self.log = []

    def store(self, mem, address, payload):
        self.log.append(("store", address, bytes(payload)))
        super().store(mem, address, payload)

    def global_set(self, glob, value):
        self.log.append(("global", value))
        super().global_set(glob, value)

    def memory_grow(self, mem, delta):
        self.log.append(("grow", delta))
        return super().memory_grow(mem, delta)

    def table_set(self, table, index, ref):
        self.log.append(("table", index))
        super().table_set(table, index, ref)


WRITES = """
(module
  (memory (export "mem") 1 2)
  (global $g (mut f64) (f64.const 0))
  (table $t 2 funcref)
  (elem declare func $f)
  (func $f)
  (func (export "writes") (param i32) (result i32)
    (i32.store offset=3 (local.get 0) (i32.const 0x01020304))
    (i64.store16 (i32.const 10) (i64.const -1))
    (f64.store (i32.const 16) (f64.const nan:0x4000000000001))
    (v128.store (i32.const 32) (v128.const i32x4 1 2 3 4))
    (v128.store8_lane 3 (i32.const 48) (v128.const i32x4 1 2 3 4))
    (global.set $g (f64.const -0.0))
    (table.set $t (i32.const 1) (ref.func $f))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (i32.const 9))
    (i32.load (i32.const 65536)))
)
"""


def test_a_recording_state_table_sees_the_same_writes():
    module = differential.load(WRITES)
    logs = []
    for engine in ("step", "fast"):
        ops = Recording()
        executor = new_executor(engine, None, ops=ops)
        inst = instantiate(module, store=Store(executor=executor))
        assert inst.exports.writes(5) == 9
        logs.append(ops.log)
    assert logs[0] == logs[1] and len(logs[0]) == 9


# --- registry and command line --------------------------------------------------------------------------------

def test_registered_as_fast():
    assert "fast" in engine_names() and engine_names()[0] == "step"
    assert isinstance(new_executor("fast"), FastExecutor)


def test_run_engine_fast_on_the_command_line(tmp_path, capsys):
    from playground.cli import main

    path = tmp_path / "t.wat"
    path.write_text('(module (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))'
                    ' (func (export "f") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5))))')
    outputs = {}
    for engine in ("step", "fast"):
        assert main(["run", str(path), "--engine", engine, "--invoke", "div", "7", "-2", "--stats"]) == 0
        out, err = capsys.readouterr()
        outputs[engine] = (out, err.split("instantiate_s")[0])
        assert main(["run", str(path), "--engine", engine, "--invoke", "div", "1", "0"]) == 1
        outputs[engine] += (capsys.readouterr().err,)
        assert main(["run", str(path), "--engine", engine, "--invoke", "f", "nan:0x4000000000001"]) == 0
        outputs[engine] += (capsys.readouterr().out,)
    assert outputs["step"] == outputs["fast"]
    assert outputs["fast"][0] == "-3\n" and "integer divide by zero" in outputs["fast"][2]


def test_c_programs_print_the_same_on_both_engines(capsys):
    """WASI C programs (printf's large switch included) print the same through run --engine fast."""
    from playground.cli import main

    for name in ("hello", "recursion", "points", "sort"):
        path = REPO / "samples" / "c" / f"{name}.wasm"
        if not path.exists():
            continue
        got = []
        for engine in ("step", "fast"):
            status = main(["run", str(path), "--engine", engine])
            got.append((status, capsys.readouterr().out))
        assert got[0] == got[1] and got[0][1], name
