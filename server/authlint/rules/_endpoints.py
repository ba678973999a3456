"""Where a file sends its requests: its ``ANTHROPIC_BASE_URL`` definitions, judged.

Shared by the base-URL family (AL4xx) and the credential rules that only apply
when requests go to api.anthropic.com. Sources: ``auth-facts.md`` §2.3, §4.3, §5;
``client-behaviour.md`` headline 6 and the Python SDK table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from enum import Enum

from authlint.core.endpoints import (
    BaseUrl,
    base_url_error,
    is_anthropic_host,
    is_local_host,
    parse_base_url,
    provider_for,
)
from authlint.core.facts import Assignment, ScannedFile
from authlint.core.secrets import is_placeholder as _is_placeholder
from authlint.core.variables import BASE_URL
from authlint.rules._helpers import live_definitions


@functools.lru_cache(maxsize=8)
def is_placeholder(value: str) -> bool:
    """:func:`authlint.core.secrets.is_placeholder`, cached: every base-URL rule asks it."""
    return _is_placeholder(value)


def base_urls(file: ScannedFile) -> Iterator[tuple[Assignment, BaseUrl]]:
    """Live ``ANTHROPIC_BASE_URL`` definitions with a literal, URL-like, non-placeholder value."""
    for assignment in live_definitions(file, BASE_URL):
        value = assignment.value
        if value is None or not value.strip() or is_placeholder(value):
            continue
        url = parse_base_url(value)
        if url is not None:
            yield assignment, url


def unparsable_base_urls(file: ScannedFile) -> Iterator[tuple[Assignment, str]]:
    """Live ``ANTHROPIC_BASE_URL`` literals no client can parse, with the reason.

    ``https://[oops]/``: see :func:`~authlint.core.endpoints.base_url_error`.
    Placeholders and values computed at run time are left out.
    """
    for assignment in live_definitions(file, BASE_URL):
        value = assignment.value
        if value is None or not value.strip() or is_placeholder(value):
            continue
        reason = base_url_error(value)
        if reason is not None:
            yield assignment, reason


def effective_unparsable_base_url(file: ScannedFile) -> tuple[Assignment, str] | None:
    """The winning ``ANTHROPIC_BASE_URL`` when it is a literal no client can parse, and why.

    Such a URL is not ``api.anthropic.com``: rules that guard a credential
    against other hosts treat it as an unknown destination (fail safe).
    """
    assignment = file.effective(BASE_URL)
    if assignment is None or assignment.value is None or is_placeholder(assignment.value):
        return None
    if parse_base_url(assignment.value) is not None:
        return None
    reason = base_url_error(assignment.value)
    return None if reason is None else (assignment, reason)


def shown_url(value: str, limit: int = 80) -> str:
    """``value`` stripped, cut to ``limit`` characters (with ``…``) for a message."""
    text = value.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def effective_base_url(file: ScannedFile) -> tuple[Assignment, BaseUrl] | None:
    """The winning ``ANTHROPIC_BASE_URL`` definition and its URL, when it is a usable literal."""
    assignment = file.effective(BASE_URL)
    if assignment is None or assignment.value is None or is_placeholder(assignment.value):
        return None
    url = parse_base_url(assignment.value)
    return (assignment, url) if url is not None else None


class Endpoint(Enum):
    """Where the file sends requests, judged from its ``ANTHROPIC_BASE_URL`` definitions."""

    ANTHROPIC = "api.anthropic.com"  # no base URL, an empty one, or Anthropic's own
    LOCAL = "local"  # loopback, private range, compose service name
    PROVIDER = "provider"  # a known third party (OpenRouter, DeepSeek, Z.ai…)
    OTHER = "other"  # some other gateway
    UNKNOWN = "unknown"  # computed at run time, unparsable, or several different ones


def _endpoint_of(value: str | None) -> Endpoint:
    if value is None:
        return Endpoint.UNKNOWN
    if not value.strip():
        return Endpoint.ANTHROPIC  # Claude Code and the TS SDK treat "" as unset
    parsed = parse_base_url(value)
    if parsed is None:
        return Endpoint.UNKNOWN
    if is_anthropic_host(parsed.host):
        return Endpoint.ANTHROPIC
    if is_local_host(parsed.host):
        return Endpoint.LOCAL
    if provider_for(parsed.host) is not None:
        return Endpoint.PROVIDER
    return Endpoint.OTHER


def request_endpoint(file: ScannedFile) -> Endpoint:
    """Where credentials in ``file`` are sent. Every definition of the base URL counts.

    A definition inside an ``if`` or a function may be the one that runs, so
    definitions that disagree give :attr:`Endpoint.UNKNOWN`.
    """
    found = {_endpoint_of(a.value) for a in file.definitions(BASE_URL)}
    if not found:
        return Endpoint.ANTHROPIC
    return found.pop() if len(found) == 1 else Endpoint.UNKNOWN


def where(file: ScannedFile) -> str:
    """How a message says requests go to Anthropic: ``"api.anthropic.com (…why…)"``."""
    definitions = file.definitions(BASE_URL)
    if not definitions:
        return f"api.anthropic.com (this file sets no {BASE_URL})"
    if all(not (a.value or "").strip() for a in definitions):
        return f"api.anthropic.com ({BASE_URL} is empty, which clients treat as unset)"
    return f"api.anthropic.com ({BASE_URL} points there)"
