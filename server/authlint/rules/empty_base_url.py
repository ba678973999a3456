"""empty-base-url.

## What it does
Checks for ``ANTHROPIC_BASE_URL`` set to the empty string, and exported, in a
file that is loaded as is: ``ANTHROPIC_BASE_URL=`` or ``=""`` in a ``.env``,
``export ANTHROPIC_BASE_URL=`` in a shell profile, ``set -gx
ANTHROPIC_BASE_URL ""`` in fish, ``$Env:ANTHROPIC_BASE_URL = ""`` in
PowerShell. Templates (``.env.example``…) are skipped: their empty values are
slots to fill in.

## Why is this bad?
An empty value is not the same as no value. ``load_dotenv()`` puts ``""`` in
``os.environ``, and the Python SDK reads ``ANTHROPIC_BASE_URL`` with
``os.environ.get``: ``""`` becomes an explicit base URL, requests go to a
relative ``/v1/messages`` and fail with ``APIConnectionError`` (cause
``UnsupportedProtocol``). The TypeScript SDK and Claude Code ignore the empty
value, so the same setup works there, which hides the cause.

## Example
```
export ANTHROPIC_BASE_URL=
```
Use instead:
```
unset ANTHROPIC_BASE_URL
```

## Fix safety
Unsafe: in a ``.env`` the fix comments the line out (``# ``); in a shell
profile it replaces the statement with ``unset ANTHROPIC_BASE_URL`` (fish:
``set -e``, PowerShell: ``= $null``). Someone may have emptied the variable
on purpose to override a value set elsewhere; unsetting it still does that,
but the user should confirm.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the Python SDK takes ``ANTHROPIC_BASE_URL`` with ``os.environ.get``, so ``""`` is an
  explicit base.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/internal/utils/env.ts
  the TypeScript SDK's ``readEnv`` treats ``""`` as unset.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 1.17.0 and 2.11.0 against a local server: ``APIConnectionError``
  caused by ``UnsupportedProtocol``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ENV_KINDS, Assignment, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.text import Span
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._helpers import live_definitions

_EMPTY = r"(?:\"\"|'')?"
# Statements the fix may replace whole: nothing else is assigned or run there.
_REPLACEABLE = {
    FileKind.SHELL: (
        re.compile(rf"(?:export\s+)?{BASE_URL}={_EMPTY}\s*;?\s*"),
        f"unset {BASE_URL}",
    ),
    FileKind.FISH: (
        re.compile(rf"set\s+(?:-{{1,2}}[A-Za-z-]+\s+)*{BASE_URL}(?:\s+{_EMPTY})?\s*;?\s*"),
        f"set -e {BASE_URL}",
    ),
    FileKind.POWERSHELL: (
        re.compile(rf"(?i)\$env:{BASE_URL}\s*=\s*{_EMPTY}\s*;?\s*"),
        f"$Env:{BASE_URL} = $null",
    ),
}
_POWERSHELL_ENV = re.compile(r"(?i)\s*\$env:")


def _fix(file: ScannedFile, assignment: Assignment) -> Fix | None:
    if file.kind is FileKind.DOTENV:
        start = assignment.statement_span.start
        edit = Edit(Span(start, start), "# ")
        return Fix(f"Comment out the empty {BASE_URL}", (edit,), Applicability.UNSAFE)
    statement = file.source.index.slice(assignment.statement_span)
    if file.kind not in _REPLACEABLE:  # JSON/YAML env blocks: no text rewrite known
        return None
    pattern, replacement = _REPLACEABLE[file.kind]
    if not pattern.fullmatch(statement):
        return None
    edit = Edit(assignment.statement_span, replacement)
    return Fix(f"Replace with `{replacement}`", (edit,), Applicability.UNSAFE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per live, exported ``ANTHROPIC_BASE_URL`` set to the empty string."""
    if is_template(file.source.path):
        return
    for assignment in live_definitions(file, BASE_URL):
        if assignment.value is None or assignment.value.strip() or not assignment.exported:
            continue
        if file.kind is FileKind.POWERSHELL:
            statement = file.source.index.slice(assignment.statement_span)
            if not _POWERSHELL_ENV.match(statement):
                continue  # [Environment]::SetEnvironmentVariable / setx with "" delete it
        message = (
            f'{BASE_URL} is set to the empty string: the Python SDK takes `""` as an explicit '
            "base URL and every request fails with APIConnectionError (UnsupportedProtocol); "
            "the TypeScript SDK and Claude Code ignore it. Unset the variable instead of "
            "emptying it"
        )
        yield RULE.finding(file, assignment.statement_span, message, fix=_fix(file, assignment))


RULE = Rule(
    code="AL403",
    name="empty-base-url",
    summary="ANTHROPIC_BASE_URL is set to the empty string",
    severity=Severity.WARNING,
    kinds=ENV_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Unset ANTHROPIC_BASE_URL instead of emptying it",
)
