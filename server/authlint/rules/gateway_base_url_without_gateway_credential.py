"""gateway-base-url-without-gateway-credential.

## What it does
Checks, with the predicted outcome of Claude Code's request, for an
``ANTHROPIC_BASE_URL`` that points at a gateway or another vendor's host
while Claude Code has no gateway credential (no ``ANTHROPIC_AUTH_TOKEN``,
``ANTHROPIC_API_KEY`` or ``apiKeyHelper``) and would authenticate with the
claude.ai login (``/login`` or ``CLAUDE_CODE_OAUTH_TOKEN``). A local proxy
(``localhost``, ``127.0.0.1``) is not reported: a logging proxy that forwards
the login to Anthropic is a working setup.

## Why is this bad?
Claude Code sends the credential it has. With only a subscription login, that
is your claude.ai OAuth token, which then goes to the gateway's host: the
gateway rejects it (it wants its own key), and your login token has been
handed to a third party.

## Example
```json
{ "env": { "ANTHROPIC_BASE_URL": "https://openrouter.ai/api" } }
```
Use instead: set the gateway's own key in ``ANTHROPIC_AUTH_TOKEN`` next to
the base URL (and, for OpenRouter, ``ANTHROPIC_API_KEY=""``).

## Fix safety
No fix: the gateway's key is yours to supply.

## Source
- LLM gateway configuration: https://docs.claude.com/en/docs/claude-code/llm-gateway
- Authentication precedence: https://docs.claude.com/en/docs/claude-code/iam
- OpenRouter's Claude Code guide:
  https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.outcomes import OutcomeKind
from authlint.rules._base import Rule
from authlint.rules._model import KINDS, causes_here


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at a gateway base URL that Claude Code would send the login token to."""
    for cause, broken in causes_here(file, context):
        if cause.why != "a gateway base URL with no gateway credential":
            continue
        hit = [o for o in broken if o.kind is OutcomeKind.FOREIGN_HOST]
        if not hit:
            continue
        names = ", ".join(dict.fromkeys(o.title for o in hit[:3]))
        login = next((h.definition for o in hit for h in o.headers if h.definition), None)
        related = (
            [Related(login.path, login.span, "the login Claude Code would send")] if login else []
        )
        message = (
            f"ANTHROPIC_BASE_URL points at a gateway, but no gateway credential is set: {names} "
            "would send your claude.ai login token there; set the gateway's key in "
            "ANTHROPIC_AUTH_TOKEN"
        )
        yield RULE.finding(file, cause.span, message, related=related)


RULE = Rule(
    code="AL908",
    name="gateway-base-url-without-gateway-credential",
    summary="A gateway base URL without a gateway credential: Claude Code sends the login there",
    severity=Severity.ERROR,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
