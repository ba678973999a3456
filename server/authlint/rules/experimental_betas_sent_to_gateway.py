"""experimental-betas-sent-to-gateway.

## What it does
Checks, where Claude Code reads it, for an ``ANTHROPIC_BASE_URL`` that points
at a gateway of unknown make (a LiteLLM or new-api deployment, a corporate
proxy, an Azure or Bedrock front) while no source Claude Code reads sets
``CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1``. Anthropic's own host, local
proxies and routers (``localhost``, ``127.0.0.1``: a logging proxy or a
router that rewrites the request) and the third parties whose Claude Code
recipes are known to work without the switch (OpenRouter, DeepSeek, Z.ai,
Moonshot, MiniMax) are not reported. A cloud provider switch
(``CLAUDE_CODE_USE_BEDROCK`` and the like) makes Claude Code ignore the base
URL, so it is not reported either.

## Why is this bad?
Claude Code sends ``anthropic-beta`` header values for features that are
still in beta. Many gateways forward requests to an upstream that does not
know them, and every request fails with
``API Error: 400 … Unexpected value(s) … for the anthropic-beta header``
(a 403 ``AccessDeniedException`` behind a Bedrock gateway). The settings key
``"disableExperimentalBetas": true`` was reported not to help; the
environment variable does.

## Example
```json
{ "env": { "ANTHROPIC_BASE_URL": "https://llm.example.com",
           "ANTHROPIC_AUTH_TOKEN": "sk-litellm-…" } }
```
Use instead:
```json
{ "env": { "ANTHROPIC_BASE_URL": "https://llm.example.com",
           "ANTHROPIC_AUTH_TOKEN": "sk-litellm-…",
           "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1" } }
```

## Fix safety
Safe: the fix adds ``CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1`` next to the
base URL: in the same ``env`` block, as the next item of
``claudeCode.environmentVariables``, or on the next line of a profile or
``.env``. Only features still in beta are turned off.

## Source
- https://github.com/anthropics/claude-code/issues/46105
  the 400 with a custom base URL, fixed by ``CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1``.
- https://github.com/anthropics/claude-code/issues/70563
  ``disableExperimentalBetas`` in settings did not stop the header.
- https://github.com/anthropics/claude-code/issues/13770
- https://github.com/anthropics/claude-code/issues/34033
- https://github.com/QuantumNous/new-api/issues/3041
- https://code.claude.com/docs/en/env-vars
  ``CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import (
    is_anthropic_host,
    is_local_host,
    parse_base_url,
    provider_for,
)
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._claude import is_truthy
from authlint.rules._reads import (
    add_variable_fix,
    claude_reads,
    readers,
    switched_to_provider,
    value_in,
    with_contexts,
)

SWITCH = "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at a gateway base URL Claude Code sends beta headers to."""
    for definition, contexts, model in claude_reads(file, context, frozenset({BASE_URL})):
        url = parse_base_url((definition.value or "").strip())
        if url is None or not url.has_scheme:
            continue
        if is_anthropic_host(url.host) or is_local_host(url.host) or provider_for(url.host):
            continue
        hit = [
            c
            for c in contexts
            if not is_truthy(value_in(model, c, SWITCH)) and not switched_to_provider(model, c)
        ]
        if not hit:
            continue
        message = (
            f"{BASE_URL} points at a gateway ({url.host}) and {SWITCH} is not set where "
            f"{readers(hit)} reads it: the experimental `anthropic-beta` values it sends are "
            "rejected by many gateways (`400 … Unexpected value(s) … for the anthropic-beta "
            f'header`); set {SWITCH}=1 (the settings key "disableExperimentalBetas" is not enough)'
        )
        fix = add_variable_fix(file, definition, SWITCH, "1", RULE.fix_title or "")
        finding = RULE.finding(file, definition.span, message, fix=fix)
        yield with_contexts(finding, hit)


RULE = Rule(
    code="AL411",
    name="experimental-betas-sent-to-gateway",
    summary="A gateway base URL without CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1",
    severity=Severity.WARNING,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title=f"Add `{SWITCH}=1`",
)
