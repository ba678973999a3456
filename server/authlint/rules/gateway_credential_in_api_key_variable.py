"""gateway-credential-in-api-key-variable.

## What it does
Checks for a gateway's credential in ``ANTHROPIC_API_KEY``: the file's
``ANTHROPIC_BASE_URL`` (the definition that wins) points at a host other than
``api.anthropic.com``, ``ANTHROPIC_API_KEY`` holds a non-empty value that is
not an Anthropic key, and the file sets no ``ANTHROPIC_AUTH_TOKEN``.
Providers whose docs accept ``x-api-key`` (DeepSeek, MiniMax, Z.ai) are not
reported, nor are dummy values (``dummy``, ``test``, ``none``…) that only keep
a client quiet in front of a router that checks nothing, nor cc-switch's
``PROXY_MANAGED`` sentinel (its proxy puts the real key in), nor OpenAI-style
base URLs (AL404 reports those).

## Why is this bad?
Claude Code sends ``ANTHROPIC_API_KEY`` as the ``x-api-key`` header (so do
the Python SDK before 2.0 and the TypeScript SDK before 1.0). Most gateways
and proxies (OpenRouter, LiteLLM, Moonshot, company gateways) read the bearer
token in ``Authorization`` instead, so the credential arrives in a header
they do not read and the request fails with 401. Claude Code's gateway
guide: "If you weren't told which kind, use ``ANTHROPIC_AUTH_TOKEN``".

## Example
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api
ANTHROPIC_API_KEY=sk-or-v1-…
```
Use instead:
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api
ANTHROPIC_AUTH_TOKEN=sk-or-v1-…
ANTHROPIC_API_KEY=
```

## Fix safety
Unsafe: the fix renames the variable to ``ANTHROPIC_AUTH_TOKEN``, which is
right unless the gateway's docs ask for ``x-api-key``. No fix is offered when
the file already defines ``ANTHROPIC_AUTH_TOKEN`` (even empty), since that
definition could overwrite the renamed one.

## Source
- https://code.claude.com/docs/en/llm-gateway-connect
  which variable for a gateway: use ``ANTHROPIC_AUTH_TOKEN`` unless told ``x-api-key``;
  the wrong one fails with 401.
- https://code.claude.com/docs/en/env-vars
  ``ANTHROPIC_API_KEY`` is sent as ``X-Api-Key``, ``ANTHROPIC_AUTH_TOKEN`` as
  ``Authorization: Bearer``.
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  OpenRouter uses ``ANTHROPIC_AUTH_TOKEN``.
- https://docs.litellm.ai/docs/proxy/client_setup/claude_code
  LiteLLM uses ``ANTHROPIC_AUTH_TOKEN``.
- https://api-docs.deepseek.com/guides/anthropic_api
  DeepSeek accepts ``x-api-key``.
- https://pypi.org/project/anthropic/2.11.0/
  anthropic 2.x and @anthropic-ai/sdk 1.x send keys as Bearer (observed against a local
  server).
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import is_anthropic_host, is_openai_style, provider_for
from authlint.core.facts import ALL_KINDS, Assignment, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.core.secrets import is_anthropic_credential, is_placeholder
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL
from authlint.rules._base import Rule
from authlint.rules._credentials import DELIBERATE_DUMMY, PROXY_SENTINELS
from authlint.rules._endpoints import effective_base_url
from authlint.rules._helpers import live_definitions, value_span

# Values set on purpose for endpoints that check nothing (local routers).


def _rename(file: ScannedFile, assignment: Assignment) -> Fix | None:
    """Rename ``ANTHROPIC_API_KEY`` to ``ANTHROPIC_AUTH_TOKEN`` in the assignment's name."""
    if file.definitions(AUTH_TOKEN):
        return None
    index = file.source.index
    start = index.offset(assignment.name_span.start)
    at = index.slice(assignment.name_span).find(API_KEY)
    if at < 0:
        return None
    edit = Edit(index.span(start + at, start + at + len(API_KEY)), AUTH_TOKEN)
    return Fix(RULE.fix_title or "", (edit,), Applicability.UNSAFE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per gateway credential put in ``ANTHROPIC_API_KEY``."""
    found = effective_base_url(file)
    if found is None:
        return
    base, url = found
    if is_anthropic_host(url.host) or is_openai_style(url):
        return
    provider = provider_for(url.host)
    if provider is not None and provider.reads_x_api_key:
        return
    if any(a.value is None or a.value.strip() for a in live_definitions(file, AUTH_TOKEN)):
        return
    where = f"{provider.name} (`{url.host}`)" if provider else f"`{url.host}`"
    related = Related(file.source.path, value_span(base), f"{BASE_URL} points at {where} here")
    for assignment in live_definitions(file, API_KEY):
        value = (assignment.value or "").strip()
        if not value or is_anthropic_credential(value):
            continue
        if is_placeholder(value) or DELIBERATE_DUMMY.fullmatch(value):
            continue
        if value in PROXY_SENTINELS:
            continue  # a local proxy swaps it for the real key (AL414 checks where it goes)
        message = (
            f"{API_KEY} is sent as the `x-api-key` header (by Claude Code, and by the SDKs "
            f"before Python 2.0 / TypeScript 1.0), but {BASE_URL} points at {where}, which "
            "most likely reads the bearer token in `Authorization`: the request fails with 401. "
            f"Unless its docs ask for x-api-key, put the credential in {AUTH_TOKEN}"
        )
        yield RULE.finding(
            file, assignment.name_span, message, fix=_rename(file, assignment), related=(related,)
        )


RULE = Rule(
    code="AL406",
    name="gateway-credential-in-api-key-variable",
    summary="Gateway credential in ANTHROPIC_API_KEY, sent as x-api-key instead of Bearer",
    severity=Severity.WARNING,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Rename the variable to ANTHROPIC_AUTH_TOKEN",
)
