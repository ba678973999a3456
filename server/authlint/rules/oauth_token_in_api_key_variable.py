"""oauth-token-in-api-key-variable.

## What it does
Checks for a Claude OAuth token (``sk-ant-oat01-…``, the output of
``claude setup-token`` or a ``/login`` access token) in ``ANTHROPIC_API_KEY``
while the file sends requests to api.anthropic.com (no ``ANTHROPIC_BASE_URL``,
or Anthropic's own). Workload identity federation and Claude Code routines
issue ``sk-ant-oat01-`` tokens too, so a file that shows either
(``ANTHROPIC_FEDERATION_RULE_ID``, ``ANTHROPIC_IDENTITY_TOKEN_FILE``,
``/v1/oauth/token``, ``/claude_code/routines/``…) is not judged by the prefix.

## Why is this bad?
``ANTHROPIC_API_KEY`` is sent as the ``x-api-key`` header, which only accepts
Console API keys: the request fails with ``401 invalid x-api-key`` (Claude Code:
``Invalid API key · Fix external API key``). Claude Code reads an OAuth token
from ``CLAUDE_CODE_OAUTH_TOKEN`` and sends it as ``Authorization: Bearer`` with
the OAuth ``anthropic-beta`` header it needs. The SDKs cannot use an OAuth
token at all; they need an ``sk-ant-api03-`` key. Through a gateway
(``ANTHROPIC_BASE_URL`` elsewhere) the gateway may translate the token, so
nothing is reported there.

## Example
```
ANTHROPIC_API_KEY=sk-ant-oat01-…
```
Use instead:
```
CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-…
```

## Fix safety
Unsafe: renaming the variable is right for Claude Code, but a program using
the SDK then has no key at all (it needs a Console API key instead). The fix
renames the variable only (the value is not touched) and is not offered when
the file already defines ``CLAUDE_CODE_OAUTH_TOKEN``.

## Source
- https://code.claude.com/docs/en/authentication
  ``ANTHROPIC_API_KEY`` is sent as ``X-Api-Key``; ``CLAUDE_CODE_OAUTH_TOKEN`` holds the
  ``claude setup-token`` token.
- https://code.claude.com/docs/en/llm-gateway-protocol
  OAuth requests need Claude Code's ``anthropic-beta`` header.
- https://github.com/BerriAI/litellm/pull/21039
  an OAuth token sent as ``x-api-key``: ``invalid x-api-key``.
- https://platform.claude.com/docs/en/api/authentication/wif-reference
  workload identity federation access tokens are ``sk-ant-oat01-…`` too, sent as
  ``Authorization: Bearer``.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197: ``CLAUDE_CODE_OAUTH_TOKEN`` goes out as Bearer with
  the OAuth beta header.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import OAUTH_TOKEN_PREFIX, mask, workload_or_routine_context
from authlint.core.variables import API_KEY, OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import compact, judged_value
from authlint.rules._endpoints import Endpoint, request_endpoint, where
from authlint.rules._helpers import rename_fix, value_span


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``ANTHROPIC_API_KEY`` holding an OAuth token sent to Anthropic."""
    if request_endpoint(file) is not Endpoint.ANTHROPIC:
        return
    if workload_or_routine_context(file.source.text):
        return  # the token may be a workload identity or routine token, not a subscription one
    for assignment in file.definitions(API_KEY):
        value = judged_value(file, assignment)
        if value is None or not value.startswith(OAUTH_TOKEN_PREFIX):
            continue
        message = (
            f"{API_KEY} holds a Claude OAuth token (`{mask(compact(value))}`), and requests go to "
            f"{where(file)}: it is sent as the `x-api-key` header, which only accepts Console API "
            "keys, so they fail with 401 `invalid x-api-key` (Claude Code: `Invalid API key · Fix "
            f"external API key`). Claude Code reads OAuth tokens from {OAUTH_TOKEN}; the SDKs need "
            "an `sk-ant-api03-` key instead"
        )
        yield RULE.finding(
            file, value_span(assignment), message, fix=rename_fix(file, assignment, OAUTH_TOKEN)
        )


RULE = Rule(
    code="AL103",
    name="oauth-token-in-api-key-variable",
    summary="Claude OAuth token in ANTHROPIC_API_KEY (sent as x-api-key)",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title=f"Rename the variable to {OAUTH_TOKEN}",
)
