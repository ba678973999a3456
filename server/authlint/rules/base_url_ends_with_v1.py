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
exactly what the clients add back. The Vercel AI SDK (``@ai-sdk/anthropic``)
also reads ``ANTHROPIC_BASE_URL`` and expects ``/v1``, so the version the
project installs or declares (``node_modules``, lock files, ``package.json``)
decides: a ``.env`` in a project that uses only that SDK is not reported; next
to an official SDK the fix is unsafe, unless the URL is the bare
``https://api.anthropic.com`` and the AI SDK (3.0.94 or 4.0.6 and later) adds
``/v1`` to it itself.

## Source
- https://code.claude.com/docs/en/llm-gateway-protocol
  Claude Code posts to the base URL plus ``/v1/messages``.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_base_client.py
  the Python SDK joins the base URL and ``/v1/messages``.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the TypeScript SDK does the same.
- https://github.com/NousResearch/hermes-agent/issues/24833
  ``base_url=https://api.anthropic.com/v1``: requests hit ``/v1/v1/messages`` and fail
  with 404.
- https://pypi.org/project/anthropic/1.17.0/
  observed with anthropic 1.17.0 and 2.11.0, @anthropic-ai/sdk 0.137.0 and 1.11.0 and
  Claude Code 2.1.197 against a local server: ``…/v1`` and ``…/v1/`` give 404, a trailing
  ``/`` is harmless.
- https://github.com/vercel/ai/blob/main/packages/anthropic/src/anthropic-provider.ts
  the Vercel AI SDK's default base URL ends in ``/v1``; since 3.0.94 and 4.0.6 it adds
  ``/v1`` to the bare ``https://api.anthropic.com`` itself
  (https://github.com/vercel/ai/blob/main/packages/anthropic/CHANGELOG.md).
- https://github.com/posit-dev/positron/issues/12718
  one ``.env`` shared by both SDK families.

The helpers below are shared by the base URL family (AL401–AL406).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core import packages, project
from authlint.core.context import CheckContext
from authlint.core.endpoints import ends_with_v1, is_openai_style
from authlint.core.facts import ALL_KINDS, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._endpoints import base_urls
from authlint.rules._helpers import content_subspan, value_span

_SUFFIX = re.compile(r"/v1/*(?=[?#]|$)")
_AI_SDK = "@ai-sdk/anthropic"
_OFFICIAL_SDKS = ("anthropic", "@anthropic-ai/sdk")


def _ai_sdk_project(file: ScannedFile) -> tuple[Path, bool] | None:
    """For a ``.env`` in a project using ``@ai-sdk/anthropic``: its root, and that SDK alone?

    ``None`` when the file is not a ``.env``, not in a project, or the project
    does not install or declare ``@ai-sdk/anthropic``. The second item is true
    when no official SDK (``anthropic``, ``@anthropic-ai/sdk``) is there too.
    """
    path = file.source.path
    if file.kind is not FileKind.DOTENV or path is None:
        return None
    root = project.project_root(path)
    if root is None or not packages.uses_package(root, _AI_SDK):
        return None
    return root, not any(packages.uses_package(root, name) for name in _OFFICIAL_SDKS)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per live ``ANTHROPIC_BASE_URL`` whose path ends in ``/v1``."""
    from authlint.rules.sdk_base_url_version_path import ai_sdk_adds_v1

    found = [
        (assignment, url)
        for assignment, url in base_urls(file)
        if ends_with_v1(url) and not is_openai_style(url)
    ]
    if not found:
        return  # most files: the project's packages are not looked at
    ai_sdk = _ai_sdk_project(file)
    if ai_sdk is not None and ai_sdk[1]:
        return  # a .env for @ai-sdk/anthropic alone: it expects the `/v1`
    for assignment, url in found:
        value = assignment.value or ""
        text = value.rstrip()
        suffix = _SUFFIX.search(text)
        # Shared with @ai-sdk/anthropic: removing `/v1` is safe only where that SDK adds it back.
        adds_v1 = None if ai_sdk is None else ai_sdk_adds_v1(ai_sdk[0], _SUFFIX.sub("", text))
        shared = ai_sdk is not None and not adds_v1
        fix = None
        if suffix is not None and assignment.maps_one_to_one:
            edit = Edit(content_subspan(assignment, suffix.start(), suffix.end()), "")
            safety = Applicability.UNSAFE if shared else Applicability.SAFE
            fix = Fix(RULE.fix_title or "", (edit,), safety)
        message = (
            f"{BASE_URL} for `{url.host}` ends in `/v1`: the Anthropic SDKs and Claude Code "
            "append `/v1/messages`, so requests go to `/v1/v1/messages` and fail with 404 "
            "(Claude Code reports it as a problem with the selected model). Remove the `/v1`"
        )
        if shared:
            which = (
                "which needs it for this URL"
                if adds_v1 is False
                else "which needs it unless it is 3.0.94 or 4.0.6 or later (the project does "
                "not show its version)"
            )
            message += (
                f", but this project also uses `{_AI_SDK}`, {which}: give that SDK its own "
                "`baseURL` first"
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
