"""quote-in-value.

## What it does
Checks for ASCII quote characters (``"`` or ``'``) that end up *in* the value
of a credential (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like a key) after the loader
has removed the quotes that delimit it: a stray closing quote on an unquoted
value in a ``.env`` file (``KEY=sk-ant-…AA"``), a value quoted twice
(``KEY="'sk-ant-…AA'"``) or escaped quotes (``export KEY=\\"sk-ant-…AA\\"``).

## Why is this bad?
Keys and tokens never contain quotes, but every client sends the value as it
is: the API answers 401 (``invalid x-api-key``, or ``Invalid bearer token``
for SDKs that send the key as a bearer token) and Claude Code prints
``Invalid API key · Fix external API key``.

Correctly quoted values (``KEY="sk-ant-…AA"``) are fine: the loader removes
those quotes, so they are not reported. A ``.env`` line whose quotes do not
pair up (``KEY='sk-ant-…AA"``) is one python-dotenv cannot parse at all; AL310
``unparsable-dotenv-line`` reports it.

## Example
```
ANTHROPIC_API_KEY="'sk-ant-api03-…AA'"
```
Use instead:
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
Safe: deletes the quote characters, which are never part of a key. Offered
only when the text maps one to one onto the value (no escape sequences).

## Source
- https://platform.claude.com/docs/en/api/errors
  401 ``authentication_error``.
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/parser.py
  python-dotenv removes the quotes it understands (Node's dotenv:
  https://github.com/motdotla/dotenv/blob/master/lib/main.js).
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 1.17.0 and 2.11.0, @anthropic-ai/sdk 0.137.0 and Claude Code
  2.1.197 against a local server: quotes kept in a key give 401 ``invalid x-api-key`` or
  ``Invalid bearer token``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ALL_KINDS, Assignment, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.rules._base import Rule
from authlint.rules._helpers import content_subspan, holds_credential

_QUOTES = "\"'"
_DROP_QUOTES = str.maketrans("", "", _QUOTES)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential whose value keeps a quote character."""
    template = is_template(file.source.path)
    for assignment in file.assignments:
        value = assignment.value
        if value is None or ('"' not in value and "'" not in value):
            continue
        if not holds_credential(assignment):
            continue
        cleaned = value.translate(_DROP_QUOTES).strip()
        if template and is_placeholder(cleaned):
            continue
        yield _assignment_finding(file, assignment, value, cleaned)


def _assignment_finding(
    file: ScannedFile, assignment: Assignment, value: str, cleaned: str
) -> Finding:
    shown = " and ".join(f"`{q}`" for q in _QUOTES if q in value)
    what = f"`{mask(cleaned)}`" if cleaned else "(only quotes)"
    message = (
        f"{assignment.name} value {what} contains quote characters ({shown}) that stay in the "
        "value: keys never contain quotes, so the API answers 401 (`invalid x-api-key` / "
        "`Invalid bearer token`)"
    )
    if not assignment.maps_one_to_one:
        return RULE.finding(file, assignment.content_span, message)
    runs = _runs(value)
    edits = tuple(Edit(content_subspan(assignment, start, end), "") for start, end in runs)
    span = content_subspan(assignment, runs[0][0], runs[-1][1])
    fix = Fix(RULE.fix_title or "", edits, Applicability.SAFE)
    return RULE.finding(file, span, message, fix=fix)


def _runs(value: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of each run of quote characters in ``value``."""
    return [(m.start(), m.end()) for m in re.finditer(r"[\"']+", value)]


RULE = Rule(
    code="AL206",
    name="quote-in-value",
    summary="Quote characters stay in a credential's value",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Delete the quote characters",
)
