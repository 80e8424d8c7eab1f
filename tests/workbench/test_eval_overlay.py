"""The learner overlay: which folded expressions get a value, found in the text the session runs."""

from __future__ import annotations

from playground.debug.source import program_from_text
from playground.workbench.eval_overlay import EvaluationOverlay, folded_roots, matching_parens


def test_overlay_roots_come_from_the_folded_text():
    text = '(module (func $f (param $a i32) (result i32) ;; a (comment\n (i32.add (local.get $a) (i32.const 1)) (; x) ;)))'
    parens = matching_parens(text)
    assert text[parens[text.index("(i32.add")]] == ")"

    program = program_from_text(text)
    roots = folded_roots(program.text, program.spans)
    ((key, (start, end)),) = roots.items()
    assert text[start:end] == "(i32.add (local.get $a) (i32.const 1))" and key == (0, 2)
    overlay = EvaluationOverlay(program.text, program.spans)
    assert overlay.roots == roots


def test_a_forward_step_annotates_the_expression_it_finished_and_going_back_clears_it():
    from playground.debug.session import DebugSession

    text = '(module (func (export "f") (param $a i32) (result i32)\n  (i32.mul (i32.add (local.get $a) (i32.const 1)) (i32.const 2))))'
    program = program_from_text(text)
    overlay = EvaluationOverlay(program.text, program.spans)
    session = DebugSession(program)
    before = session.start("f", [2])  # "ready" at step 0: the window shows it as paused at the entry
    shown = []
    while before.state in ("ready", "paused"):
        after = session.step_into()
        overlay.observe(before, after)
        shown.append([(text[a.start:a.end], a.text) for a in overlay.shown()])
        before = after
    assert ("(i32.add (local.get $a) (i32.const 1))", "3") in shown[2]  # local.get, i32.const, i32.add ran
    assert shown[-2] == [  # the outer expression too, once its last instruction ran; in text order
        ("(i32.mul (i32.add (local.get $a) (i32.const 1)) (i32.const 2))", "6"),
        ("(i32.add (local.get $a) (i32.const 1))", "3"),
    ]
    assert shown[-1] == []  # the function returned: its values are gone with its frame
    back = session.step_back()
    overlay.observe(before, back)
    assert back.state == "paused" and overlay.shown() == []  # going back in time never shows values
