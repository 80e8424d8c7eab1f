"""The lexer (spec 6.3): token kinds, spans, strings, comments."""

from __future__ import annotations

import pytest

from playground.wasm.errors import ParseError
from playground.wasm.text.lexer import ID, KEYWORD, LPAR, NUM, RESERVED, RPAR, STRING, decode_name, decode_string, tokenize


def kinds_texts(text: str):
    ts = tokenize(text)
    return list(zip(ts.kinds, ts.texts))


def test_token_kinds():
    assert kinds_texts('(func $f "s" 1 -0x1p3 nan:0x1 inf)') == [
        (LPAR, "("), (KEYWORD, "func"), (ID, "$f"), (STRING, '"s"'), (NUM, "1"),
        (NUM, "-0x1p3"), (KEYWORD, "nan:0x1"), (KEYWORD, "inf"), (RPAR, ")"),
    ]


def test_glued_tokens_are_one_reserved_token():
    # As the reference lexer: `0drop` and `$l"a"` are single (reserved/garbage) tokens.
    assert kinds_texts('0drop')[0] == (NUM, "0drop")
    assert kinds_texts('$l"a"')[0] == (RESERVED, '$l"a"')


def test_comments_are_skipped_and_nest():
    text = '(; outer (; inner ;) still ;) (nop) ;; line\n(;;) x'
    assert [t for _, t in kinds_texts(text)] == ["(", "nop", ")", "x"]


def test_unclosed_comment_and_string():
    with pytest.raises(ParseError, match="unclosed comment"):
        tokenize("(; never closed")
    with pytest.raises(ParseError, match="unclosed string"):
        tokenize('(data "abc')


def test_spans_have_lines_columns_offsets_and_file():
    ts = tokenize('(module\n  (func $f))', file="x.wat")
    token = ts.token(4)
    assert token.text == "$f"
    span = token.span
    assert (span.line, span.col, span.end_line, span.end_col) == (2, 9, 2, 11)
    assert (span.start, span.end, span.file) == (16, 18, "x.wat")
    assert str(span) == "x.wat:2:9"


def test_match_pairs_parentheses():
    ts = tokenize("((a) (b (c)))")
    assert ts.match[0] == len(ts) - 1
    assert ts.match[1] == 3


def test_string_escapes():
    assert decode_string(r'"a\t\n\r\"\'\\\00\ff\u{48}\u{1F600}"') == b"a\t\n\r\"'\\\x00\xffH" + "\U0001F600".encode()
    assert decode_string('"héllo"') == "héllo".encode()


@pytest.mark.parametrize("bad", [r'"\u{D800}"', r'"\u{110000}"', r'"\q"', '"tab\there"'])
def test_bad_strings(bad):
    with pytest.raises(ValueError):
        decode_string(bad)


def test_names_must_be_utf8():
    assert decode_name(r'"\e2\82\ac"') == "€"
    with pytest.raises(ValueError, match="malformed UTF-8 encoding"):
        decode_name(r'"\80"')


def test_stray_character_is_an_error_with_location():
    with pytest.raises(ParseError) as info:
        tokenize("(func)\n \x0c")
    assert info.value.span.line == 2
