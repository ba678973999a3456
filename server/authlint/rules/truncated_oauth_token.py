"""truncated-oauth-token.

## What it does
Checks ``CLAUDE_CODE_OAUTH_TOKEN`` values that start with ``sk-ant-oat01-``
for signs of a bad copy: fewer than 108 characters (the length of every token
``claude setup-token`` prints), or a space, tab or line break inside the token.
Whitespace at the start or end is left to AL201, non-ASCII characters to the
AL2xx rules, placeholders to AL108.

## Why is this bad?
``claude setup-token`` prints the token across a wrapped terminal line; a
mouse copy often keeps the line break or stops at the end of the first line.
The token then reaches the API cut short (79–80 characters in reported cases)
and Claude Code fails with ``401 Invalid bearer token`` (or
``OAuth access token is invalid.``), which looks like an expired token.

## Example
```
CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-…   # 80 characters
```
Use instead: the full 108-character token, copied as one line (for CI,
``gh secret set CLAUDE_CODE_OAUTH_TOKEN`` reading it from stdin).

## Fix safety
No fix: the missing characters are only in the terminal that printed them.

## Source
``auth-facts.md`` §1.1 (OAuth token row: setup-token tokens observed at 108
characters, truncated copies at 79–80), §1.2 (gitleaks unmerged
``claude-code-oauth-token`` rule: 95 body characters), §3 row 13
(anthropics/claude-code#54738, openclaw/openclaw#53464, #65320,
anthropics/claude-code-action#1613/#1614), §9 row ANT006.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import OAUTH_TOKEN_LENGTH, mask
from authlint.core.variables import OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import WHITESPACE, compact, judged_value
from authlint.rules._helpers import value_span

OAUTH_PREFIX = "sk-ant-oat01-"
_WHITESPACE_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", " ": "a space"}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``CLAUDE_CODE_OAUTH_TOKEN`` that is too short or split by whitespace."""
    for assignment in file.definitions(OAUTH_TOKEN):
        value = judged_value(file, assignment)
        if value is None or not value.startswith(OAUTH_PREFIX):
            continue
        token = compact(value)
        problems = []
        inner = next((i for i, c in enumerate(value) if c in WHITESPACE), None)
        if inner is not None:
            what = _WHITESPACE_NAMES.get(value[inner], "whitespace")
            problems.append(f"contains {what} at character {inner + 1}")
        if len(token) < OAUTH_TOKEN_LENGTH:
            problems.append(
                f"is {len(token)} characters long where `claude setup-token` prints "
                f"{OAUTH_TOKEN_LENGTH}"
            )
        if not problems:
            continue
        message = (
            f"{OAUTH_TOKEN} `{mask(token)}` {' and '.join(problems)}: it was probably copied from "
            "a wrapped terminal line, and Claude Code will fail with 401 `Invalid bearer token`. "
            "Copy the token again as one line (or run `claude setup-token` again)"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL105",
    name="truncated-oauth-token",
    summary="CLAUDE_CODE_OAUTH_TOKEN is cut short or split by whitespace",
    severity=Severity.WARNING,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
