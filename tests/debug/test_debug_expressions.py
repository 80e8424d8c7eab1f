"""The safe expression language of conditional breakpoints and go-to-address."""

from __future__ import annotations

import pytest

from playground.debug.expressions import DictContext, ExpressionError, parse_expression

CONTEXT = DictContext(locals={"i": 10, "ptr": 1024, 0: 10, 1: 1024}, globals={"g": -3, 0: -3}, operand_stack=[7, 42])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$i >= 10 && top == 42", 1),
        ("$i > 10 || stack[1] == 7", 1),
        ("$ptr + 16", 1040),
        ("$ptr+16", 1040),  # operators end a name, though WAT names may contain them
        ("$i-1", 9),
        ("0x10 * 2 - 1", 31),
        ("local[1] - local[0]", 1014),
        ("$g", -3),
        ("global[0] < 0", 1),
        ("-7 / 2", -3),  # truncates toward zero, as i32.div_s does
        ("-7 % 2", -1),
        ("1 << 4 | 1", 17),
        ("!($i == 10)", 0),
        ("1.5 * 2", 3.0),
        ("(1 + 2) * 3", 9),
    ],
)
def test_expressions_evaluate(text, expected):
    assert parse_expression(text).evaluate(CONTEXT) == expected


@pytest.mark.parametrize(
    "text, message, column",
    [
        ("$i >", "unexpected", 5),
        ("$i @ 3", "unexpected character '@'", 4),
        ("foo + 1", "unknown word 'foo'", 1),
        ("(1 + 2", "expected ')'", 7),
        ("stack[x]", "expected an index", 7),
    ],
)
def test_syntax_errors_name_the_column(text, message, column):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert message in str(info.value)
    assert info.value.column == column


def test_unknown_names_and_missing_stack_values_are_clear_errors():
    with pytest.raises(ExpressionError, match=r"no local or global named \$nope"):
        parse_expression("$nope + 1").evaluate(CONTEXT)
    with pytest.raises(ExpressionError, match="no stack value 5"):
        parse_expression("stack[5]").evaluate(CONTEXT)
    with pytest.raises(ExpressionError, match="division by zero"):
        parse_expression("1 / 0").evaluate(CONTEXT)


def test_no_python_eval_reaches_user_text():
    with pytest.raises(ExpressionError):
        parse_expression("__import__('os').system('true')")
