"""cline-base-url-without-v1.

## What it does
Checks Cline's ``~/.cline/data/settings/providers.json`` (the provider file
of Cline 4) for an Anthropic provider whose ``baseUrl`` points at a gateway
or proxy and does not end in ``/v1``. A provider is Anthropic's when it sits
under an ``anthropic`` key or names ``anthropic`` as its ``provider``/
``providerId``/``id``/``type``. ``https://api.anthropic.com`` itself, an
empty value and URLs that already end in ``/v1`` are not reported.

## Why is this bad?
Cline 4 builds its Anthropic client the way the AI SDK does: the base URL is
the API root *with* the version, and requests go to ``<baseUrl>/messages``.
A base written the Claude Code way (``https://gateway/anthropic``) gives
``https://gateway/anthropic/messages`` and the gateway answers
``404 Page not found`` on every prompt. The same value works in Claude Code
and the official SDKs, which add ``/v1`` themselves.

## Example
```json
{"providers": {"anthropic": {"settings": {"baseUrl": "https://llm.corp.example/raw/anthropic"}}}}
```
Use instead:
```json
{"providers": {"anthropic": {"settings": {"baseUrl": "https://llm.corp.example/raw/anthropic/v1"}}}}
```

## Fix safety
Unsafe: appends ``/v1`` to the value. Right for a gateway that serves the
Messages API under ``/v1``; check your gateway's documentation first.

## Source
- https://github.com/cline/cline/issues/11920
  Cline 4.0.0: ``404 Page not found`` until ``baseUrl`` in
  ``~/.cline/data/settings/providers.json`` gets ``/v1``.
- https://github.com/vercel/ai/issues/15542
  the AI SDK's Anthropic provider posts to ``<baseURL>/messages``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import ends_with_v1, is_anthropic_host, parse_base_url
from authlint.core.facts import FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.rules._base import Rule

_NAMING_KEYS = ("provider", "providerId", "id", "type", "apiProvider")
_MAX_DEPTH = 12


def _names_anthropic(value: JsonValue) -> bool:
    for key in _NAMING_KEYS:
        named = value.get(key)
        if named is not None and isinstance(named.value, str):
            if named.value.strip().lower() == "anthropic":
                return True
    return False


def anthropic_base_urls(root: JsonValue | None) -> Iterator[JsonMember]:
    """The ``baseUrl`` members of the Anthropic providers in a Cline provider file."""
    if root is None:
        return
    stack: list[tuple[JsonValue, bool, int]] = [(root, False, 0)]
    while stack:
        value, anthropic, depth = stack.pop()
        if depth > _MAX_DEPTH or value.type not in {"object", "array"}:
            continue
        here = anthropic or (value.type == "object" and _names_anthropic(value))
        for member in value.members:
            if member.key == "baseUrl" and member.value.type == "string" and here:
                yield member
            elif member.value.type in {"object", "array"}:
                inner = here or member.key.strip().lower() == "anthropic"
                stack.append((member.value, inner, depth + 1))
        for item in value.items:
            stack.append((item, here, depth + 1))


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Anthropic ``baseUrl`` without ``/v1`` in Cline's provider file."""
    path = file.source.path
    if not file.first_view or path is None or path.name.lower() != "providers.json":
        return
    root = file.json.root if file.json is not None else None
    for member in anthropic_base_urls(root):
        text = member.value.value
        if not isinstance(text, str) or not text.strip():
            continue
        url = parse_base_url(text.strip())
        if url is None or not url.has_scheme or is_anthropic_host(url.host) or ends_with_v1(url):
            continue
        fixed = text.strip().rstrip("/") + "/v1"
        fix = Fix(
            RULE.fix_title or "", (Edit(member.value.content_span, fixed),), Applicability.UNSAFE
        )
        message = (
            f"Cline 4 sends Anthropic requests to `<baseUrl>/messages`: `{text.strip()}` gives "
            f"`{text.strip().rstrip('/')}/messages` and a 404 (Page not found). "
            f"Write `{fixed}`"
        )
        yield RULE.finding(file, member.value.content_span, message, fix=fix)


RULE = Rule(
    code="AL420",
    name="cline-base-url-without-v1",
    summary="Cline 4 Anthropic baseUrl without /v1 (404 at /messages)",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLINE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Append /v1 to the base URL",
)
