"""anthropic-key-sent-to-third-party.

## What it does
Checks for an Anthropic credential (a value starting with ``sk-ant-api03-``,
``sk-ant-admin01-``, ``sk-ant-oat01-`` or ``sk-ant-ort01-``) in
``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN`` or ``CLAUDE_CODE_OAUTH_TOKEN``
in a file whose ``ANTHROPIC_BASE_URL`` (the definition that wins) points at a
known third-party provider: OpenRouter, DeepSeek, Z.ai, Moonshot, MiniMax,
OpenAI. ``CLAUDE_CODE_OAUTH_TOKEN`` counts only when no
``ANTHROPIC_API_KEY``/``ANTHROPIC_AUTH_TOKEN`` outranks it. Local hosts and
unknown hosts are not reported: a company gateway may legitimately forward
Anthropic keys to Anthropic. A base URL that cannot be parsed
(``https://[oops]/``) is not taken for ``api.anthropic.com``: the credential
is reported as a warning, since nobody can tell where it was meant to go.

## Why is this bad?
The SDKs and Claude Code send the credential to whatever host the base URL
names, as ``x-api-key`` or ``Authorization: Bearer``. The provider cannot use
an Anthropic key (the request fails with 401), but it has now received a
secret that bills your Anthropic organisation or opens your Claude
subscription.

## Example
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api
ANTHROPIC_AUTH_TOKEN=sk-ant-api03-…AA
```
Use instead:
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api
ANTHROPIC_AUTH_TOKEN=sk-or-v1-…
ANTHROPIC_API_KEY=
```

## Fix safety
No fix: only the user has the provider's key. If requests were already sent,
rotate the Anthropic key in the Console (OAuth tokens: ``/logout`` then
``/login``, or a new ``claude setup-token``).

## Source
- https://code.claude.com/docs/en/llm-gateway-connect
  each gateway or provider authenticates with its own credential; the variable decides the
  header.
- https://code.claude.com/docs/en/authentication
  Claude Code's credential precedence.
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  a provider's own key in ``ANTHROPIC_AUTH_TOKEN``.
- https://api-docs.deepseek.com/guides/anthropic_api
  DeepSeek's Anthropic endpoint and its own keys.
- https://platform.claude.com/docs/en/manage-claude/authentication
  revoke a key that may have leaked.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import provider_for
from authlint.core.facts import ALL_KINDS, Assignment, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.secrets import credential_kind, is_anthropic_credential, is_placeholder, mask
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._endpoints import (
    effective_base_url,
    effective_unparsable_base_url,
    shown_url,
)
from authlint.rules._helpers import live_definitions, value_span


def _sets_gateway_credential(file: ScannedFile) -> bool:
    """Whether ``ANTHROPIC_API_KEY`` or ``ANTHROPIC_AUTH_TOKEN`` is set to something non-empty."""
    return any(
        a.value is None or a.value.strip()
        for name in (API_KEY, AUTH_TOKEN)
        for a in live_definitions(file, name)
    )


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Anthropic credential sent to a known third-party base URL."""
    found = effective_base_url(file)
    if found is None:
        yield from _unparsable(file)
        return
    base, url = found
    provider = provider_for(url.host)
    if provider is None:
        return
    related = Related(
        file.source.path, value_span(base), f"{BASE_URL} sends requests to {provider.name} here"
    )
    for name, assignment, value in _credentials(file):
        kind = credential_kind(value).value
        article = "an" if kind[0] in "AEIOU" else "a"
        message = (
            f"{name} holds {article} {kind} (`{mask(value)}`), but "
            f"{BASE_URL} sends requests to {provider.name} (`{url.host}`): the credential "
            f"is disclosed to {provider.name}, which rejects it with 401. Use "
            f"{provider.name}'s own key; if requests were already sent, rotate this one"
        )
        yield RULE.finding(file, value_span(assignment), message, related=(related,))


def _unparsable(file: ScannedFile) -> Iterator[Finding]:
    """Fail safe: a base URL that cannot be parsed is not known to be api.anthropic.com."""
    found = effective_unparsable_base_url(file)
    if found is None:
        return
    base, reason = found
    related = Related(file.source.path, value_span(base), f"{BASE_URL} that cannot be parsed")
    for name, assignment, value in _credentials(file):
        kind = credential_kind(value).value
        article = "an" if kind[0] in "AEIOU" else "a"
        message = (
            f"{name} holds {article} {kind} (`{mask(value)}`), but {BASE_URL} "
            f"`{shown_url(base.value or '')}` is not a valid URL ({reason}), so nothing says "
            "requests go to api.anthropic.com: once corrected, the URL sends the credential to "
            "the host it names. Correct the URL, and send Anthropic credentials only to Anthropic"
        )
        yield RULE.finding(
            file, value_span(assignment), message, related=(related,), severity=Severity.WARNING
        )


def _credentials(file: ScannedFile) -> Iterator[tuple[str, Assignment, str]]:
    """``(variable, assignment, value)`` per Anthropic credential the clients would send."""
    outranked = _sets_gateway_credential(file)
    for name in (API_KEY, AUTH_TOKEN, OAUTH_TOKEN):
        if name == OAUTH_TOKEN and outranked:
            continue
        for assignment in live_definitions(file, name):
            value = (assignment.value or "").strip()
            if not is_anthropic_credential(value) or is_placeholder(value):
                continue
            yield name, assignment, value


RULE = Rule(
    code="AL405",
    name="anthropic-key-sent-to-third-party",
    summary="Anthropic key or token sent to a third-party ANTHROPIC_BASE_URL",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
