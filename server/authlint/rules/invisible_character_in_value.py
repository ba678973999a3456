"""invisible-character-in-value.

## What it does
Checks the value of a credential (``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like
a key), of ``ANTHROPIC_BASE_URL`` and of ``ANTHROPIC_CUSTOM_HEADERS`` for
characters that take no room on screen: no-break and other Unicode spaces
(U+00A0, U+2000–U+200A, U+202F, U+205F, U+3000), zero-width characters
(U+200B–U+200D, U+2060, U+FEFF), the soft hyphen (U+00AD) and other Unicode
format characters (bidirectional marks and the like). They come from copying a
key out of a web page, a chat or a PDF.

## Why is this bad?
A key or token never contains them, and the value looks right in every
editor. Claude Code refuses to send such a header and prints ``Invalid API key
· Fix external API key`` although no request was made; the Python SDK 0.x
raises ``UnicodeEncodeError`` and 1.x/2.x send the bytes and get 401. In a
base URL the character ends up in the host name or the path.

## Example
```
ANTHROPIC_API_KEY=sk-ant-api03-…<U+200B>…AA
```
Use instead:
```
ANTHROPIC_API_KEY=sk-ant-api03-……AA
```

## Fix safety
Safe: deletes the characters (one edit per run). A no-break space inside a
quoted ``ANTHROPIC_CUSTOM_HEADERS`` value becomes an ordinary space instead,
because it may separate words there.

## Source
- https://code.claude.com/docs/en/errors
  Claude Code refuses header values with a character an HTTP header cannot carry, such as
  a zero-width space or a byte order mark, before sending.
- https://www.shellcheck.net/wiki/SC1018
  a unicode space in shell code.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 0.69.0, 1.17.0 and 2.11.0 and Claude Code 2.1.197 against a
  local server: ``UnicodeEncodeError`` in 0.69.0, 401 in 1.x and 2.x, no request from
  Claude Code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ALL_KINDS, Assignment, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, CUSTOM_HEADERS
from authlint.rules._base import Rule
from authlint.rules._helpers import content_subspan, holds_credential

_LISTED = frozenset(
    "\u00a0\u00ad\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
_URL_LIKE = frozenset({BASE_URL, CUSTOM_HEADERS})


def is_invisible(char: str) -> bool:
    """Whether ``char`` is a space-like or format character other than the ASCII space.

    Takes one character; returns ``True`` for the listed characters and for any
    character of the Unicode categories Cf (format), Zs (space separator), Zl
    and Zp (line and paragraph separators).
    """
    if char in _LISTED:
        return True
    return char != " " and unicodedata.category(char) in {"Cf", "Zs", "Zl", "Zp"}


def _invisible_in(value: str) -> list[str]:
    """The distinct invisible characters of ``value``, in order of first appearance.

    Each distinct character is classified once (an ASCII value has none), so a
    value of megabytes costs a few passes in C, not a Python call per character.
    """
    if value.isascii():
        return []
    return sorted((c for c in set(value) if is_invisible(c)), key=value.index)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding per checked assignment whose value holds invisible characters."""
    template = is_template(file.source.path)
    for assignment in file.assignments:
        value = assignment.value
        if value is None or not _invisible_in(value):
            continue
        cleaned = value.translate(dict.fromkeys(map(ord, _invisible_in(value))))
        if not cleaned.strip():
            continue
        credential = holds_credential(replace(assignment, value=cleaned))
        if not credential and assignment.name not in _URL_LIKE:
            continue
        if template and is_placeholder(cleaned):
            continue
        yield _finding(file, assignment, value, cleaned, credential)


def _finding(
    file: ScannedFile, assignment: Assignment, value: str, cleaned: str, credential: bool
) -> Finding:
    found = _invisible_in(value)
    names = ", ".join(
        dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'format character')}" for c in found)
    )
    count = sum(value.count(c) for c in found)
    what = "an invisible character" if count == 1 else f"{count} invisible characters"
    if assignment.name in _URL_LIKE and not credential:
        subject = f"{assignment.name} contains {what} ({names})"
        effect = (
            "the host name, path or header ends up with bytes nobody typed, so requests fail "
            "or go elsewhere"
            if assignment.name == BASE_URL
            else "Claude Code rejects the variable and the SDKs send the bytes verbatim"
        )
    else:
        subject = f"{assignment.name} value `{mask(cleaned.strip())}` contains {what} ({names})"
        effect = (
            f"Claude Code refuses to send it ({_claude_code_error(assignment.name)}), the "
            "Python SDK 0.x raises UnicodeEncodeError and 1.x/2.x get 401"
        )
    runs = _runs(assignment.raw_content)
    if not runs:  # produced by an escape sequence: nothing to delete in the text
        return RULE.finding(file, assignment.content_span, f"{subject}: {effect}")
    spaced = assignment.name == CUSTOM_HEADERS and bool(assignment.quote)
    edits = tuple(
        Edit(
            content_subspan(assignment, start, end),
            _replacement(assignment.raw_content[start:end], spaced),
        )
        for start, end in runs
    )
    fix = Fix(RULE.fix_title or "", edits, Applicability.SAFE)
    span = content_subspan(assignment, runs[0][0], runs[-1][1])
    return RULE.finding(file, span, f"{subject}: {effect}", fix=fix)


def _claude_code_error(name: str) -> str:
    if name == AUTH_TOKEN:
        return "`Invalid auth token · Fix external auth token`"
    if name == API_KEY:
        return "`Invalid API key · Fix external API key`"
    return "the header value is rejected before any request"


def _runs(raw: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of each run of invisible characters in ``raw``."""
    found = _invisible_in(raw)
    if not found:
        return []
    run = re.compile("[" + "".join(re.escape(c) for c in found) + "]+")
    return [(m.start(), m.end()) for m in run.finditer(raw)]


def _replacement(run: str, spaced: bool) -> str:
    """Nothing, or one ASCII space for a run that holds a space-like character (``spaced``)."""
    if spaced and any(unicodedata.category(c) == "Zs" for c in run):
        return " "
    return ""


RULE = Rule(
    code="AL204",
    name="invisible-character-in-value",
    summary="Credential, base URL or custom header value contains an invisible character",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Delete the invisible characters",
)
