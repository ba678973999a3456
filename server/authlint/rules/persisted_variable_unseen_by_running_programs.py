"""persisted-variable-unseen-by-running-programs.

## What it does
Checks PowerShell scripts and profiles for an authentication variable
(``ANTHROPIC_API_KEY``, ``ANTHROPIC_BASE_URL``, ``CLAUDE_CODE_*``…) written to
the Windows User or Machine environment: ``[Environment]::SetEnvironmentVariable(
"NAME", "value", "User")`` (or ``"Machine"``, or
``[EnvironmentVariableTarget]::User``) and ``setx NAME value``.

## Why is this bad?
These write the registry, not the environment of programs that are already
running. VS Code, JetBrains IDEs, Windows Terminal and every terminal they
opened keep the environment they started with, so a ``claude`` started from
them does not see the new value until the application is restarted (not only
the terminal tab): Claude Code asks to log in, or keeps using the old key,
although a new PowerShell window prints the variable. This is information:
the line is right, the restart is what is missing.

## Example
```powershell
[Environment]::SetEnvironmentVariable("ANTHROPIC_API_KEY", $key, "User")
```
Then quit and restart VS Code (or the IDE) before running ``claude`` from its
terminal; in the current session also set ``$env:ANTHROPIC_API_KEY = $key``.

## Fix safety
No fix: the line is correct.

## Source
- https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/setx
  variables set with setx are available in future command windows only.
- https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_environment_variables
  ``SetEnvironmentVariable`` with the User or Machine target persists the variable.
- https://github.com/anthropics/claude-code/issues/68363
  login prompt while a new shell prints ``$env:ANTHROPIC_API_KEY``.
- https://github.com/anthropics/claude-code/issues/3596
  an IDE plugin does not see a User-scope key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish

_PERSISTED = re.compile(
    r"(?i)SetEnvironmentVariable\s*\(.*(?:['\"](?P<quoted>User|Machine)['\"]"
    r"|EnvironmentVariableTarget\]::(?P<member>User|Machine))"
)
_SETX = re.compile(
    r"(?im)^[ \t]*(?:&[ \t]*)?setx(?:\.exe)?[ \t]+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\b"
)


def _message(name: str, scope: str) -> str:
    return (
        f"{name} is written to the Windows {scope} environment: programs already running "
        "(VS Code, an IDE, Windows Terminal and the terminals they opened) keep their old "
        "environment, so a claude started from them does not see it until the application "
        "is restarted"
    )


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield an information finding per auth variable persisted to the User/Machine scope."""
    index = file.source.index
    for assignment in file.assignments:
        if not is_auth_ish(assignment.name):
            continue
        span = assignment.statement_span
        statement = index.text[index.offset(span.start) : index.line_end(span.end.line)]
        match = _PERSISTED.search(statement)
        if match is None:
            continue
        scope = (match.group("quoted") or match.group("member") or "User").capitalize()
        yield RULE.finding(file, assignment.name_span, _message(assignment.name, scope))
    if not file.first_view:
        return
    for match in _SETX.finditer(file.source.text):
        name = match.group("name")
        if not is_auth_ish(name):
            continue
        tail = index.text[match.end() : index.line_end(index.position(match.start()).line)]
        scope = "Machine" if re.search(r"(?i)(?:^|\s)/m\b", tail) else "User"
        where = index.span(match.start("name"), match.end("name"))
        yield RULE.finding(file, where, _message(name, scope))


RULE = Rule(
    code="AL912",
    name="persisted-variable-unseen-by-running-programs",
    summary="Variable persisted with setx/SetEnvironmentVariable: running IDEs need a restart",
    severity=Severity.INFO,
    kinds=frozenset({FileKind.POWERSHELL}),
    check=check,
    doc=__doc__ or "",
)
