"""Lesson scripts without a window: every line checked before anything runs, errors naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.workbench.lesson_script import (
    COMMANDS,
    LessonCommand,
    LessonError,
    parse_lesson,
    read_lesson,
    resolve_file,
)
from playground.workbench.samples import describe_sample

LESSONS = Path(__file__).resolve().parents[2] / "samples" / "lessons"
ISSUE_COMMANDS = (
    "open tab export args break debug run continue step-into step-over step-out step-back reverse-continue stop "
    "demo dock resize wait screenshot state quit"
).split()


def test_a_script_reads_as_typed_commands():
    script = """# a lesson
open "my file.wat"

export fib   # the recursive one
args 5 0x10 -inf
break 21
resize 1024 700
wait 0.5
demo digits
   # an indented comment
STATE
quit
"""
    assert parse_lesson(script) == [
        LessonCommand(2, "open", ("my file.wat",)),
        LessonCommand(4, "export", ("fib",)),
        LessonCommand(5, "args", ("5", "0x10", "-inf")),
        LessonCommand(6, "break", (21,)),
        LessonCommand(7, "resize", (1024, 700)),
        LessonCommand(8, "wait", (0.5,)),
        LessonCommand(9, "demo", ("digits",)),
        LessonCommand(11, "state"),
        LessonCommand(12, "quit"),
    ]


def test_every_command_the_issue_lists_is_known():
    assert set(ISSUE_COMMANDS) <= set(COMMANDS)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("jump 3", ["unknown command 'jump'", "a lesson knows: open, tab"]),
        ("break", ["break takes 1 argument, got 0", "usage: break LINE"]),
        ("break nine", ["'nine' is not a whole number"]),
        ("tab 0", ["must be 1 or more"]),
        ("resize 800", ["resize takes 2 arguments, got 1"]),
        ("wait soon", ["'soon' is not a number of seconds"]),
        ("demo chess", ["no demo called 'chess'", "compare, image, digits"]),
        ("debug now", ["debug takes no arguments, got 1"]),
        ('open "my#file.wat" extra', ["open takes 1 argument, got 2"]),
        ('open "unfinished', ["cannot read the line"]),
    ],
)
def test_a_bad_line_is_an_error_with_its_number(line, words):
    with pytest.raises(LessonError) as caught:
        parse_lesson(f"# lesson\nopen fib.wat\n\n{line}\nquit\n", "lesson.txt")
    assert caught.value.line == 4 and str(caught.value).startswith("lesson.txt:4: ")
    for word in words:
        assert word in str(caught.value)


def test_the_wasi_input_commands_read_as_the_run_bar_takes_them():
    script = """open c/echo_args.wasm
argv one "two words" 'it''s'
argv
env NAME=Ada EMPTY= "GREETING=hello world" X==y
folder c/data data
stdin "Hello, World  # not a comment"
stdin ""
stdin-end
pause
"""
    assert parse_lesson(script)[1:] == [
        LessonCommand(2, "argv", ("one", "two words", "its")),
        LessonCommand(3, "argv", ()),
        LessonCommand(4, "env", ("NAME=Ada", "EMPTY=", "GREETING=hello world", "X==y")),
        LessonCommand(5, "folder", ("c/data", "data")),
        LessonCommand(6, "stdin", ("Hello, World  # not a comment",)),
        LessonCommand(7, "stdin", ("",)),
        LessonCommand(8, "stdin-end"),
        LessonCommand(9, "pause"),
    ]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("env NAME=Ada OOPS", ["env 'OOPS': expected NAME=VALUE", "usage: env NAME=VALUE..."]),
        ("env =x", ["env '=x': expected NAME=VALUE"]),
        ("folder c/data", ["folder takes 2 arguments, got 1", "usage: folder PATH NAME"]),
        ("stdin two words", ["stdin takes 1 argument, got 2", "usage: stdin LINE"]),
        ("stdin-end now", ["stdin-end takes no arguments, got 1"]),
    ],
)
def test_a_bad_wasi_input_line_is_an_error_with_its_number(line, words):
    with pytest.raises(LessonError) as caught:
        parse_lesson(f"open c/rot13.wasm\n{line}\n", "lesson.txt")
    assert str(caught.value).startswith("lesson.txt:2: ")
    for word in words:
        assert word in str(caught.value)


def test_a_missing_script_is_a_clear_error(tmp_path):
    with pytest.raises(LessonError, match="cannot read the lesson script"):
        read_lesson(tmp_path / "nope.txt")


def test_open_finds_files_beside_the_script_in_the_folder_and_among_the_samples(tmp_path):
    script = tmp_path / "lessons" / "l.txt"
    script.parent.mkdir()
    (script.parent / "near.wat").write_text("(module)")
    (tmp_path / "here.wat").write_text("(module)")
    samples = LESSONS.parent
    assert resolve_file("near.wat", script, tmp_path, samples) == script.parent / "near.wat"
    assert resolve_file("here.wat", script, tmp_path, samples) == tmp_path / "here.wat"
    assert resolve_file("fib.wat", script, tmp_path, samples) == samples / "fib.wat"
    assert resolve_file("nowhere.wat", script, tmp_path, samples) is None
    assert resolve_file(str(tmp_path / "here.wat"), None, Path("/"), None) == tmp_path / "here.wat"


def test_the_shipped_lessons_parse_and_describe_themselves():
    lessons = sorted(LESSONS.glob("*.txt"))
    assert len(lessons) >= 3
    for lesson in lessons:
        assert len(describe_sample(lesson)) > 20, lesson.name  # the first line says what it teaches
        commands = read_lesson(lesson)
        assert commands and commands[-1].name == "quit", lesson.name
