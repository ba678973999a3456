"""variable-not-exported.

## What it does
Checks shell and fish profiles for authentication variables that are set but
not exported: ``ANTHROPIC_API_KEY=…`` without ``export`` (and no ``set -a``)
in ``~/.bashrc`` / ``~/.zshrc``, or fish ``set -g ANTHROPIC_API_KEY …``
without ``-x``. It covers ``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN``, ``ANTHROPIC_BASE_URL``,
``ANTHROPIC_CUSTOM_HEADERS``, the ``CLAUDE_CODE_USE_*`` switches and any
other ``ANTHROPIC_*`` / ``CLAUDE_CODE_*`` name that is not used as a helper
variable inside the same file (a warning for those: they tune a client but do
not decide authentication). A definition that a later top-level line exports
(``set -g`` then ``set -gx``, ``NAME=…`` then ``export NAME``) is fine.

## Why is this bad?
A shell variable stays in the shell. ``echo $ANTHROPIC_API_KEY`` prints the
key, which makes the profile look right, but child processes (``claude``,
``python``, ``node``) never see it: Claude Code says
``Not logged in · Please run /login`` and the SDKs raise
``Could not resolve authentication method``. In fish, "exported" is a
separate bit of state: ``set -g`` and ``set -U`` without ``-x`` are not
exported either.

## Example
```
ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```
Use instead:
```
export ANTHROPIC_API_KEY="sk-ant-api03-…AA"
```

## Fix safety
Safe: the fix adds ``export`` (or fish's ``-x``), which only makes the value
visible to child processes, the way Claude Code's documentation asks for.

## Source
- https://fishshell.com/docs/current/faq.html
  ``set`` without ``-x`` does not export.
- https://code.claude.com/docs/en/errors
  the variable must be set and exported in the shell that starts ``claude``.
- https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  shell variables reach child processes only when exported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import SHELL_KINDS, FileKind, ScannedFile, SlipKind
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.core.variables import AUTH_VARIABLES, CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._helpers import is_script

_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_")
_HOW_TO_EXPORT = {
    FileKind.SHELL: "add `export`",
    FileKind.FISH: "use `set -gx`",
    FileKind.POWERSHELL: "use `$Env:`",
}


def _is_referenced_elsewhere(file: ScannedFile, name: str, line: int) -> bool:
    """Whether ``$name`` / ``${name}`` appears on a line other than ``line``.

    An unexported ``ANTHROPIC_KEY_FILE=…`` that a later line expands is a helper
    variable of the profile itself, not one a client is meant to read.
    """
    reference = re.compile(r"\$\{?" + re.escape(name) + r"(?![A-Za-z0-9_])")
    index = file.source.index
    return any(reference.search(index.line_text(n)) for n in range(index.line_count) if n != line)


def _exported_later(file: ScannedFile, name: str, line: int) -> bool:
    """Whether a later top-level definition of ``name`` exports it (``set -g``, then ``-gx``)."""
    return any(
        a.exported and a.top_level and a.name_span.start.line > line for a in file.definitions(name)
    )


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per unexported authentication variable the scanner reported.

    Names in ``AUTH_VARIABLES`` always count and are errors; other
    ``ANTHROPIC_*`` / ``CLAUDE_CODE_*`` names are warnings, skipped when the
    file expands them itself. Skipped when a later top-level line exports it.
    """
    script = is_script(file)
    for slip in file.slips:
        if slip.kind is not SlipKind.NOT_EXPORTED:
            continue
        name = slip.name
        if _exported_later(file, name, slip.span.start.line):
            continue
        if name not in AUTH_VARIABLES or script:
            if not name.startswith(_PREFIXES):
                continue
            # A script (or a profile, for a helper variable) that expands it uses it itself.
            if _is_referenced_elsewhere(file, name, slip.span.start.line):
                continue
        consequence = (
            "`Not logged in · Please run /login`"
            if name in CREDENTIAL_VARIABLES
            else "they fall back to their defaults"
        )
        message = (
            f"{name} is set but not exported: `claude` and the SDKs run as child processes "
            f"and never see it ({consequence}); {_HOW_TO_EXPORT.get(file.kind, 'export it')}"
        )
        fix = Fix(RULE.fix_title or "", slip.repair, Applicability.SAFE) if slip.repair else None
        severity = Severity.ERROR if name in AUTH_VARIABLES else Severity.WARNING
        yield RULE.finding(file, slip.span, message, fix=fix, severity=severity)


RULE = Rule(
    code="AL303",
    name="variable-not-exported",
    summary="Authentication variable is set in a profile but not exported to child processes",
    severity=Severity.ERROR,
    kinds=SHELL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Export the variable",
)
