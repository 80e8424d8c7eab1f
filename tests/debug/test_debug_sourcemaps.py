"""Source maps: WAT spans and disassembly lines, and the debugger using them (breakpoints, run to line, stops)."""

from __future__ import annotations

import pytest

from playground.debug.breakpoints import Breakpoint, BreakpointError, at_line
from playground.debug.session import DebugSession
from playground.debug.sourcemaps import DisassemblySourceMap, SourceMap, SourceMapError, SourcePlace, WatSourceMap
from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.errors import SourceSpan
from playground.wasm.text.format import format_instr
from playground.wasm.text.parse import parse_module

# Line 3 holds the end of $a and the whole of $b; line 4 is blank, line 5 a comment.
PACKED = """(module
  (func $a (export "a") (result i32) (i32.add (i32.const 1)
      (i32.const 2)))  (func $b (export "b") (result i32) i32.const 7 i32.const 1 i32.sub)

  ;; a comment line
  (func $c (export "c") (result i32) (i32.add (call $a) (call $b))
  )
)
"""


def packed_map() -> WatSourceMap:
    return WatSourceMap(parse_module(PACKED, file="packed.wat"), PACKED, "packed.wat")


def test_wat_map_places_every_instruction_at_its_span():
    module = parse_module(PACKED, file="packed.wat")
    smap = WatSourceMap(module, PACKED, "packed.wat")
    assert smap.files == ("packed.wat",) and smap.main_file == "packed.wat" and smap.text() == PACKED
    for defined, func in enumerate(module.funcs):
        for index, instr in enumerate(func.body):
            place = smap.place(defined, index)
            assert place == SourcePlace("packed.wat", instr.span)
            assert PACKED[place.span.start : place.span.end] == (")" if instr.op.name == "end" else format_instr(instr, module.names, defined))
    assert smap.place(0, 99) is None and smap.place(7, 0) is None


def test_several_functions_on_one_line_each_get_a_target():
    smap = packed_map()
    # on line 3: $a's second i32.const and its end, then all of $b
    assert smap.on_line(3) == ((0, 1), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3))
    assert smap.first_on_line(3) == (0, 1)
    found = smap.line_targets(3)
    assert (found.file, found.requested, found.line, found.moved) == ("packed.wat", 3, 3, False)
    assert found.targets == ((0, 1), (1, 0)) and found.first == (0, 1)
    # folded code: the i32.add starts on line 2 although it runs after line 3's i32.const
    assert smap.on_line(2) == ((0, 0), (0, 2))
    assert smap.lines() == [2, 3, 6, 7]


def test_a_line_without_code_takes_the_next_line_with_code():
    smap = packed_map()
    for blank in (4, 5, 1):  # blank, comment, `(module`
        found = smap.line_targets(blank)
        want = 6 if blank != 1 else 2
        assert found.moved and found.requested == blank and found.line == want
    assert smap.line_targets(6).targets == ((2, 0),)  # $c's first instruction: `call $a`
    assert smap.line_targets(8) is None  # the module's `)`: no code after it
    assert smap.first_on_line(4) is None and smap.on_line(4) == ()


def test_positions_and_offsets_find_the_instruction_under_them():
    smap = packed_map()
    line3 = PACKED.splitlines()[2]
    col = line3.index("i32.sub") + 1
    assert smap.at(3, col) == (1, 2) and smap.at(3, col + 6) == (1, 2)
    assert smap.at(3, col - 1) is None  # the space before it
    assert smap.at(3, col + 7) == (1, 3)  # the `)` just after it is $b's end
    assert smap.at(3, 1) is None  # indentation
    offset = PACKED.index("i32.const 7")
    assert smap.at_offset(offset) == (1, 0) and smap.at_offset(offset + len("i32.const 7")) is None
    assert smap.at_offset(PACKED.index("call $b") + 3) == (2, 1)


def test_unknown_files_are_errors_of_the_domain():
    smap = packed_map()
    with pytest.raises(SourceMapError, match="no file 'other.wat'"):
        smap.line_targets(3, "other.wat")
    s = DebugSession.from_text(PACKED, file="packed.wat")
    s.start("c")
    with pytest.raises(BreakpointError, match="no file"):
        s.add_breakpoint(at_line(3, file="other.wat"))
    with pytest.raises(BreakpointError, match="no instruction on or after line 8"):
        s.add_breakpoint(at_line(8))


def test_a_line_breakpoint_stops_in_each_function_on_the_line():
    s = DebugSession.from_text(PACKED, file="packed.wat")
    s.start("c")
    bp = s.add_breakpoint(at_line(3))
    where = [(loc.func_name, loc.instr_index, loc.file) for loc in s.breakpoint_locations(bp)]
    assert where == [("a", 1, "packed.wat"), ("b", 0, "packed.wat")]
    assert s.breakpoint_location(bp).func_name == "a"
    first = s.continue_()
    assert first.reason == "breakpoint" and (first.location.func_name, first.location.instr_index) == ("a", 1)
    second = s.continue_()
    assert second.reason == "breakpoint" and (second.location.func_name, second.location.instr_index) == ("b", 0)
    assert second.location.file == "packed.wat" and second.location.span.line == 3
    assert s.continue_().state == "finished" and bp.hits == 2


