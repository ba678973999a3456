"""base-url-ends-with-v1.

## What it does
Checks for an ``ANTHROPIC_BASE_URL`` whose path ends in ``/v1`` or ``/v1/``,
such as ``https://api.anthropic.com/v1`` or ``https://gateway.corp/anthropic/v1``.
A trailing ``/`` (or ``//``) alone is harmless and not reported. A known
OpenAI-style endpoint such as ``https://openrouter.ai/api/v1`` is reported by
AL404 (openai-compatible-base-url) instead, which knows the right URL.

## Why is this bad?
The Python and TypeScript SDKs and Claude Code append ``/v1/messages`` to the
base URL, so every request goes to ``…/v1/v1/messages`` and fails with 404
(``NotFoundError``). Claude Code then blames the model: ``There's an issue
with the selected model (…). It may not exist or you may not have access to
it.``, which sends people looking in the wrong place.

## Example
```
ANTHROPIC_BASE_URL=https://api.anthropic.com/v1
```
Use instead:
```
ANTHROPIC_BASE_URL=https://api.anthropic.com
```

## Fix safety
Safe: the fix deletes the ``/v1`` suffix (and its trailing slashes), which is
exactly what the clients add back. One exception: the Vercel AI SDK
(``@ai-sdk/anthropic``) also reads ``ANTHROPIC_BASE_URL`` and expects ``/v1``;
a project that only uses that SDK should keep it and suppress this rule.

## Source
``client-behaviour.md`` headline finding 6 and the Python SDK, TS SDK and
Claude Code tables (``…/v1`` and ``…/v1/`` → ``/v1/v1/messages`` → 404; ``/`` and
``//`` are fine); ``auth-facts.md`` §4.3 (base URL joining; the Vercel SDK
contrast, posit-dev/positron#12718), §2.3 and §9 row ANT012 (hermes-agent#24833);
``corpus/real/README.md`` "Patterns that look genuinely wrong" item 1.

The helpers below are shared by the base URL family (AL401–AL406).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import ends_with_v1, is_openai_style
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._endpoints import base_urls
from authlint.rules._helpers import content_subspan, value_span

_SUFFIX = re.compile(r"/v1/*(?=[?#]|$)")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per live ``ANTHROPIC_BASE_URL`` whose path ends in ``/v1``."""
    for assignment, url in base_urls(file):
        if not ends_with_v1(url) or is_openai_style(url):
            continue
        value = assignment.value or ""
        text = value.rstrip()
        suffix = _SUFFIX.search(text)
        fix = None
        if suffix is not None and assignment.maps_one_to_one:
            edit = Edit(content_subspan(assignment, suffix.start(), suffix.end()), "")
            fix = Fix(RULE.fix_title or "", (edit,), Applicability.SAFE)
        message = (
            f"{BASE_URL} for `{url.host}` ends in `/v1`: the Anthropic SDKs and Claude Code "
            "append `/v1/messages`, so requests go to `/v1/v1/messages` and fail with 404 "
            "(Claude Code reports it as a problem with the selected model). Remove the `/v1`"
        )
        yield RULE.finding(file, value_span(assignment), message, fix=fix)


RULE = Rule(
    code="AL401",
    name="base-url-ends-with-v1",
    summary="ANTHROPIC_BASE_URL ends in /v1, so requests go to /v1/v1/messages",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the trailing `/v1` from the base URL",
)
