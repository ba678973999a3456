"""The ``authlint`` command line: parsing, then one module per subcommand.

``check``, ``env``, ``rule``, ``server`` and ``verify`` live in
:mod:`authlint.commands` (``commands/check.py``…). Only the chosen
subcommand's module is imported (its arguments are added to its subparser
then); ``authlint --help`` and a command line naming no known subcommand
import them all.

``authlint check`` never imports pygls or lsprotocol; ``authlint server``
imports the LSP layer only when it starts, and none of ``check``'s machinery
(engine, environment model, output formatters) before its first request.

Exit codes (ruff's convention):

- 0: nothing to report, or only informational findings (``info`` severity
  findings are shown but do not fail a run), or ``--exit-zero``;
- 1: at least one error or warning finding remains (after ``--fix``; with
  ``--baseline``, one not in the baseline);
- 2: a usage error (unknown flag, missing path, ``--unsafe-fixes`` without
  ``--fix``, unreadable ``--config`` or ``--baseline``) or an error while
  working: a file that cannot be read, a fix that cannot be written
  (read-only file), an internal error. Files that could be checked are still
  reported.

Nothing authlint prints shows a key: messages, source lines, fix titles, log
lines and error messages (argparse's included) go through
:func:`~authlint.core.secrets.redact`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType, TracebackType
from typing import Any, NoReturn

from authlint import __version__
from authlint.commands.common import EXIT_CLEAN, EXIT_ERROR, UsageError
from authlint.core.secrets import redact

log = logging.getLogger("authlint")

# Subcommand -> its help line (``authlint --help``), in that listing's order; the module
# ``authlint.commands.<name>`` has ``add_arguments(parser)`` and ``run(args)``.
_COMMANDS = {
    "check": "check files and folders (default: .)",
    "rule": "show a rule's documentation",
    "server": "run the language server (stdio by default)",
    "verify": "send this environment's credentials to the API once and report the answer",
    "env": "show where each auth variable comes from, per launch context",
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose error messages are redacted (a key pasted as an argument)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, redact(f"{self.prog}: error: {message}\n"))


class _RedactingFormatter(logging.Formatter):
    """A log formatter that masks keys in the whole record, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _command_module(name: str) -> ModuleType:
    """``authlint.commands.<name>`` (imported now)."""
    return importlib.import_module(f"authlint.commands.{name}")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, or ``None`` (none, an unknown one, or help asked first).

    The global options take no value, so the subcommand is the first argument
    that is not an option.
    """
    for argument in argv:
        if argument in ("-h", "--help", "--"):
            return None
        if not argument.startswith("-"):
            return argument if argument in _COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand listed; arguments for ``command`` only, or all."""
    parser = _Parser(
        prog="authlint",
        description="Find why Anthropic / Claude Code authentication fails, where the cause lives.",
        epilog="Exit status: 0 clean (info findings do not count), 1 findings, 2 error.",
    )
    parser.add_argument("--version", action="version", version=f"authlint {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (to stderr)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_line in _COMMANDS.items():
        subparser = sub.add_parser(name, help=help_line)
        if command is None or name == command:
            _command_module(name).add_arguments(subparser)
    return parser


def _restore(streams: list[tuple[Any, str | None]]) -> None:
    """Give stdout/stderr back their error handlers (the server may have closed them)."""
    for stream, errors in streams:
        if not stream.closed:
            stream.reconfigure(errors=errors)


def script() -> NoReturn:
    """The ``authlint`` program (and ``python -m authlint``): :func:`main`, then exit.

    A command may end the process itself once its output is flushed
    (:func:`~authlint.commands.common.end_process`): ``check`` does, so the
    objects of a large run are not freed one by one before the process ends.
    Ctrl-C ends it as SIGINT ends a program, with no traceback
    (:func:`_quiet_interrupt`).
    """
    try:
        status = main(end_process=True)
    except KeyboardInterrupt:
        sys.excepthook = _quiet_interrupt
        raise
    sys.exit(status)


def _quiet_interrupt(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook`` that prints nothing for ``KeyboardInterrupt`` (Ctrl-C).

    Python then ends as it does after an uncaught ``KeyboardInterrupt``: it
    runs its exit handlers (which end any process this one started) and
    ends as killed by SIGINT, so a shell loop running authlint stops too.
    Any other exception is printed as usual.
    """
    if not issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)


def main(argv: Sequence[str] | None = None, *, end_process: bool = False) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Never fails on output encoding: stdout and stderr replace what their encoding
    cannot hold (``?``) while it runs; texts are already free of lone surrogates
    (:func:`~authlint.core.secrets.printable`). ``end_process``: the command may
    end the process when it is done instead of returning (only for the program
    itself, :func:`script`).
    """
    import io

    streams = [(s, s.errors) for s in (sys.stdout, sys.stderr) if isinstance(s, io.TextIOWrapper)]
    for stream, _ in streams:
        stream.reconfigure(errors="replace")
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(chosen_command(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as stop:
        _restore(streams)
        return EXIT_ERROR if stop.code not in (0, None) else EXIT_CLEAN
    args.end_process = end_process
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("authlint: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.WARNING - 10 * min(args.verbose + getattr(args, "check_verbose", 0), 2))
    try:
        return int(_command_module(args.command).run(args))
    except UsageError as error:
        sys.stderr.write(f"authlint: error: {redact(str(error))}\n")
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - exit 2 with a masked message, never a raw traceback
        log.debug("internal error", exc_info=True)
        sys.stderr.write(
            f"authlint: internal error: {redact(f'{type(error).__name__}: {error}')}\n"
        )
        return EXIT_ERROR
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        _restore(streams)
