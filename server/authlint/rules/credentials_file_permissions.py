"""credentials-file-permissions.

## What it does
Checks that Claude Code's credentials file (``~/.claude/.credentials.json``)
can be read and written by its owner only: mode ``0600``. Any permission for
the group or for others is reported. Not checked on Windows (no POSIX modes)
or for an unsaved buffer.

## Why is this bad?
The file holds the OAuth access token and the refresh token of the Claude
login. Readable by other users of the machine (or by a backup or sync tool
running as another user), the refresh token lets them mint new access tokens
for your subscription. Claude Code creates the file as ``0600``; a wider mode
comes from a copy (``cp`` from another machine, a dotfiles checkout, an
archive).

## Example
```
-rw-r--r--  1 me  me  1204  ~/.claude/.credentials.json
```
Use instead: ``chmod 600 ~/.claude/.credentials.json``. If others could read
it for a while, also rotate the login (``/logout`` and ``/login``).

## Fix safety
No text fix: a mode is not part of the text. The code action *Reset the
Claude Code login* moves the file to a ``0600`` backup so the next start asks
for a new login.

## Source
- https://code.claude.com/docs/en/authentication
  on Linux the login is stored in ``~/.claude/.credentials.json`` with mode ``0600``.
- https://github.com/gitleaks/gitleaks/pull/2159
  proposed rules for the OAuth access and refresh tokens the file holds.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule

OWNER_ONLY = 0o600


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when the credentials file grants any permission to group or others."""
    path = file.source.path
    if path is None or os.name == "nt" or context.platform is Platform.WINDOWS:
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    if not mode & 0o077:
        return
    readers = _who(mode, 0o040, 0o004)
    if readers:
        harm = f"{readers} can read the stored OAuth access and refresh tokens"
    else:
        harm = f"{_who(mode, 0o070, 0o007)} can change or replace the stored login"
    message = (
        f"The Claude Code credentials file has mode {mode:04o}: {harm}; run "
        f"`chmod 600 {path}` (and `/logout` + `/login` if others may have read it)"
    )
    index = file.source.index
    yield RULE.finding(file, Span.at(0, 0, len(index.line_text(0))), message)


def _who(mode: int, group: int, others: int) -> str:
    """``"your group"``, ``"other users"``, both joined by "and", or ``""``."""
    return " and ".join(
        name for name, bits in (("your group", group), ("other users", others)) if mode & bits
    )


RULE = Rule(
    code="AL814",
    name="credentials-file-permissions",
    summary="Claude Code credentials file readable by other users (mode wider than 0600)",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_CREDENTIALS}),
    check=check,
    doc=__doc__ or "",
)
