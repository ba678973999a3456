"""openai-compatible-base-url.

## What it does
Checks for an ``ANTHROPIC_BASE_URL`` that points at an OpenAI-style API
instead of the Anthropic Messages API: a path with a ``/chat/completions`` or
``/completions`` segment on any host, or the OpenAI-compatible endpoint of a
provider that serves both (``https://openrouter.ai/api/v1``,
``https://api.deepseek.com`` or ``…/v1``, ``https://api.moonshot.ai/v1``,
``https://api.z.ai/api/paas/v4``, ``https://api.minimax.io/v1``), or
``api.openai.com``. The providers' Anthropic endpoints
(``https://openrouter.ai/api``, ``https://api.deepseek.com/anthropic``,
``https://api.z.ai/api/anthropic``, ``https://api.minimax.io/anthropic``…) are
fine.

## Why is this bad?
The Anthropic SDKs and Claude Code send ``POST {base}/v1/messages`` with
Anthropic's request format. An OpenAI-style API has no such route: the
request fails with 404 or ``Invalid URL (POST /v1/messages)``, and Claude
Code reports it as a problem with the model. Apps that reuse
``ANTHROPIC_BASE_URL`` for their own OpenAI-style client break Claude Code
and the SDKs as soon as the variable reaches them.

## Example
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api/v1
```
Use instead:
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api
```

## Fix safety
Unsafe: the fix replaces the value with the provider's documented Anthropic
base URL, which changes which API the program talks to; an app that really
wanted the OpenAI-style API needs its own variable instead. No fix is offered
for hosts without a known Anthropic endpoint.

## Source
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  OpenRouter: ``https://openrouter.ai/api`` for Anthropic clients.
- https://api-docs.deepseek.com/guides/anthropic_api
  DeepSeek: ``https://api.deepseek.com/anthropic``.
- https://docs.z.ai/devpack/quick-start
  Z.ai's OpenAI-style coding endpoint.
- https://code.claude.com/docs/en/llm-gateway-protocol
  Claude Code posts to ``/v1/messages`` under the base URL.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import is_openai_style, provider_for
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._endpoints import base_urls
from authlint.rules._helpers import value_span


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per live ``ANTHROPIC_BASE_URL`` pointing at an OpenAI-style API."""
    for assignment, url in base_urls(file):
        if not is_openai_style(url):
            continue
        provider = provider_for(url.host)
        fix = None
        if provider is not None and provider.anthropic_base:
            target = provider.anthropic_base
            edit = Edit(assignment.content_span, target)
            title = f"Use {provider.name}'s Anthropic endpoint `{target}`"
            fix = Fix(title, (edit,), Applicability.UNSAFE)
            advice = f"use {provider.name}'s Anthropic endpoint `{target}`"
        elif provider is not None:
            advice = f"{provider.name} does not serve the Anthropic Messages API; unset it"
        else:
            advice = "point it at an Anthropic-compatible endpoint (without `/chat/completions`)"
        where = f"{provider.name}'s OpenAI-compatible API" if provider else "an OpenAI-style path"
        message = (
            f"{BASE_URL} points at {where} on `{url.host}`: the Anthropic SDKs and Claude Code "
            f"send `POST /v1/messages` there and get 404. Instead, {advice}"
        )
        yield RULE.finding(file, value_span(assignment), message, fix=fix)


RULE = Rule(
    code="AL404",
    name="openai-compatible-base-url",
    summary="ANTHROPIC_BASE_URL points at an OpenAI-style API, not the Messages API",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Use the provider's Anthropic endpoint",
)
