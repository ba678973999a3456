"""stale-login-key-with-gateway.

## What it does
Checks the ``~/.claude.json`` Claude Code reads on this machine for a
``primaryApiKey`` (the key a Console ``/login`` stores) while
``ANTHROPIC_AUTH_TOKEN`` is set for a gateway: in the environment authlint
runs in, or in the ``env`` of the user's ``~/.claude/settings.json``. Not
reported when ``ANTHROPIC_API_KEY`` is set too (it replaces the stored key)
or a cloud provider switch is on. The stored key is never shown.

## Why is this bad?
Claude Code sends the stored key as ``x-api-key`` next to the gateway token
in ``Authorization: Bearer``, warns ``Auth conflict: Both a token
(ANTHROPIC_AUTH_TOKEN) and an API key (/login managed key) are set``, and a
gateway that reads ``x-api-key`` first rejects the stale key:
``Please run /login · API Error: 401``. ``/logout`` removes the stored key.

## Example
``~/.claude.json`` after an old Console login:
```json
{ "primaryApiKey": "sk-ant-api03-…" }
```
with ``export ANTHROPIC_AUTH_TOKEN=…`` for a local proxy. Use instead: run
``/logout`` in Claude Code (or ``claude auth logout``) once.

## Fix safety
No fix: ``~/.claude.json`` belongs to Claude Code; ``/logout`` is the way to
change it.

## Source
- https://github.com/Alishahryar1/free-claude-code/issues/350
  ``Auth conflict … (/login managed key)`` with a local proxy, then 401; ``/logout`` fixes
  it.
- https://github.com/farion1231/cc-switch/issues/1049
  ``primaryApiKey`` in ``~/.claude.json``.
- https://code.claude.com/docs/en/llm-gateway-connect
  troubleshooting: a token and a key both set.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197: a stale ``primaryApiKey`` and
  ``ANTHROPIC_AUTH_TOKEN`` send both headers.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import (
    API_KEY,
    AUTH_TOKEN,
    PROVIDERS,
    claude_code_environment,
    is_live_state_file,
    is_set,
    is_truthy,
    member_text,
    root_object,
    string_member,
)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when a stored ``/login`` key meets a gateway token in the environment."""
    if not is_live_state_file(file.source.path, context):
        return
    stored = string_member(root_object(file), "primaryApiKey")
    if stored is None or not is_set(member_text(stored)):
        return
    env, places = claude_code_environment(context)
    if not is_set(env.get(AUTH_TOKEN)) or is_set(env.get(API_KEY)):
        return
    if any(is_truthy(env.get(switch)) for switch in PROVIDERS):
        return
    where = places.get(AUTH_TOKEN, "your environment")
    message = (
        f"~/.claude.json still holds the API key of an earlier Console `/login` while "
        f"{where} sets {AUTH_TOKEN}: Claude Code sends the stored key as x-api-key next to "
        "the token (`Auth conflict … /login managed key`), and a gateway that reads x-api-key "
        "rejects it with 401; run `/logout` (or `claude auth logout`) once"
    )
    yield RULE.finding(file, stored.key_span, message)


RULE = Rule(
    code="AL809",
    name="stale-login-key-with-gateway",
    summary="Stored /login API key in ~/.claude.json next to a gateway ANTHROPIC_AUTH_TOKEN",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_STATE}),
    check=check,
    doc=__doc__ or "",
)
