"""space-around-equals.

## What it does
Checks for assignments written with spaces on both sides of the ``=``
(``export ANTHROPIC_API_KEY = sk-ant-…``, ``ANTHROPIC_API_KEY = "…"``), in
shell profiles and in ``.env`` files. Not reported: a call of a function the
file defines (``_mv =(…) $target``), zsh's ``cmd =(…)`` (process
substitution), and ``=`` inside ``(( … ))`` or ``[[ … ]]``.

## Why is this bad?
In a shell profile the line is not an assignment. bash runs ``export`` with
the arguments ``ANTHROPIC_API_KEY``, ``=`` and the value and prints
``export: '=': not a valid identifier``; zsh prints ``bad assignment``.
The variable is not set, and an earlier value in the environment survives,
so ``claude`` says ``Not logged in · Please run /login`` or sends a stale key.
Without ``export`` the shell runs a command named after the variable.

In a ``.env`` file python-dotenv and Node ``dotenv`` accept ``KEY = value``,
but ``source .env`` / ``set -a; . .env`` fail as above and
``docker run --env-file`` refuses a name with spaces, so the same file works
for one loader and not another (a warning there, for ``ANTHROPIC_*`` /
``CLAUDE_*`` names only: other names are a dotenv linter's business).

## Example
```
export ANTHROPIC_API_KEY = "sk-ant-api03-…AA"
```
Use instead:
```
export ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
Safe: the fix only deletes the spaces around ``=``, which is what every
loader that accepts the line already does.

## Source
- https://www.shellcheck.net/wiki/SC2290
  ``export KEY = value``: remove the spaces (and https://www.shellcheck.net/wiki/SC2283).
- https://github.com/dotenv-linter/dotenv-linter
  ``SpaceCharacter``.
- https://github.com/wemake-services/dotenv-linter
  violation 200 ``SpacedAssignViolation``.

Observed with bash 5.2 and zsh 5.9: ``not a valid identifier`` / ``bad assignment``,
nothing set; dotenv loaders read ``KEY = v`` as ``v``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, FileKind, ScannedFile, SlipKind
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._helpers import is_auth_ish, repair_only_removes_blanks

_SHELL_ERRORS = {
    FileKind.SHELL: (
        " (bash: `not a valid identifier`, zsh: `bad assignment`); any earlier value survives"
    ),
    FileKind.FISH: "; fish does not read it as an assignment and any earlier value survives",
    FileKind.POWERSHELL: "; PowerShell does not read it as an assignment",
}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``KEY = value`` slip the scanner reported.

    Shell kinds: an error for authentication variables (``ANTHROPIC_*``,
    ``CLAUDE_*``), a warning for other names (the line is broken but does not
    decide authentication). ``.env``: a warning for authentication names only
    (dotenv libraries accept it).
    """
    for slip in file.slips:
        if slip.kind is not SlipKind.SPACE_AROUND_EQUALS:
            continue
        name = slip.name or "the variable"
        if file.kind is FileKind.DOTENV:
            if not is_auth_ish(slip.name):
                continue  # dotenv loaders accept it; only `source .env` breaks, off our ground
            severity = Severity.WARNING
            message = (
                f"Spaces around `=` in the assignment of {name}: python-dotenv and Node dotenv "
                "accept them, but `source .env` runs a command instead and "
                "`docker run --env-file` rejects the line, so the variable is not set there"
            )
        else:
            severity = Severity.ERROR if is_auth_ish(slip.name) else Severity.WARNING
            message = f"Spaces around `=`: this line does not set {name}{_SHELL_ERRORS[file.kind]}"
        fix = None
        if slip.repair and repair_only_removes_blanks(file, slip):
            fix = Fix(RULE.fix_title or "", slip.repair, Applicability.SAFE)
        yield RULE.finding(file, slip.span, message, fix=fix, severity=severity)


RULE = Rule(
    code="AL301",
    name="space-around-equals",
    summary="Spaces around `=` make the line a command, not an assignment",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the spaces around `=`",
)
