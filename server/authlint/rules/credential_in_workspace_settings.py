"""credential-in-workspace-settings.

## What it does
Checks *workspace* settings (``.vscode/settings.json``, ``*.code-workspace``)
that git would commit for a credential written out in
``terminal.integrated.env.osx`` / ``.linux`` / ``.windows`` or in
``claudeCode.environmentVariables``: ``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like
a key, set to a literal that is not empty, not a placeholder (``your-key``,
``sk-ant-...``, ``test``), not a ``${env:…}`` substitution and at least eight
characters long. Tokens in a block whose ``ANTHROPIC_BASE_URL`` is a local
router (``http://127.0.0.1:3456``) are dummies the router accepts and are not
reported. User settings (``…/Code/User/settings.json``) are not committed with
a project and are never reported.

## Why is this bad?
Workspace settings are part of the project: they are committed, pushed and
shared with everyone who clones it, together with the key. Claude Code's
gateway guide shows ``claudeCode.environmentVariables`` in *user* settings,
which stay on your machine. A leaked API key bills your organisation; a
gateway token opens your gateway.

## Example
```jsonc
// .vscode/settings.json
{
    "claudeCode.environmentVariables": [
        { "name": "ANTHROPIC_AUTH_TOKEN", "value": "gw-…7f3a" },
    ],
}
```
Use instead: move the entry to your user settings (or read the token from a
secret store in your shell profile), and rotate the token that was committed.

## Fix safety
No fix: deleting the value does not make the credential safe. Rotate it
first, then move it to user settings or a secret store.

## Source
- https://code.claude.com/docs/en/llm-gateway-connect
  put ``claudeCode.environmentVariables`` in user settings.
- https://code.visualstudio.com/docs/getstarted/settings
  workspace settings live in ``.vscode/settings.json`` inside the project.
- https://github.com/microsoft/vscode/blob/main/src/vs/platform/terminal/common/terminalPlatformConfiguration.ts
  ``terminal.integrated.env.*``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.rules._settings import (
    CLAUDE_CODE_ENV,
    TERMINAL_ENV_KEYS,
    assignments_within,
    is_credential_literal,
    is_workspace_settings,
    routes_to_local_host,
    settings_object,
)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal in committable workspace settings."""
    path = file.source.path
    settings = settings_object(file)
    if settings is None or not is_workspace_settings(path):
        return
    blocks = [m for m in settings.members if m.key in TERMINAL_ENV_KEYS or m.key == CLAUDE_CODE_ENV]
    found: list[tuple[str, Assignment]] = []
    for member in blocks:
        block = assignments_within(file, member.value)
        if routes_to_local_host(block):
            continue
        found.extend((member.key, a) for a in block if is_credential_literal(a))
    if not found or not context.is_committable(path):
        return
    name = path.name if path is not None else "this file"
    for setting, assignment in found:
        message = (
            f"{assignment.name} holds a credential (`{mask((assignment.value or '').strip())}`) "
            f"in `{setting}` of workspace settings ({name}) that git would commit: rotate it, "
            "then keep it in your user settings or a secret store"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL702",
    name="credential-in-workspace-settings",
    summary="Credential written in committable VS Code workspace settings",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
