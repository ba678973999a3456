"""Base URLs: parsing, and what is known about the hosts people point them at.

Sources: ``auth-facts.md`` §4.3 (how the SDKs join ``base_url`` and
``/v1/messages``), §5 (third-party Anthropic-compatible endpoints and their
OpenAI-style siblings), §9 rows ANT012–ANT020; ``client-behaviour.md``
headline 6 (a ``/v1`` suffix gives ``/v1/v1/messages`` → 404).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlint.core.variables import DEFAULT_API_HOST

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class BaseUrl:
    """A base URL split into parts; ``host`` is lower-case, ``path`` keeps its slashes."""

    raw: str
    scheme: str
    host: str
    port: int | None
    path: str

    @property
    def has_scheme(self) -> bool:
        """Whether the URL was written with ``scheme://``."""
        return bool(self.scheme)


def parse_base_url(value: str) -> BaseUrl | None:
    """Parse ``value``; without a scheme, the part before the first ``/`` is the host.

    Returns ``None`` for an empty value or one that is not URL-like at all.
    """
    text = value.strip()
    if not text:
        return None
    had_scheme = bool(_SCHEME.match(text))
    parts = urlsplit(text if had_scheme else f"//{text}")
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    return BaseUrl(text, parts.scheme if had_scheme else "", host, port, parts.path)


def is_anthropic_host(host: str) -> bool:
    """Whether ``host`` is Anthropic's public API."""
    return host == DEFAULT_API_HOST


def is_local_host(host: str) -> bool:
    """Loopback, private-range and single-label hosts (``localhost``, compose service names)."""
    if host in {"localhost", "host.docker.internal"} or "." not in host:
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.endswith((".localhost", ".local", ".internal"))
    return address.is_loopback or address.is_private or address.is_unspecified


@dataclass(frozen=True)
class Provider:
    """A third party that serves the Anthropic Messages API.

    ``anthropic_base`` is its documented ``ANTHROPIC_BASE_URL``;
    ``openai_paths`` are path prefixes of its OpenAI-compatible API on the same
    host; ``reads_x_api_key`` is true when its docs accept ``ANTHROPIC_API_KEY``
    (``x-api-key``) rather than only a bearer token.
    """

    name: str
    hosts: tuple[str, ...]
    anthropic_base: str
    openai_paths: tuple[str, ...]
    reads_x_api_key: bool = False


PROVIDERS = (
    Provider("OpenRouter", ("openrouter.ai",), "https://openrouter.ai/api", ("/api/v1",)),
    Provider("DeepSeek", ("api.deepseek.com",), "https://api.deepseek.com/anthropic", ("", "/v1"), True),
    Provider("Z.ai", ("api.z.ai",), "https://api.z.ai/api/anthropic", ("/api/paas", "/api/coding/paas")),
    Provider("Moonshot", ("api.moonshot.ai",), "https://api.moonshot.ai/anthropic", ("/v1",)),
    Provider("Moonshot", ("api.moonshot.cn",), "https://api.moonshot.cn/anthropic", ("/v1",)),
    Provider("MiniMax", ("api.minimax.io",), "https://api.minimax.io/anthropic", ("/v1",)),
    Provider("OpenAI", ("api.openai.com",), "", ("",)),
)


def provider_for(host: str) -> Provider | None:
    """The known third-party provider serving ``host``, if any."""
    for provider in PROVIDERS:
        if host in provider.hosts or any(host.endswith("." + h) for h in provider.hosts):
            return provider
    return None
