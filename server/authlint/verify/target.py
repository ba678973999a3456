"""What ``authlint verify`` would send, and whether it may send it: no network here.

Which credentials a program started from this shell sends comes from the
environment alone, read the way the clients read it:

- ``ANTHROPIC_AUTH_TOKEN``, ``ANTHROPIC_API_KEY``, ``CLAUDE_CODE_OAUTH_TOKEN``,
  in Claude Code's documented order (``auth-facts.md`` §2.1: the first one set
  is the one Claude Code uses). Every one that is set is checked, since other
  clients pick differently: Python SDK ≥ 2 and TS SDK ≥ 1 use
  ``ANTHROPIC_API_KEY`` when both it and ``ANTHROPIC_AUTH_TOKEN`` are set,
  older SDKs and Claude Code send both headers (``client-behaviour.md``
  headline 2), and the SDKs never read ``CLAUDE_CODE_OAUTH_TOKEN``.
- An empty value counts as unset (Python SDK ≥ 0.122, the TS SDK's
  ``readEnv``, Claude Code's provider selection).
- Surrounding whitespace is trimmed, as the TS SDK and Claude Code do; the
  Python SDK would refuse such a value (``client-behaviour.md`` headline 3),
  which is reported as a note.
- ``ANTHROPIC_BASE_URL`` (trimmed; empty counts as unset, as in the TS SDK and
  Claude Code), else ``https://api.anthropic.com``. The request goes to
  ``<base>/v1/models``, joined the way the SDKs join paths (``auth-facts.md``
  §4.3), so a base ending in ``/v1`` is checked as the clients would use it.

Where it may go (checked before any connection is opened):

- ``https`` only, except on loopback (``127.0.0.0/8``, ``::1``, ``localhost``),
  where ``http`` is allowed;
- a value that holds an Anthropic key or token, even a damaged one
  (:func:`~authlint.core.secrets.contains_anthropic_key`: ``sk-ant-`` in any
  case, ``_`` or ``%2D`` for ``-``, a key missing its first characters, a bare
  key body) goes only to ``api.anthropic.com`` or to loopback, never to a third
  party, whatever ``ANTHROPIC_BASE_URL`` says.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urlsplit

from authlint.core.endpoints import base_url_error
from authlint.core.secrets import contains_anthropic_key, credential_kind, mask
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, DEFAULT_API_HOST, OAUTH_TOKEN

DEFAULT_BASE_URL = f"https://{DEFAULT_API_HOST}"
ANTHROPIC_VERSION = "2023-06-01"
OAUTH_BETA = "oauth-2025-04-20"
MODELS_PATH = "/v1/models"

# Claude Code's precedence among the environment credentials (auth-facts.md §2.1).
CREDENTIAL_ORDER = (AUTH_TOKEN, API_KEY, OAUTH_TOKEN)

_WHITESPACE = " \t\r\n\v\f"


class HeaderKind(Enum):
    """How a credential is presented."""

    X_API_KEY = "x-api-key"
    BEARER = "Authorization: Bearer"


HEADER_FOR = {
    API_KEY: HeaderKind.X_API_KEY,
    AUTH_TOKEN: HeaderKind.BEARER,
    OAUTH_TOKEN: HeaderKind.BEARER,
}


@dataclass(frozen=True)
class Credential:
    """One credential from the environment. ``value`` is the secret: never print it."""

    variable: str
    value: str = field(repr=False)
    trimmed: bool = False  # surrounding whitespace was removed

    @property
    def masked(self) -> str:
        """The value as it may be shown: prefix, ``…``, last four characters."""
        return mask(self.value)

    @property
    def header(self) -> HeaderKind:
        """The header Claude Code sends this variable in (``auth-facts.md`` §2.2)."""
        return HEADER_FOR[self.variable]

    @property
    def kind(self) -> str:
        """What the value looks like (``Anthropic API key``, ``Claude OAuth token``…)."""
        return credential_kind(self.value).value

    def headers(self) -> dict[str, str]:
        """The request headers carrying this credential, plus ``anthropic-version``.

        ``CLAUDE_CODE_OAUTH_TOKEN`` also gets ``anthropic-beta: oauth-2025-04-20``,
        which Claude Code sends with OAuth tokens (``client-behaviour.md``).
        """
        out = {"anthropic-version": ANTHROPIC_VERSION}
        if self.header is HeaderKind.X_API_KEY:
            out["x-api-key"] = self.value
        else:
            out["authorization"] = f"Bearer {self.value}"
        if self.variable == OAUTH_TOKEN:
            out["anthropic-beta"] = OAUTH_BETA
        return out


@dataclass(frozen=True)
class Endpoint:
    """Where the check goes: the base URL, where it came from, and the request URL."""

    base_url: str
    source: str  # "ANTHROPIC_BASE_URL", "--base-url" or "default"
    scheme: str
    host: str
    url: str

    @property
    def is_loopback(self) -> bool:
        """Whether the host is 127.0.0.0/8, ``::1`` or ``localhost``."""
        return is_loopback_host(self.host)

    @property
    def is_anthropic(self) -> bool:
        """Whether the host is Anthropic's public API."""
        return self.host == DEFAULT_API_HOST


