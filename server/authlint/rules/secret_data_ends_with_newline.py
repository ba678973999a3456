"""secret-data-ends-with-newline.

## What it does
Checks the ``data:`` values of a Kubernetes ``Secret`` manifest: each is
base64-decoded, and a credential (``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``, or any value shaped
like a key) that decodes with a line break, carriage return, space or tab
at its start or end is reported. ``stringData`` values are left to AL201
(whitespace-in-api-key).

## Why is this bad?
``echo "sk-ant-…" | base64`` encodes the key *and* the newline ``echo``
adds. The pod receives ``sk-ant-…\\n`` in its environment or mounted file.
The Python SDK refuses such a header value (``APIConnectionError:
Connection error.``, no request is made); a ``\\r`` from a Windows editor does
the same; other clients trim it, so the same Secret works in one container and
fails in the next. The encoded text hides the newline from review.

## Example
```yaml
apiVersion: v1
kind: Secret
data:
  ANTHROPIC_API_KEY: c2stYW50LWFwaTAzLeKApkFBCg==   # "sk-ant-api03-…AA\\n"
```
Use instead: encode with ``echo -n`` / ``printf %s``, or write the key under
``stringData:``, or ``kubectl create secret generic anthropic
--from-literal=ANTHROPIC_API_KEY=…``.

## Fix safety
Safe: re-encodes the end of the value without the trailing whitespace,
which is never part of a key or token (only the last base64 characters
change). No fix for leading whitespace or a value written over several lines.

## Source
- https://kubernetes.io/docs/tasks/configmap-secret/managing-secret-using-kubectl/
  encoding with ``echo`` adds a newline; use ``echo -n``.
- https://kubernetes.io/docs/concepts/configuration/secret/
  ``data`` values are base64-encoded, ``stringData`` values are not.
- https://github.com/BerriAI/litellm/issues/27188
  ``Illegal header value`` from a key ending in a line break.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder, mask
from authlint.core.text import Position, Span
from authlint.rules._base import Rule
from authlint.rules._helpers import credential_assignments
from authlint.scanners.kubernetes import is_base64

_WHITESPACE = " \t\r\n\v\f"
_NAMES = {"\n": "a line break (`echo` without `-n`)", "\r": "a carriage return"}


def _describe(extra: str) -> str:
    for char, name in _NAMES.items():
        if char in extra:
            return name
    return "whitespace"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Secret ``data`` credential that decodes with surrounding whitespace."""
    template = is_template(file.source.path)
    for assignment in credential_assignments(file):
        if not is_base64(file, assignment):
            continue
        value = assignment.value or ""
        stripped = value.strip(_WHITESPACE)
        if stripped == value or not stripped or (template and is_placeholder(stripped)):
            continue
        extra = value[: len(value) - len(value.lstrip(_WHITESPACE))] + value[len(value.rstrip()) :]
        message = (
            f"{assignment.name} decodes to `{mask(stripped)}` with {_describe(extra)} around it: "
            "the pod gets the key with it, and the Python SDK refuses the header "
            "(APIConnectionError, no request). Encode the key alone (`echo -n`, `printf %s`)"
        )
        yield RULE.finding(file, assignment.content_span, message, fix=_fix(assignment, value))


def _fix(assignment: Assignment, value: str) -> Fix | None:
    """Re-encode the end of the value without the trailing whitespace.

    Only the last base64 groups change, so the edit never carries more than the
    key's last two characters; no fix for leading whitespace or wrapped text.
    """
    span = assignment.content_span
    kept = value.rstrip(_WHITESPACE)
    old = base64.b64encode(value.encode("utf-8")).decode("ascii")
    new = base64.b64encode(kept.encode("utf-8")).decode("ascii")
    if kept != value.strip(_WHITESPACE) or span.start.line != span.end.line:
        return None
    if assignment.raw_content != old:
        return None
    same = (len(kept.encode("utf-8")) // 3) * 4  # whole groups of bytes that do not change
    start = Position(span.start.line, span.start.character + same)
    edit = Edit(Span(start, span.end), new[same:])
    return Fix(RULE.fix_title or "", (edit,), Applicability.SAFE)


RULE = Rule(
    code="AL724",
    name="secret-data-ends-with-newline",
    summary="Kubernetes Secret data decodes to a key with a trailing newline or whitespace",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.KUBERNETES}),
    check=check,
    doc=__doc__ or "",
    fix_title="Re-encode the value without the whitespace",
)
