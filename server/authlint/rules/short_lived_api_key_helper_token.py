"""short-lived-api-key-helper-token.

## What it does
Checks an ``apiKeyHelper`` (the command, or the shell script it runs) that
mints short-lived tokens: ``databricks auth token``, ``gcloud auth
print-access-token`` / ``print-identity-token``, ``aws sts
get-session-token`` / ``assume-role`` / ``assume-role-with-web-identity``,
``az account get-access-token``. Against the token's usual life (an hour;
``aws sts`` honours ``--duration-seconds``) it compares
``CLAUDE_CODE_API_KEY_HELPER_TTL_MS``, from the settings ``env`` (this file,
its sibling, the user's) or the environment:

- a TTL at or above the token's life is a **warning**: Claude Code keeps
  sending a token after it has expired;
- no TTL (Claude Code's default, five minutes) is **info**: the helper is
  re-run in time while Claude Code is busy, but after an idle spell the first
  request reuses the cached, possibly expired token.

## Why is this bad?
Claude Code caches the helper's output for the TTL and serves the stale value
while a refresh runs. Expired cloud tokens are often answered with ``403``
(``API Error: 403 Invalid Token``), and only a ``401`` makes Claude Code run
the helper again: the first prompt after a pause fails, the second works.

## Example
```json
{
  "apiKeyHelper": "databricks auth token | jq -r .access_token",
  "env": { "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "3600000" }
}
```
Use instead: a TTL well below the token's life
(``"CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "1800000"``).

## Fix safety
Safe when this file sets a TTL at or above the token's life: the value is
replaced with half the token's life. No fix when the TTL is unset.

## Source
- https://code.claude.com/docs/en/settings
  ``apiKeyHelper``; ``CLAUDE_CODE_API_KEY_HELPER_TTL_MS`` sets how long its output is cached.
- https://code.claude.com/docs/en/llm-gateway
  the helper is re-run after five minutes or on an HTTP 401.
- https://github.com/anthropics/claude-code/issues/43436
  ``403 Invalid Token`` on the first prompt after idle with a Databricks helper.
- https://github.com/anthropics/claude-code/issues/27226
  a request to re-run the helper on 403 as well.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._claude import (
    API_KEY_HELPER,
    effective_env,
    env_members,
    member_text,
    root_object,
    string_member,
)

TTL = "CLAUDE_CODE_API_KEY_HELPER_TTL_MS"
DEFAULT_TTL_MS = 5 * 60 * 1000
_HOUR = 3600
# (pattern, what it is, usual token life in seconds)
_MINTERS: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"\bdatabricks\s+auth\s+token\b"), "a Databricks OAuth token", _HOUR),
    (
        re.compile(r"\bgcloud\s+(?:[\w-]+\s+)*auth\s+print-(?:access|identity)-token\b"),
        "a Google Cloud access or identity token",
        _HOUR,
    ),
    (
        re.compile(r"\baws\s+sts\s+(?:get-session-token|assume-role(?:-with-web-identity)?)\b"),
        "temporary AWS STS credentials",
        _HOUR,
    ),
    (re.compile(r"\baz\s+account\s+get-access-token\b"), "an Azure access token", _HOUR),
)
_DURATION = re.compile(r"--duration-seconds[= ]+(\d+)")
_STS_SESSION = re.compile(r"get-session-token")
_MAX_SCRIPT_BYTES = 64 * 1024


def _script_text(command: str, home: Path | None) -> str:
    """The text of the script the helper runs (first word, or after an interpreter)."""
    try:
        words = shlex.split(command)
    except ValueError:
        return ""
    for word in words[:3]:
        if word.startswith("~/") and home is not None:
            word = str(home / word[2:])
        if "/" not in word or not os.path.isabs(word):
            continue
        from authlint.core.source import read_regular_file  # a FIFO or device never ends

        try:
            return read_regular_file(Path(word), _MAX_SCRIPT_BYTES).decode("utf-8", "replace")
        except OSError:
            return ""
    return ""


def minted(text: str) -> tuple[str, int] | None:
    """What short-lived token ``text`` mints and its life in seconds, or ``None``."""
    for pattern, what, life in _MINTERS:
        if pattern.search(text):
            duration = _DURATION.search(text)
            if duration and "sts" in pattern.pattern:
                life = int(duration.group(1))
            elif _STS_SESSION.search(text) and "sts" in pattern.pattern:
                life = 12 * _HOUR
            return what, life
    return None


def _ttl_ms(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _minutes(ms: int) -> str:
    minutes = ms / 60000
    return f"{minutes:g} min" if minutes < 120 else f"{minutes / 60:g} h"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when a token-minting helper's cache outlives (or may outlive) the token."""
    root = root_object(file)
    helper = string_member(root, API_KEY_HELPER)
    command = member_text(helper)
    if helper is None or not command or not command.strip():
        return
    found = minted(command) or minted(_script_text(command, context.home))
    if found is None:
        return
    what, life = found
    life_ms = life * 1000
    own = env_members(file).get(TTL)
    ttl = _ttl_ms(effective_env(file, context).get(TTL))
    if ttl is None:
        message = (
            f"`apiKeyHelper` mints {what} (about {_minutes(life_ms)}), and "
            f"{TTL} is unset: Claude Code caches it for {_minutes(DEFAULT_TTL_MS)} and, after an "
            "idle spell, serves the stale value while it refreshes; an expired token is often "
            "answered with 403, which does not re-run the helper (the next prompt works)"
        )
        yield RULE.finding(file, helper.value.content_span, message, severity=Severity.INFO)
        return
    if ttl < life_ms:
        return
    message = (
        f"{TTL} is {_minutes(ttl)}, but `apiKeyHelper` mints {what} that lives about "
        f"{_minutes(life_ms)}: Claude Code keeps sending the token after it expires "
        "(403 `Invalid Token`), and a 403 does not re-run the helper; set the TTL well below "
        "the token's life"
    )
    span: Span = helper.value.content_span
    fix = None
    related: tuple[Related, ...] = ()
    if own is not None and _ttl_ms(member_text(own)) == ttl:
        span = own.value.content_span
        related = (Related(file.source.path, helper.value.content_span, "the helper"),)
        fix = Fix(
            RULE.fix_title or "",
            (Edit(own.value.content_span, str(life_ms // 2)),),
            Applicability.SAFE,
        )
    yield RULE.finding(file, span, message, fix=fix, related=related)


RULE = Rule(
    code="AL821",
    name="short-lived-api-key-helper-token",
    summary="apiKeyHelper mints short-lived tokens that its cache TTL can outlive",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Cache the helper's token for half its life",
)
