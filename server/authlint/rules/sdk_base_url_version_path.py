"""sdk-base-url-version-path.

## What it does
Checks the base URL literal given to an SDK client (``base_url``,
``baseURL``, LangChain's ``anthropic_api_url``) for the ``/v1`` the client
adds itself, or lacks:

- the official SDKs (``Anthropic``, ``AsyncAnthropic``, ``new Anthropic``)
  and LangChain's ``ChatAnthropic``, which wraps them, append
  ``/v1/messages``: a base URL ending in ``/v1`` is reported;
- the Vercel AI SDK (``createAnthropic`` from ``@ai-sdk/anthropic``) appends
  only ``/messages`` and expects the base URL to end in ``/v1`` (its default
  is ``https://api.anthropic.com/v1``): a base URL without it is reported.
  Since 3.0.94 and 4.0.6 it completes the bare ``https://api.anthropic.com``
  itself, so that URL is reported only when the project (``node_modules``,
  lock file or ``package.json``) shows an older version, or no version.

A module constant that another module of the project passes to a client
(``from .config import BASE_URL``, ``config.BASE_URL``, ``import { BASE_URL }
from "./config"``) is reported at its literal, with the call as related
location.

Values read from the environment are not judged here (the ``.env`` rules
judge ``ANTHROPIC_BASE_URL`` itself), and OpenAI-style endpoints are left to
AL603 (malformed-sdk-base-url).

The Vertex and Bedrock clients (``AnthropicVertex``, ``AnthropicBedrock``)
build their own request paths (Vertex's default base URL ends in ``/v1``):
their base URLs are not judged.

## Why is this bad?
The request goes to ``…/v1/v1/messages`` (official SDKs) or ``…/messages``
(AI SDK) and fails with ``404 not_found_error`` (``NotFoundError``), which
looks like a problem with the model or the gateway rather than a typo in the
URL.

## Example
```python
client = Anthropic(base_url="https://gateway.example.com/anthropic/v1")
```
Use instead:
```python
client = Anthropic(base_url="https://gateway.example.com/anthropic")
```
and, with the AI SDK, ``createAnthropic({ baseURL: "https://gateway.example.com/anthropic/v1" })``.

## Fix safety
Safe: for the official SDKs the fix deletes the ``/v1`` suffix, which the
SDK adds back; for the AI SDK it inserts ``/v1`` at the end of the path,
which is what it leaves out. The URL is otherwise unchanged.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_base_client.py
  the official Python SDK appends ``/v1/messages`` to the base URL.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  so does the TypeScript SDK.
- https://github.com/NousResearch/hermes-agent/issues/24833
  ``…/v1`` gives ``/v1/v1/messages`` and 404.
- https://github.com/vercel/ai/blob/main/packages/anthropic/src/anthropic-provider.ts
  ``@ai-sdk/anthropic``: default base URL ``https://api.anthropic.com/v1``, requests to
  ``{baseURL}/messages``.
- https://github.com/vercel/ai/pull/16584
  the bare ``https://api.anthropic.com`` is completed to ``…/v1`` (released in 4.0.6 and,
  backported, 3.0.94:
  https://github.com/vercel/ai/blob/main/packages/anthropic/CHANGELOG.md).
- https://github.com/vercel/ai/issues/15542
  the 404 on ``https://api.anthropic.com/messages`` before that.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/lib/vertex/_client.py
  ``AnthropicVertex``'s default base URL ends in ``/v1``.
- https://github.com/posit-dev/positron/issues/12718
  the two SDK families disagree on ``/v1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core import packages
from authlint.core.context import CheckContext
from authlint.core.endpoints import ends_with_v1, is_openai_style, parse_base_url
from authlint.core.facts import CODE_KINDS, ScannedFile, SdkClient
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.core.secrets import is_placeholder
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    base_url_arguments,
    is_official,
    literal_content_span,
    literal_span,
    merge_related,
    modules_used_elsewhere,
    official_base,
    project_root,
    string_literal,
)

_V1_SUFFIX = re.compile(r"/v1/*$")

AI_SDK = "@ai-sdk/anthropic"
# The first releases of each line whose provider turns the bare ``https://api.anthropic.com``
# (one trailing ``/`` allowed) into ``https://api.anthropic.com/v1``, for ``baseURL`` and
# ``ANTHROPIC_BASE_URL`` alike: vercel/ai#16584 (4.0.6) and its v6.0 backport #16761 (3.0.94).
AI_SDK_BARE_HOST_FIX = ((3, 0, 94), (4, 0, 6))
_BARE_ANTHROPIC = ("https://api.anthropic.com", "https://api.anthropic.com/")


def ai_sdk_adds_v1(root: Path | None, value: str) -> bool | None:
    """Whether the project's ``@ai-sdk/anthropic`` adds ``/v1`` to ``value`` itself.

    ``True`` only for the bare Anthropic host with a version that normalises it
    (:data:`AI_SDK_BARE_HOST_FIX`), ``False`` for any other URL or an older
    version, ``None`` when the project does not show which version it uses.
    """
    if value not in _BARE_ANTHROPIC:
        return False
    if root is None:
        return None
    return packages.has_fix(root, AI_SDK, AI_SDK_BARE_HOST_FIX)


def _own_request_paths(client: SdkClient) -> bool:
    """Vertex and Bedrock clients build their own paths, not ``/v1/messages``.

    ``AnthropicVertex``'s default base URL is ``https://{region}-aiplatform.googleapis.com/v1``
    (it appends ``/projects/…:rawPredict``); ``AnthropicBedrock`` posts to ``/model/…/invoke``.
    """
    return "Vertex" in client.constructor or "Bedrock" in client.constructor


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per base URL literal whose ``/v1`` does not match its SDK.

    Also at a module constant of this file that another module of the project
    imports and passes to a client (``from .config import BASE_URL``,
    ``config.BASE_URL`` after ``from . import config``, ``import { BASE_URL }
    from "./config"``): the finding is at the literal here, the call is its
    related location.
    """
    findings: list[Finding] = []
    for client, argument, elsewhere in base_url_arguments(file, context):
        value = string_literal(argument)
        if value is None or not value.strip() or is_placeholder(value):
            continue
        url = parse_base_url(value)
        if url is None or not url.has_scheme or value != value.strip():
            continue
        if "?" in value or "#" in value:
            continue
        content = literal_content_span(file, argument)
        if is_official(client):
            if not ends_with_v1(url) or is_openai_style(url) or _own_request_paths(client):
                continue
            suffix = _V1_SUFFIX.search(value)
            fix = None
            if content is not None and suffix is not None:
                start = content.start.character + suffix.start()
                edit = Edit(Span.at(content.start.line, start, content.end.character), "")
                fix = Fix("Remove the trailing `/v1`", (edit,), Applicability.SAFE)
            message = (
                f"`{argument.name}` of `{client.constructor}` ends in `/v1`, but the SDK appends "
                f"`/v1/messages` itself: requests go to `{url.host}…/v1/v1/messages` and fail "
                "with 404. Remove the `/v1`"
            )
        elif client.family == "ai-sdk":
            if ends_with_v1(url) or is_openai_style(official_base(client, url)):
                continue
            adds_v1 = ai_sdk_adds_v1(project_root(file), value)
            if adds_v1:
                continue  # this version normalises the bare host itself
            newer = (
                " (`@ai-sdk/anthropic` 3.0.94 and 4.0.6 or later add it for this host, but the "
                "project does not show which version it uses)"
                if adds_v1 is None
                else ""
            )
            fix = None
            if content is not None:
                end = content.start.character + len(value.rstrip("/"))
                edit = Edit(Span.at(content.start.line, end, end), "/v1")
                fix = Fix("Append `/v1` to the base URL", (edit,), Applicability.SAFE)
            message = (
                f"`{argument.name}` of `{client.constructor}` (`@ai-sdk/anthropic`) lacks `/v1`: "
                f"this SDK appends only `/messages`, so requests go to `{url.host}…/messages` "
                f"instead of `…/v1/messages` and fail with 404{newer}. Add `/v1` at the end"
            )
        else:
            continue
        related: list[Related] = [elsewhere] if elsewhere is not None else []
        if argument.env_var is not None:
            message += (
                f" (this is the default `{client.constructor}` gets when "
                f"{argument.env_var} is not set)"
            )
        if elsewhere is None and argument.literal_span not in (None, argument.value_span):
            related.append(
                Related(
                    file.source.path,
                    argument.value_span,
                    f"passed as `{argument.name}` to `{client.constructor}` here",
                )
            )
        findings.append(
            RULE.finding(file, literal_span(argument), message, fix=fix, related=related)
        )
    yield from merge_related(findings)


RULE = Rule(
    code="AL602",
    name="sdk-base-url-version-path",
    summary="SDK base URL has a `/v1` the SDK adds itself, or lacks the one it needs",
    severity=Severity.ERROR,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Fix the `/v1` at the end of the base URL",
    unparsed_code=modules_used_elsewhere,
)
