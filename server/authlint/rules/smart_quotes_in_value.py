"""smart-quotes-in-value.

## What it does
Checks the value of a credential (``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like
a key) and of ``ANTHROPIC_BASE_URL`` for typographic ("smart", curly) quotes
and primes: U+2018 ‘ U+2019 ’ U+201A ‚ U+201B ‛ U+201C “ U+201D ” U+201E „
U+201F ‟ U+2032 ′ U+2033 ″ U+2035 ‵ U+2036 ‶. Word processors, chat apps and
blog engines turn ASCII quotes into these when a setup line is copied from
them.

## Why is this bad?
Only ASCII ``"`` and ``'`` are quotes to a shell or a dotenv loader; curly
quotes are ordinary characters and stay in the value (shellcheck
SC1110/SC1111). Claude Code and the TypeScript SDK refuse to send a header
that contains them (Claude Code prints ``Invalid API key · Fix external API
key`` without making a request); the Python SDK sends them and gets 401.

## Example
```
export ANTHROPIC_API_KEY=“sk-ant-api03-…AA”
```
Use instead:
```
export ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
Safe. Curly quotes that wrap an otherwise unquoted value become ASCII ``"``
(what the author meant); any other curly quote is deleted, since a key or URL
never contains one. When the value holds ``$``, `````, ``\\`` or ``"``, which
would change meaning inside double quotes, the wrapping quotes are deleted
too.

## Source
- https://www.shellcheck.net/wiki/SC1110
  a unicode quote in shell code (and https://www.shellcheck.net/wiki/SC1111).
- https://code.claude.com/docs/en/errors
  Claude Code refuses header values with a curly quote before sending.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 1.17.0 and 2.11.0, @anthropic-ai/sdk 0.137.0 (``TypeError:
  Cannot convert argument to a ByteString``), python-dotenv 1.2.4, bash 5.2 and Claude
  Code 2.1.197: the quotes stay in the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ALL_KINDS, Assignment, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._helpers import content_subspan, holds_credential

SMART_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2035\u2036")
_UNSAFE_IN_DOUBLE_QUOTES = frozenset('$`\\"')
_SMART_QUOTE = re.compile("[" + "".join(sorted(SMART_QUOTES)) + "]")
_DROP_SMART_QUOTES = str.maketrans("", "", "".join(SMART_QUOTES))


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding per credential or base URL whose value holds curly quotes."""
    template = is_template(file.source.path)
    for assignment in file.assignments:
        value = assignment.value
        if value is None or _SMART_QUOTE.search(value) is None:
            continue
        cleaned = value.translate(_DROP_SMART_QUOTES).strip()
        if not cleaned:
            continue
        credential = holds_credential(replace(assignment, value=cleaned))
        if not credential and assignment.name != BASE_URL:
            continue
        if template and is_placeholder(cleaned):
            continue
        yield _finding(file, assignment, value, cleaned, credential)


def _finding(
    file: ScannedFile, assignment: Assignment, value: str, cleaned: str, credential: bool
) -> Finding:
    shown = " ".join(dict.fromkeys(m.group() for m in _SMART_QUOTE.finditer(value)))
    if credential:
        message = (
            f"{assignment.name} value `{mask(cleaned)}` contains curly quotes ({shown}) that "
            "stay in the value: Claude Code and the TypeScript SDK refuse to send it, the "
            "Python SDK sends it and gets 401"
        )
    else:
        message = (
            f"{assignment.name} contains curly quotes ({shown}) that stay in the value, so the "
            "URL is not valid and requests fail"
        )
    raw = assignment.raw_content
    positions = [m.start() for m in _SMART_QUOTE.finditer(raw)]
    if not positions:  # produced by an escape sequence: nothing to edit in the text
        return RULE.finding(file, assignment.content_span, message)
    wraps = _wraps(assignment, positions)
    edits = tuple(
        Edit(
            content_subspan(assignment, i, i + 1),
            '"' if wraps and i in (positions[0], positions[-1]) else "",
        )
        for i in positions
    )
    title = "Replace the curly quotes with ASCII quotes" if wraps else RULE.fix_title or ""
    fix = Fix(title, edits, Applicability.SAFE)
    span = content_subspan(assignment, positions[0], positions[-1] + 1)
    return RULE.finding(file, span, message, fix=fix)


def _wraps(assignment: Assignment, positions: list[int]) -> bool:
    """Whether curly quotes open and close an unquoted value that is safe in ``"…"``."""
    raw = assignment.raw_content
    if assignment.quote or len(positions) < 2:
        return False
    if positions[0] != 0 or positions[-1] != len(raw) - 1:
        return False
    inner = raw[1:-1]
    return not any(c in _UNSAFE_IN_DOUBLE_QUOTES for c in inner)


RULE = Rule(
    code="AL205",
    name="smart-quotes-in-value",
    summary="Credential or base URL value contains curly (smart) quotes",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Delete the curly quotes",
)
