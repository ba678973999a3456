"""api-key-and-auth-token-in-settings.

## What it does
Checks for a Claude Code settings file whose ``env`` block sets both
``ANTHROPIC_API_KEY`` and ``ANTHROPIC_AUTH_TOKEN`` to non-empty values.
``"ANTHROPIC_API_KEY": ""`` next to a token (the OpenRouter recipe) is fine.

## Why is this bad?
Claude Code then has two competing credentials. It ranks the token first,
warns at startup that ``auth may not work as expected`` (older versions:
``Auth conflict: Both a token … and an API key … are set``), and sends the
key as ``x-api-key`` next to ``Authorization: Bearer`` on the same request.
Which header the server or gateway honours is not defined, so the same file
works against one endpoint and fails with 401 against another.

## Example
```json
{ "env": { "ANTHROPIC_API_KEY": "sk-ant-api03-…", "ANTHROPIC_AUTH_TOKEN": "gw-…" } }
```
Use instead (a gateway that wants a bearer token):
```json
{ "env": { "ANTHROPIC_AUTH_TOKEN": "gw-…" } }
```

## Fix safety
No fix: which of the two credentials is the right one depends on the
endpoint (``x-api-key`` for an Anthropic key, bearer token for most gateways).

## Source
- https://code.claude.com/docs/en/authentication
  precedence: ``ANTHROPIC_AUTH_TOKEN`` before ``ANTHROPIC_API_KEY``.
- https://code.claude.com/docs/en/llm-gateway-connect
  troubleshooting table: a token and a key both set, "auth may not work as expected".
- https://code.claude.com/docs/en/settings-reference
  the ``env`` block of the settings files.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197 against a local server: both headers are sent on one
  request.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import API_KEY, AUTH_TOKEN, env_members, is_set, member_text


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding when ``env`` sets both credentials to non-empty values."""
    if is_template(file.source.path):
        return
    members = env_members(file)
    key, token = members.get(API_KEY), members.get(AUTH_TOKEN)
    if key is None or token is None:
        return
    if not (is_set(member_text(key)) and is_set(member_text(token))):
        return
    message = (
        f"`env` sets both {API_KEY} and {AUTH_TOKEN}: Claude Code warns `auth may not work "
        "as expected` and sends the key as x-api-key next to the token as "
        "`Authorization: Bearer`, and which one the server honours is not defined; keep one "
        f"({AUTH_TOKEN} for a gateway that wants a bearer token, {API_KEY} for an Anthropic "
        'API key, or set the other to "")'
    )
    related = Related(file.source.path, token.key_span, f"{AUTH_TOKEN} is set here")
    yield RULE.finding(file, key.key_span, message, related=(related,))


RULE = Rule(
    code="AL803",
    name="api-key-and-auth-token-in-settings",
    summary="Claude Code settings set both ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
