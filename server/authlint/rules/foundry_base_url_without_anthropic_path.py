"""foundry-base-url-without-anthropic-path.

## What it does
Checks, where Claude Code reads it with ``CLAUDE_CODE_USE_FOUNDRY`` on, for an
``ANTHROPIC_FOUNDRY_BASE_URL`` on an Azure host (``*.azure.com``) whose path
does not end in ``/anthropic``, such as the bare resource URL
``https://my-resource.services.ai.azure.com`` copied from the Azure portal, or
an OpenAI-style ``…/openai/v1``. A gateway in front of Foundry (another host)
is not reported: it has paths of its own.

## Why is this bad?
Claude Code appends the Messages API path to this URL. Microsoft Foundry
serves Claude under ``https://<resource>.services.ai.azure.com/anthropic``;
without that segment the requests go to an API that does not exist, and Claude
Code reports ``Requested API is currently not supported`` or keeps asking to
log in.

## Example
```json
{ "env": { "CLAUDE_CODE_USE_FOUNDRY": "1",
           "ANTHROPIC_FOUNDRY_BASE_URL": "https://my-resource.services.ai.azure.com" } }
```
Use instead: ``"ANTHROPIC_FOUNDRY_BASE_URL":
"https://my-resource.services.ai.azure.com/anthropic"``, or set
``ANTHROPIC_FOUNDRY_RESOURCE=my-resource`` and no base URL.

## Fix safety
Safe on a ``*.services.ai.azure.com`` host: a URL with no path gets
``/anthropic`` appended (unsafe on other Azure hosts). Other paths get no
fix.

## Source
- https://code.claude.com/docs/en/microsoft-foundry
  ``ANTHROPIC_FOUNDRY_RESOURCE`` or ``ANTHROPIC_FOUNDRY_BASE_URL``
  (``https://{resource}.services.ai.azure.com/anthropic``).
- https://github.com/anthropics/claude-code/issues/11937
- https://github.com/anthropics/claude-code/issues/13558
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import parse_base_url
from authlint.core.environment import Definition
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._claude import is_truthy
from authlint.rules._reads import claude_reads, readers, value_in, with_contexts

FOUNDRY_BASE_URL = "ANTHROPIC_FOUNDRY_BASE_URL"
SWITCH = "CLAUDE_CODE_USE_FOUNDRY"
_AZURE = ".services.ai.azure.com"
_AZURE_HOSTS = (".azure.com",)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at a Foundry base URL without the ``/anthropic`` path."""
    for definition, contexts, model in claude_reads(file, context, frozenset({FOUNDRY_BASE_URL})):
        value = (definition.value or "").strip()
        url = parse_base_url(value)
        if url is None or not url.has_scheme or not url.host.endswith(_AZURE_HOSTS):
            continue  # a gateway in front of Foundry has paths of its own
        path = url.path.rstrip("/")
        if path.endswith("/anthropic"):
            continue
        hit = [c for c in contexts if is_truthy(value_in(model, c, SWITCH))]
        if not hit:
            continue
        message = (
            f"{FOUNDRY_BASE_URL} does not end in /anthropic: {readers(hit)} sends Foundry "
            "requests to an API that does not exist there (`Requested API is currently not "
            "supported`); use https://<resource>.services.ai.azure.com/anthropic"
        )
        fix = _fix(file, definition, value)
        yield with_contexts(RULE.finding(file, definition.span, message, fix=fix), hit)


def _fix(file: ScannedFile, definition: Definition, value: str) -> Fix | None:
    """Append ``/anthropic`` to a URL with no path (nothing after the host but a ``/``)."""
    url = parse_base_url(value)
    if url is None or url.path.strip("/") or "?" in value or "#" in value:
        return None
    assignment = next((a for a in file.assignments if a.name_span == definition.name_span), None)
    if assignment is None or assignment.raw_content != assignment.raw_content.rstrip():
        return None
    safety = Applicability.SAFE if url.host.endswith(_AZURE) else Applicability.UNSAFE
    glue = "anthropic" if assignment.raw_content.endswith("/") else "/anthropic"
    end = assignment.content_span.end
    return Fix(RULE.fix_title or "", (Edit(Span(end, end), glue),), safety)


RULE = Rule(
    code="AL412",
    name="foundry-base-url-without-anthropic-path",
    summary="ANTHROPIC_FOUNDRY_BASE_URL without the /anthropic path",
    severity=Severity.WARNING,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Append `/anthropic`",
)
