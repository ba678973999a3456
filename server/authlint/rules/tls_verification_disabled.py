"""tls-verification-disabled.

## What it does
Checks for ``NODE_TLS_REJECT_UNAUTHORIZED=0`` in any file authlint reads: a
shell profile, a ``.env`` file, Claude Code settings ``env``, VS Code
settings, a devcontainer or Compose file.

## Why is this bad?
The value ``0`` turns off certificate checking for every TLS connection the
process (and each child it starts) makes. It is the usual "fix" for
``Self-signed certificate detected`` behind a corporate proxy, and it works by
accepting any certificate: anyone on the network path can then read the
requests, including the API key or login token in their headers.

## Example
```sh
export NODE_TLS_REJECT_UNAUTHORIZED=0
```
Use instead: trust the proxy's CA,
``export NODE_EXTRA_CA_CERTS="$HOME/certs/corp-root.pem"`` (PEM), in the
profile of the shell that starts the program.

## Fix safety
No fix: removing the line breaks connections until the CA is trusted.

## Source
- https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue
  "If value equals '0', certificate validation is disabled for TLS connections".
- https://github.com/anthropics/claude-code/issues/24916
  ``NODE_TLS_REJECT_UNAUTHORIZED=0`` used as the workaround.
- https://github.com/anthropics/claude-code/issues/2855
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span

VARIABLE = "NODE_TLS_REJECT_UNAUTHORIZED"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a warning per ``NODE_TLS_REJECT_UNAUTHORIZED=0``."""
    for assignment in file.assignments:
        if assignment.name != VARIABLE or (assignment.value or "").strip() != "0":
            continue
        message = (
            f"{VARIABLE}=0 turns off certificate checks for every TLS connection: API keys and "
            "login tokens can be read by anyone on the network path; trust the proxy's CA with "
            "NODE_EXTRA_CA_CERTS (PEM) instead"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL312",
    name="tls-verification-disabled",
    summary="NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks",
    severity=Severity.WARNING,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
)
