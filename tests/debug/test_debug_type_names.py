"""The debugger's texts of typed references follow the module's type names (wasm/text/type_names.py), the validator's type stack too."""

from __future__ import annotations

from playground.debug.session import DebugSession
from playground.resources import sample_path


def test_the_validators_type_stack_names_types_as_the_module_does():
    session = DebugSession.from_file(sample_path("gc_list.wat"))
    snap = session.start("build", [2])
    while not (snap.type_stack and snap.type_stack[-1].startswith("(ref")):
        snap = session.step_into()
    assert snap.type_stack[-1] in ("(ref $node)", "(ref null $node)"), snap.type_stack
    assert all("$0" not in t for t in snap.type_stack)
