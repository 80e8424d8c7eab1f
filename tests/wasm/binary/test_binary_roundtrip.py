"""Decoder and encoder: round trips, WABT's bytes, instruction offsets, the name section."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.wasm.binary import decode_module, encode_module
from playground.wasm.binary.encode import EncodeError, elem_flags
from playground.wasm.binary.leb128 import read_unsigned
from playground.wasm.binary.names import decode_names, encode_names
from playground.wasm.instructions import OPS, SELECT_TYPED, op
from playground.wasm.model import CustomSection, Data, Elem, Export, Func, Global, Import, Instr, Module, Names
from playground.wasm.types import ExternKind, FuncType, GlobalType, HeapKind, Limits, MemType, TableType, ValType
from playground.wasm.types import ref_type

I32, I64, F32, F64, V128 = ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128
FUNCREF, EXTERNREF = ValType.FUNCREF, ValType.EXTERNREF


def I(name: str, *imm) -> Instr:  # noqa: E743 - short on purpose in tables of instructions
    return Instr(op(name), tuple(imm))


END = I("end")


def _wat2wasm() -> str | None:
    local = Path(sys.executable).parent / "wat2wasm"
    return str(local) if local.exists() else shutil.which("wat2wasm")


def wat2wasm(tmp_path: Path, text: str, *flags: str) -> bytes:
    tool = _wat2wasm()
    if tool is None:
        pytest.skip("wat2wasm (WABT) not found")
    src, out = tmp_path / "m.wat", tmp_path / "m.wasm"
    src.write_text(text)
    subprocess.run([tool, *flags, str(src), "-o", str(out)], check=True, capture_output=True)
    return out.read_bytes()


def sample_module() -> Module:
    """A module that touches every section and most encodings."""
    return Module(
        types=[FuncType((I32,), (I32,)), FuncType(), FuncType((F64, V128), (I64, EXTERNREF))],
        imports=[
            Import("env", "f", ExternKind.FUNC, 1),
            Import("env", "t", ExternKind.TABLE, TableType(Limits(1, 10), FUNCREF)),
            Import("env", "m", ExternKind.MEMORY, MemType(Limits(1, 2))),
            Import("env", "g", ExternKind.GLOBAL, GlobalType(I32, False)),
        ],
        funcs=[
            Func(0, [I64, I64, F32], [
                I("block", I32), I("local.get", 0), I("br_if", 0), I("i32.const", -1), I("end"),
                I("if", None), I("nop"), I("else"), I("unreachable"), I("end"),
                I("loop", 2), I("drop"), I("end"),
                I("i32.const", 0), I("i32.load", 2, 70000), I("drop"),
                I("i64.const", -(2**63)), I("f32.const", 0x7FC00001), I("f64.const", 0xFFF8000000000001),
                I("v128.const", (1 << 128) - 3), I("i8x16.shuffle", tuple(range(16))),
                I("v128.load8_lane", 0, 5, 15), I("i32x4.extract_lane", 3),
                I("br_table", (0, 1, 2), 0), I("call_indirect", 1, 0), I("select"), Instr(SELECT_TYPED, ((I32,),)),
                I("ref.null", EXTERNREF), I("ref.is_null"), I("ref.func", 1),
                I("memory.init", 0), I("data.drop", 0), I("memory.copy"), I("memory.fill"),
                I("table.init", 0, 1), I("elem.drop", 0), I("table.copy", 0, 1), I("table.size", 1),
                I("memory.size"), I("memory.grow"), I("i32.trunc_sat_f64_u"), I("i64x2.extmul_high_i32x4_u"),
                I("return"), END,
            ]),
            Func(1, [], [I("call", 0), END]),
        ],
        tables=[TableType(Limits(2), EXTERNREF)],
        globals=[
            Global(GlobalType(I32, True), [I("global.get", 0), END]),
            Global(GlobalType(FUNCREF), [I("ref.func", 2), END]),
            Global(GlobalType(V128), [I("v128.const", 12345), END]),
        ],
        exports=[Export("main", ExternKind.FUNC, 1), Export("mem", ExternKind.MEMORY, 0)],
        start=2,
        elems=[
            Elem(FUNCREF, [[I("ref.func", 1), END]], "active", 0, [I("i32.const", 0), END]),
            Elem(FUNCREF, [[I("ref.null", FUNCREF), END]], "passive"),
            Elem(EXTERNREF, [[I("ref.null", EXTERNREF), END]], "active", 1, [I("i32.const", 1), END]),
            Elem(FUNCREF, [[I("ref.func", 2), END]], "declarative"),
        ],
        datas=[Data(b"hello", "active", 0, [I("i32.const", 8), END]), Data(b"\x00\xff", "passive")],
        customs=[CustomSection("first", b"\x01\x02", 0), CustomSection("after-code", b"", 10)],
    )


def test_sample_module_round_trips():
    module = sample_module()
    data = encode_module(module)
    decoded = decode_module(data)
    assert decoded == module
    assert encode_module(decoded) == data
    assert [c.name for c in decoded.customs] == ["first", "after-code"]
    assert [c.after for c in decoded.customs] == [0, 10]
    assert decoded.datacount == 2  # memory.init is used, so the encoder wrote a data count section
    assert [e.flags for e in decoded.elems] == [0, 5, 6, 3]
    assert [d.flags for d in decoded.datas] == [0, 1]


def test_offsets_and_lengths_cover_each_instruction():
    data = encode_module(sample_module())
    module = decode_module(data)
    for func in module.funcs:
        size, body_start = read_unsigned(data, func.offset, 32)  # Func.offset: the body's size field
        previous_end = None
        for instr in func.body:
            raw = data[instr.offset : instr.offset + instr.length]
            assert raw[:1] == instr.op.opcode_bytes[:1]
            if previous_end is not None:
                assert instr.offset == previous_end  # instructions tile the body
            previous_end = instr.offset + instr.length
        assert data[previous_end - 1] == 0x0B
        assert previous_end == body_start + size


def test_decoded_positions_point_into_the_file():
    module = decode_module(encode_module(sample_module()))
    assert module.globals[0].init[0].offset is not None
    assert module.elems[0].offset[0].offset is not None


# --- every instruction of the table, with random immediates -------------------


def _immediates(kind: str):
    u32 = st.integers(0, 2**32 - 1)
    return {
        "none": st.just(()),
        "blocktype": st.one_of(st.just((None,)), st.sampled_from(list(ValType)).map(lambda t: (t,)),
                               u32.map(lambda x: (x,))),
        "label": u32.map(lambda x: (x,)),
        "br_table": st.tuples(st.lists(u32, max_size=5).map(tuple), u32),
        "func": u32.map(lambda x: (x,)),
        "tag": u32.map(lambda x: (x,)),
        "call_indirect": st.tuples(u32, u32),
        "local": u32.map(lambda x: (x,)),
        "global": u32.map(lambda x: (x,)),
        "table": u32.map(lambda x: (x,)),
        "elem": u32.map(lambda x: (x,)),
        "data": u32.map(lambda x: (x,)),
        "table_copy": st.tuples(u32, u32),
        "table_init": st.tuples(u32, u32),
        "memory_init": u32.map(lambda x: (x,)),
        "mem0": st.just(()),
        "mem0_mem0": st.just(()),
        "memarg": st.tuples(st.integers(0, 31), u32),
        "memarg_lane": st.tuples(st.integers(0, 31), u32, st.integers(0, 255)),
        "lane": st.integers(0, 255).map(lambda x: (x,)),
        "i32": st.integers(-(2**31), 2**31 - 1).map(lambda x: (x,)),
        "i64": st.integers(-(2**63), 2**63 - 1).map(lambda x: (x,)),
        "f32": st.integers(0, 2**32 - 1).map(lambda x: (x,)),
        "f64": st.integers(0, 2**64 - 1).map(lambda x: (x,)),
        "v128": st.integers(0, 2**128 - 1).map(lambda x: (x,)),
        "shuffle": st.lists(st.integers(0, 255), min_size=16, max_size=16).map(lambda xs: (tuple(xs),)),
        "reftype": st.sampled_from([FUNCREF, EXTERNREF]).map(lambda t: (t,)),
        "select_t": st.lists(st.sampled_from(list(ValType)), max_size=3).map(lambda ts: (tuple(ts),)),
        # 3.0, typed references and GC (reftype_cast: see `instructions`, the opcode fixes the nullability)
        "type": u32.map(lambda x: (x,)),
        **{k: st.tuples(u32, u32) for k in ("type_field", "type_n", "type_data", "type_elem", "type_type")},
        "br_on_cast": st.tuples(u32, _REFTYPES, _REFTYPES),
    }[kind]


_HEAPS = st.one_of(st.sampled_from(list(HeapKind)), st.integers(0, 2**32 - 1))
_REFTYPES = st.builds(ref_type, st.booleans(), _HEAPS)


_STRUCTURED = ("block", "loop", "if", "else", "end", "try_table")  # try_table: tests/wasm/spec/test_proposal_exceptions.py
_FLAT_OPS = [o for o in OPS if o.name not in _STRUCTURED]


@st.composite
def instructions(draw):
    o = draw(st.sampled_from(_FLAT_OPS))
    if o.imm == "reftype_cast":  # ref.test/ref.cast: opcodes 21 and 23 are the nullable ones
        return Instr(o, (ref_type(o.sub in (21, 23), draw(_HEAPS)),))
    return Instr(o, draw(_immediates(o.imm)))


@settings(max_examples=300, deadline=None)
@given(st.lists(instructions(), max_size=30))
def test_any_instruction_sequence_round_trips(body):
    module = Module(types=[FuncType()], funcs=[Func(0, [I32], body + [END])], datas=[Data(b"", "passive")])
    data = encode_module(module)
    assert decode_module(data) == module
    assert encode_module(decode_module(data)) == data


def test_immediates_of_the_wrong_shape_are_refused():
    for bad in (Instr(op("select"), ((I32,),)), Instr(op("local.get"), ()), Instr(op("i32.const"), ("x",))):
        with pytest.raises(EncodeError):
            encode_module(Module(types=[FuncType()], funcs=[Func(0, [], [bad, END])]))


def test_every_opcode_is_covered():
    assert len(_FLAT_OPS) + len(_STRUCTURED) == len(OPS)


# --- WABT's bytes ----------------------------------------------------------------

WAT = """
(module $m
  (type $t (func (param i32) (result i32)))
  (import "m" "f" (func $imp (param i32)))
  (table $tab 2 funcref)
  (memory $mem 1)
  (global $g (mut i32) (i32.const 0))
  (func $f (type $t) (local $l i64) (local f32 f32)
    (block $b (result i32) (br $b (local.get 0)))
    i32.const 0 i32.const 0 i32.const 0 memory.init $d
    v128.const i32x4 1 2 3 4 i32x4.extract_lane 1 drop)
  (func $g2 (param i32 i32) (result i32) (local.get 0))
  (export "f" (func $f))
  (elem (i32.const 0) $f $g2)
  (elem (table $tab) (i32.const 1) funcref (ref.null func))
  (elem declare func $f)
  (data $d (i32.const 0) "hi")
  (data "passive"))
