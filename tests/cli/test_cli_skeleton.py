"""The command-line skeleton: subcommands, the default command, and clear errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from playground import cli
from playground.commands import COMMAND_MODULES

SUBCOMMANDS = ["gui", "run", "debug", "cc", "wat2wasm", "wasm2wat", "objdump", "wast", "gpu", "bench", "samples", "selftest"]


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert f"    {name} " in out, name


def test_command_modules_declare_the_interface():
    parser, commands = cli.build_parser()
    assert [m.NAME for m in commands] == list(COMMAND_MODULES) == SUBCOMMANDS
    for module in commands:
        assert module.HELP and callable(module.configure) and callable(module.main)


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], ["gui"]),
        (["prog.wat"], ["gui", "prog.wat"]),
        (["run", "x.wat"], ["run", "x.wat"]),
        (["--version"], ["--version"]),
    ],
)
def test_gui_is_the_default_command(argv, expected):
    assert cli._with_default_command(argv, set(SUBCOMMANDS)) == expected


def test_python_dash_m_runs_the_same_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "playground", "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "wat2wasm" in result.stdout and "objdump" in result.stdout


def test_gui_without_a_display_explains_how_to_get_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if sys.platform.startswith("linux"):
        result = subprocess.run(
            [sys.executable, "-m", "playground"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
        )
        assert result.returncode == 1
        assert "no display available" in result.stderr
        assert "xvfb-run" in result.stderr
        assert "Traceback" not in result.stderr


def test_unexpected_errors_never_show_a_traceback(monkeypatch, capsys):
    class Broken:
        NAME, HELP = "broken", "a command with a bug"

        @staticmethod
        def configure(parser):
            pass

        @staticmethod
        def main(args):
            raise RuntimeError("boom")

    monkeypatch.delenv("PLAYGROUND_DEBUG", raising=False)
    monkeypatch.setattr(cli, "_load_commands", lambda: [Broken])
    assert cli.main(["broken"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_domain_errors_print_one_line_and_their_exit_code(monkeypatch, capsys):
    from playground.errors import NotAvailableError

    class Unbuilt:
        NAME, HELP = "unbuilt", "a command whose engine does not exist yet"

        @staticmethod
        def configure(parser):
            pass

        @staticmethod
        def main(args):
            raise NotAvailableError("'unbuilt'", "its engine is not built yet")

    monkeypatch.setattr(cli, "_load_commands", lambda: [Unbuilt])
    assert cli.main(["unbuilt"]) == cli.EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert err.startswith("error: 'unbuilt' is not available yet") and err.count("\n") == 1


def test_a_missing_file_is_one_clear_line(capsys, tmp_path):
    missing = tmp_path / "missing.wat"
    assert cli.main(["run", str(missing), "--invoke", "f"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert err == f"error: cannot read {missing}: No such file or directory\n"  # as every command says it


def test_wast_runs_on_the_engine_named(tmp_path, capsys):
    """`wast --engine` reads the registry: each engine passes a script, an unknown name is refused."""
    from playground.cli import main
    from playground.wasm.engines import engine_names

    script = tmp_path / "add.wast"
    script.write_text('(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))\n'
                      '(assert_return (invoke "add" (i32.const 2) (i32.const 40)) (i32.const 42))\n')
    for engine in engine_names():
        assert main(["wast", str(script), "--engine", engine]) == 0
        assert capsys.readouterr().out.endswith("1 passed, 0 failed\n")
    with pytest.raises(SystemExit) as info:
        main(["wast", str(script), "--engine", "no-such-engine"])
    assert info.value.code == 2
