"""The words of WAT the editor completes and explains."""

from __future__ import annotations

from playground.workbench.wat_words import completion_words, instruction_help, word_around


def test_completion_offers_instructions_and_keywords_once_each_in_order():
    words = completion_words()
    assert "i32.add" in words and "memory.grow" in words and "module" in words
    assert words == sorted(set(words))


def test_the_word_around_a_column_is_an_instruction_name():
    text = "    (i32.add (local.get $a))"
    assert text[slice(*word_around(text, 8))] == "i32.add"
    assert text[slice(*word_around(text, 5))] == "i32.add"  # at its first character
    assert word_around(text, 2) == (2, 2)  # in the indentation: nothing


def test_instruction_help_reads_the_instruction_table():
    assert "i32" in instruction_help("i32.add") and instruction_help("no.such") is None
