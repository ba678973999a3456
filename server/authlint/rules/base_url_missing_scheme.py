"""base-url-missing-scheme.

## What it does
Checks for an ``ANTHROPIC_BASE_URL`` written as a host without ``https://``
or ``http://``: ``api.anthropic.com``, ``gateway.corp.example/anthropic``,
``localhost:4000``, ``127.0.0.1:8080``, ``litellm:4000``. Values that do not
look like a host at all (a single word without a port) are left alone, and so
are OpenAI-style endpoints, which AL404 (openai-compatible-base-url) reports
with the complete URL to use. Also reports a base URL that cannot be parsed at
all: a bracketed host that is not an IP address (``https://[oops]/``), an
unmatched ``[`` or ``]``, a port that is not a number from 0 to 65535.

## Why is this bad?
Claude Code stops with ``API Error: Invalid URL``. The Python SDK treats the
value as a relative path and builds ``api.anthropic.com/api.anthropic.com/v1/messages``;
``localhost:4000`` even parses as a URL whose *scheme* is ``localhost``. No
request reaches the intended host. A URL that cannot be parsed fails the same
way in Claude Code (``new URL()`` throws) and in the Python SDK (httpx raises
``InvalidURL``) before anything is sent.

## Example
```
ANTHROPIC_BASE_URL=api.anthropic.com
```
Use instead:
```
ANTHROPIC_BASE_URL=https://api.anthropic.com
```

## Fix safety
Inserting ``https://`` is safe for public hosts. For loopback, private-range
and single-label hosts (``localhost``, ``127.0.0.1``, compose service names)
the fix inserts ``http://`` and is unsafe: local proxies usually speak plain
HTTP, but only the user knows whether this one does. No fix for a URL that
cannot be parsed: only the user knows the host meant.

## Source
- https://github.com/anthropics/claude-code/issues/441
  ``ANTHROPIC_BASE_URL=api.anthropic.com`` gives ``API Error: Invalid URL``; the
  maintainer's fix is the full ``https://`` URL.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_base_client.py
  the Python SDK joins a scheme-less base URL into a relative path.
- https://url.spec.whatwg.org/
  URL parsing as Node's ``new URL()`` implements it (a bracketed host must be IPv6; ports
  up to 65535).
- https://www.python-httpx.org/exceptions/
  httpx ``InvalidURL``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.endpoints import base_url_error, is_local_host, is_openai_style
from authlint.core.facts import ALL_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.variables import BASE_URL
from authlint.rules._base import Rule
from authlint.rules._endpoints import base_urls, shown_url, unparsable_base_urls
from authlint.rules._helpers import content_subspan, value_span

# A host (domain with a top-level label, IPv4, bracketed IPv6, localhost), or a
# single-label name with a port, then an optional port and path/query/fragment.
_HOST_ONLY = re.compile(
    r"""
    (?:
        (?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\.?
      | \d{1,3}(?:\.\d{1,3}){3}
      | \[[0-9A-Fa-f:.]+\]
      | localhost
    )
    (?::\d{1,5})?
    (?:[/?\#]\S*)?
    |
    [A-Za-z0-9][A-Za-z0-9_-]*:\d{1,5}(?:[/?\#]\S*)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per live ``ANTHROPIC_BASE_URL`` that is a host without a scheme.

    And one per live ``ANTHROPIC_BASE_URL`` that cannot be parsed at all.
    """
    for assignment, reason in unparsable_base_urls(file):
        message = (
            f"{BASE_URL} `{shown_url(assignment.value or '')}` is not a valid URL: {reason}. "
            "Claude Code stops with `API Error: Invalid URL` and the SDKs reject it before "
            "sending anything. Write the full URL, such as `https://api.anthropic.com`"
        )
        yield RULE.finding(file, value_span(assignment), message)
    for assignment, url in base_urls(file):
        value = assignment.value or ""
        text = value.strip()
        if url.has_scheme or not _HOST_ONLY.fullmatch(text) or is_openai_style(url):
            continue
        if base_url_error(value) is not None:  # reported above as not a valid URL
            continue
        local = is_local_host(url.host)
        scheme = "http://" if local else "https://"
        fix = None
        if assignment.maps_one_to_one:
            lead = len(value) - len(value.lstrip())
            edit = Edit(content_subspan(assignment, lead, lead), scheme)
            applicability = Applicability.UNSAFE if local else Applicability.SAFE
            fix = Fix(f"Insert `{scheme}` before the host", (edit,), applicability)
        message = (
            f"{BASE_URL} `{url.host}` has no `https://` or `http://`: Claude Code stops with "
            "`API Error: Invalid URL` and the Python SDK treats the value as a relative path, "
            f"so no request reaches `{url.host}`. Put `{scheme}` in front of the host"
        )
        yield RULE.finding(file, value_span(assignment), message, fix=fix)


RULE = Rule(
    code="AL402",
    name="base-url-missing-scheme",
    summary="ANTHROPIC_BASE_URL is a host without https:// or http://, or not a valid URL",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Insert `https://` before the host",
)
