"""foreign-shell-syntax.

## What it does
Checks for an ``ANTHROPIC_*`` / ``CLAUDE_*`` variable set with another
shell's syntax: PowerShell ``$env:ANTHROPIC_API_KEY = "…"`` in a bash, zsh or
fish profile; fish ``set -x ANTHROPIC_API_KEY …`` in a bash or zsh profile;
POSIX ``export ANTHROPIC_API_KEY=…`` (or a bare ``ANTHROPIC_API_KEY=…``) in a
PowerShell profile; a bare ``ANTHROPIC_API_KEY=…`` or ``set -gx
ANTHROPIC_API_KEY=…`` in fish (fish's own ``export NAME=value`` wrapper works
and is not reported). Setup instructions are often copied from the section
for another shell.

## Why is this bad?
The line does not set the variable in the shell that reads it. In bash and
zsh, fish's ``set -x`` turns on command tracing (every later command is
echoed) and sets nothing; ``$env:ANTHROPIC_API_KEY`` expands ``$env`` and
fails as ``command not found``. PowerShell has no ``export`` command, and
fish 3 rejects ``NAME=value`` on its own ("Unsupported use of '='"). The
variable stays unset: ``Not logged in · Please run /login``.

## Example
In ``~/.bashrc``:
```
set -x ANTHROPIC_API_KEY sk-ant-api03-…AA
```
Use instead:
```
export ANTHROPIC_API_KEY=sk-ant-api03-…AA
```

## Fix safety
Unsafe: the fix rewrites the line in the profile's own syntax, but quoting
and expansion rules differ between shells (``$`` inside double quotes,
backticks, escapes), so review the value after the rewrite.

## Source
- https://fishshell.com/docs/current/faq.html
  fish exports with ``set -gx``.
- https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables
  PowerShell sets ``$Env:NAME = "value"``.
- https://code.claude.com/docs/en/env-vars
  how to set the variables in each shell.

Observed with bash 5.2 and zsh 5.9: fish's ``set -x KEY v`` turns on xtrace and sets
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import SHELL_KINDS, FileKind, ScannedFile, SlipKind
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish

_SHELL_NAMES = {
    FileKind.SHELL: "bash/zsh",
    FileKind.FISH: "fish",
    FileKind.POWERSHELL: "PowerShell",
}
_DIALECTS = {
    "powershell": "PowerShell",
    "fish": "fish",
    "posix": "POSIX shell (bash/zsh)",
    "cmd": "cmd.exe",
}
_CONSEQUENCES = {
    ("fish", FileKind.SHELL): "`set -x` turns on command tracing and sets nothing",
    ("powershell", FileKind.SHELL): "`$env` expands to nothing and the line fails as a command",
    ("posix", FileKind.POWERSHELL): "PowerShell has no `export` or `NAME=value` statement",
    ("posix", FileKind.FISH): (
        "fish does not accept the POSIX `NAME=value` form "
        "(`Unsupported use of '='` / `invalid variable name`)"
    ),
    ("powershell", FileKind.FISH): "fish does not read `$env:NAME = value` as an assignment",
    ("cmd", FileKind.POWERSHELL): (
        "in PowerShell `set` is Set-Variable: it creates a variable literally named `NAME=value`"
    ),
}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per authentication variable set in another shell's syntax."""
    for slip in file.slips:
        if slip.kind is not SlipKind.FOREIGN_SYNTAX:
            continue
        name = slip.name
        if not is_auth_ish(name):
            continue
        dialect = slip.detail.lower()
        shell = _SHELL_NAMES.get(file.kind, "this shell")
        written_in = _DIALECTS.get(dialect, "another shell's")
        consequence = _CONSEQUENCES.get(
            (dialect, file.kind), f"{shell} does not read it as an assignment"
        )
        message = (
            f"{name} is set with {written_in} syntax in a {shell} file: {consequence}, "
            f"so {name} is never set"
        )
        fix = Fix(RULE.fix_title or "", slip.repair, Applicability.UNSAFE) if slip.repair else None
        yield RULE.finding(file, slip.span, message, fix=fix)


RULE = Rule(
    code="AL305",
    name="foreign-shell-syntax",
    summary="Variable set with another shell's syntax, so the profile never sets it",
    severity=Severity.ERROR,
    kinds=SHELL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Rewrite the assignment in this shell's syntax",
)
