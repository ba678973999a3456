"""export-of-expansion.

## What it does
Checks for ``export $ANTHROPIC_API_KEY`` (or ``export ${ANTHROPIC_API_KEY}``,
``export "$CLAUDE_CODE_OAUTH_TOKEN"``): an ``export`` whose argument is the
*value* of an ``ANTHROPIC_*`` / ``CLAUDE_*`` variable rather than its name.

## Why is this bad?
The shell expands ``$ANTHROPIC_API_KEY`` before ``export`` runs, so it tries
to export a variable named after the key (bash prints
``not a valid identifier``). ``ANTHROPIC_API_KEY`` itself stays unexported,
and ``claude`` and the SDKs never see it
(``Not logged in · Please run /login``).

## Example
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
export $ANTHROPIC_API_KEY
```
Use instead:
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
export ANTHROPIC_API_KEY
```

## Fix safety
Safe: the fix removes the ``$`` (and braces), exporting the variable the line
names. A variable that holds another variable's *name* on purpose
(``CLAUDE_VAR=ANTHROPIC_API_KEY; export $CLAUDE_VAR``) is not reported.

## Source
- https://www.shellcheck.net/wiki/SC2163
  ``export $KEY`` does not export ``KEY``.
- https://code.claude.com/docs/en/errors
  the variable must be set and exported in the shell that starts ``claude``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import SHELL_KINDS, ScannedFile, SlipKind
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.core.variables import AUTH_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _holds_a_name(file: ScannedFile, name: str) -> bool:
    """Whether the file sets ``name`` to another variable's name (indirect export)."""
    return any(
        a.value is not None and _IDENTIFIER.fullmatch(a.value) for a in file.definitions(name)
    )


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``export $ANTHROPIC_…`` / ``export $CLAUDE_…`` slip."""
    for slip in file.slips:
        if slip.kind is not SlipKind.EXPORT_OF_EXPANSION:
            continue
        name = slip.name
        if not is_auth_ish(name):
            continue
        if name not in AUTH_VARIABLES and _holds_a_name(file, name):
            continue
        message = (
            f"`export ${name}` exports a variable named after the value of {name}, "
            f"not {name} itself; {name} stays unexported and `claude` and the SDKs never see it"
        )
        fix = Fix(RULE.fix_title or "", slip.repair, Applicability.SAFE) if slip.repair else None
        yield RULE.finding(file, slip.span, message, fix=fix)


RULE = Rule(
    code="AL304",
    name="export-of-expansion",
    summary="`export $VAR` exports a variable named after the value, not the variable",
    severity=Severity.ERROR,
    kinds=SHELL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Export the variable by name (remove the `$`)",
)