@dataclass(frozen=True)
class Resolved:
    """The environment read: credentials in order, the endpoint, and notes about both.

    ``endpoint`` is ``None`` when the base URL cannot be used (``problem`` says why).
    """

    credentials: tuple[Credential, ...]
    endpoint: Endpoint | None
    problem: str | None
    notes: tuple[str, ...]


def is_loopback_host(host: str) -> bool:
    """``localhost``, an address in ``127.0.0.0/8``, or ``::1``."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def join_models_url(base: str) -> str:
    """``<base>/v1/models``, with the base's trailing slashes dropped (as the SDKs join)."""
    parts = urlsplit(base)
    path = parts.path.rstrip("/")
    netloc = parts.netloc
    return f"{parts.scheme}://{netloc}{path}{MODELS_PATH}"


def resolve_endpoint(
    environ: Mapping[str, str], base_url: str | None = None
) -> tuple[Endpoint | None, str | None, list[str]]:
    """The endpoint from ``base_url`` (the flag) or ``ANTHROPIC_BASE_URL`` or the default.

    Returns ``(endpoint, problem, notes)``; ``endpoint`` is ``None`` when the
    URL cannot be used, and ``problem`` then says why.
    """
    notes: list[str] = []
    if base_url is not None:
        raw, source = base_url, "--base-url"
    elif BASE_URL in environ:
        raw, source = environ[BASE_URL], BASE_URL
    else:
        raw, source = DEFAULT_BASE_URL, "default"
    value = raw.strip(_WHITESPACE)
    if value != raw and value:
        notes.append(
            f"{source} has surrounding whitespace; Claude Code trims it and so does this check."
        )
    if not value:
        if source == BASE_URL:
            notes.append(
                "ANTHROPIC_BASE_URL is set but empty: the TS SDK and Claude Code then use "
                "api.anthropic.com, but the Python SDK fails with APIConnectionError "
                "(UnsupportedProtocol) (client-behaviour.md, Python SDK table; rule AL403)."
            )
        value, source = DEFAULT_BASE_URL, "default"
    try:
        parts = urlsplit(value)
    except ValueError:  # `https://[oops]/`, an unmatched `[`: no client can use it either
        return (
            None,
            f"{source} {value!r} is not a valid URL ({base_url_error(value) or 'unparsable'}); "
            "the clients cannot use it (Claude Code: `API Error: Invalid URL`). Write the full "
            "URL, e.g. https://api.anthropic.com (rule AL402).",
            notes,
        )
    scheme = parts.scheme.lower()
    if "://" not in value or scheme not in ("http", "https"):
        return (
            None,
            f"{source} {value!r} has no http:// or https:// scheme; the clients cannot use it "
            "(Claude Code: `API Error: Invalid URL`). Write the full URL, e.g. "
            "https://api.anthropic.com (rule AL402).",
            notes,
        )
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        return None, f"{source} {value!r} has an invalid port.", notes
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return None, f"{source} {value!r} has no host.", notes
    endpoint = Endpoint(value, source, scheme, host, join_models_url(value))
    return endpoint, None, notes


