"""api-key-in-auth-token-variable.

## What it does
Checks for an Anthropic API key (``sk-ant-api03-…``) in ``ANTHROPIC_AUTH_TOKEN``
while the file sends requests to api.anthropic.com: ``ANTHROPIC_BASE_URL`` is
not set in the file, or points at ``api.anthropic.com``.

## Why is this bad?
``ANTHROPIC_AUTH_TOKEN`` is the LLM-gateway variable: Claude Code (where it
outranks ``ANTHROPIC_API_KEY``) and the SDKs send it as
``Authorization: Bearer``. A Console API key belongs in ``ANTHROPIC_API_KEY``,
which is sent as ``x-api-key``. Today the request usually still works: the
current SDK majors (Python ≥ 2, TypeScript ≥ 1) send API keys as Bearer
themselves, so the API accepts a key there (observed in authlint's own
scenarios against the real SDKs). It was rejected with ``401 Invalid bearer
token`` in the past (Jeffser/Alpaca#727), and Claude Code treats the
variable as a gateway credential that outranks ``ANTHROPIC_API_KEY``, hence
information, not a warning. With a gateway base URL, a bearer credential is
what gateways usually want, so nothing is reported.

## Example
```
ANTHROPIC_AUTH_TOKEN=sk-ant-api03-…AA
```
Use instead:
```
ANTHROPIC_API_KEY=sk-ant-api03-…AA
```

## Fix safety
Unsafe: renames the variable (the value is not touched). A program that reads
``ANTHROPIC_AUTH_TOKEN`` itself would lose it. Not offered when the file
already defines ``ANTHROPIC_API_KEY``.

## Source
- https://code.claude.com/docs/en/authentication
  ``ANTHROPIC_AUTH_TOKEN`` is for gateways and proxies and is sent as ``Authorization:
  Bearer``; ``ANTHROPIC_API_KEY`` as ``X-Api-Key``.
- https://code.claude.com/docs/en/llm-gateway-connect
  a credential in the wrong variable reaches the gateway in a header it does not read:
  401.
- https://github.com/Jeffser/Alpaca/issues/727
  an API key sent as a bearer token: ``Invalid bearer token``.
- https://pypi.org/project/anthropic/2.11.0/
  anthropic 2.x and @anthropic-ai/sdk 1.x send API keys as Bearer too (observed against a
  local server), hence information only.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.core.variables import API_KEY, AUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import compact, judged_value
from authlint.rules._endpoints import Endpoint, request_endpoint, where
from authlint.rules._helpers import rename_fix, value_span

API_KEY_PREFIX = "sk-ant-api03-"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``ANTHROPIC_AUTH_TOKEN`` holding an API key sent to Anthropic."""
    if request_endpoint(file) is not Endpoint.ANTHROPIC:
        return
    for assignment in file.definitions(AUTH_TOKEN):
        value = judged_value(file, assignment)
        if value is None or not value.startswith(API_KEY_PREFIX):
            continue
        message = (
            f"{AUTH_TOKEN} holds an Anthropic API key (`{mask(compact(value))}`) and requests go "
            f"to {where(file)}: it is sent as `Authorization: Bearer`, the header meant for LLM "
            "gateway tokens. Current SDKs send API keys that way too, so it usually works, but "
            "it has been rejected with 401 `Invalid bearer token` before and Claude Code treats "
            f"it as a gateway credential. Put the key in {API_KEY} (sent as `x-api-key`)"
        )
        yield RULE.finding(
            file, value_span(assignment), message, fix=rename_fix(file, assignment, API_KEY)
        )


RULE = Rule(
    code="AL104",
    name="api-key-in-auth-token-variable",
    summary="Anthropic API key in ANTHROPIC_AUTH_TOKEN without a gateway",
    severity=Severity.INFO,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title=f"Rename the variable to {API_KEY}",
)
