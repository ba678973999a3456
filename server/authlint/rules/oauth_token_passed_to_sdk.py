"""oauth-token-passed-to-sdk.

## What it does
Checks for a Claude OAuth token (``sk-ant-oat01-…``, the kind ``claude
setup-token`` prints and ``/login`` stores) given to an SDK client as its
credential: a literal (directly or through a variable) in ``api_key``,
``auth_token``, ``apiKey``, ``authToken`` or LangChain's
``anthropic_api_key``, or a read of ``CLAUDE_CODE_OAUTH_TOKEN``
(``os.environ["CLAUDE_CODE_OAUTH_TOKEN"]``, ``process.env.CLAUDE_CODE_OAUTH_TOKEN``)
there. Placeholders such as ``sk-ant-oat01-...`` are not reported. A client
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
``auth-facts.md`` §4.4 (401 ``OAuth authentication is currently not
supported.``, anthropic-sdk-python#988), §3 rows 5 and 7 (``This credential is
only authorized for use with Claude Code…``, Roo-Code#10566, Claudable#45),
§2.2 (OAuth tokens need Claude Code's ``anthropic-beta`` header), §1.1 (token
shapes); ``client-behaviour.md`` "Real error wording" table.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
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
    for client in file.code.clients:
        if is_cloud_client(client):
            continue
        headers = client.argument(*_HEADER_ARGS) is not None
        for argument in credential_arguments(client):
            value = string_literal(argument)
            if value is not None and is_oauth_token(value.strip()):
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
