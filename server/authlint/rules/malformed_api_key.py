"""malformed-api-key.

## What it does
Checks for a value that starts like an Anthropic API key (``sk-ant-api03-``)
but is not a complete one: not 108 characters long (``sk-ant-api03-``, 93
characters from ``[A-Za-z0-9_-]``, then ``AA``), with a character a key never
contains (a line break or space inside, ``.``, ``#``, ``+``…), or without the
``AA`` ending. Every variable is checked, whatever its name. Leading and
trailing whitespace (AL201), stray quotes (AL206), non-ASCII characters
(AL204, AL205) and placeholders (AL108) are left to other rules, and so are
sample values in templates that do not look generated (``sk-ant-api03-abc``).

## Why is this bad?
A key that lost characters on the way from the Console (truncated copy, a
line break from a wrapped terminal, an inline ``#comment`` that python-dotenv
keeps because no space precedes it) is rejected with
``401 invalid x-api-key`` (Claude Code: ``Invalid API key · Fix external API key``),
which looks exactly like a revoked key. With a line break inside, Claude Code
and the Python SDK refuse to send the header at all.

## Example
```
ANTHROPIC_API_KEY=sk-ant-api03-Xy7…
```
(cut short: 80 characters). Use instead: the whole key, copied again.
```
ANTHROPIC_API_KEY=sk-ant-api03-Xy7…q2AA
```

## Fix safety
No fix: the missing characters are only in the Console.

## Source
- https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
  rule ``anthropic-api-key``: ``sk-ant-api03-``, 93 characters, ``AA``; its false-positive
  tests (too short, ``BB`` instead of ``AA``).
- https://github.com/trufflesecurity/trufflehog/blob/main/pkg/detectors/anthropic/anthropic.go
  the same shape.
- https://code.claude.com/docs/en/errors
  ``Invalid X-Api-Key header value … it contains a line break at character 41``.
- https://platform.claude.com/docs/en/api/errors
  401 ``authentication_error`` for a malformed key.
- https://github.com/motdotla/dotenv/blob/master/lib/main.js
  Node's dotenv ends an unquoted value at `` #``; python-dotenv keeps ``#frag``
  (https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/parser.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import API_KEY_LENGTH, API_KEY_RE, mask
from authlint.rules._base import Rule
from authlint.rules._credentials import OTHER_RULES_CHARS, WHITESPACE, compact, judged_value
from authlint.rules._helpers import value_span

PREFIX = "sk-ant-api03-"
_BODY_CHAR = re.compile(r"[A-Za-z0-9_-]")
_WHITESPACE_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", " ": "a space"}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _problems(value: str) -> tuple[list[str], str]:
    """What is wrong with ``value`` (outer whitespace removed), and the advice to give."""
    problems: list[str] = []
    key = compact(value)
    inner = next((i for i, c in enumerate(value) if c in WHITESPACE), None)
    if inner is not None:
        what = _WHITESPACE_NAMES.get(value[inner], "whitespace")
        problems.append(f"has {what} at character {inner + 1}")
    bad = next(
        (
            i
            for i, c in enumerate(value)
            if i >= len(PREFIX)
            and c.isascii()
            and c not in WHITESPACE + OTHER_RULES_CHARS
            and not _BODY_CHAR.match(c)
        ),
        None,
    )
    if bad is not None:
        problems.append(f"has `{value[bad]}` at character {bad + 1}")
    if len(key) != API_KEY_LENGTH:
        problems.append(f"is {len(key)} characters long instead of {API_KEY_LENGTH}")
    if not key.endswith("AA"):
        problems.append("does not end in `AA`")
    again = "copy the whole key again from the Console (console.anthropic.com/settings/keys)"
    if inner is not None and API_KEY_RE.fullmatch(key):
        advice = (
            f"remove the {what[2:] if what.startswith('a ') else what}: the rest is a whole key"
        )
    elif bad is not None and value[bad] == "#":
        advice = (
            "a comment needs a space before `#`, otherwise python-dotenv and shells keep it in "
            "the value"
        )
    elif inner is not None:
        advice = f"it was probably copied across a wrapped line: {again}, as one line"
    elif len(key) < API_KEY_LENGTH:
        advice = f"it was probably truncated: {again}"
    else:
        advice = again
    return problems, advice


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``sk-ant-api03-`` value that is not a complete API key."""
    for assignment in file.assignments:
        if assignment.value is None or PREFIX not in assignment.value:
            continue  # cheap: judged_value strips only, so it could not start with PREFIX
        value = judged_value(file, assignment)
        if value is None or not value.startswith(PREFIX) or API_KEY_RE.fullmatch(value):
            continue  # a whole key has none of the problems below
        problems, advice = _problems(value)
        if not problems:
            continue
        message = (
            f"{assignment.name} value `{mask(compact(value))}` is not a complete Anthropic API "
            f"key: it {_join(problems)} (a key is `{PREFIX}` + 93 characters + `AA`). "
            "The API rejects it with 401 `invalid x-api-key` (Claude Code: "
            f"`Invalid API key · Fix external API key`); {advice}"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL101",
    name="malformed-api-key",
    summary="Value starts like an Anthropic API key but is not a complete one",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
