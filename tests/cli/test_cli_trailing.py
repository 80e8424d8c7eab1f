"""Options may follow the function's arguments; negative numbers stay arguments."""

from __future__ import annotations

import argparse

import pytest

from playground.commands.trailing import reparse_trailing_options


def _parser():
    parser = argparse.ArgumentParser(prog="t")
    parser.add_argument("file")
    parser.add_argument("--invoke")
    parser.add_argument("--stats", action="store_true")
    parser.add_argument("--fuel", type=int)
    parser.add_argument("--break", dest="breaks", action="append", default=[])
    parser.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _parse(argv):
    parser = _parser()
    args = parser.parse_args(argv)
    reparse_trailing_options(parser, args)
    return args


def test_options_after_the_arguments_are_read_with_their_types():
    args = _parse(["f.wat", "--invoke", "add", "1", "-2", "--stats", "--fuel", "10", "--break", "3", "--break=4"])
    assert (args.invoke, args.args, args.stats, args.fuel, args.breaks) == ("add", ["1", "-2"], True, 10, ["3", "4"])


def test_double_dash_keeps_option_like_arguments():
    args = _parse(["f.wat", "--invoke=f", "--", "-inf", "--stats"])
    assert args.args == ["-inf", "--stats"] and not args.stats


def test_a_bad_value_is_argparse_s_usual_error(capsys):
    with pytest.raises(SystemExit) as info:
        _parse(["f.wat", "--invoke", "f", "--fuel", "many"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: t [-h]" in err and "invalid int value: 'many'" in err
