"""What every ``authlint`` subcommand shares: exit statuses, usage errors, the home folder.

Exit codes (ruff's convention): 0 nothing to report (or only information, or
``--exit-zero``), 1 findings, 2 a usage error or an error while working.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command-line mistake (exit 2)."""


def end_process(args: argparse.Namespace, status: int) -> int:
    """End the process now with ``status`` when the command line was run as a program.

    ``args.end_process`` (set by :func:`authlint.cli.script`) asks for it:
    what was written is flushed and logging is shut down, then the process
    ends without Python's teardown, which frees every object one at a time
    (tens of milliseconds after checking a large tree; mypy ends the same
    way). Otherwise, or when flushing fails (a closed pipe: Python's own exit
    reports it), returns ``status`` for the caller to go on.
    """
    if not getattr(args, "end_process", False):
        return status
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream
        return status
    os._exit(status)


def home_of(args: argparse.Namespace) -> Path | None:
    """The home folder ``--home`` / ``--no-home`` name (default ``$HOME``).

    Raises :class:`UsageError` when ``--home`` is not a folder.
    """
    if args.no_home:
        return None
    if args.home is not None:
        if not args.home.is_dir():
            raise UsageError(f"--home {args.home} is not a folder")
        return Path(args.home)
    return Path(os.environ.get("HOME") or Path.home())


def add_system_root(parser: Any) -> None:
    """Add ``--system-root DIR`` (where ``/etc/profile``, ``/etc/zshenv``… are read from)."""
    parser.add_argument(
        "--system-root",
        type=Path,
        metavar="DIR",
        help="read the system startup files (/etc/profile, /etc/zshenv…) under DIR (default: / "
        "for your own home, none for another; also $AUTHLINT_SYSTEM_ROOT)",
    )


def system_root_arg(args: argparse.Namespace) -> Path | None:
    """``--system-root`` (a folder, else :class:`UsageError`), or ``None``."""
    given: Path | None = getattr(args, "system_root", None)
    if given is not None and not given.is_dir():
        raise UsageError(f"--system-root {given} is not a folder")
    return given


def split_codes(values: list[str] | None) -> tuple[str, ...] | None:
    """``["AL1,AL2", "AL3"]`` -> ``("AL1", "AL2", "AL3")``; ``None`` stays ``None``."""
    if values is None:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())
