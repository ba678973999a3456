"""Resetting Claude Code's stored login (the ``authlint.resetClaudeLogin`` command).

On Linux and Windows Claude Code keeps its login in ``~/.claude/.credentials.json``
(``$CLAUDE_CONFIG_DIR/.credentials.json`` when that is set). When that file is
corrupt, expired beyond refresh or was exposed (AL812–AL814), the way back is
a fresh ``/login``. :func:`reset_login` moves the file aside to a timestamped
backup next to it, so Claude Code asks for a new login at its next start and
nothing is lost: the file is never deleted and an existing backup is never
overwritten. The backup keeps mode ``0600``.

On macOS the login lives in the Keychain (service ``Claude Code-credentials``),
which authlint does not touch: :func:`reset_login` returns the steps instead.

No part of the file's content is ever read into a message.

Sources: ``auth-facts.md`` §2.5 (storage per platform, ``CLAUDE_CONFIG_DIR``,
Keychain service names, "Claude Code manages ``.credentials.json`` through
``/login`` and ``/logout``") and §2.6 (reset recipe: ``/logout``, ``/login``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from authlint.core.context import Platform

CREDENTIALS_NAME = ".credentials.json"
BACKUP_MARK = ".authlint-backup-"
KEYCHAIN_SERVICE = "Claude Code-credentials"
OWNER_ONLY = 0o600
_MAX_ATTEMPTS = 100

MACOS_STEPS = (
    f"On macOS Claude Code keeps its login in the Keychain (item `{KEYCHAIN_SERVICE}`), not "
    "in a file, and authlint does not change the Keychain. To reset the login, run `/logout` "
    "and then `/login` in Claude Code, or remove the item yourself with "
    f'`security delete-generic-password -s "{KEYCHAIN_SERVICE}"` and start `claude` again.'
)


@dataclass(frozen=True)
class ResetResult:
    """What :func:`reset_login` did.

    ``moved`` is true when the credentials file now lives at ``backup``;
    ``message`` tells the user what happened and what to do next (it never
    contains anything read from the file).
    """

    moved: bool
    message: str
    credentials: Path
    backup: Path | None = None


def default_credentials_path(home: Path, environ: Mapping[str, str]) -> Path:
    """Where Claude Code keeps the login file: ``$CLAUDE_CONFIG_DIR`` or ``~/.claude``.

    Takes the home folder and the environment; ``~`` at the start of
    ``CLAUDE_CONFIG_DIR`` is expanded with ``home``.
    """
    configured = environ.get("CLAUDE_CONFIG_DIR", "").strip()
    if configured:
        if configured == "~" or configured.startswith("~/"):
            return home / configured[2:] / CREDENTIALS_NAME
        return Path(configured) / CREDENTIALS_NAME
    return home / ".claude" / CREDENTIALS_NAME


def backup_name(credentials_path: Path, now: datetime, attempt: int = 0) -> Path:
    """The backup path: ``.credentials.json.authlint-backup-YYYY-MM-DD-HHMMSS-utc`` (``-N``).

    The stamp is made of lower-case words and digits so that
    :func:`authlint.core.secrets.redact` leaves it readable in messages.
    """
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%d-%H%M%S-utc")
    suffix = f"-{attempt + 1}" if attempt else ""
    return credentials_path.with_name(f"{credentials_path.name}{BACKUP_MARK}{stamp}{suffix}")


def _place_backup(source: Path, now: datetime) -> Path:
    """Give ``source``'s content a new, unused backup name; raises ``OSError``.

    A hard link is made first: it fails rather than replace an existing file,
    and the content appears at once, complete. Where hard links are not
    supported, a rename to a name checked free just before is used instead.
    """
    for attempt in range(_MAX_ATTEMPTS):
        target = backup_name(source, now, attempt)
        try:
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if os.path.lexists(target):
                continue
            os.rename(source, target)  # atomic; no hard links on this file system
            return target
        return target
    raise FileExistsError(errno.EEXIST, "no free backup name", str(source))


def reset_login(
    credentials_path: Path, platform: Platform, now: datetime | None = None
) -> ResetResult:
    """Move Claude Code's credentials file to a timestamped backup next to it.

    Takes the file's path, the platform (macOS gets instructions instead of a
    move: its login is in the Keychain) and the time to stamp the backup with
    (default: now, UTC). Returns a :class:`ResetResult`; never raises for a
    missing file or a file-system error (the result says what failed), and
    never deletes or overwrites anything.
    """
    if platform is Platform.MACOS:
        return ResetResult(False, MACOS_STEPS, credentials_path)
    if credentials_path.name != CREDENTIALS_NAME:
        return ResetResult(
            False,
            f"Not resetting {credentials_path}: only a `{CREDENTIALS_NAME}` file is moved.",
            credentials_path,
        )
    if credentials_path.is_symlink():
        return ResetResult(
            False,
            f"Not resetting {credentials_path}: it is a symbolic link (a dotfiles setup?); "
            "run `/logout` and `/login` in Claude Code instead.",
            credentials_path,
        )
    if not credentials_path.is_file():
        return ResetResult(
            False,
            f"No stored Claude Code login to reset: {credentials_path} does not exist. Run "
            "`/login` in Claude Code to sign in.",
            credentials_path,
        )
    moment = now or datetime.now(timezone.utc)
    try:
        backup = _place_backup(credentials_path, moment)
    except OSError as error:
        return ResetResult(
            False,
            f"Could not back up {credentials_path}: {error.strerror or type(error).__name__}. "
            "Nothing was changed.",
            credentials_path,
        )
    problems = []
    if platform is not Platform.WINDOWS and os.name != "nt":
        try:
            os.chmod(backup, OWNER_ONLY)
        except OSError as error:
            problems.append(f"could not set mode 0600 on the backup ({error.strerror})")
    if credentials_path.exists() and os.path.samefile(credentials_path, backup):
        try:
            credentials_path.unlink()
        except OSError as error:
            return ResetResult(
                False,
                f"Backed up the login to {backup}, but could not remove {credentials_path} "
                f"({error.strerror}); Claude Code still uses it.",
                credentials_path,
                backup,
            )
    note = f" Note: {'; '.join(problems)}." if problems else ""
    message = (
        f"Moved the stored Claude Code login to {backup}. Start `claude` and run `/login` (or "
        "`claude auth login`) to sign in again; delete the backup once the new login works."
        f"{note}"
    )
    return ResetResult(True, message, credentials_path, backup)
