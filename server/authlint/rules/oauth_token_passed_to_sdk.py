"""oauth-token-passed-to-sdk.

## What it does
Checks for a Claude OAuth token (``sk-ant-oat01-…``, the kind ``claude
setup-token`` prints and ``/login`` stores) given to an SDK client as its
credential: a literal (directly or through a variable) in ``api_key``,
``auth_token``, ``apiKey``, ``authToken`` or LangChain's
``anthropic_api_key``, or a read of ``CLAUDE_CODE_OAUTH_TOKEN``
(``os.environ["CLAUDE_CODE_OAUTH_TOKEN"]``, ``process.env.CLAUDE_CODE_OAUTH_TOKEN``)
there. Placeholders such as ``sk-ant-oat01-...`` are not reported, nor is a
literal in a file that shows workload identity federation or a Claude Code
routine (``ANTHROPIC_FEDERATION_RULE_ID``, ``/v1/oauth/token``,
``/claude_code/routines/``…), which mint ``sk-ant-oat01-`` access tokens the
API takes as ``auth_token``. A client
that also sets default headers is not reported for an environment read,
since what it sends cannot be judged from here.

## Why is this bad?
OAuth tokens belong to Claude Code and a Claude subscription, not to the
API. Sent as an API key (``x-api-key``, or ``Bearer`` from the 2.x/1.x SDKs)
the request fails with ``401 invalid x-api-key`` or ``Invalid bearer token``;
as an auth token it fails with ``401 OAuth authentication is currently not
supported.``, and with Claude Code's beta header with ``400 This credential is
only authorized for use with Claude Code and cannot be used for other API
requests.``

## Example
```python
client = Anthropic(auth_token=os.environ["CLAUDE_CODE_OAUTH_TOKEN"])
```
Use instead: create an API key in the Console and pass it as ``api_key``
(or set ``ANTHROPIC_API_KEY``).

## Fix safety
No fix: the program needs a different credential, which only the user can
create.

## Source
- https://github.com/anthropics/anthropic-sdk-python/issues/988
  an OAuth token from an SDK: ``OAuth authentication is currently not supported.``.
- https://github.com/anthropics/claude-code/issues/8046
  ``This credential is only authorized for use with Claude Code and cannot be used for
  other API requests.``.
- https://github.com/RooCodeInc/Roo-Code/issues/10566
  the same error for a tool reusing a subscription token.
- https://code.claude.com/docs/en/llm-gateway-protocol
  OAuth requests need Claude Code's ``anthropic-beta`` header.
- https://platform.claude.com/docs/en/api/authentication/wif-reference
  workload identity federation mints ``sk-ant-oat01-`` access tokens the SDK may pass as
  ``auth_token``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask, workload_or_routine_context
from authlint.core.variables import OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    AUTH_TOKEN_ARGS,
    credential_arguments,
    is_cloud_client,
    is_oauth_token,
    literal_span,
    string_literal,
)

_HEADER_ARGS = frozenset({"default_headers", "defaultHeaders", "headers"})


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per OAuth token given to an SDK client as its credential."""
    if file.code is None:
        return
    seen = set()
    # Workload identity federation and routines mint `sk-ant-oat01-` access tokens the API
    # takes as a bearer token: a literal is only judged without such context.
    literals = not workload_or_routine_context(file.source.text)
    for client in file.code.clients:
        if is_cloud_client(client):
            continue
        headers = client.argument(*_HEADER_ARGS) is not None
        for argument in credential_arguments(client):
            value = string_literal(argument)
            if value is not None and literals and is_oauth_token(value.strip()):
                span = literal_span(argument)
                what = f"a Claude OAuth token (`{mask(value.strip())}`)"
            elif argument.env_var == OAUTH_TOKEN and not headers:
                span = argument.value_span
                what = f"{OAUTH_TOKEN}, a Claude OAuth token"
            else:
                continue
            if span in seen:
                continue
            seen.add(span)
            if argument.name in AUTH_TOKEN_ARGS:
                reply = "`401 OAuth authentication is currently not supported.`"
            else:
                reply = "`401 invalid x-api-key` (or `Invalid bearer token` from the newest SDKs)"
            message = (
                f"`{argument.name}` of `{client.constructor}` gets {what}: the API does not "
                f"accept OAuth tokens from the SDKs and answers {reply}; they only work in Claude "
                "Code. Create an API key in the Console for the SDK"
            )
            yield RULE.finding(file, span, message)


RULE = Rule(
    code="AL605",
    name="oauth-token-passed-to-sdk",
    summary="Claude OAuth token given to an SDK client, which the API rejects",
    severity=Severity.ERROR,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
)