def test_run_to_a_blank_line_runs_to_the_next_line_with_code():
    s = DebugSession.from_text(PACKED, file="packed.wat")
    s.start("c")
    snap = s.run_to(4)  # blank: line 6, `call $a`, which is the entry (already there): the run goes on to the end
    assert snap.state == "finished"
    s = DebugSession.from_text(PACKED, file="packed.wat")
    s.start("c")
    snap = s.run_to(3)  # the first of line 3's targets reached: inside $a
    assert snap.reason == "breakpoint" and snap.location.func_name == "a" and snap.location.span.line == 3


def test_call_stack_locations_come_from_the_source_map():
    s = DebugSession.from_text(PACKED, file="packed.wat")
    s.start("c")
    snap = s.run_to(at_line(3))
    caller, callee = snap.frames
    assert caller.call_site.file == "packed.wat" and caller.call_site.span.line == 6
    assert caller.call_site.instr_text == "call $a" and callee.location.file == "packed.wat"


# --- binaries: the disassembly ------------------------------------------------------------------
NAMELESS = """(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "twice") (param i32) (result i32) local.get 0 local.get 0 call 0))
"""


def nameless_binary() -> bytes:
    data = encode_module(parse_module(NAMELESS))
    module = decode_module(data)
    assert not module.names.funcs and not any(c.name == "name" for c in module.customs)  # really no name section
    return data


def test_disassembly_map_of_a_binary_without_names():
    module = decode_module(nameless_binary())
    smap = DisassemblySourceMap.of_module(module)
    assert smap.files == ("(disassembly)",)
    text = smap.text()
    for defined, func in enumerate(module.funcs):
        for index, instr in enumerate(func.body):
            span = smap.span(defined, index)
            line = smap.line_text(span.line)
            assert text[span.start : span.end] == line.strip() and span.col == len(line) - len(line.lstrip()) + 1
            if index < len(func.body) - 1:
                assert line.strip() == format_instr(instr, module.names, defined)
            else:
                assert line.strip() == ")"  # a function's final `end` is its closing parenthesis
    assert "call 0" in text and "$" not in text  # indices only
    header = next(n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("(func (;1;)"))
    found = smap.line_targets(header)  # a `(func` header has no code: the function's first instruction
    assert found.moved and found.targets == ((1, 0),)
    # each instruction on its own line, so lines and instructions correspond one to one
    assert all(len(smap.on_line(line)) == 1 for line in smap.lines())
    assert smap.at_offset(span.start) == (1, len(module.funcs[1].body) - 1)


def test_debugging_a_nameless_binary_breaks_on_disassembly_lines():
    s = DebugSession.from_binary(nameless_binary(), file="nameless.wasm")
    assert isinstance(s.source_map, DisassemblySourceMap)
    snap = s.start("twice", [21])
    assert snap.location.file == "(disassembly)" and snap.location.offset is not None
    call_line = next(line for line in s.source_map.lines() if s.source_map.line_text(line).strip() == "call 0")
    s.add_breakpoint(at_line(call_line))
    snap = s.continue_()
    assert snap.reason == "breakpoint" and snap.location.instr_text == "call 0"
    assert snap.location.span.line == call_line
    snap = s.step_into()
    assert snap.location.func_index == 0 and snap.frames[0].call_site.span.line == call_line
    assert s.continue_().results[0].text == "42"


# --- another source map plugs in (as a DWARF one will) ------------------------------------------------------
def two_file_map(module) -> SourceMap:
    """A stand-in for C source: $a's instructions in a.c, $b's and $c's in b.c, one instruction per line."""
    places = {}
    lines = {"a.c": 0, "b.c": 0}
    for (funcidx, index), _ in WatSourceMap(module).items():
        file = "a.c" if funcidx == 0 else "b.c"
        lines[file] += 1
        places[(funcidx, index)] = SourcePlace(file, SourceSpan(lines[file], 1, lines[file], 2, file=file))
    return SourceMap(places, {"b.c": None, "a.c": None})


def test_the_session_takes_any_source_map_with_several_files():
    program = DebugSession.from_text(PACKED).program
    smap = two_file_map(program.module)
    assert smap.main_file == "b.c" and set(smap.files) == {"a.c", "b.c"}
    s = DebugSession(program, source_map=smap)
    snap = s.start("c")
    assert (snap.location.file, snap.location.span.line) == ("b.c", 5)  # $b has 4 instructions before $c's
    bp = s.add_breakpoint(at_line(2, file="a.c"))  # $a's second instruction
    snap = s.continue_()
    assert snap.reason == "breakpoint" and (snap.location.func_name, snap.location.instr_index) == ("a", 1)
    assert snap.location.file == "a.c" and snap.frames[0].call_site.file == "b.c"
    assert "a.c:2" in bp.describe()
    assert Breakpoint.from_data(bp.to_data()).file == "a.c"