"""


def test_reencoding_wabt_output_is_identical(tmp_path):
    data = wat2wasm(tmp_path, WAT)
    module = decode_module(data)
    assert encode_module(module) == data
    # Without the recorded flags, the encoder picks the same encodings as WABT.
    for elem in module.elems:
        elem.flags = None
    for segment in module.datas:
        segment.flags = None
    assert encode_module(module) == data


def test_generated_name_section_matches_wabt(tmp_path):
    data = wat2wasm(tmp_path, WAT, "--debug-names")
    module = decode_module(data)
    assert module.names.module == "m"
    assert module.names.funcs == {0: "imp", 1: "f", 2: "g2"}
    assert module.names.locals[1] == {1: "l"}
    assert module.names.datas == {0: "d"}
    assert encode_module(module) == data  # the stored section is re-emitted
    module.customs = []
    assert encode_module(module, names=True) == data  # and a generated one is the same
    assert encode_module(module) == wat2wasm(tmp_path, WAT)


def test_elem_flags_follow_wabt():
    ref = [[I("ref.func", 0), END]]
    null = [[I("ref.null", FUNCREF), END]]
    offset = [I("i32.const", 0), END]
    assert elem_flags(Elem(FUNCREF, ref, "active", 0, offset)) == 0
    assert elem_flags(Elem(FUNCREF, ref, "passive")) == 1
    assert elem_flags(Elem(FUNCREF, ref, "active", 1, offset)) == 2
    assert elem_flags(Elem(FUNCREF, ref, "declarative")) == 3
    assert elem_flags(Elem(FUNCREF, null, "active", 0, offset)) == 4
    assert elem_flags(Elem(FUNCREF, null, "passive")) == 5
    assert elem_flags(Elem(EXTERNREF, [[I("ref.null", EXTERNREF), END]], "active", 0, offset)) == 6
    assert elem_flags(Elem(FUNCREF, null, "declarative")) == 7
    # A recorded encoding is kept when it fits, and replaced when it cannot express the segment.
    assert elem_flags(Elem(FUNCREF, ref, "active", 0, offset, flags=6)) == 6
    assert elem_flags(Elem(FUNCREF, null, "active", 0, offset, flags=0)) == 4
    assert elem_flags(Elem(FUNCREF, ref, "active", 3, offset, flags=0)) == 2


# --- the name section ------------------------------------------------------------


def test_names_round_trip():
    names = Names(module="mod", funcs={0: "a", 2: "c"}, locals={2: {0: "x", 1: "y"}},
                  types={0: "t"}, globals={1: "g"}, datas={0: "d"})
    assert decode_names(encode_names(names, 3)) == Names(
        module="mod", funcs={0: "a", 2: "c"}, locals={0: {}, 1: {}, 2: {0: "x", 1: "y"}},
        types={0: "t"}, globals={1: "g"}, datas={0: "d"})


def test_bad_name_section_is_tolerated():
    good = bytes([1, 4, 1, 0, 1, ord("f")])  # function names: {0: "f"}
    broken = bytes([2, 3, 1, 0, 9])  # local names running past their subsection
    unknown = bytes([11, 2, 0xFF, 0xFF])  # tags, unreadable: skipped
    bad_utf8 = bytes([0, 2, 1, 0xFF])
    names = decode_names(good + broken + unknown + bad_utf8)
    assert names.funcs == {0: "f"}
    assert names.locals == {} and names.module is None and names.tags == {}
    assert [p.split(":")[1].strip() for p in names.problems] == [
        "subsection 2 (local names)", "subsection 11 (tag names)", "subsection 0 (module name)"]
    assert decode_names(b"\x01\xff\xff") == Names()  # a truncated header ends the parse

    module = Module(customs=[CustomSection("name", broken + bytes([1, 0x80]), 0)])
    assert decode_module(encode_module(module)).names == Names()  # and the module is still well-formed


GC_WAT = """(module
  (type $sig (func (param i32)))
  (type $node (struct (field $value i32) (field $next (ref null $node))))
  (type $pair (struct (field $a i32) (field i64) (field $c f32)))
  (tag $oops (type $sig))
  (func $f (type $sig) (param $v i32)))
