"""lowercase-variable-name.

## What it does
Checks for authentication variables written in lower or mixed case
(``anthropic_api_key=…``, ``$env:Anthropic_Api_Key = …``) whose upper-case
form is a name the SDKs or Claude Code read (``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``,
``ANTHROPIC_BASE_URL``, …). Silent when the platform is Windows.

## Why is this bad?
Environment variable names are case-sensitive on Linux and macOS (in
PowerShell too). The Python and TypeScript SDKs and Claude Code look up the
upper-case name only, so ``anthropic_api_key`` is set but never used:
``Could not resolve authentication method`` / ``Not logged in · Please run
/login``. On Windows, names are case-insensitive and the same file works,
which is why it can break only on a colleague's Mac or in CI.

## Example
```
anthropic_api_key=sk-ant-api03-…AA
```
Use instead:
```
ANTHROPIC_API_KEY=sk-ant-api03-…AA
```

## Fix safety
Unsafe: the fix upper-cases the name, but code that reads the lower-case
name (for example a settings class with case-sensitive lookup) is not
changed.

## Source
- https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables
  environment variable names are case-sensitive on macOS and Linux.
- https://github.com/dotenv-linter/dotenv-linter
  ``LowercaseKey``.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the SDK reads upper-case ``ANTHROPIC_*`` names.
- https://code.claude.com/docs/en/env-vars
  the names Claude Code reads.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import ALL_KINDS, FOREIGN_NAME_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.variables import AUTH_VARIABLES
from authlint.rules._base import Rule


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per definition whose upper-cased name is a real variable.

    Yields nothing when ``context.platform`` is Windows.
    """
    if context.platform is Platform.WINDOWS:
        return
    for assignment in file.assignments:
        name = assignment.name
        upper = name.upper()
        if name == upper or upper not in AUTH_VARIABLES:
            continue
        message = (
            f"{name} is not {upper}: names are case-sensitive on Linux and macOS, and the "
            f"SDKs and Claude Code read only {upper}, so this value is never used by them"
        )
        fix = Fix(RULE.fix_title or "", (Edit(assignment.name_span, upper),), Applicability.UNSAFE)
        yield RULE.finding(file, assignment.name_span, message, fix=fix)


RULE = Rule(
    code="AL308",
    name="lowercase-variable-name",
    summary="Authentication variable name is not upper-case, so clients do not read it",
    severity=Severity.WARNING,
    kinds=ALL_KINDS - FOREIGN_NAME_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Upper-case the variable name",
)
