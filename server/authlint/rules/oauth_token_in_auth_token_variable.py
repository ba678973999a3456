"""oauth-token-in-auth-token-variable.

## What it does
Checks for a Claude OAuth token (``sk-ant-oat01-…``, from ``claude setup-token``
or ``/login``) in ``ANTHROPIC_AUTH_TOKEN`` while the file sends requests to
api.anthropic.com (no ``ANTHROPIC_BASE_URL``, or Anthropic's own). A workload
identity federation or Claude Code routine token has the same prefix and
belongs in a bearer variable, so a file that shows either
(``ANTHROPIC_FEDERATION_RULE_ID``, ``ANTHROPIC_IDENTITY_TOKEN_FILE``,
``/v1/oauth/token``, ``/claude_code/routines/``…) is not reported.

## Why is this bad?
``ANTHROPIC_AUTH_TOKEN`` is the gateway variable: Claude Code sends it as a
plain ``Authorization: Bearer`` token. A subscription token needs Claude Code's
OAuth handling, which it only applies to ``CLAUDE_CODE_OAUTH_TOKEN`` (among
other things the ``anthropic-beta`` header carrying the OAuth capability;
without it the API answers 401, e.g. ``OAuth authentication is currently not
supported.``). Through a gateway, what the gateway expects decides, so nothing
is reported there.

## Example
```
ANTHROPIC_AUTH_TOKEN=sk-ant-oat01-…
```
Use instead:
```
CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-…
```

## Fix safety
Unsafe: renames the variable (the value is not touched); a program reading
``ANTHROPIC_AUTH_TOKEN`` itself would lose it. Not offered when the file
already defines ``CLAUDE_CODE_OAUTH_TOKEN``.

## Source
- https://code.claude.com/docs/en/authentication
  precedence: ``ANTHROPIC_AUTH_TOKEN`` (a gateway bearer token) and
  ``CLAUDE_CODE_OAUTH_TOKEN``.
- https://code.claude.com/docs/en/llm-gateway-protocol
  the ``anthropic-beta`` header carries an OAuth capability; without it requests fail with
  401.
- https://github.com/anthropics/anthropic-sdk-python/issues/988
  ``OAuth authentication is currently not supported.``.
- https://platform.claude.com/docs/en/api/authentication/wif-reference
  workload identity federation access tokens are ``sk-ant-oat01-…`` and belong in a bearer
  header.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197: ``ANTHROPIC_AUTH_TOKEN`` is sent as a plain Bearer.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import OAUTH_TOKEN_PREFIX, mask, workload_or_routine_context
from authlint.core.variables import AUTH_TOKEN, OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import compact, judged_value
from authlint.rules._endpoints import Endpoint, request_endpoint, where
from authlint.rules._helpers import rename_fix, value_span


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per ``ANTHROPIC_AUTH_TOKEN`` holding an OAuth token sent to Anthropic."""
    if request_endpoint(file) is not Endpoint.ANTHROPIC:
        return
    if workload_or_routine_context(file.source.text):
        return  # the token may be a workload identity or routine token, not a subscription one
    for assignment in file.definitions(AUTH_TOKEN):
        value = judged_value(file, assignment)
        if value is None or not value.startswith(OAUTH_TOKEN_PREFIX):
            continue
        message = (
            f"{AUTH_TOKEN} holds a Claude OAuth token (`{mask(compact(value))}`) and requests go "
            f"to {where(file)}: Claude Code sends it as a plain gateway bearer token, without the "
            f"OAuth handling it applies to {OAUTH_TOKEN}, and the API answers 401. Put the token "
            f"in {OAUTH_TOKEN}"
        )
        yield RULE.finding(
            file, value_span(assignment), message, fix=rename_fix(file, assignment, OAUTH_TOKEN)
        )


RULE = Rule(
    code="AL106",
    name="oauth-token-in-auth-token-variable",
    summary="Claude OAuth token in ANTHROPIC_AUTH_TOKEN instead of CLAUDE_CODE_OAUTH_TOKEN",
    severity=Severity.WARNING,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title=f"Rename the variable to {OAUTH_TOKEN}",
)
