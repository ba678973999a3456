"""credential-in-systemd-environment.

## What it does
Checks the ``Environment=`` lines of a systemd service unit (``*.service``)
for a credential written out: ``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like a key, set to a literal
that is not a placeholder and at least eight characters long. Values built
from specifiers (``%h``…) and keys read from an ``EnvironmentFile=`` are not
reported.

## Why is this bad?
systemd publishes a unit's ``Environment=`` settings to every local user:
``systemctl show <unit>`` and the D-Bus API print them without any
privilege, and unit files are world-readable. A key there is shared with
everyone on the machine (and, for a unit kept in a repository, with
everyone who can read it).

## Example
```ini
[Service]
Environment=ANTHROPIC_API_KEY=sk-ant-api03-…AA
ExecStart=/usr/local/bin/agent
```
Use instead (the file readable by the service's user only, mode 0600):
```ini
[Service]
EnvironmentFile=/etc/agent/anthropic.env
ExecStart=/usr/local/bin/agent
```
or ``LoadCredential=`` and read the key from ``$CREDENTIALS_DIRECTORY``.

## Fix safety
No fix: the key must move to a file with restricted permissions, and a key
that was exposed should be rotated.

## Source
- https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html
  ``Environment=``: environment variables are not suitable for secrets, they are
  exposed to unprivileged clients via D-Bus IPC; ``EnvironmentFile=``,
  ``LoadCredential=``.
- https://platform.claude.com/docs/en/manage-claude/authentication
  keep keys out of files others can read; revoke a leaked key.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.rules._settings import is_credential_literal


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal in a unit's ``Environment=`` lines."""
    for assignment in file.assignments:
        if not is_credential_literal(assignment):
            continue
        shown = mask((assignment.value or "").strip())
        message = (
            f"{assignment.name} (`{shown}`) is written in `Environment=`, which systemd shows to "
            "every local user (`systemctl show`, D-Bus). Move it to an `EnvironmentFile=` only "
            "the service's user can read, or use `LoadCredential=`"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL723",
    name="credential-in-systemd-environment",
    summary="Credential in a systemd unit's Environment= (readable by every local user)",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.SYSTEMD_UNIT}),
    check=check,
    doc=__doc__ or "",
)