def resolve(environ: Mapping[str, str], base_url: str | None = None) -> Resolved:
    """Read the credentials and the endpoint from ``environ`` (see the module docstring)."""
    credentials: list[Credential] = []
    notes: list[str] = []
    for variable in CREDENTIAL_ORDER:
        raw = environ.get(variable)
        if raw is None:
            continue
        value = raw.strip(_WHITESPACE)
        if not value:
            notes.append(
                f"{variable} is set but empty: clients treat it as unset, but it keeps "
                "load_dotenv() and dotenv.config() from loading the value in a .env file "
                "(client-behaviour.md headline 7)."
            )
            continue
        trimmed = value != raw
        if trimmed:
            notes.append(
                f"{variable} starts or ends with whitespace: the TS SDK and Claude Code trim "
                "it (and so does this check), but the Python SDK fails with "
                "`APIConnectionError: Connection error.` and sends nothing (rule AL201)."
            )
        credentials.append(Credential(variable, value, trimmed))
    names = {c.variable for c in credentials}
    if {API_KEY, AUTH_TOKEN} <= names:
        notes.append(
            "ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set: Claude Code and the "
            "Python SDK ≤ 1.x / TS SDK 0.x send both headers (which one the API honours is not "
            "documented), Python SDK ≥ 2 / TS SDK ≥ 1 send only ANTHROPIC_API_KEY. Each is "
            "checked on its own here; keep only the one you mean."
        )
    if OAUTH_TOKEN in names and names - {OAUTH_TOKEN}:
        notes.append(
            "CLAUDE_CODE_OAUTH_TOKEN is shadowed: Claude Code uses ANTHROPIC_AUTH_TOKEN or "
            "ANTHROPIC_API_KEY first (auth-facts.md §2.1), and the SDKs never read it."
        )
    endpoint, problem, endpoint_notes = resolve_endpoint(environ, base_url)
    return Resolved(tuple(credentials), endpoint, problem, (*notes, *endpoint_notes))


def refusal(credential: Credential, endpoint: Endpoint) -> str | None:
    """Why ``credential`` must not be sent to ``endpoint``, or ``None`` when it may be.

    ``http`` is allowed on loopback only; a value holding an Anthropic key or
    token (:func:`~authlint.core.secrets.contains_anthropic_key`) goes only to
    ``api.anthropic.com`` or loopback.
    """
    if endpoint.scheme != "https" and not endpoint.is_loopback:
        return (
            f"refused: {endpoint.base_url} is plain http and not loopback; the credential "
            "would cross the network unencrypted. Use https://."
        )
    if contains_anthropic_key(credential.value) and not (
        endpoint.is_anthropic or endpoint.is_loopback
    ):
        return (
            f"refused: {credential.variable} holds an Anthropic key or token and "
            f"{endpoint.source} points at {endpoint.host}, which is not Anthropic's API. "
            "authlint never sends an Anthropic credential to a third party (rule AL405); "
            "if a client already did, rotate the key."
        )
    return None


_NAMED = {
    "\ufeff": "a byte-order mark (U+FEFF)",
    "\u00a0": "a no-break space (U+00A0)",
    "\u200b": "a zero-width space (U+200B)",
    "\u2018": "a curly quote (U+2018)",
    "\u2019": "a curly quote (U+2019)",
    "\u201c": "a curly quote (U+201C)",
    "\u201d": "a curly quote (U+201D)",
    "\r": "a carriage return",
    "\n": "a line break",
    "\t": "a tab",
}


def unsendable(credential: Credential) -> str | None:
    """Why the value cannot be an HTTP header as it is, or ``None``.

    Control characters and anything outside printable ASCII inside the value:
    Claude Code sends no request then (``Invalid API key · Fix external API
    key``), the TS SDK throws ``TypeError`` (ByteString / invalid header value),
    and the Python SDK either refuses (``LocalProtocolError``) or sends UTF-8
    bytes that the API rejects (``client-behaviour.md``).
    """
    for index, char in enumerate(credential.value):
        if 0x20 <= ord(char) <= 0x7E:
            continue
        what = _NAMED.get(char, f"the character U+{ord(char):04X}")
        return (
            f"{credential.variable} contains {what} at character {index + 1}; a header "
            "cannot carry it. Claude Code sends no request (`Invalid API key · Fix external "
            "API key`), the TS SDK throws TypeError, the Python SDK refuses it or gets a 401 "
            "(rules AL101, AL204, AL205). Delete the character and retype the value."
        )
    return None
