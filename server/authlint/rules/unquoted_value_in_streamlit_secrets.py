"""unquoted-value-in-streamlit-secrets.

## What it does
Checks ``.streamlit/secrets.toml`` for a ``key = value`` line whose value
TOML does not accept: an unquoted string (``ANTHROPIC_API_KEY =
sk-ant-api03-…``), or no value at all (``ANTHROPIC_API_KEY =``). Numbers,
booleans, dates, arrays, inline tables and quoted strings are fine.

## Why is this bad?
TOML strings must be quoted. Streamlit parses the whole file when the app
first reads ``st.secrets``; one such line makes it fail with
``TomlDecodeError: Invalid date or number`` (or a similar parse error), and
then no secret of the file is available: the app cannot authenticate, and
the root-level keys are not exported to the environment either.

## Example
```toml
ANTHROPIC_API_KEY = sk-ant-api03-…AA
```
Use instead:
```toml
ANTHROPIC_API_KEY = "sk-ant-api03-…AA"
```

## Fix safety
Safe when the value holds no ``"`` or ``\\``: the fix puts it in double
quotes, which gives the string as written. No fix otherwise, nor for a
missing value.

## Source
- https://github.com/aimonlabs/aimon-python-sdk/issues/40
  ``TomlDecodeError: Invalid date or number`` from an unquoted value in ``secrets.toml``.
- https://docs.streamlit.io/develop/concepts/connections/secrets-management
  the file format: TOML, strings in quotes.
- https://toml.io/en/v1.0.0
  keys and values: strings are quoted.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import mask
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.scanners.streamlit_secrets import valid_value


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per value TOML rejects."""
    for assignment in file.assignments:
        raw = assignment.raw_value
        if assignment.quote or valid_value(raw):
            continue
        if not raw:
            message = (
                f"{assignment.name} has no value, which TOML rejects: Streamlit cannot load "
                "secrets.toml at all (TomlDecodeError) and no secret reaches the app. Write "
                'a quoted value (`""` for an empty one) or remove the line'
            )
            yield RULE.finding(file, assignment.statement_span, message)
            continue
        fix = None
        if not any(c in raw for c in '"\\') and raw.isprintable():
            fix = Fix(
                f"Quote the value of {assignment.name}",
                (
                    Edit(Span(assignment.value_span.start, assignment.value_span.start), '"'),
                    Edit(Span(assignment.value_span.end, assignment.value_span.end), '"'),
                ),
                Applicability.SAFE,
            )
        message = (
            f"The value of {assignment.name} (`{mask(raw)}`) is not quoted: TOML strings must "
            "be, so Streamlit cannot load secrets.toml at all (TomlDecodeError) and no secret "
            "reaches the app. Put the value in double quotes"
        )
        yield RULE.finding(file, assignment.value_span, message, fix=fix)


RULE = Rule(
    code="AL314",
    name="unquoted-value-in-streamlit-secrets",
    summary="Value TOML rejects in .streamlit/secrets.toml (no secret loads)",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.STREAMLIT_SECRETS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Quote the value",
)
