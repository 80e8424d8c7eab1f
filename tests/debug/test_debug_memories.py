"""Several memories (3.0) in the debugger: names, 64-bit address text, who wrote a byte of memory 1, watchpoints and `mem`."""

from __future__ import annotations

import io

import pytest

from playground.debug.cli_prompt import Prompt
from playground.debug.memories import MemoryChoiceError, MemoryInfo, find_memory, memory_infos
from playground.debug.session import DebugSession
from playground.debug.session_file import check_session_data
from playground.debug.watchpoints import watch_memory

# Two memories declared in the module, each with its own active data segment (instantiation writes them).
TWO = """(module
  (memory $heap 1)
  (memory $io 2)
  (data (i32.const 0) "heap bytes")
  (data (memory $io) (i32.const 16) "io bytes")
  (func (export "f") (result i32)
    (i32.store8 (i32.const 3) (i32.const 0x41))
    (i32.load8_u (i32.const 3))))
"""

UNNAMED = '(module (memory 1) (memory 1) (func (export "f")))'


def started(text: str) -> DebugSession:
    session = DebugSession.from_text(text)
    session.start("f", [])
    return session


def test_memories_are_named_from_their_ids_else_by_index():
    session = started(TWO)
    infos = memory_infos(session.module, session.instance)
    assert [(i.index, i.name, i.size, i.is64) for i in infos] == [(0, "$heap", 65536, False), (1, "$io", 131072, False)]
    assert infos[1].label == "$io (memory 1)" and infos[1].at(0x11) == "$io[0x11]"
    plain = started(UNNAMED)
    assert [i.label for i in memory_infos(plain.module, plain.instance)] == ["memory 0", "memory 1"]
    assert find_memory(infos, "io").index == 1 and find_memory(infos, "$heap").index == 0 and find_memory(infos, "1").index == 1
    with pytest.raises(MemoryChoiceError, match=r"no memory '2': the instance has 2 \(choose 0 \(\$heap\), 1 \(\$io\)\)"):
        find_memory(infos, "2")


def test_a_real_memory64_module_is_seen_as_64_bit_and_read_at_its_addresses():
    session = started('(module (memory $wide i64 1) (memory $narrow 1)'
                      ' (func (export "f") (i64.store $wide (i64.const 0x10) (i64.const 42))))')
    session.continue_()
    wide, narrow = memory_infos(session.module, session.instance)
    assert (wide.is64, narrow.is64) == (True, False)
    assert "i64 addresses" in wide.label and "i64" not in narrow.label
    assert wide.address_text(0x10) == "0x0000000000000010"
    assert session.instance.mems[0].data[0x10] == 42


def test_addresses_of_a_64_bit_memory_have_16_digits_and_32_bit_ones_refuse_wide_addresses():
    wide, narrow = MemoryInfo(0, "memory 0", True, 65536), MemoryInfo(1, "$io", False, 65536)
    assert wide.address_text(0x10) == "0x0000000000000010" and narrow.address_text(0x10) == "0x00000010"
    assert wide.label == "memory 0 (i64 addresses)"
    with pytest.raises(MemoryChoiceError, match=r"0x100000000 is not a 32-bit address \(\$io has 32-bit addresses\)"):
        narrow.check_address(1 << 32)
    with pytest.raises(MemoryChoiceError, match=r"0x0000000100000000 is past the end of memory 0 \(0x10000 bytes\)"):
        wide.check_address(1 << 32)
    with pytest.raises(MemoryChoiceError, match="is not a 64-bit address"):
        wide.check_address(1 << 64)


def test_who_wrote_and_the_hex_source_of_memory_1_name_its_own_data_segment():
    session = started(TWO)
    assert session.who_wrote(17, memory=1).describe() == "data segment 1 (instantiation)"
    assert session.who_wrote(17) is None  # memory 0 holds no segment byte there
    assert session.who_wrote(1).describe() == "data segment 0 (instantiation)"
    source = session.memory_source(1)
    assert bytes(source.data[16:24]) == b"io bytes" and source.memory.name == "$io" and len(source.memories) == 2
    step, location = source.who_wrote(16)
    assert step == 0 and location.kind == "data" and location.instr_index == 1
    assert session.read_memory(16, 2, memory=1) == b"io"


def test_a_watchpoint_on_memory_1_is_bound_to_it_named_and_saved_with_its_index():
    session = started(TWO)
    wp = session.add_watchpoint(watch_memory(16, 4, memory=1))
    assert wp.target is session.instance.mems[1] and wp.describe() == f"#{wp.id} $io [0x10, 0x14)"
    assert session.add_watchpoint(watch_memory(0, 4)).describe().endswith("$heap [0x0, 0x4)")
    data = session.export()
    assert [w["memory"] for w in data["watchpoints"]] == [1, 0]
    check_session_data(data)  # a file with memory indices reads back
    plain = DebugSession.from_text('(module (memory 1) (func (export "f")))')
    plain.start("f", [])
    assert plain.add_watchpoint(watch_memory(0, 4)).describe().split(" ", 1)[1] == "memory [0x0, 0x4)"  # one memory: as before


def test_the_prompt_lists_chooses_and_reads_memories():
    session = started(TWO)
    out = io.StringIO()
    Prompt(session, out).run(["mem", "mem io", "x 16 8", "who 17", "watch 16 2", "mem 5", "mem 0", "x 0x100000000 1"])
    text = out.getvalue()
    assert "* 0: $heap (memory 0), 65,536 bytes\n  1: $io (memory 1), 131,072 bytes" in text
    assert "  0: $heap (memory 0), 65,536 bytes\n* 1: $io (memory 1), 131,072 bytes" in text
    assert "00000010: 69 6f 20 62 79 74 65 73" in text
    assert "$io[0x11]: written by data segment 1 (instantiation)" in text
    assert "$io [0x10, 0x12)" in text
    assert "error: no memory '5': the instance has 2" in text
    assert "error: 0x100000000 is not a 32-bit address ($heap has 32-bit addresses)" in text


def test_two_memories_sample_watchpoint_and_who_wrote_follow_the_copy_into_upper():
    from pathlib import Path

    session = DebugSession.from_file(Path(__file__).resolve().parents[2] / "samples" / "two_memories.wat")
    session.start("shout", [5])
    wp = session.add_watchpoint(watch_memory(0, 2, memory=1))
    snap = session.continue_()
    assert snap.reason == "watchpoint" and "$upper [0x0, 0x2)" in snap.message
    assert snap.location.instr_text == "block $done"  # stopped just after the copy from $text into $upper
    assert session.read_memory(0, 5, memory=1) == b"hello" and wp.hits == 1
    write = session.who_wrote(1, memory=1)
    assert write.how == "instruction" and write.location.instr_text.startswith("memory.copy")
    assert session.who_wrote(1, memory=0).describe() == "data segment 0 (instantiation)"  # $text kept its bytes
    snap = session.continue_()  # the first capital: i32.store8 $upper
    assert snap.reason == "watchpoint" and "$upper [0x0, 0x2): 68 65 -> 48 65" in snap.message
    assert session.read_memory(0, 2, memory=1) == b"He" and session.read_memory(0, 2) == b"he"
    assert session.who_wrote(0, memory=1).location.instr_text.startswith("i32.store8")
    back = session.step_back()  # before the store: memory 1 holds the copy again
    assert session.read_memory(0, 1, memory=1) == b"h" and back.state == "paused"
