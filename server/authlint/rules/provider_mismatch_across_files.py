"""provider-mismatch-across-files.

## What it does
Checks, with the cross-file environment model, for an Anthropic credential
(``sk-ant-api03-…``, ``sk-ant-oat01-…``, ``sk-ant-admin01-…``) in
``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN`` or ``CLAUDE_CODE_OAUTH_TOKEN``
that takes effect in a launch context whose ``ANTHROPIC_BASE_URL``, set in
another file, points at a known third-party provider (OpenRouter, DeepSeek,
Z.ai, Moonshot, MiniMax, OpenAI). Reported at the credential with the base
URL as related information. Local and unknown hosts (company gateways that
forward to Anthropic) are not reported; both in one file is AL402's.

## Why is this bad?
The clients send the credential to whatever host the base URL names: the
provider rejects it (401), and it now holds a secret that bills your
Anthropic organisation or opens your Claude subscription. Split across a
shell profile and a project ``.env`` or settings file, nobody sees the two
lines together.

## Example
```sh
# ~/.zshrc
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
```json
// ~/.claude/settings.json
{ "env": { "ANTHROPIC_BASE_URL": "https://openrouter.ai/api" } }
```
Use the provider's own key for that base URL, and ``ANTHROPIC_API_KEY=""``
where OpenRouter's recipe asks for it.

## Fix safety
No fix. If requests were sent, rotate the key in the Console.

## Source
- https://code.claude.com/docs/en/llm-gateway-connect
  each gateway or provider takes its own credential.
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  OpenRouter's base URL and key.
- https://api-docs.deepseek.com/guides/anthropic_api
  DeepSeek's base URL and key.
- https://code.claude.com/docs/en/env-vars
  which header each variable becomes.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import provider_for
from authlint.core.environment import Definition, LaunchContext
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import CredentialKind, credential_kind
from authlint.core.variables import CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._model import (
    KINDS,
    base_url_of,
    definitions_here,
    describe,
    model_of,
    related_to,
    titles,
)

_ANTHROPIC = frozenset(
    {
        CredentialKind.ANTHROPIC_API_KEY,
        CredentialKind.ANTHROPIC_ADMIN_KEY,
        CredentialKind.ANTHROPIC_OAUTH_TOKEN,
    }
)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Anthropic credential sent to a third party named in another file."""
    model = model_of(context)
    if model is None:
        return
    for credential in definitions_here(file, model, variables=CREDENTIAL_VARIABLES):
        if credential_kind((credential.value or "").strip()) not in _ANTHROPIC:
            continue
        targets: dict[Definition, list[LaunchContext]] = {}
        names: dict[Definition, str] = {}
        for ctx in model.contexts_won_by(credential):
            found = base_url_of(model, ctx)
            if found is None or found[0].path == credential.path:
                continue
            provider = provider_for(found[1].host)
            if provider is None:
                continue
            targets.setdefault(found[0], []).append(ctx)
            names[found[0]] = provider.name
        if not targets:
            continue
        base, where = next(iter(targets.items()))
        message = (
            f"This Anthropic credential is sent to {names[base]}: the {titles(where)} "
            f"{'takes' if len(where) == 1 else 'take'} ANTHROPIC_BASE_URL from "
            f"{describe(base, model)}. {names[base]} rejects it (401) and has now seen it; use "
            f"{names[base]}'s own key there"
        )
        related = [related_to(b, "the third-party base URL") for b in targets]
        yield RULE.finding(file, credential.span, message, related=related)


RULE = Rule(
    code="AL905",
    name="provider-mismatch-across-files",
    summary="An Anthropic credential meets a third-party base URL set in another file",
    severity=Severity.ERROR,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
