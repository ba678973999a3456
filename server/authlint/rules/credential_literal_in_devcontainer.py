"""credential-literal-in-devcontainer.

## What it does
Checks ``containerEnv`` and ``remoteEnv`` in a ``devcontainer.json`` that git
would commit for a credential written out: ``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like
a key, set to a literal that is not empty, not a placeholder and at least
eight characters long. ``${localEnv:ANTHROPIC_API_KEY}`` (the host's value,
the documented way), ``${localEnv:VAR:}`` and other substitutions, literal
settings such as ``CLAUDE_CONFIG_DIR: "/home/node/.claude"``, and tokens for a
router on ``localhost`` are not reported.

## Why is this bad?
A dev container definition is part of the repository: everyone who clones
it, and every Codespace built from it, gets the key, and so do secret
scanners once it is pushed.

## Example
```jsonc
"containerEnv": {
    "ANTHROPIC_API_KEY": "sk-ant-api03-…AA",
},
```
Use instead:
```jsonc
"containerEnv": {
    "ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}",
},
```

## Fix safety
Safe: replaces the value with ``${localEnv:NAME}``, so the container takes
the variable from the host's environment (export it there, or use a
Codespaces secret). The edit removes the key from the file; it does not
un-leak a key that was already committed, so rotate it as well.

## Source
- https://code.visualstudio.com/remote/advancedcontainers/environment-variables
  ``containerEnv`` and ``remoteEnv``; ``${localEnv:VAR}`` takes a value from the host.
- https://code.claude.com/docs/en/devcontainer
  pass ``ANTHROPIC_API_KEY`` or ``CLAUDE_CODE_OAUTH_TOKEN`` as a Codespaces secret;
  ``CLAUDE_CONFIG_DIR`` in ``containerEnv``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.rules._settings import assignments_within, is_credential_literal, routes_to_local_host

_BLOCKS = ("containerEnv", "remoteEnv")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal in a committable devcontainer's env blocks."""
    root = file.json.root if file.json is not None else None
    if root is None or root.type != "object":
        return
    found: list[tuple[str, Assignment]] = []
    for member in root.members:
        if member.key not in _BLOCKS:
            continue
        block = assignments_within(file, member.value)
        if routes_to_local_host(block):
            continue
        found.extend((member.key, a) for a in block if is_credential_literal(a))
    if not found or not context.is_committable(file.source.path):
        return
    for setting, assignment in found:
        shown = mask((assignment.value or "").strip())
        message = (
            f"{assignment.name} in `{setting}` holds a credential (`{shown}`) that is committed "
            f"with the dev container: use `${{localEnv:{assignment.name}}}` so it comes from the "
            "host, and rotate the key"
        )
        fix = None
        if assignment.quote == '"':
            edit = Edit(assignment.content_span, f"${{localEnv:{assignment.name}}}")
            fix = Fix(RULE.fix_title or "", (edit,), Applicability.SAFE)
        yield RULE.finding(file, value_span(assignment), message, fix=fix)


RULE = Rule(
    code="AL708",
    name="credential-literal-in-devcontainer",
    summary="Credential written in a committed devcontainer.json",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.DEVCONTAINER}),
    check=check,
    doc=__doc__ or "",
    fix_title="Take the value from the host with ${localEnv:…}",
)
