"""malformed-sdk-base-url.

## What it does
Checks the base URL literal given to an SDK client (``base_url``,
``baseURL``, LangChain's ``anthropic_api_url``) for two mistakes:

- a host without ``https://`` or ``http://`` (``"api.anthropic.com"``,
  ``"localhost:4000"``, ``"gateway.corp.example/anthropic"``);
- an OpenAI-style endpoint instead of the Anthropic Messages API: a
  ``/chat/completions`` path, ``api.openai.com``, or a provider's
  OpenAI-compatible URL (``https://openrouter.ai/api/v1`` for the official
  SDKs, ``https://api.deepseek.com``, ``https://api.moonshot.ai/v1``);
- a URL that cannot be parsed at all: a bracketed host that is not an IP
  address (``"https://[oops]/"``), an unmatched ``[`` or ``]``, a port that
  is not a number from 0 to 65535.

The Vercel AI SDK's base URL includes ``/v1`` (``https://openrouter.ai/api/v1``
is OpenRouter's Anthropic endpoint for it), so it is judged without that
suffix. Values read from the environment are left to the ``.env`` rules.

A module constant that another module of the project passes to a client
(``from .config import BASE_URL``, ``config.BASE_URL``, ``import { BASE_URL }
from "./config"``) is reported at its literal, with the call as related
location.

## Why is this bad?
Without a scheme the Python SDK treats the value as a relative path
(``api.anthropic.com/api.anthropic.com/v1/messages``) and the TypeScript SDK's
``new URL()`` fails: no request reaches the host. An OpenAI-style endpoint has
no ``/v1/messages`` route, so every request fails with 404. A URL that cannot
be parsed makes httpx raise ``InvalidURL`` and ``new URL()`` throw.

## Example
```python
client = Anthropic(base_url="https://openrouter.ai/api/v1")
```
Use instead:
```python
client = Anthropic(base_url="https://openrouter.ai/api")
```

## Fix safety
Inserting ``https://`` is safe for public hosts; for loopback, private-range
and single-label hosts the fix inserts ``http://`` and is unsafe (only the
user knows whether the local proxy speaks TLS). Replacing an OpenAI-style URL
with the provider's documented Anthropic endpoint is unsafe: it changes which
API the program talks to. No fix is offered for hosts without a known
Anthropic endpoint, nor for a URL that cannot be parsed.

## Source
- https://github.com/anthropics/claude-code/issues/441
  a base URL without a scheme: ``API Error: Invalid URL``.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_base_client.py
  how the Python SDK joins the base URL and ``/v1/messages``.
- https://github.com/vercel/ai/blob/main/packages/anthropic/src/anthropic-provider.ts
  the Vercel AI SDK's base URL ends in ``/v1``.
- https://api-docs.deepseek.com/guides/anthropic_api
  a provider's Anthropic endpoint next to its OpenAI-compatible one.
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  OpenRouter's Anthropic base URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import (
    base_url_error,
    is_local_host,
    is_openai_style,
    parse_base_url,
    provider_for,
)
from authlint.core.facts import CODE_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    base_url_arguments,
    literal_content_span,
    literal_span,
    merge_related,
    modules_used_elsewhere,
    official_base,
    string_literal,
)

# A host (dotted name, IPv4, bracketed IPv6, localhost) or a single label with a port,
# then an optional port and path: what a base URL without its scheme looks like.
_HOST_ONLY = re.compile(
    r"""
    (?:
        (?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\.?
      | \d{1,3}(?:\.\d{1,3}){3}
      | \[[0-9A-Fa-f:.]+\]
      | localhost
    )
    (?::\d{1,5})?
    (?:[/?\#]\S*)?
    |
    [A-Za-z0-9][A-Za-z0-9_-]*:\d{1,5}(?:[/?\#]\S*)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per base URL literal without a scheme or pointing at an OpenAI-style API.

    Also at a module constant of this file that another module of the project
    passes to a client (:func:`~authlint.rules._sdk.base_url_arguments`), with
    the call as related location.
    """
    findings: list[Finding] = []
    for client, argument, elsewhere in base_url_arguments(file, context):
        related = (elsewhere,) if elsewhere is not None else ()
        value = string_literal(argument)
        if value is None or not value.strip() or is_placeholder(value):
            continue
        url = parse_base_url(value)
        reason = base_url_error(value)
        if url is None or reason is not None:
            if reason is not None:
                message = (
                    f"`{argument.name}` of `{client.constructor}` is not a valid URL: {reason}. "
                    "The SDK rejects it before sending anything. Write the full URL, such as "
                    "`https://api.anthropic.com`"
                )
                findings.append(
                    RULE.finding(file, literal_span(argument), message, related=related)
                )
            continue
        content = literal_content_span(file, argument)
        ai_sdk = client.family == "ai-sdk"
        fix = None
        if not url.has_scheme:
            text = value.strip()
            if not _HOST_ONLY.fullmatch(text):
                continue
            local = is_local_host(url.host)
            scheme = "http://" if local else "https://"
            if content is not None:
                lead = len(value) - len(value.lstrip())
                at = content.start.character + lead
                edit = Edit(Span.at(content.start.line, at, at), scheme)
                applicability = Applicability.UNSAFE if local else Applicability.SAFE
                fix = Fix(f"Insert `{scheme}` before the host", (edit,), applicability)
            message = (
                f"`{argument.name}` of `{client.constructor}` is `{url.host}` without "
                "`https://` or `http://`: the SDK takes it for a relative path and no request "
                f"reaches `{url.host}`. Put `{scheme}` in front of the host"
            )
        elif is_openai_style(official_base(client, url)):
            provider = provider_for(url.host)
            name = provider.name if provider is not None else ""
            target = provider.anthropic_base if provider is not None else ""
            if target and ai_sdk:
                target += "/v1"
            if target and content is not None:
                edit = Edit(content, target)
                title = f"Use {name}'s Anthropic endpoint `{target}`"
                fix = Fix(title, (edit,), Applicability.UNSAFE)
            if target:
                advice = f"use {name}'s Anthropic endpoint `{target}`"
            elif name:
                advice = f"{name} does not serve the Anthropic Messages API"
            else:
                advice = "point it at an Anthropic-compatible endpoint"
            where = f"{name}'s OpenAI-compatible API" if name else "an OpenAI-style path"
            route = "/messages" if ai_sdk else "/v1/messages"
            message = (
                f"`{argument.name}` of `{client.constructor}` points at {where} on `{url.host}`: "
                f"the SDK posts Anthropic requests to `{route}` there and gets 404. "
                f"Instead, {advice}"
            )
        else:
            continue
        findings.append(
            RULE.finding(file, literal_span(argument), message, fix=fix, related=related)
        )
    yield from merge_related(findings)


RULE = Rule(
    code="AL603",
    name="malformed-sdk-base-url",
    summary="SDK base URL has no scheme, points at an OpenAI-style API, or is not a valid URL",
    severity=Severity.ERROR,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Correct the base URL",
    unparsed_code=modules_used_elsewhere,
)
