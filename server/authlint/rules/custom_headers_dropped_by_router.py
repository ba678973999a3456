"""custom-headers-dropped-by-router.

## What it does
Points out, as information, ``ANTHROPIC_CUSTOM_HEADERS`` read by Claude Code
while its base URL is claude-code-router's local address
(``http://127.0.0.1:3456``, any loopback host on port 3456).

## Why is this bad?
Claude Code sends the custom headers to the router, but the router builds a
new request for the upstream provider and does not forward them: the
upstream sees ``"headers":{}``. Headers meant for the provider (an
organisation id, a tracing or billing tag) are lost without an error.

## Example
```json
{ "env": { "ANTHROPIC_BASE_URL": "http://127.0.0.1:3456",
           "ANTHROPIC_CUSTOM_HEADERS": "X-Org-Id: 42" } }
```
Use instead: add the headers in the router's configuration (a transformer
for the provider), or drop the variable if only the router needed it.

## Fix safety
No fix: where the headers should go depends on the router's configuration.

## Source
- https://github.com/musistudio/claude-code-router/issues/269
  custom headers do not reach the upstream (``"headers":{}``).
- https://github.com/musistudio/claude-code-router/issues/943
- https://code.claude.com/docs/en/env-vars
  ``ANTHROPIC_CUSTOM_HEADERS``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import is_local_host, parse_base_url
from authlint.core.environment import LaunchContext
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.variables import BASE_URL, CUSTOM_HEADERS
from authlint.rules._base import Rule
from authlint.rules._model import related_to
from authlint.rules._reads import claude_reads, readers, with_contexts

ROUTER_PORT = 3456


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield an info at custom headers Claude Code sends to claude-code-router."""
    for definition, contexts, model in claude_reads(file, context, frozenset({CUSTOM_HEADERS})):
        if not (definition.value or "").strip():
            continue
        hit: list[LaunchContext] = []
        related: list[Related] = []
        for launch in contexts:
            base = model.resolve(launch, BASE_URL).winner
            url = parse_base_url(base.value or "") if base is not None else None
            if url is None or not is_local_host(url.host) or url.port != ROUTER_PORT:
                continue
            hit.append(launch)
            related = [related_to(base, "claude-code-router's address")] if base else []
        if not hit:
            continue
        message = (
            f"{CUSTOM_HEADERS} goes to claude-code-router (port {ROUTER_PORT}), which does not "
            f"forward it to the upstream provider: {readers(hit)} sends these headers no "
            "further than the router; set them in a router transformer instead"
        )
        yield with_contexts(RULE.finding(file, definition.span, message, related=related), hit)


RULE = Rule(
    code="AL413",
    name="custom-headers-dropped-by-router",
    summary="ANTHROPIC_CUSTOM_HEADERS sent to claude-code-router, which does not forward them",
    severity=Severity.INFO,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
)
