"""Issue 14, item 3: `debug --replay` of a damaged session file is one clear error line, never `internal error`.

A real session file (host calls with memory writes, an edit, a breakpoint
and a watchpoint) is damaged in every named shape (missing keys, wrong
types, truncated JSON, wrong version, bad indices) and then at random by
hypothesis, which deletes keys, replaces values and truncates the text. The
command must either replay (the damage did not matter) or print exactly one
`error: FILE: ...` line on stderr and exit 1.
"""

from __future__ import annotations

import copy
import io
import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.cli import main
from playground.debug.breakpoints import at_line
from playground.debug.replay import ReplayError, load_session, replay_session, save_session
from playground.debug.session import DebugSession
from playground.debug.watchpoints import watch_memory
from playground.wasm.runtime import host_func

PROGRAM = """(module
  (import "env" "next" (func $next (result i32)))
  (import "env" "fill" (func $fill (param i32 i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (table 1 funcref)
  (func $main (export "main") (param $n i32) (result i32)
    (local $i i32)
    (call $fill (i32.const 64) (i32.const 8))
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (global.set $g (i32.add (global.get $g) (call $next)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (i32.add (global.get $g) (i32.load (i32.const 64)))))
"""


def _hosts():
    counter = iter(range(10, 10_000))

    @host_func(results=["i32"])
    def next_():
        return next(counter)

    @host_func(params=["i32", "i32"], caller=True)
    def fill(caller, address, n):
        caller.memory.write(address, bytes(range(1, n + 1)))

    return {"env": {"next": next_, "fill": fill}}


@pytest.fixture(scope="module")
def saved() -> dict:
    """The data of a real session file: paused in the loop after host calls, an edit, a breakpoint, a watchpoint."""
    session = DebugSession.from_text(PROGRAM, file="prog.wat", imports=_hosts())
    session.start("main", [3])
    session.add_breakpoint(at_line(13))
    session.continue_()
    session.continue_()
    session.set_local("$i", 1)
    session.add_watchpoint(watch_memory(64, 4))
    session.step_into()
    data = session.export()
    assert data["host_calls"] and data["edits"] and data["breakpoints"] and data["watchpoints"]
    assert load_session_data(data).state_digest() == data["digest"]  # the undamaged file replays
    return data


def load_session_data(data):
    return replay_session(copy.deepcopy(data))


def _replay_cli(tmp_path, text: str | bytes) -> tuple[int, str, str]:
    """`debug --replay FILE` with `q` on stdin: (exit status, stdout, stderr)."""
    path = tmp_path / "session.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO("q\n"))
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        code = main(["debug", "--replay", str(path)])
    return code, out.getvalue(), err.getvalue()


def _assert_clean(code: int, err: str, path_hint: str = "session.json") -> None:
    assert "internal error" not in err, err
    if code != 0:
        assert code == 1
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("error: ") and path_hint in lines[0], err


def _set(data: dict, path: tuple, value) -> dict:
    damaged = copy.deepcopy(data)
    target = damaged
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return damaged


_DELETE = object()

