"""expired-claude-login.

## What it does
Checks Claude Code's credentials file for a stored login that has expired
and cannot be renewed: ``claudeAiOauth.expiresAt`` (epoch milliseconds) is in
the past and there is no ``refreshToken``. A login with a refresh token is
renewed by Claude Code on its own and is not reported. No part of a stored
token is ever shown.

## Why is this bad?
Claude Code sends the expired access token and the API answers
``401 OAuth token has expired. Please obtain a new token or refresh your
existing token.`` (``OAuth token has expired · Please run /login``). Without a
refresh token there is no way back but a new login. A credentials file copied
from another machine (or into CI) is the usual cause: access tokens last
about 8 hours.

## Example
```json
{ "claudeAiOauth": { "accessToken": "sk-ant-oat01-…", "expiresAt": 1735689600000 } }
```
Use instead: ``/login`` again (or the *Reset the Claude Code login* code
action, which moves the file to a backup first). For CI, use a
``claude setup-token`` token in ``CLAUDE_CODE_OAUTH_TOKEN``.

## Fix safety
No fix: only a new login makes a new token.

## Source
- https://code.claude.com/docs/en/authentication
  the stored login and how Claude Code refreshes it.
- https://code.claude.com/docs/en/errors
  ``OAuth token has expired · Please run /login`` and ``Login expired``.
- https://github.com/anthropics/claude-code/blob/main/CHANGELOG.md
  access tokens refresh about 8 hours after login (2.1.86).
- https://github.com/grll/claude-code-action/issues/2
  an ``accessToken`` copied into CI expired the next morning.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197: an ``expiresAt`` in the past leads to a refresh
  attempt, then ``401 OAuth token has expired``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import is_set, member_text, root_object, string_member

SECONDS_LOOKING_VALUE = 100_000_000_000  # ms values are above this since 1973; seconds are not


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when the stored login expired and has no refresh token."""
    root = root_object(file)
    oauth = root.get("claudeAiOauth") if root is not None else None
    if oauth is None or oauth.type != "object":
        return
    expires = oauth.member("expiresAt")
    if expires is None or expires.value.type != "number":
        return
    value = expires.value.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    if is_set(member_text(string_member(oauth, "refreshToken"))):
        return
    now_ms = time.time() * 1000
    if value >= now_ms:
        return
    when = _utc(value)
    seconds = (
        " (the value looks like seconds, but Claude Code reads milliseconds)"
        if 0 < value < SECONDS_LOOKING_VALUE
        else ""
    )
    message = (
        f"The stored Claude Code login expired{when}{seconds} and there is no refresh token to "
        "renew it: requests fail with `401 OAuth token has expired` (`Please run /login`); "
        "log in again with `/login`"
    )
    yield RULE.finding(file, expires.value.span, message)


def _utc(milliseconds: float) -> str:
    try:
        moment = datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return ""
    return f" on {moment:%Y-%m-%d %H:%M} UTC"


RULE = Rule(
    code="AL813",
    name="expired-claude-login",
    summary="Stored Claude Code login expired and has no refresh token",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_CREDENTIALS}),
    check=check,
    doc=__doc__ or "",
)
