"""empty-anthropic-variable-in-compose.

## What it does
Checks the ``environment`` of each Compose service for ``ANTHROPIC_BASE_URL``,
``ANTHROPIC_API_KEY`` or ``ANTHROPIC_AUTH_TOKEN`` that the container gets as
an empty string: an empty literal (``ANTHROPIC_BASE_URL: ""``,
``- ANTHROPIC_API_KEY=``) or an interpolation with an empty default
(``${ANTHROPIC_BASE_URL:-}``, ``${ANTHROPIC_API_KEY-}``) that the ``.env``
beside the Compose file does not fill. A bare name (``- ANTHROPIC_API_KEY``,
``ANTHROPIC_API_KEY:``) passes the host's variable through and leaves it
unset when the host has none: it is not reported.

Only services whose program takes ``""`` as a value are reported: a Python
program with the Anthropic SDK (its build context's requirements, or a
``python`` / ``uvicorn`` command), or, for the base URL, a Node app with
``@ai-sdk/anthropic``. Claude Code and the TypeScript SDK treat ``""`` as
unset, so the same line is harmless for them (a common pattern, ``use ONE
of these`` credentials), and nothing is said when the program is unknown.
An empty base URL is a **warning**. An empty ``ANTHROPIC_API_KEY`` (or
``ANTHROPIC_AUTH_TOKEN``) is only **info**, and only when the service also
sets the other credential: alone, an empty key fails no differently from a
missing one (multi-provider apps list ``${X_API_KEY:-}`` for every vendor).

## Why is this bad?
An empty value is not an absent one. The Python SDK reads
``ANTHROPIC_BASE_URL`` with ``os.environ.get`` and uses ``""`` as the base
URL (``APIConnectionError``), and sends an empty ``ANTHROPIC_API_KEY`` as
the key (401); ``@ai-sdk/anthropic`` refuses an empty base URL (``baseURL
must be a non-empty string``). The ``:-`` default that makes Compose quiet
about an unset variable is what injects the empty string.

## Example
```yaml
services:
  api:
    build: .
    environment:
      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}
      ANTHROPIC_BASE_URL: ${ANTHROPIC_BASE_URL:-}
```
Use instead:
```yaml
    environment:
      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}
      ANTHROPIC_BASE_URL:
```

## Fix safety
Unsafe: turns the entry into a pass-through name (``ANTHROPIC_BASE_URL:``,
``- ANTHROPIC_BASE_URL``), which the container gets only when the shell
running Compose has it set.

## Source
- https://github.com/compose-spec/compose-spec/blob/main/spec.md
  ``environment``: a name without a value is resolved from the host or left unset;
  ``${VAR:-default}`` interpolation.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  ``os.environ.get`` keeps ``""`` as a value.
- https://github.com/openma-ai/open-managed-agents/issues/145
  ``ANTHROPIC_BASE_URL: ${ANTHROPIC_BASE_URL:-}`` gives ``@ai-sdk/anthropic`` an empty base
  URL: ``InvalidArgumentError: baseURL must be a non-empty string.``
- https://github.com/openma-ai/open-managed-agents/pull/146
  the fix: stop injecting the empty defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL
from authlint.rules._base import Rule
from authlint.rules._compose import (
    Service,
    build_texts,
    project_dotenv,
    runs_python_sdk,
    service_at,
    services,
)
from authlint.rules._helpers import value_span

NAMES = (BASE_URL, API_KEY, AUTH_TOKEN)
_EMPTY_DEFAULT = re.compile(r"^\$\{(?P<var>\w+)(?P<op>:?-)(?:\"\"|''|)\}$")
_AI_SDK = re.compile(r'"@ai-sdk/anthropic"\s*:')


def _empty(assignment: Assignment, dotenv: dict[str, str]) -> str | None:
    """How the entry empties the variable, or ``None`` when it does not."""
    raw = assignment.raw_content.strip()
    if assignment.value is not None:
        return "is set to an empty string" if not assignment.value.strip() else None
    match = _EMPTY_DEFAULT.match(raw)
    if match is None:
        return None
    if (dotenv.get(match.group("var")) or "").strip():
        return None  # the .env beside the file fills it
    return f"is `{raw}`: an empty string whenever {match.group('var')} is unset"


def _service_of(found: list[Service], assignment: Assignment) -> Service | None:
    return service_at(found, assignment.statement_span)


def _severity(service: Service | None, name: str) -> Severity | None:
    """Warning when the program takes ``""`` as a value; ``None`` when that is not evident."""
    if service is None:
        return None
    if runs_python_sdk(service):
        return Severity.WARNING
    _, node, _ = build_texts(service)
    if name == BASE_URL and _AI_SDK.search(node):
        return Severity.WARNING
    return None  # Claude Code and the TypeScript SDK treat "" as unset


def _fix(file: ScannedFile, assignment: Assignment) -> Fix | None:
    index = file.source.index
    text = file.source.text
    name_end = index.offset(assignment.name_span.end)
    value_end = index.offset(assignment.value_span.end)
    if assignment.statement_span.start.line != assignment.value_span.end.line:
        return None
    cut = text.find("=" if text[name_end : name_end + 1] == "=" else ":", name_end)
    if cut < 0 or cut > value_end:
        return None
    start = cut if text[cut] == "=" else cut + 1
    return Fix(
        RULE.fix_title or "", (Edit(index.span(start, value_end), ""),), Applicability.UNSAFE
    )


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Anthropic variable a service gets as an empty string."""
    candidates = [a for a in file.assignments if a.name in NAMES]
    if not candidates:
        return
    dotenv = project_dotenv(file)
    found = services(file)
    emptied = {id(a): _empty(a, dotenv) for a in candidates}
    for assignment in candidates:
        how = emptied[id(assignment)]
        if how is None:
            continue
        service = _service_of(found, assignment)
        severity = _severity(service, assignment.name)
        if severity is None:
            continue
        if assignment.name != BASE_URL:
            # An empty key matters only next to the other credential: the Python SDK sends
            # `X-Api-Key: ""` beside the bearer token (or an empty bearer beside the key).
            other = AUTH_TOKEN if assignment.name == API_KEY else API_KEY
            if not any(a.name == other and emptied[id(a)] is None for a in candidates):
                continue
            severity = Severity.INFO
            effect = (
                f"the Python SDK sends the empty value next to {other}, and a gateway may "
                "reject the request for it"
            )
        else:
            effect = (
                "the Python SDK uses it as the base URL (`APIConnectionError`) and "
                "`@ai-sdk/anthropic` refuses it (`baseURL must be a non-empty string`)"
            )
        where = f"service `{service.name}`" if service is not None else "this service"
        message = (
            f'{assignment.name} in {where} {how}; the container gets `""`, not an unset '
            f"variable: {effect}; list the bare name to pass the host's value through, or "
            "drop it"
        )
        yield RULE.finding(
            file, value_span(assignment), message, fix=_fix(file, assignment), severity=severity
        )


RULE = Rule(
    code="AL718",
    name="empty-anthropic-variable-in-compose",
    summary="Compose passes ANTHROPIC_BASE_URL / API_KEY / AUTH_TOKEN as an empty string",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.COMPOSE}),
    check=check,
    doc=__doc__ or "",
    fix_title="Pass the variable through instead of emptying it",
)
