"""whitespace-in-api-key.

## What it does
Checks for spaces, tabs or line breaks at the start or end of a credential's
value (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``,
or any value shaped like a key), as the program will receive it: inside the
quotes, after the loader has done its work. A Kubernetes Secret's base64
``data`` value is left to AL724 (secret-data-ends-with-newline).

## Why is this bad?
The Python SDK sends the header value verbatim: httpx refuses it with
``LocalProtocolError: Illegal header value``, surfaced as
``APIConnectionError: Connection error.`` and no request is made. The
TypeScript SDK and Claude Code trim the value, so the same file works for
them and fails for Python, which makes it hard to find.

## Example
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA "
```
Use instead:
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
Safe: whitespace is never part of a key or token.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the Python SDK does not trim the key.
- https://github.com/BerriAI/litellm/issues/27188
  ``Illegal header value`` from a key ending in a line break.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 0.69.0, 1.17.0 and 2.11.0 against a local server: a trailing
  space, ``\\n`` or ``\\t`` raises ``APIConnectionError`` with no request.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/internal/utils/env.ts
  the TypeScript SDK trims values read from the environment.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ALL_KINDS, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.rules._base import Rule
from authlint.rules._helpers import content_subspan, credential_assignments
from authlint.scanners.kubernetes import is_base64

_WHITESPACE = " \t\r\n\v\f"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential whose value starts or ends with whitespace."""
    template = is_template(file.source.path)
    for assignment in credential_assignments(file):
        if file.kind is FileKind.KUBERNETES and is_base64(file, assignment):
            continue  # AL724 reports whitespace in a decoded Secret value, with its fix
        value = assignment.value or ""
        stripped = value.strip(_WHITESPACE)
        if stripped == value or not stripped:
            continue
        if template and is_placeholder(stripped):
            continue
        lead = len(value) - len(value.lstrip(_WHITESPACE))
        trail = len(value) - len(value.rstrip(_WHITESPACE))
        where = " and ".join(part for part, n in (("leading", lead), ("trailing", trail)) if n)
        message = (
            f"{assignment.name} value `{mask(stripped)}` has {where} whitespace; "
            "the Python SDK refuses the header (APIConnectionError) and sends nothing"
        )
        fix = None
        if assignment.maps_one_to_one:
            edits = []
            if lead:
                edits.append(Edit(content_subspan(assignment, 0, lead), ""))
            if trail:
                edits.append(Edit(content_subspan(assignment, len(value) - trail, len(value)), ""))
            fix = Fix(RULE.fix_title or "", tuple(edits), Applicability.SAFE)
        span = assignment.content_span if assignment.raw_content else assignment.value_span
        yield RULE.finding(file, span, message, fix=fix)


RULE = Rule(
    code="AL201",
    name="whitespace-in-api-key",
    summary="Credential value starts or ends with whitespace",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the whitespace around the key",
)
