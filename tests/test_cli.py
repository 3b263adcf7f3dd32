"""Unit tests for framescope.commands.cli: which modules a command imports, and that every command is listed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from framescope.commands import cli


def _imported_after(command: str) -> set[str]:
    """Top-level packages imported by building the parser for `command`, in a fresh interpreter."""
    code = ("import sys; from framescope.commands.cli import build_parser; build_parser(%r); "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))" % command)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_name_actors_does_not_import_the_other_tools():
    # a tool command imports only its own module: naming actors needs no scikit-learn
    assert not {"sklearn", "scipy"} & _imported_after("name-actors")


def test_a_step_imports_no_tool():
    assert "sklearn" not in _imported_after("collect")


def test_help_lists_every_command(capsys):
    parser = cli.build_parser(None)
    commands = set(parser._subparsers._group_actions[0].choices)
    assert commands == set(cli._STEPS) | set(cli._TOOLS)  # a tool missing from _TOOLS shows here
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in commands)


@pytest.mark.parametrize("command", sorted(cli._TOOLS))
def test_each_tool_is_defined_by_the_module_named_for_it(command, capsys):
    parser = cli.build_parser(command)
    assert command in parser._subparsers._group_actions[0].choices
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    assert f"usage: framescope {command}" in capsys.readouterr().out
