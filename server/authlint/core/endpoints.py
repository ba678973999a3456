"""Base URLs: parsing, and what is known about the hosts people point them at.

Sources: ``auth-facts.md`` §4.3 (how the SDKs join ``base_url`` and
``/v1/messages``), §5 (third-party Anthropic-compatible endpoints and their
OpenAI-style siblings), §9 rows ANT012–ANT020; ``client-behaviour.md``
headline 6 (a ``/v1`` suffix gives ``/v1/v1/messages`` → 404). Provider rows
not in ``auth-facts.md`` §5 name their source next to the row.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

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


def _split(text: str) -> tuple[SplitResult | None, bool, str | None]:
    """``urlsplit`` of a stripped base URL (``//`` put in front when it has no scheme).

    Returns ``(parts, had_scheme, error)``: ``parts`` is ``None`` and ``error``
    says why when urllib rejects the value (it raises ``ValueError`` for an
    unmatched ``[``/``]`` and, since Python 3.11.4, for a bracketed host that
    is not an IP address: ``https://[oops]/``).
    """
    had_scheme = bool(_SCHEME.match(text))
    try:
        return urlsplit(text if had_scheme else f"//{text}"), had_scheme, None
    except ValueError as error:
        if "Invalid IPv6 URL" in str(error):
            return None, had_scheme, "a `[` or `]` around its host is unmatched"
        if "IPv4 or IPv6" in str(error):
            return None, had_scheme, "the host in brackets is not an IP address"
        return None, had_scheme, "it is not a URL"


def parse_base_url(value: str) -> BaseUrl | None:
    """Parse ``value``; without a scheme, the part before the first ``/`` is the host.

    Returns ``None`` for an empty value, one that is not URL-like at all, and
    one that cannot be parsed (:func:`base_url_error` says why). A port that is
    not a number from 0 to 65535 gives ``port=None``. Never raises.
    """
    text = value.strip()
    if not text:
        return None
    parts, had_scheme, _ = _split(text)
    if parts is None:
        return None
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    return BaseUrl(text, parts.scheme if had_scheme else "", host, port, parts.path)


def base_url_error(value: str) -> str | None:
    """Why ``value`` cannot be parsed as a base URL, or ``None`` (also for an empty value).

    The reason is a clause to put after "because": ``https://[oops]/`` gives
    "the host in brackets is not an IP address", ``https://[::1/`` "a `[` or
    `]` around its host is unmatched", ``https://host:99999`` "its port is not
    a number from 0 to 65535". Claude Code (``new URL()``) and the SDKs reject
    such a value before sending anything. Never raises.
    """
    text = value.strip()
    if not text:
        return None
    parts, _, error = _split(text)
    if parts is None:
        return error
    try:
        parts.port  # noqa: B018 - urllib checks the port when it is read
    except ValueError:
        return "its port is not a number from 0 to 65535"
    return None


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


def _under(path: str, prefix: str) -> bool:
    """Whether ``path`` is ``prefix`` or below it, segment-wise (``""`` is the root)."""
    return not prefix or path == prefix or path.startswith(prefix + "/")


@dataclass(frozen=True)
class Provider:
    """A third party that serves the Anthropic Messages API.

    ``anthropic_base`` is its documented ``ANTHROPIC_BASE_URL``;
    ``openai_paths`` are path prefixes of its OpenAI-compatible API on the same
    host (``""`` is the whole host); ``reads_x_api_key`` is true when its docs
    accept ``ANTHROPIC_API_KEY`` (``x-api-key``) rather than only a bearer token.
    """

    name: str
    hosts: tuple[str, ...]
    anthropic_base: str
    openai_paths: tuple[str, ...]
    reads_x_api_key: bool = False

    def serves_openai_at(self, path: str) -> bool:
        """Whether ``path`` on this provider's host is its OpenAI-style API.

        The most specific prefix decides: on OpenRouter ``/api/v1`` is
        OpenAI-style although it lies under the Anthropic base ``/api``; on
        DeepSeek ``/anthropic`` is not although every path lies under ``""``.
        """
        path = path.rstrip("/")
        openai = [len(p) for p in self.openai_paths if _under(path, p)]
        if not openai:
            return False
        anthropic = urlsplit(self.anthropic_base).path.rstrip("/") if self.anthropic_base else None
        if anthropic is None or not _under(path, anthropic):
            return True
        return max(openai) > len(anthropic)


PROVIDERS = (
    Provider("OpenRouter", ("openrouter.ai",), "https://openrouter.ai/api", ("/api/v1",)),
    Provider(
        "DeepSeek",
        ("api.deepseek.com",),
        "https://api.deepseek.com/anthropic",
        ("", "/v1"),
        reads_x_api_key=True,
    ),
    # Z.ai and its mainland twin BigModel (open.bigmodel.cn/api/anthropic, same
    # paths): the endpoint reads x-api-key [C: beamuswayne.github.io/Alfred
    # "Using Zhipu GLM"]; Claude Code recipes use ANTHROPIC_AUTH_TOKEN.
    Provider(
        "Z.ai",
        ("api.z.ai",),
        "https://api.z.ai/api/anthropic",
        ("/api/paas", "/api/coding/paas"),
        reads_x_api_key=True,
    ),
    Provider(
        "Zhipu BigModel",
        ("open.bigmodel.cn",),
        "https://open.bigmodel.cn/api/anthropic",
        ("/api/paas", "/api/coding/paas"),
        reads_x_api_key=True,
    ),
    Provider("Moonshot", ("api.moonshot.ai",), "https://api.moonshot.ai/anthropic", ("/v1",)),
    Provider("Moonshot", ("api.moonshot.cn",), "https://api.moonshot.cn/anthropic", ("/v1",)),
    # MiniMax documents ANTHROPIC_API_KEY with the Anthropic SDK, and the China host
    # api.minimaxi.com [P: platform.minimax.io/docs/api-reference/text-anthropic-api].
    Provider(
        "MiniMax",
        ("api.minimax.io",),
        "https://api.minimax.io/anthropic",
        ("/v1",),
        reads_x_api_key=True,
    ),
    Provider(
        "MiniMax",
        ("api.minimaxi.com",),
        "https://api.minimaxi.com/anthropic",
        ("/v1",),
        reads_x_api_key=True,
    ),
    Provider("OpenAI", ("api.openai.com",), "", ("",)),
)


def provider_for(host: str) -> Provider | None:
    """The known third-party provider serving ``host``, if any."""
    for provider in PROVIDERS:
        if host in provider.hosts or any(host.endswith("." + h) for h in provider.hosts):
            return provider
    return None


_COMPLETIONS = re.compile(r"(?:^|/)(?:chat/)?completions(?:/|$)")


def is_openai_style(url: BaseUrl) -> bool:
    """Whether ``url`` points at an OpenAI-style API rather than the Messages API.

    True for a path with a ``/chat/completions`` or ``/completions`` segment
    (any host), and for a known provider's OpenAI-compatible path
    (:meth:`Provider.serves_openai_at`), such as ``https://openrouter.ai/api/v1``
    or ``https://api.deepseek.com``.
    """
    if _COMPLETIONS.search(url.path):
        return True
    provider = provider_for(url.host)
    return provider is not None and provider.serves_openai_at(url.path)


_V1_SUFFIX = re.compile(r"/v1/*$")


def ends_with_v1(url: BaseUrl) -> bool:
    """Whether the path ends in ``/v1`` (trailing slashes allowed).

    The SDKs and Claude Code append ``/v1/messages`` to the base URL, so such a
    base yields ``…/v1/v1/messages``.
    """
    return _V1_SUFFIX.search(url.path) is not None
