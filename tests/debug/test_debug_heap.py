"""The debugger's heap view (3.0 GC): the objects reachable at a stop, their fields, links and allocation sites; the prompt's heap and p."""

from __future__ import annotations

import io

from playground.debug import heap_view
from playground.debug.cli_prompt import Prompt
from playground.debug.session import DebugSession
from playground.resources import sample_path

PACKED = """(module
  (type $bytes (array (mut i8)))
  (type $box (struct (field $n i16) (field $b (ref null $bytes))))
  (type $boxes (array (mut (ref null $box))))
  (global $g (ref $bytes) (array.new_fixed $bytes 2 (i32.const -1) (i32.const 5)))
  (func (export "main") (result (ref $boxes))
    (local $all (ref null $boxes)) (local $i i32)
    (local.set $all (array.new_default $boxes (i32.const 4)))
    (block $done (loop $more
      (br_if $done (i32.eq (local.get $i) (i32.const 4)))
      (array.set $boxes (local.get $all) (local.get $i) (struct.new $box (i32.const 0xfff0) (global.get $g)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $more)))
    (ref.as_non_null (local.get $all))))
"""


def run_to_end(session, export: str, args=()):
    session.start(export, list(args))
    return session.continue_()


def test_a_built_list_is_listed_with_its_values_links_and_allocation_sites():
    session = DebugSession.from_file(sample_path("gc_list.wat"))
    snap = run_to_end(session, "build", [5])
    assert snap.state == "finished" and snap.results[0].type == "(ref null $node)"
    heap = snap.heap
    assert heap.note == "5 objects" and [o.type_name for o in heap.objects] == ["$node"] * 5
    assert heap.objects[0].reached_from == "the results" and snap.results[0].ref == heap.objects[0].number
    values, obj = [], heap.objects[0]
    while obj is not None:
        value, link = obj.fields
        values.append(value.text)
        obj = heap.find(link.ref) if link.ref is not None else None
    assert values == ["1", "2", "3", "4", "5"] and heap.objects[-1].fields[1].text == "null"
    steps = [o.allocated_step for o in heap.objects]
    assert steps == sorted(steps, reverse=True) and all(o.allocated_at.func_name == "build" for o in heap.objects)
    assert heap.objects[0].allocated_by.startswith("$build+7 struct.new")


def test_an_object_keeps_its_number_when_stepping_back_replays_it():
    session = DebugSession.from_file(sample_path("gc_list.wat"))
    session.start("build", [5])
    for _ in range(60):
        snap = session.step_into()
    before = [o.label for o in snap.heap.objects]
    assert len(before) == 5
    assert [o.label for o in session.step_back().heap.objects] == before  # a replay made new Python objects
    assert [o.label for o in session.step_into().heap.objects] == before


def test_packed_values_constant_objects_arrays_and_the_bound(monkeypatch):
    session = DebugSession.from_text(PACKED)
    snap = run_to_end(session, "main")
    heap = snap.heap
    boxes, bytes_, first_box = heap.objects[:3]  # the roots first (the results, then the global), then what they hold
    assert boxes.kind == "array" and boxes.summary.startswith("[4: → struct#")
    assert first_box.fields[0].type == "i16" and first_box.fields[0].text == "65520 (signed -16)"
    assert bytes_.label.startswith("array#") and [f.text for f in bytes_.fields] == ["255 (signed -1)", "5"]
    assert bytes_.allocated_at is None and bytes_.allocated_by.startswith("not recorded")
    assert heap.note == "6 objects"

    monkeypatch.setattr(heap_view, "MAX_OBJECTS", 2)
    session = DebugSession.from_text(PACKED)
    assert run_to_end(session, "main").heap.note == "2 objects +4 more (not listed)"


def prompt_output(session, *lines: str) -> str:
    out = io.StringIO()
    Prompt(session, out).run(list(lines))
    return out.getvalue()


def test_the_prompt_lists_the_heap_and_prints_an_object():
    session = DebugSession.from_file(sample_path("gc_list.wat"))
    session.start("build", [3])
    text = prompt_output(session, "c", "heap", "p struct#2", "p #99")
    expected = (
        "heap: 3 objects, reachable from",
        "  struct#1 $node {value = 1, next = → struct#2}  by $build+7 struct.new $node at step 31",  # the last made
        "  struct#3 $node {value = 3, next = null}  by $build+7 struct.new $node at step 7",
        "struct#2 $node  (reached from struct#1 $next)\n  allocated by: $build+7 struct.new $node at step 19\n"
        "  $value: i32 = 2\n  $next: (mut (ref null $node)) = → struct#3\n",
        "error: #99 is not among the objects reachable now",
    )
    assert [line for line in expected if line not in text] == []

    plain = DebugSession.from_file(sample_path("fib.wat"))
    plain.start("fib", [3])
    assert "error: the module has no GC types" in prompt_output(plain, "heap")


def test_fields_show_the_names_of_the_name_section_and_fall_back_to_indices():
    from playground.wasm.binary import encode_module
    from playground.wasm.text.parse import parse_module

    text = PACKED.replace("(field $n i16) (field $b (ref null $bytes))", "(field i16) (field $b (ref null $bytes))")
    binary = encode_module(parse_module(text), names=True)  # the names travel in subsections 4 and 10
    snap = run_to_end(DebugSession.from_binary(binary), "main")
    box = next(o for o in snap.heap.objects if o.type_name == "$box")
    assert [f.name for f in box.fields] == ["field 0", "$b"]
    assert box.summary.startswith("{65520 (signed -16), b = → array#")
    assert snap.results[0].type == "(ref $boxes)"

    unnamed = run_to_end(DebugSession.from_binary(encode_module(parse_module(text))), "main")  # no name section
    box = next(o for o in unnamed.heap.objects if o.kind == "struct")
    assert box.type_name == "type 1" and [f.name for f in box.fields] == ["field 0", "field 1"]
