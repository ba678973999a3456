"""credential-below-interactive-guard.

## What it does
Checks shell profiles for a credential or base URL exported below an
interactive guard — ``[ -z "$PS1" ] && return``, ``[[ $- != *i* ]] && return``,
``case $- in *i*) ;; *) return;; esac`` (the first lines of Debian's and
Ubuntu's ``~/.bashrc``) — in a file that a login shell reads too (``~/.bashrc``
sourced from ``~/.bash_profile`` or ``~/.profile``).

## Why is this bad?
A non-interactive shell returns at the guard. ``bash -lc 'claude -p …'`` in a
cron job, a hook or a CI step reads ``~/.profile``, which sources
``~/.bashrc``, which returns before the export: the job runs without the key
(``Not logged in · Please run /login``) although every terminal has it.

## Example
```sh
# ~/.bashrc
case $- in
    *i*) ;;
      *) return;;
esac
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
Use instead: move the export above the guard (or into ``~/.profile``).

## Fix safety
No fix: moving lines in a profile changes what interactive shells run.

## Source
- GNU bash manual, "Is this Shell Interactive?":
  https://www.gnu.org/software/bash/manual/html_node/Is-this-Shell-Interactive_003f.html
- GNU bash manual, "Bash Startup Files":
  https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
- Debian's skeleton ``.bashrc`` (``/etc/skel/.bashrc``):
  https://salsa.debian.org/debian/bash/-/blob/master/debian/skel.bashrc
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.environment import Verdict
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import BASE_URL, CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._model import definitions_here, model_of, titles

_WATCHED = frozenset({*CREDENTIAL_VARIABLES, BASE_URL})
_AT = re.compile(r"guard at (\S+:\d+)")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at each credential a login non-interactive shell never reaches."""
    model = model_of(context)
    if model is None:
        return
    for definition in definitions_here(file, model, variables=_WATCHED):
        hidden = [
            ctx
            for ctx, step in model.fates(definition, platform_only=False)
            if step.verdict is Verdict.NOT_READ and "interactive guard" in step.reason
        ]
        if not hidden:
            continue
        reason = next(
            s.reason for c, s in model.fates(definition, platform_only=False) if c is hidden[0]
        )
        found = _AT.search(reason)
        at = f" at {found.group(1)}" if found else ""
        message = (
            f"{definition.variable} is exported below the interactive guard{at}: a "
            f"{titles(hidden)} (cron jobs, hooks, CI steps) returns there and never sets it; "
            "move the export above the guard"
        )
        yield RULE.finding(file, definition.span, message)


RULE = Rule(
    code="AL910",
    name="credential-below-interactive-guard",
    summary="A credential exported below an interactive guard: non-interactive shells never set it",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.SHELL}),
    check=check,
    doc=__doc__ or "",
)
