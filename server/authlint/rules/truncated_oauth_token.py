"""truncated-oauth-token.

## What it does
Checks ``CLAUDE_CODE_OAUTH_TOKEN`` values that start with ``sk-ant-oat01-``
for positive evidence of a bad copy: a space, tab or line break inside the
token; a trailing ``\\`` (no loader joins lines there); a next line made only
of token characters (the rest of the token, wrapped onto its own line); or a
body shorter than 40 characters, which no issued token has. The length alone
is not judged otherwise: Anthropic does not publish one, setup-tokens of 79
and of 108 characters are both reported as genuine, and ``sk-ant-oat01-``
tokens also come from workload identity federation and Claude Code routines.
Whitespace at the start or end is left to AL201, non-ASCII characters to the
AL2xx rules, placeholders to AL108.

## Why is this bad?
``claude setup-token`` prints the token across a wrapped terminal line; a
mouse copy often keeps the line break or stops at the end of the first line.
The token then reaches the API broken and Claude Code fails with ``401
Invalid bearer token`` (or ``OAuth access token is invalid.``), which looks
like an expired token.

## Example
```
CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-…first-part
…rest-of-the-token
```
Use instead: the whole token, copied as one line (for CI,
``gh secret set CLAUDE_CODE_OAUTH_TOKEN`` reading it from stdin).

## Fix safety
No fix: the missing characters are only in the terminal that printed them.

## Source
- https://github.com/anthropics/claude-code/issues/54738 (the setup-token
  output wrapped over two lines, copied with the break: ``401 Invalid bearer
  token``)
- https://github.com/openclaw/openclaw/issues/53464 (a token cut short by a
  copy)
- https://github.com/anthropics/claude-code/issues/65320 (two fresh
  setup-tokens, both 79 characters and not truncated: length is no evidence)
- https://github.com/gitleaks/gitleaks/pull/2159 (scanner rule: at least 40
  characters after ``sk-ant-oat01-``; no published length)
- https://platform.claude.com/docs/en/api/authentication/wif-reference (workload
  identity federation access tokens are ``sk-ant-oat01-…`` too)
- https://code.claude.com/docs/en/authentication (``claude setup-token`` and
  ``CLAUDE_CODE_OAUTH_TOKEN``)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, Assignment, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.core.variables import OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import WHITESPACE, compact, judged_value
from authlint.rules._helpers import value_span

OAUTH_PREFIX = "sk-ant-oat01-"
# Secret scanners' most lenient shape for these tokens (gitleaks/gitleaks#2159:
# "Anthropic doesn't document a fixed token-body length"): a shorter body is no token.
MIN_BODY = 40
_WHITESPACE_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", " ": "a space"}
# A line holding nothing but token characters: the rest of a token wrapped onto it.
_CONTINUATION = re.compile(r"[A-Za-z0-9_-]{8,}")


def _continuation_follows(file: ScannedFile, assignment: Assignment) -> bool:
    """Whether the line after the definition is nothing but token characters."""
    index = file.source.index
    line = assignment.statement_span.end.line + 1
    if line >= index.line_count:
        return False
    return _CONTINUATION.fullmatch(index.line_text(line).strip()) is not None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``CLAUDE_CODE_OAUTH_TOKEN`` with positive evidence of a bad copy."""
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
        elif value.endswith("\\"):
            problems.append("ends in `\\`, which does not join lines here")
        elif _continuation_follows(file, assignment):
            problems.append("goes on in the next line, which is not part of the value")
        if len(token) - len(OAUTH_PREFIX) < MIN_BODY:
            problems.append(
                f"is {len(token)} characters long, shorter than any such token "
                f"(at least {MIN_BODY} characters after `{OAUTH_PREFIX}`)"
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