"""


def test_type_field_and_tag_names_round_trip():
    names = Names(types={0: "sig", 1: "node"}, fields={1: {0: "value", 1: "next"}, 2: {2: "c"}}, tags={0: "oops"})
    payload = encode_names(names, 0)
    # subsection 10: one indirect map, typeidx -> fieldidx -> name, as the 3.0 appendix lays it out
    assert bytes([10, 0x15, 2, 1, 2, 0, 5]) + b"value" + bytes([1, 4]) + b"next" + bytes([2, 1, 2, 1]) + b"c" in payload
    assert payload.index(bytes([4, 0x0C])) < payload.index(bytes([10, 0x15])) < payload.index(bytes([11, 7]))
    decoded = decode_names(payload)
    assert (decoded.types, decoded.fields, decoded.tags) == (names.types, names.fields, names.tags)
    assert decoded.problems == []


def test_text_names_reach_the_name_section_as_wabt_writes_them(tmp_path):
    from playground.wasm.text.parse import parse_module

    module = parse_module(GC_WAT)
    assert module.names.fields == {1: {0: "value", 1: "next"}, 2: {0: "a", 2: "c"}}
    data = encode_module(module, names=True)
    assert decode_module(data).names == module.names
    # WABT 1.0.42 writes type names of function types and tag names (subsections 4 and 11), not yet those of
    # GC types nor field names (10): without the GC types our section is byte for byte its `--debug-names` one.
    plain = GC_WAT.replace("(type $node (struct (field $value i32) (field $next (ref null $node))))", "") \
                  .replace("(type $pair (struct (field $a i32) (field i64) (field $c f32)))", "")
    assert encode_module(parse_module(plain), names=True) == wat2wasm(tmp_path, plain, "--enable-all", "--debug-names")


def test_malformed_field_names_are_reported_and_skipped():
    good_types = bytes([4, 6, 1, 0, 3]) + b"sig"
    fields_overrun = bytes([10, 5, 1, 0, 1, 0, 9])  # one field name whose length runs past the subsection
    names = decode_names(good_types + fields_overrun)
    assert names.types == {0: "sig"} and names.fields == {}
    assert names.problems == ["name section: subsection 10 (field names): length out of bounds (payload offset 15); skipped"]
    trailing = bytes([10, 4, 1, 0, 0, 7])  # an empty map for type 0, then a stray byte
    assert decode_names(trailing).problems == [
        "name section: subsection 10 (field names): 1 bytes left over after its names (payload offset 5); skipped"]
    assert "runs past the section" in decode_names(bytes([10, 9, 1])).problems[0]
