"""placeholder-credential.

## What it does
Checks for a credential variable (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN``) whose value is a documentation placeholder
(``sk-ant-...``, ``your-api-key``, ``<YOUR_KEY>``, ``sk-ant-api03-your-api-key-here``,
``changeme``, ``xxxx``) in a file that is loaded as is: ``.env``, ``.env.local``,
``.env.development``, shell profiles. Templates (``.env.example``,
``.env.sample``, ``.env.template``…), Kubernetes Secret and ConfigMap
manifests (committed ones are templates) and test fixtures (``.env.test``) are
skipped, and so are empty values, which are often deliberate (the OpenRouter
recipe sets ``ANTHROPIC_API_KEY=""``).

## Why is this bad?
A placeholder is sent like a key: as ``x-api-key`` (``ANTHROPIC_API_KEY``) or
``Authorization: Bearer`` (the two token variables), and the API answers
``401 invalid x-api-key`` / ``401 Invalid bearer token`` (Claude Code:
``Invalid API key · Fix external API key``). Worse, each of these variables
outranks a ``/login`` subscription in Claude Code, so the placeholder also
hides a login that would have worked. When the file points
``ANTHROPIC_BASE_URL`` at a local router (``http://127.0.0.1:3456``), dummy
tokens are normal and nothing is reported; for an unknown gateway, deliberate
dummies (``test``, ``dummy``, ``none``…) are left alone too.

## Example
```
# .env
ANTHROPIC_API_KEY=sk-ant-api03-your-api-key-here
```
Use instead:
```
ANTHROPIC_API_KEY=sk-ant-api03-…AA
```

## Fix safety
No fix: only the user has the real key.

## Source
- https://code.claude.com/docs/en/authentication
  the docs' own ``sk-ant-...`` placeholders; the variables outrank ``/login``.
- https://platform.claude.com/docs/en/api/errors
  401 ``authentication_error``.
- https://code.claude.com/docs/en/errors
  ``Invalid API key · Fix external API key``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ALL_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.core.variables import (
    API_KEY,
    AUTH_TOKEN,
    CREDENTIAL_VARIABLES,
    OAUTH_TOKEN,
)
from authlint.rules._base import Rule
from authlint.rules._credentials import DELIBERATE_DUMMY, WHITESPACE, is_placeholder_credential
from authlint.rules._endpoints import Endpoint, request_endpoint
from authlint.rules._helpers import is_overridden, value_span

_TEST_FILE = re.compile(r"(?i)(?:^|[._-])(?:test|tests|testing|mock)(?:$|[._-])")


_CONSEQUENCE = {
    API_KEY: "it is sent as the `x-api-key` header and rejected with 401 `invalid x-api-key` "
    "(Claude Code: `Invalid API key · Fix external API key`)",
    AUTH_TOKEN: "it is sent as `Authorization: Bearer` and rejected with 401 "
    "`Invalid bearer token`",
    OAUTH_TOKEN: "Claude Code sends it as its OAuth bearer token and gets "
    "401 `Invalid bearer token`",
}


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential variable set to a placeholder in a non-template file."""
    path = file.source.path
    if is_template(path) or (path is not None and _TEST_FILE.search(path.name)):
        return
    if file.kind is FileKind.KUBERNETES:
        return  # a committed Secret manifest is a template: real keys never belong there
    endpoint = request_endpoint(file)
    if endpoint is Endpoint.LOCAL:
        return
    for assignment in file.assignments:
        if assignment.name not in CREDENTIAL_VARIABLES or assignment.value is None:
            continue
        value = assignment.value.strip(WHITESPACE)
        if not is_placeholder_credential(value, assignment.name) or is_overridden(file, assignment):
            continue
        if endpoint in (Endpoint.OTHER, Endpoint.UNKNOWN) and DELIBERATE_DUMMY.fullmatch(value):
            continue
        consequence = _CONSEQUENCE[assignment.name]
        if endpoint is not Endpoint.ANTHROPIC:
            consequence = "the endpoint in ANTHROPIC_BASE_URL rejects it with 401"
        message = (
            f"{assignment.name} is set to the placeholder `{mask(value)}` in a file that is "
            f"loaded as is (not a template): {consequence}; it also takes precedence over "
            "a `/login` subscription in Claude Code. Put the real credential here or delete the "
            "line"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL108",
    name="placeholder-credential",
    summary="Credential variable set to a documentation placeholder outside a template",
    severity=Severity.WARNING,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
)
