"""Only the chosen subcommand's module is imported, and the command line reads the same.

:func:`authlint.cli.build_parser` with a command adds only that command's
arguments (so ``authlint server`` does not import ``check``'s machinery); every
help text, usage line and parse result must be what the full parser gives.
"""

from __future__ import annotations

import pytest

from authlint.cli import _COMMANDS, build_parser, chosen_command


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["server"], "server"),
        (["-v", "server", "--tcp", "127.0.0.1:8"], "server"),
        (["--verbose", "-v", "check", "."], "check"),
        (["rule", "--all"], "rule"),
        ([], None),
        (["--help", "check"], None),
        (["-h"], None),
        (["--version"], None),
        (["bogus"], None),
        (["--", "check"], None),
    ],
)
def test_chosen_command(argv: list[str], expected: str | None) -> None:
    assert chosen_command(argv) == expected


def _output(argv: list[str], command: str | None, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        build_parser(command).parse_args(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("name", list(_COMMANDS))
def test_a_command_reads_as_with_every_command_added(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in ([name, "--help"], [name, "--no-such-option"], ["--help"]):
        assert _output(argv, name, capsys) == _output(argv, None, capsys)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", ".", "--no-home", "--format", "json", "--select", "AL201"],
        ["server", "--tcp", "127.0.0.1:2087"],
        ["rule", "--all"],
        ["env", "--no-home", "ANTHROPIC_API_KEY"],
        ["-v", "verify", "--context", "python", "--no-home"],
    ],
)
def test_parse_results_match_the_full_parser(argv: list[str]) -> None:
    lazy = build_parser(chosen_command(argv)).parse_args(argv)
    assert lazy == build_parser().parse_args(argv)
