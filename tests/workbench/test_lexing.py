"""Lexing one line at a time: a line resumes in the state the previous one ended in, as pygments would lex the file."""

from __future__ import annotations

from pygments.token import Comment, Error

from playground.workbench.lexing import lex_line, lexer_for

WAT = """(module (; a block comment
  over two lines ;)
  (func $add (param $a i32) (result i32)
    local.get $a))
"""


def test_a_block_comment_carries_its_state_to_the_next_line():
    lexer = lexer_for("wat")
    tokens, stack = lex_line(lexer, "(module (; open")
    assert stack[-1] == "nesting_comment"
    tokens, stack = lex_line(lexer, "  still inside ;) (func", stack)
    assert tokens[0][1] in Comment and stack == ("root",)
    assert "".join(value for _, _, value in tokens) == "  still inside ;) (func"
    assert not any(tokentype in Comment for _, tokentype, value in tokens if value == "func")


def test_line_by_line_colours_every_character_as_the_whole_text_does():
    lexer = lexer_for("wat")
    whole = [(ch, t) for _, t, value in lexer.get_tokens_unprocessed(WAT) for ch in value if not ch.isspace()]
    by_line, stack = [], ("root",)
    for line in WAT.splitlines():
        tokens, stack = lex_line(lexer, line, stack)
        by_line += [(ch, t) for _, t, value in tokens for ch in value if not ch.isspace()]
    assert by_line == whole


def test_languages_and_unknown_characters():
    assert lexer_for("wgsl") is not None and lexer_for("wasm") is None
    tokens, _ = lex_line(lexer_for("wat"), "(module ` )")
    assert (8, Error, "`") in tokens


def test_a_wgsl_line_comment_runs_to_the_end_of_the_line():
    """pygments' WGSL rule for `//` ends with the line break, which an editor's line does not have (issue 12, bug 7)."""
    lexer = lexer_for("wgsl")
    tokens, stack = lex_line(lexer, "x = 1; // let fn")
    assert tokens[-1][0] == 7 and tokens[-1][2] == "// let fn" and tokens[-1][1] in Comment
    assert stack == ("root",)
    assert "".join(value for _start, _type, value in tokens) == "x = 1; // let fn"  # cut back to the line's text