# (what is damaged, the path into the data, the new value, words the error must have)
SHAPES = [
    ("no format", ("format",), _DELETE, "not a wasm-playground debug session file"),
    ("wrong version", ("version",), 99, "version 99 is not supported"),
    ("version as text", ("version",), "1", "version '1' is not supported"),
    ("no source", ("source",), _DELETE, "'source' is missing"),
    ("source a list", ("source",), [], "source: expected an object"),
    ("unknown source kind", ("source", "kind"), "elf", "source.kind: expected one of wasm, wat"),
    ("source text a number", ("source", "text"), 7, "source.text: expected a string"),
    ("source text that does not parse", ("source", "text"), "(module (func (i32.bogus)))", "prog.wat:1:"),
    ("no invoke", ("invoke",), _DELETE, "'invoke' is missing"),
    ("invoke args not a list", ("invoke", "args"), 3, "invoke.args: expected a list"),
    ("invoke of a function that is not there", ("invoke", "name"), "nowhere", "nowhere"),
    ("too many arguments", ("invoke", "args"), [1, 2], "takes 1 arguments"),
    ("a bad value", ("invoke", "args"), [{"what": 1}], "invoke.args[0]: expected a value"),
    ("a reference to a missing function", ("invoke", "args"), [{"func": 99}], "function 99"),
    ("breakpoints an object", ("breakpoints",), {}, "breakpoints: expected a list"),
    ("breakpoint kind", ("breakpoints", 0, "kind"), "sometimes", "breakpoints[0].kind"),
    ("breakpoint line past the end", ("breakpoints", 0, "line"), 9999, "9999"),
    ("breakpoint in a missing function", ("breakpoints", 0), {"kind": "entry", "func": 42, "index": 0, "line": None,
     "condition": None, "ignore_count": 0, "enabled": True}, "no function 42"),
    ("breakpoint condition that does not parse", ("breakpoints", 0, "condition"), "$i +* (", "breakpoints[0]: "),
    ("watchpoint global missing", ("watchpoints", 0), {"kind": "global", "address": 0, "length": 0, "global": 77},
     "no global 77"),
    ("watchpoint length negative", ("watchpoints", 0, "length"), -4, "watchpoints[0].length"),
    ("host call without step", ("host_calls", 0, "step"), _DELETE, "host_calls[0]: the field 'step' is missing"),
    ("host call step as text", ("host_calls", 0, "step"), "x", "host_calls[0].step: expected an integer"),
    ("host write not hex", ("host_calls", 0, "writes", 0, 2), "zz", "hexadecimal"),
    ("host write to memory 5", ("host_calls", 0, "writes", 0, 0), 5, "host_calls[0].writes[0]: the module has no memory 5"),
    ("host write far past the memory", ("host_calls", 0, "writes", 0, 1), 2**40, "a write past the largest size"),
    ("host grows memory to a terabyte", ("host_calls", 0, "grows"), [[0, 2**40]], "cannot grow to"),
    ("host call of an import that is not there", ("host_calls", 0, "name"), "env.gone", "imports no function 'env.gone'"),
    ("host result a string", ("host_calls", 1, "results"), ["ten"], "host_calls[1].results[0]: 'ten' is not a raw i32"),
    ("host result out of range", ("host_calls", 1, "results"), [2**32], "is not a raw i32"),
    ("host result missing", ("host_calls", 1, "results"), [], "0 values for the types"),
    ("host calls missing", ("host_calls",), _DELETE, "'host_calls' is missing"),
    ("edit of a local the frame lacks", ("edits", 0, "target"), [0, 50], "session.json"),
    ("edit of a frame that is not there", ("edits", 0, "target"), [7, 0], "session.json"),
    ("edit kind", ("edits", 0, "kind"), "registers", "edits[0].kind"),
    ("edit target too short", ("edits", 0, "target"), [1], "edits[0].target"),
    ("step negative", ("step",), -1, "step: expected at least 0"),
    ("step a float", ("step",), 1.5, "step: expected an integer"),
    ("state unknown", ("state",), "dancing", "state: expected one of"),
    ("digest wrong", ("digest",), "0" * 64, "different state"),
    ("digest missing", ("digest",), _DELETE, "'digest' is missing"),
]


@pytest.mark.parametrize("what, path, value, words", SHAPES, ids=[s[0] for s in SHAPES])
def test_each_damaged_shape_is_one_clear_line(tmp_path, saved, what, path, value, words):
    code, out, err = _replay_cli(tmp_path, json.dumps(_set(saved, path, value)))
    assert code == 1, (what, out, err)
    _assert_clean(code, err)
    assert words in err, (what, err)


@pytest.mark.parametrize("text", [b"", b"{", b"[]", b"null", b"\xff\xfe{}", b"{" * 100_000, b'{"format": 1e999}'])
def test_files_that_are_not_session_files(tmp_path, text):
    code, out, err = _replay_cli(tmp_path, text)
    assert code == 1
    _assert_clean(code, err)


def test_every_truncation_of_a_real_file_is_one_line(tmp_path, saved):
    text = json.dumps(saved)
    for cut in list(range(0, len(text), max(1, len(text) // 60))) + [len(text) - 1]:
        code, out, err = _replay_cli(tmp_path, text[:cut])
        assert code == 1, cut
        _assert_clean(code, err)


def test_a_missing_replay_file(tmp_path):
    with pytest.raises(ReplayError, match="cannot read the session file"):
        load_session(tmp_path / "nope.json")


def test_the_undamaged_file_replays_at_the_prompt(tmp_path, saved):
    code, out, err = _replay_cli(tmp_path, json.dumps(saved))
    assert (code, err) == (0, "")
    assert f"replayed {tmp_path / 'session.json'} to step {saved['step']}" in out


# --- random damage -------------------------------------------------------------------------------------------

_json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=False),
    st.text(max_size=8), st.sampled_from(["0" * 64, "wasm", "wat", "memory", "local", "exit", "trap", "ff"]),
)
_json = st.recursive(_json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                     max_leaves=6)


def _paths(data, prefix=()):
    """Every path into the JSON tree (keys of objects, indices of lists)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, prefix + (i,))


@st.composite
def damaged_files(draw, data):
    damaged = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(damaged) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = damaged
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "replace"]))
        if action == "delete":
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        else:
            parent[path[-1]] = draw(_json)
    text = json.dumps(damaged)
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    return text


def test_random_damage_never_escapes(tmp_path_factory, saved):
    tmp = tmp_path_factory.mktemp("damage")

    @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(damaged_files(saved))
    def check(text):
        code, out, err = _replay_cli(tmp, text)
        _assert_clean(code, err)

    check()
