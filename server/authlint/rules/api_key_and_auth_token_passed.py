"""api-key-and-auth-token-passed.

## What it does
Checks for an official SDK client constructed with two credentials: an API
key (``api_key``/``apiKey``) and an auth token (``auth_token``/``authToken``),
or, in Python, either of them with ``credentials``, ``config`` or ``profile``.
Only arguments that always have a value count: string literals and
``os.environ["X"]`` (which raises when unset). ``os.getenv(…)``,
``os.environ.get(…)`` and ``process.env.X`` can be ``None``/``undefined``,
which the SDKs treat as not passed, so ``api_key=os.getenv("ANTHROPIC_API_KEY"),
auth_token=os.getenv("ANTHROPIC_AUTH_TOKEN")`` is not reported.

## Why is this bad?
The Python SDK 2.x refuses the client: ``ValueError: Pass at most one of
`api_key=`, `auth_token=`, `credentials=`, `config=`, or `profile=`.``; the
TypeScript SDK 1.x throws ``TypeError: Pass at most one of …``. Older majors
(Python ≤ 1.x, TypeScript 0.x) send both ``X-Api-Key`` and
``Authorization: Bearer`` on every request, and whether the API or a gateway
honours the right one is not documented: the setup works or fails by chance.

## Example
```python
client = Anthropic(
    api_key=os.environ["ANTHROPIC_API_KEY"],
    auth_token=os.environ["ANTHROPIC_AUTH_TOKEN"],
)
```
Use instead (an API key for api.anthropic.com, a token for a gateway):
```python
client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
```

## Fix safety
No fix: which credential is the right one depends on where the requests go.

## Source
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  2.x refuses a second credential argument: ``ValueError: Pass at most one of …``
  (arguments that are not ``None`` count).
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  1.x throws ``TypeError: Pass at most one of …``.
- https://pypi.org/project/anthropic/2.11.0/
  the release checked; anthropic 1.17.0 and @anthropic-ai/sdk 0.137.0 send both headers
  instead, observed against a local server.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._sdk import (
    API_KEY_ARGS,
    AUTH_TOKEN_ARGS,
    OTHER_CREDENTIAL_ARGS,
    definitely_passed,
    is_cloud_client,
)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per official client given more than one credential."""
    if file.code is None:
        return
    others = OTHER_CREDENTIAL_ARGS if file.kind is FileKind.PYTHON else frozenset()
    for client in file.code.clients:
        if client.family != "anthropic" or is_cloud_client(client):
            continue
        passed = [
            a
            for a in client.arguments
            if a.name in API_KEY_ARGS | AUTH_TOKEN_ARGS | others and definitely_passed(file, a)
        ]
        names = [a.name for a in passed]
        if len(passed) < 2 or not any(n in API_KEY_ARGS | AUTH_TOKEN_ARGS for n in names):
            continue
        first, second = passed[0], passed[1]
        listed = ", ".join(f"`{n}`" for n in names)
        if file.kind is FileKind.PYTHON:
            consequence = "the Python SDK 2.x refuses it with `ValueError: Pass at most one of …`"
        else:
            consequence = "the TypeScript SDK 1.x throws `TypeError: Pass at most one of …`"
        message = (
            f"`{client.constructor}` gets {listed}: {consequence}, and older SDKs send both "
            "`X-Api-Key` and `Authorization: Bearer`, so it works or fails depending on which "
            "header the server reads. Pass one credential"
        )
        related = Related(file.source.path, first.name_span, f"`{first.name}` is passed here too")
        yield RULE.finding(file, second.name_span, message, related=(related,))


RULE = Rule(
    code="AL604",
    name="api-key-and-auth-token-passed",
    summary="SDK client given both an API key and an auth token",
    severity=Severity.ERROR,
    kinds=CODE_KINDS,
    check=check,
    doc=__doc__ or "",
)
