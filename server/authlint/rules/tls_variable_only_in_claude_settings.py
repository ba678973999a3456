"""tls-variable-only-in-claude-settings.

## What it does
Checks a Claude Code settings file whose ``env`` block sets
``NODE_EXTRA_CA_CERTS``, ``SSL_CERT_FILE`` or a ``NODE_OPTIONS`` with a CA
flag (``--use-system-ca``, ``--use-openssl-ca``) when no shell profile
authlint reads exports the same variable and, when the home folder is
checked, the environment authlint runs in does not have it either.

## Why is this bad?
Node (and Claude Code's runtime) load extra CA certificates once, when the
process starts. Claude Code applies its settings ``env`` after it has started:
the value reaches the commands it runs and ``/status`` shows it, but Claude
Code's own connections do not use it. Behind a TLS-inspecting proxy every
request then fails with ``Unable to connect to API: Self-signed certificate
detected`` or ``SELF_SIGNED_CERT_IN_CHAIN``.

## Example
```json
{ "env": { "NODE_EXTRA_CA_CERTS": "/Users/me/certs/corp-root.pem" } }
```
Use instead, in the profile of the shell that starts ``claude``
(``~/.zshrc``):
```sh
export NODE_EXTRA_CA_CERTS="$HOME/certs/corp-root.pem"
```

## Fix safety
No fix: the profile that launches Claude Code (or the launchd environment of
a desktop app) is the user's to choose.

## Source
- https://github.com/anthropics/claude-code/issues/22512
  ``NODE_EXTRA_CA_CERTS`` / ``SSL_CERT_FILE`` in ``~/.claude/settings.json`` are not
  used although ``/status`` shows them; exported before launch they are.
- https://github.com/anthropics/claude-code/issues/10458
- https://github.com/anthropics/claude-code/issues/26897
- https://github.com/anthropics/claude-code/issues/72066
  ``NODE_OPTIONS=--use-system-ca``.
- https://nodejs.org/api/cli.html#node_extra_ca_certsfile
  "only read when the Node.js process is first launched".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import SHELL_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import env_members, member_text
from authlint.rules._reads import CLAUDE_KINDS, with_contexts

CA_VARIABLES = ("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE")
NODE_OPTIONS = "NODE_OPTIONS"
_CA_FLAG = re.compile(r"--use-(?:system|openssl)-ca\b")


def _exported_elsewhere(name: str, context: CheckContext) -> bool:
    """Whether a shell profile the model read exports ``name``, or authlint's environment has it."""
    if context.home is not None and context.environ.get(name, "").strip():
        return True  # authlint runs in the user's own environment (not with --no-home)
    model = context.environment
    if model is None:
        return False
    for scanned in model.workspace.files.values():
        if scanned.kind not in SHELL_KINDS:
            continue
        if any(a.name == name and a.exported for a in scanned.assignments):
            return True
    return False


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per TLS variable that only the settings ``env`` sets."""
    members = env_members(file)
    readers = (
        [c for c in context.environment.contexts() if c.kind in CLAUDE_KINDS]
        if context.environment is not None
        else []
    )
    for name in (*CA_VARIABLES, NODE_OPTIONS):
        member = members.get(name)
        value = (member_text(member) or "").strip()
        if member is None or not value:
            continue
        if name == NODE_OPTIONS and not _CA_FLAG.search(value):
            continue
        if _exported_elsewhere(name, context):
            continue
        what = "the CA flag in NODE_OPTIONS" if name == NODE_OPTIONS else name
        message = (
            f"{what} is set only in Claude Code's settings `env`, which is applied after Claude "
            "Code has started: the commands it runs get it, but its own connections do not use "
            "it (`Self-signed certificate detected`); export it in the shell profile that "
            "starts claude"
        )
        finding = RULE.finding(file, member.span, message)
        yield with_contexts(finding, readers) if readers else finding


RULE = Rule(
    code="AL815",
    name="tls-variable-only-in-claude-settings",
    summary="NODE_EXTRA_CA_CERTS or SSL_CERT_FILE only in Claude Code settings env",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
