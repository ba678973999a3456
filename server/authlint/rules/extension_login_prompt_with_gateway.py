"""extension-login-prompt-with-gateway.

## What it does
Checks, where the Claude Code VS Code extension reads it, for a gateway
``ANTHROPIC_BASE_URL`` (any host but ``api.anthropic.com``) or a cloud
provider switch (``CLAUDE_CODE_USE_BEDROCK``, ``_VERTEX``, ``_FOUNDRY``)
while no VS Code settings file sets ``"claudeCode.disableLoginPrompt": true``.
It reports the definition in ``claudeCode.environmentVariables``, or, when
VS Code is in use here, one in a shell profile or Claude Code settings that
the extension's own login check does not see.

## Why is this bad?
Before it starts Claude Code, the extension checks for a login itself. It
knows nothing about gateways or cloud providers unless told: it shows the
login screen ("Select login method") or stays on "thinking", although the
same setup works in a terminal. Values in ``~/.claude/settings.json`` or a
profile reach the Claude Code process, but not that check.

## Example
```json
{
  "claudeCode.environmentVariables": [
    { "name": "ANTHROPIC_BASE_URL", "value": "https://llm-gateway.example.com" },
    { "name": "ANTHROPIC_AUTH_TOKEN", "value": "${env:LLM_GATEWAY_TOKEN}" }
  ]
}
```
Use instead: add ``"claudeCode.disableLoginPrompt": true`` to the same
settings, and keep the gateway or provider variables in
``claudeCode.environmentVariables``.

## Fix safety
Safe, in VS Code settings: the fix adds ``"claudeCode.disableLoginPrompt":
true``, which only skips the extension's login screen. No fix for a profile
or Claude Code settings: the change belongs in VS Code's settings.

## Source
- https://code.claude.com/docs/en/vs-code
  ``claudeCode.disableLoginPrompt`` and ``claudeCode.environmentVariables`` for
  third-party providers.
- https://github.com/anthropics/claude-code/issues/20271
  the working combination for a gateway.
- https://github.com/anthropics/claude-code/issues/8522
- https://github.com/anthropics/claude-code/issues/10616
- https://github.com/anthropics/claude-code/issues/38430
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.endpoints import is_anthropic_host, parse_base_url
from authlint.core.environment import Definition, Origin
from authlint.core.facts import ASSIGNMENT_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Fix, Severity
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._claude import is_truthy
from authlint.rules._reads import PROVIDER_SWITCHES, claude_reads, with_contexts
from authlint.rules._settings import (
    insert_member_edits,
    member_named,
    scan_other,
    settings_object,
    user_setting_is_true,
)

KEY = "claudeCode.disableLoginPrompt"
EXTENSION = "claude-code-vscode"


def _is_true(file: ScannedFile | None) -> bool:
    member = member_named(settings_object(file), KEY) if file is not None else None
    return member is not None and member.value.type == "true"


def _disabled(file: ScannedFile, context: CheckContext) -> bool:
    """Whether a VS Code settings file here, in the workspace or the user's, disables the prompt."""
    if file.kind is FileKind.VSCODE_SETTINGS and _is_true(file.whole):
        return True
    if user_setting_is_true(context, KEY):
        return True
    model = context.environment
    root = model.workspace.root if model is not None else None
    if root is None:
        return False
    workspace = Path(root) / ".vscode" / "settings.json"
    return workspace.is_file() and _is_true(scan_other(workspace, FileKind.VSCODE_SETTINGS))


def _what(definition: Definition) -> str | None:
    """What the definition configures: a gateway or a provider; ``None`` when neither."""
    value = (definition.value or "").strip()
    if definition.variable == BASE_URL:
        url = parse_base_url(value)
        if url is None or is_anthropic_host(url.host):
            return None
        return f"a gateway ({url.host})"
    return f"{definition.variable}" if is_truthy(value) else None


def _extension_in_use(context: CheckContext) -> bool:
    return any(o.in_use for o in context.outcomes if o.context.kind == EXTENSION)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per gateway or provider setting the extension's login check misses."""
    variables = frozenset({BASE_URL, *PROVIDER_SWITCHES})
    found = [
        (d, [c for c in contexts if c.kind == EXTENSION])
        for d, contexts, _ in claude_reads(file, context, variables)
    ]
    found = [(d, hit) for d, hit in found if hit and _what(d)]
    if not found or _disabled(file, context):
        return
    for definition, hit in found:
        what = _what(definition)
        in_settings = definition.origin is Origin.CLAUDE_CODE_EXTENSION
        if in_settings:
            message = (
                f"claudeCode.environmentVariables configures {what}, but {KEY} is not true: the "
                "extension's own login check shows the login screen instead of starting Claude "
                f'Code; add "{KEY}": true'
            )
            fix = _fix(file)
        else:
            if not _extension_in_use(context):
                continue
            message = (
                f"{definition.variable} configures {what} here, where the VS Code extension's "
                "login check does not look: it shows the login screen although Claude Code in a "
                f'terminal works; add "{KEY}": true to VS Code settings (and the variables to '
                "claudeCode.environmentVariables)"
            )
            fix = None
        yield with_contexts(RULE.finding(file, definition.span, message, fix=fix), hit)


def _fix(file: ScannedFile) -> Fix | None:
    whole = file.whole
    settings = settings_object(whole)
    if settings is None:
        return None
    edits = insert_member_edits(whole, settings, f'"{KEY}": true')
    return Fix(RULE.fix_title or "", edits)


RULE = Rule(
    code="AL712",
    name="extension-login-prompt-with-gateway",
    summary="Gateway or cloud provider for the VS Code extension without disableLoginPrompt",
    severity=Severity.WARNING,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title=f'Add "{KEY}": true',
)
