"""force-login-with-api-key.

## What it does
Checks for a Claude Code settings file that sets ``forceLoginMethod`` or
``forceLoginOrgUUID`` and, in the same file, an ``ANTHROPIC_API_KEY`` or
``ANTHROPIC_AUTH_TOKEN`` in ``env`` or an ``apiKeyHelper``.

## Why is this bad?
``forceLoginMethod`` / ``forceLoginOrgUUID`` require a first-party login
(claude.ai or Console through ``/login``), and they cannot coexist with an
API key, a bearer token or a key helper: Claude Code refuses to start with
``This machine's managed settings require a first-party login``. Both halves
in one file means the file contradicts itself.

## Example
```json
{ "forceLoginMethod": "claudeai", "env": { "ANTHROPIC_API_KEY": "sk-ant-api03-…" } }
```
Use instead: keep the forced login and drop the key (users sign in with
``/login``), or drop ``forceLoginMethod`` to allow API keys.

## Fix safety
No fix: which half is the policy is an administrator's decision.

## Source
- https://code.claude.com/docs/en/llm-gateway-connect
  troubleshooting: ``This machine's managed settings require a first-party login``;
  ``forceLoginMethod`` and ``forceLoginOrgUUID`` do not go with ``ANTHROPIC_API_KEY``,
  ``ANTHROPIC_AUTH_TOKEN`` or ``apiKeyHelper``.
- https://code.claude.com/docs/en/managed-settings
  managed settings.
- https://code.claude.com/docs/en/settings-reference
  ``forceLoginMethod`` and ``forceLoginOrgUUID``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import (
    API_KEY,
    API_KEY_HELPER,
    AUTH_TOKEN,
    env_members,
    is_set,
    join_names,
    member_text,
    root_object,
    string_member,
)

FORCE_SETTINGS = ("forceLoginMethod", "forceLoginOrgUUID")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when a forced first-party login meets a key, token or helper."""
    root = root_object(file)
    if root is None:
        return
    forced = [
        member
        for key in FORCE_SETTINGS
        if (member := string_member(root, key)) is not None and is_set(member_text(member))
    ]
    if not forced:
        return
    members = env_members(file)
    conflicts: list[tuple[str, JsonMember]] = [
        (name, members[name])
        for name in (API_KEY, AUTH_TOKEN)
        if name in members and is_set(member_text(members[name]))
    ]
    helper = string_member(root, API_KEY_HELPER)
    if helper is not None and is_set(member_text(helper)):
        conflicts.append((API_KEY_HELPER, helper))
    if not conflicts:
        return
    first = min(forced, key=lambda m: m.span.start)
    names = join_names([name for name, _ in conflicts])
    message = (
        f"`{first.key}` requires a first-party login (`/login`), which cannot coexist with "
        f"the {names} in this file: Claude Code reports `This machine's managed settings "
        "require a first-party login`; keep one of the two"
    )
    path = file.source.path
    related = [Related(path, m.key_span, f"{name} is set here") for name, m in conflicts]
    yield RULE.finding(file, first.key_span, message, related=related)


RULE = Rule(
    code="AL808",
    name="force-login-with-api-key",
    summary="forceLoginMethod next to an API key, auth token or apiKeyHelper",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
