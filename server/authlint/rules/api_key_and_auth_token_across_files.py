"""api-key-and-auth-token-across-files.

## What it does
Checks, with the cross-file environment model, for ``ANTHROPIC_API_KEY`` and
``ANTHROPIC_AUTH_TOKEN`` both taking effect, non-empty, in one launch context
while they come from different files (``ANTHROPIC_API_KEY`` in ``~/.zshrc``,
``ANTHROPIC_AUTH_TOKEN`` in a Claude Code settings ``env``). Reported at the
``ANTHROPIC_AUTH_TOKEN`` definition with the key as related information. The
OpenRouter recipe's ``ANTHROPIC_API_KEY=""`` is empty and fine (an OpenRouter
setup that misses it is AL907's); both in one file is reported by the
single-file rules.

## Why is this bad?
Clients disagree on what two credentials mean. Claude Code uses
``ANTHROPIC_AUTH_TOKEN`` and warns "auth may not work as expected", yet
sends both headers; Python SDK 0.x/1.x and TS SDK 0.x send both
``x-api-key`` and ``Authorization``, and which one the server honours is not
documented; Python SDK 2.x and TS SDK 1.x use the API key. A gateway token
and a stale key from another file make a 401 that depends on the client.

## Example
```sh
# ~/.zshrc
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
```json
// .claude/settings.local.json
{ "env": { "ANTHROPIC_AUTH_TOKEN": "gateway-token" } }
```
Keep exactly one credential for each context.

## Fix safety
No fix: only the user knows which credential is meant.

## Source
- https://code.claude.com/docs/en/authentication
  precedence: ``ANTHROPIC_AUTH_TOKEN`` before ``ANTHROPIC_API_KEY``.
- https://code.claude.com/docs/en/llm-gateway-connect
  troubleshooting: both set gives the warning that auth may not work as expected.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  which header each credential becomes; the 2.x SDK keeps the key and warns when both are
  set.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the same for the TypeScript SDK.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 1.17.0, @anthropic-ai/sdk 0.137.0 and Claude Code 2.1.197
  against a local server: with both variables set each sends both headers.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.environment import Definition, LaunchContext
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import API_KEY, AUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._model import (
    KINDS,
    definitions_here,
    describe,
    is_openrouter,
    model_of,
    related_to,
    titles,
)


def _set(definition: Definition | None) -> bool:
    return definition is not None and (definition.value is None or bool(definition.value.strip()))


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per auth token that meets an API key from another file."""
    model = model_of(context)
    if model is None:
        return
    for token in definitions_here(file, model, variables=frozenset({AUTH_TOKEN})):
        if not (token.value or "").strip():
            continue
        keys: dict[Definition, list[LaunchContext]] = {}
        for ctx in model.contexts_won_by(token):
            if is_openrouter(model, ctx):
                continue
            key = model.resolve(ctx, API_KEY).winner
            if key is not None and _set(key) and key.path != token.path:
                keys.setdefault(key, []).append(ctx)
        if not keys:
            continue
        key, where = next(iter(keys.items()))
        message = (
            f"The {titles(where)} also {'gets' if len(where) == 1 else 'get'} ANTHROPIC_API_KEY "
            f"from {describe(key, model)}: with both set, Claude Code uses this token but sends "
            "both headers, and the SDKs pick one or the other by version. Keep one credential"
        )
        related = [related_to(k, "ANTHROPIC_API_KEY that is also set") for k in keys]
        yield RULE.finding(file, token.span, message, related=related)


RULE = Rule(
    code="AL906",
    name="api-key-and-auth-token-across-files",
    summary="ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN both take effect, from different files",
    severity=Severity.WARNING,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
