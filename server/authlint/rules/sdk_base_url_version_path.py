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

Values read from the environment are not judged here (the ``.env`` rules
judge ``ANTHROPIC_BASE_URL`` itself), and OpenAI-style endpoints are left to
AL603 (malformed-sdk-base-url).

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
``auth-facts.md`` §4.3 (base URL joining in both SDKs: ``…/v1`` →
``/v1/v1/messages``; Vercel ``@ai-sdk/anthropic`` expects ``/v1``, vercel/ai
``packages/anthropic/src/anthropic-provider.ts`` @6bbde376; posit-dev/positron#12718)
and §9 rows ANT012 (NousResearch/hermes-agent#24833) and ANT059;
``client-behaviour.md`` headline 6 and the Python/TS SDK tables (``…/v1`` →
``NotFoundError``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import ends_with_v1, is_openai_style, parse_base_url
from authlint.core.facts import CODE_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import is_placeholder
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    base_url_argument,
    is_official,
    literal_content_span,
    literal_span,
    official_base,
    string_literal,
)

_V1_SUFFIX = re.compile(r"/v1/*$")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per base URL literal whose ``/v1`` does not match its SDK."""
    if file.code is None:
        return
    for client in file.code.clients:
        argument = base_url_argument(client)
        if argument is None:
            continue
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
            if not ends_with_v1(url) or is_openai_style(url):
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
            fix = None
            if content is not None:
                end = content.start.character + len(value.rstrip("/"))
                edit = Edit(Span.at(content.start.line, end, end), "/v1")
                fix = Fix("Append `/v1` to the base URL", (edit,), Applicability.SAFE)
            message = (
                f"`{argument.name}` of `{client.constructor}` (`@ai-sdk/anthropic`) lacks `/v1`: "
                f"this SDK appends only `/messages`, so requests go to `{url.host}…/messages` "
                "instead of `…/v1/messages` and fail with 404. Add `/v1` at the end"
            )
        else:
            continue
        yield RULE.finding(file, literal_span(argument), message, fix=fix)


RULE = Rule(
    code="AL602",
    name="sdk-base-url-version-path",
    summary="SDK base URL has a `/v1` the SDK adds itself, or lacks the one it needs",
    severity=Severity.ERROR,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Fix the `/v1` at the end of the base URL",
)
