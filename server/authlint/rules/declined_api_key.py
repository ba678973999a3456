"""declined-api-key.

## What it does
Checks the ``~/.claude.json`` Claude Code reads on this machine for the
current ``ANTHROPIC_API_KEY`` among the keys the user declined: Claude Code
remembers the last 20 characters of each environment key in
``customApiKeyResponses.rejected``. The key is the one the environment model
resolves for the Claude Code CLI from the user's profiles and settings (or,
with no model, the environment authlint runs in under the user's
``~/.claude/settings.json`` ``env``). Not reported when the same key was also approved, or
when ``ANTHROPIC_AUTH_TOKEN`` or a cloud provider switch decides instead.
No part of the key is shown.

## Why is this bad?
The first-run dialog defaults to "No (recommended)": pressing Enter records
the key as declined, and later launches never ask again. Interactive
``claude`` then ignores the key without a word and shows the login screen,
while ``claude -p`` and ``claude auth status`` use it, which makes it look
like the key works.

## Example
``ANTHROPIC_API_KEY`` is exported, and ``~/.claude.json`` has
```json
{ "customApiKeyResponses": { "approved": [], "rejected": ["<last 20 characters>"] } }
```
Use instead: in Claude Code, open ``/config`` and turn on *Use custom API
key* (the toggle is there while ``ANTHROPIC_API_KEY`` is set).

## Fix safety
No fix: the answer is Claude Code's to record, through ``/config``.

## Source
- https://code.claude.com/docs/en/authentication
  in interactive mode you approve or decline ``ANTHROPIC_API_KEY`` once and the choice is
  remembered; the ``Use custom API key`` toggle in ``/config``.
- https://github.com/anthropics/claude-code/issues/74858
  maintainer: the first-run dialog defaults to No, Enter records the key as declined, and
  later launches do not ask again.
- https://code.claude.com/docs/en/llm-gateway-connect
  troubleshooting: a set but ignored ``ANTHROPIC_API_KEY``.
- https://github.com/LLM-Red-Team/kimi-cc/issues/44
  the approval dialog shows the key's last 20 characters.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonValue, ScannedFile
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
    root_object,
)

SUFFIX_LENGTH = 20


def _entries(responses: JsonValue | None, key: str) -> list[JsonValue]:
    listed = responses.get(key) if responses is not None and responses.type == "object" else None
    if listed is None or listed.type != "array":
        return []
    return [item for item in listed.items if item.type == "string" and isinstance(item.value, str)]


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when the current environment key is in ``customApiKeyResponses.rejected``."""
    if not is_live_state_file(file.source.path, context):
        return
    root = root_object(file)
    responses = root.get("customApiKeyResponses") if root is not None else None
    rejected = _entries(responses, "rejected")
    if not rejected:
        return
    env, places = claude_code_environment(context)
    key = (env.get(API_KEY) or "").strip()
    if len(key) < SUFFIX_LENGTH or is_set(env.get(AUTH_TOKEN)):
        return
    if any(is_truthy(env.get(switch)) for switch in PROVIDERS):
        return
    suffix = key[-SUFFIX_LENGTH:]
    if any(item.value == suffix for item in _entries(responses, "approved")):
        return
    match = next((item for item in rejected if item.value == suffix), None)
    if match is None:
        return
    where = places.get(API_KEY, "your environment")
    message = (
        f"The {API_KEY} in {where} was declined at Claude Code's first-run prompt (it is "
        "listed in `customApiKeyResponses.rejected`): interactive `claude` ignores it without "
        "asking and shows the login screen, while `claude -p` uses it; in Claude Code open "
        "`/config` and turn on *Use custom API key*"
    )
    yield RULE.finding(file, match.span, message)


RULE = Rule(
    code="AL810",
    name="declined-api-key",
    summary="The current ANTHROPIC_API_KEY was declined at Claude Code's first-run prompt",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_STATE}),
    check=check,
    doc=__doc__ or "",
)
