"""proxy-sentinel-credential-without-proxy.

## What it does
Checks, where Claude Code reads it, for ``ANTHROPIC_AUTH_TOKEN`` or
``ANTHROPIC_API_KEY`` set to ``PROXY_MANAGED``, the sentinel cc-switch writes
into ``~/.claude/settings.json`` for its local proxy, while the base URL
Claude Code uses is not a local one (cc-switch's proxy listens on
``http://127.0.0.1:15721``): the base URL was edited to a remote host, or
removed so that requests go to ``api.anthropic.com``. A sentinel next to a
loopback base URL (any port: the proxy's port can be changed) is a working
setup and is not reported.

## Why is this bad?
Only the proxy replaces ``PROXY_MANAGED`` with the real key. Sent anywhere
else, the literal word is the credential and every request fails with 401
(``Invalid API key`` / ``Invalid bearer token``); it also outranks a
``/login`` subscription. After switching providers in cc-switch, a running
Claude Code keeps the old ``env`` until it is restarted.

## Example
```json
{ "env": { "ANTHROPIC_AUTH_TOKEN": "PROXY_MANAGED",
           "ANTHROPIC_BASE_URL": "https://api.example-provider.com/anthropic" } }
```
Use instead: keep the sentinel and ``"ANTHROPIC_BASE_URL":
"http://127.0.0.1:15721"`` together (restart Claude Code after switching), or
put the provider's real key in place of the sentinel.

## Fix safety
No fix: whether the proxy or the provider's own key is meant is the user's
choice.

## Source
- https://github.com/farion1231/cc-switch/issues/915
- https://github.com/farion1231/cc-switch/issues/927
  ``/status`` keeps the old base URL until Claude Code is restarted.
- https://github.com/farion1231/cc-switch/issues/1790
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import is_local_host, parse_base_url
from authlint.core.environment import LaunchContext
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL
from authlint.rules._base import Rule
from authlint.rules._credentials import CC_SWITCH_PORT, PROXY_SENTINELS
from authlint.rules._model import related_to
from authlint.rules._reads import claude_reads, readers, switched_to_provider, with_contexts


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at a proxy sentinel that Claude Code sends to a host other than the proxy."""
    for definition, contexts, model in claude_reads(
        file, context, frozenset({API_KEY, AUTH_TOKEN})
    ):
        value = (definition.value or "").strip()
        if value not in PROXY_SENTINELS:
            continue
        hit: list[LaunchContext] = []
        where = ""
        related: list[Related] = []
        for launch in contexts:
            if switched_to_provider(model, launch):
                continue
            base = model.resolve(launch, BASE_URL).winner
            text = (base.value or "").strip() if base is not None else ""
            if base is not None and base.value is None and not base.removes:
                continue  # computed at run time: unknown
            url = parse_base_url(text) if text else None
            if url is not None and is_local_host(url.host):
                continue
            hit.append(launch)
            where = url.host if url is not None else "api.anthropic.com"
            if base is not None and text:
                related = [related_to(base, f"{BASE_URL} points at {where} here")]
        if not hit:
            continue
        message = (
            f"{definition.variable} is cc-switch's `{value}` sentinel, which only its local "
            f"proxy (http://127.0.0.1:{CC_SWITCH_PORT}) replaces with the real key, but "
            f"{readers(hit)} sends requests to {where}: the sentinel itself is sent as the "
            "credential and rejected with 401. Point the base URL back at the proxy (and "
            "restart Claude Code), or use the provider's real key"
        )
        finding = RULE.finding(file, definition.span, message, related=related)
        yield with_contexts(finding, hit)


RULE = Rule(
    code="AL414",
    name="proxy-sentinel-credential-without-proxy",
    summary="cc-switch's PROXY_MANAGED credential sent to a host other than its local proxy",
    severity=Severity.ERROR,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
)
