"""foreign-key-in-anthropic-variable.

## What it does
Checks for another vendor's key in ``ANTHROPIC_API_KEY`` or
``ANTHROPIC_AUTH_TOKEN`` (OpenAI ``sk-proj-…``/``…T3BlbkFJ…``, OpenRouter
``sk-or-v1-…``, Google ``AIza…``, Hugging Face ``hf_…``, Perplexity ``pplx-…``,
GitHub ``ghp_…``, AWS ``AKIA…``) while the file sends requests to
api.anthropic.com: ``ANTHROPIC_BASE_URL`` is not set in the file, or points
at ``api.anthropic.com``. Only complete key shapes count, so placeholders
such as ``sk-or-v1-your-key`` are not reported.

## Why is this bad?
api.anthropic.com only knows Anthropic keys: ``ANTHROPIC_API_KEY`` is sent as
``x-api-key`` and rejected with ``401 invalid x-api-key``;
``ANTHROPIC_AUTH_TOKEN`` is sent as ``Authorization: Bearer`` and rejected
with ``401 Invalid bearer token``. Providers with an Anthropic-compatible
endpoint need ``ANTHROPIC_BASE_URL`` too: OpenRouter's recipe is
``ANTHROPIC_BASE_URL=https://openrouter.ai/api``,
``ANTHROPIC_AUTH_TOKEN=sk-or-v1-…`` and ``ANTHROPIC_API_KEY=""``, which is
not reported.

## Example
```
ANTHROPIC_AUTH_TOKEN=sk-or-v1-…
```
Use instead:
```
ANTHROPIC_BASE_URL=https://openrouter.ai/api
ANTHROPIC_AUTH_TOKEN=sk-or-v1-…
ANTHROPIC_API_KEY=""
```

## Fix safety
No fix: either the base URL or the key has to change, and only the user
knows which.

## Source
- https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
  rules ``openai-api-key``, ``gcp-api-key``, ``huggingface-access-token``,
  ``perplexity-api-key``.
- https://github.com/trufflesecurity/trufflehog/blob/main/pkg/detectors/openrouter/openrouter.go
  the OpenRouter key shape.
- https://github.com/Yelp/detect-secrets/blob/master/detect_secrets/plugins/openai.py
  the OpenAI key marker.
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  the base URL and variables an OpenRouter key needs.
- https://platform.claude.com/docs/en/api/errors
  401 ``authentication_error``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import CredentialKind, credential_kind, mask
from authlint.core.variables import API_KEY, AUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import judged_value
from authlint.rules._endpoints import Endpoint, request_endpoint, where
from authlint.rules._helpers import value_span

FOREIGN_KINDS = frozenset(
    {
        CredentialKind.OPENAI_KEY,
        CredentialKind.OPENROUTER_KEY,
        CredentialKind.GOOGLE_KEY,
        CredentialKind.HUGGINGFACE_TOKEN,
        CredentialKind.PERPLEXITY_KEY,
        CredentialKind.GITHUB_TOKEN,
        CredentialKind.AWS_ACCESS_KEY,
    }
)
_REJECTION = {
    API_KEY: "it is sent as the `x-api-key` header and rejected with 401 `invalid x-api-key` "
    "(Claude Code: `Invalid API key · Fix external API key`)",
    AUTH_TOKEN: "it is sent as `Authorization: Bearer` and rejected with 401 "
    "`Invalid bearer token`",
}
# Providers whose keys work with an Anthropic-compatible endpoint (auth-facts.md §5).
_ANTHROPIC_ENDPOINTS = {CredentialKind.OPENROUTER_KEY: "https://openrouter.ai/api"}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Anthropic credential variable holding another vendor's key."""
    if request_endpoint(file) is not Endpoint.ANTHROPIC:
        return
    for assignment in file.assignments:
        if assignment.name not in _REJECTION:
            continue
        value = judged_value(file, assignment)
        if value is None:
            continue
        kind = credential_kind(value)
        if kind not in FOREIGN_KINDS:
            continue
        base = _ANTHROPIC_ENDPOINTS.get(kind)
        advice = (
            f"set ANTHROPIC_BASE_URL={base} (and keep {API_KEY} empty) to use it, or put an "
            "Anthropic key here"
            if base
            else "put an Anthropic key here, and the other key in its own variable"
        )
        article = "an" if kind.value[0] in "AEIOU" else "a"
        message = (
            f"{assignment.name} holds {article} {kind.value} (`{mask(value)}`), but requests go to "
            f"{where(file)}: {_REJECTION[assignment.name]}. {advice[0].upper()}{advice[1:]}"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL107",
    name="foreign-key-in-anthropic-variable",
    summary="Another vendor's key in an Anthropic variable, sent to api.anthropic.com",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
