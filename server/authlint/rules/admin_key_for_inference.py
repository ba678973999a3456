"""admin-key-for-inference.

## What it does
Checks for an Admin API key (``sk-ant-admin01-…``) in a variable that clients
use for model requests: ``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN`` or
``CLAUDE_CODE_OAUTH_TOKEN``.

## Why is this bad?
Admin API keys are a separate kind of key, provisioned by organization admins
for the Admin API (``/v1/organizations/…``: members, workspaces, API keys).
They do not work for the Messages API, so Claude Code and the SDKs get a 401
for every request. An Admin key is also far more powerful than an inference
key, so it should not sit in a shell profile or ``.env`` file at all.

## Example
```
ANTHROPIC_API_KEY=sk-ant-admin01-…AA
```
Use instead: a regular API key created in the Console.
```
ANTHROPIC_API_KEY=sk-ant-api03-…AA
```

## Fix safety
No fix: a different key is needed.

## Source
- https://platform.claude.com/docs/en/build-with-claude/administration-api
  Admin API keys start with ``sk-ant-admin…``, differ from standard API keys and serve the
  Admin API only.
- https://platform.claude.com/docs/en/manage-claude/authentication
  the API authenticates Messages requests with an ``sk-ant-api…`` key.
- https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
  rules ``anthropic-admin-api-key`` and ``anthropic-api-key``: the two shapes.
- https://github.com/trufflesecurity/trufflehog/blob/main/pkg/detectors/anthropic/anthropic.go
  verifies Admin keys against ``/v1/organizations/api_keys`` and API keys against
  ``/v1/models``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.core.variables import API_KEY, AUTH_TOKEN, CREDENTIAL_VARIABLES, OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import compact, judged_value
from authlint.rules._helpers import value_span

ADMIN_PREFIX = "sk-ant-admin01-"
_ADVICE = {
    API_KEY: f"Create a regular API key (`sk-ant-api03-…`) in the Console for {API_KEY}",
    AUTH_TOKEN: f"Use a regular API key (`sk-ant-api03-…`) in {API_KEY} instead, or your "
    f"gateway's token in {AUTH_TOKEN}",
    OAUTH_TOKEN: f"Put the output of `claude setup-token` (`sk-ant-oat01-…`) in {OAUTH_TOKEN}",
}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential variable that holds an Admin API key."""
    for assignment in file.assignments:
        if assignment.name not in CREDENTIAL_VARIABLES:
            continue
        value = judged_value(file, assignment)
        if value is None or not value.startswith(ADMIN_PREFIX):
            continue
        message = (
            f"{assignment.name} holds an Admin API key (`{mask(compact(value))}`): Admin keys only "
            "work on the Admin API (/v1/organizations/…), so every model request made with it "
            f"fails with 401. {_ADVICE.get(assignment.name, _ADVICE[API_KEY])}, and keep the "
            "Admin key out of this file"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL102",
    name="admin-key-for-inference",
    summary="Admin API key in a variable used for model requests",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
