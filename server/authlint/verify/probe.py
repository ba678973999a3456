"""Send one ``GET /v1/models`` per credential and say what the answer means.

The request: the credential's header (``x-api-key`` or ``Authorization:
Bearer``; ``anthropic-beta: oauth-2025-04-20`` for ``CLAUDE_CODE_OAUTH_TOKEN``),
``anthropic-version: 2023-06-01``, a timeout of a few seconds, redirects not
followed. ``HTTPS_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` and ``SSL_CERT_FILE`` /
``SSL_CERT_DIR`` are honoured as httpx does by default (``trust_env``), except
for loopback targets, which are always contacted directly so that a plain-http
request never hands a credential to a proxy.

Meanings of the answers: ``auth-facts.md`` §2.7 (Claude Code's messages and
their causes), §3 (real reports), §4.4 (401 bodies); ``client-behaviour.md``
"Real error wording".
"""

from __future__ import annotations

import ssl
import urllib.request
from dataclasses import dataclass
from enum import Enum
from typing import Any

import httpx

from authlint import __version__
from authlint.core.secrets import redact
from authlint.verify.target import Credential, Endpoint, refusal, unsendable

DEFAULT_TIMEOUT = 5.0


class Verdict(Enum):
    """What one check found."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"  # 401
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not-found"  # 404
    RATE_LIMITED = "rate-limited"  # 429
    OVERLOADED = "overloaded"  # 529
    REDIRECTED = "redirected"
    UNEXPECTED = "unexpected-answer"
    TLS_ERROR = "tls-error"
    PROXY_ERROR = "proxy-error"
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection-refused"
    CONNECTION_FAILED = "connection-failed"
    REFUSED = "refused"  # authlint would not send it
    UNSENDABLE = "unsendable"  # no header can carry the value
    NO_CREDENTIAL = "no-credential"
    INVALID_BASE_URL = "invalid-base-url"


@dataclass(frozen=True)
class CheckResult:
    """The outcome for one credential. Every text field is already masked."""

    variable: str | None
    credential: str | None  # masked
    kind: str | None
    header: str | None
    url: str | None
    verdict: Verdict
    sent: bool
    status: int | None = None
    api_error_type: str | None = None
    api_message: str | None = None
    request_id: str | None = None
    meaning: str = ""
    hint: str = ""

    @property
    def accepted(self) -> bool:
        """Whether the endpoint accepted the credential."""
        return self.verdict is Verdict.ACCEPTED

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--format json``."""
        return {
            "variable": self.variable,
            "credential": self.credential,
            "kind": self.kind,
            "header": self.header,
            "url": self.url,
            "verdict": self.verdict.value,
            "accepted": self.accepted,
            "sent": self.sent,
            "status": self.status,
            "api_error_type": self.api_error_type,
            "api_message": self.api_message,
            "request_id": self.request_id,
            "meaning": self.meaning,
            "hint": self.hint,
        }


def _no_proxy_matches(host: str, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` exempts ``host``, as httpx reads it (``*``, names, suffixes)."""
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if entry == "*":
            return True
        entry = entry.split("://")[-1].lstrip("*")
        if entry and (
            host == entry.lstrip(".")
            or host.endswith(entry if entry.startswith(".") else "." + entry)
        ):
            return True
    return False


def describe_proxy(endpoint: Endpoint) -> str:
    """Which proxy httpx would use for ``endpoint``, from the environment (masked)."""
    if endpoint.is_loopback:
        return "none (loopback is contacted directly)"
    proxies = urllib.request.getproxies()
    proxy = proxies.get(endpoint.scheme) or proxies.get("all")
    if not proxy:
        return "none"
    if _no_proxy_matches(endpoint.host, proxies.get("no", "")):
        return "none (NO_PROXY matches the host)"
    if "@" in proxy:  # user:password@host
        scheme, _, rest = proxy.rpartition("://")
        proxy = f"{scheme}://…@{rest.rpartition('@')[2]}" if scheme else "…@" + rest
    return redact(proxy)


_MEANINGS_401 = {
    "invalid x-api-key": (
        "the API does not know this key: revoked, mistyped, cut short, from another "
        "organization, or not a Console API key at all (an OAuth token or a gateway token "
        "sent as x-api-key)",
        "copy the key again from the Console (or create a new one); an OAuth token belongs "
        "in CLAUDE_CODE_OAUTH_TOKEN, a gateway token in ANTHROPIC_AUTH_TOKEN",
    ),
    "invalid bearer token": (
        "the bearer token is not valid here: cut short (a `claude setup-token` output that "
        "wrapped over two lines), revoked, or a token meant for another endpoint",
        "copy the token again as one line, or create a new one",
    ),
    "x-api-key header is required": (
        "no credential reached the server: it was empty, or something on the way (a proxy, "
        "a gateway) dropped the header",
        "set the credential, or check what sits between you and the API",
    ),
    "oauth token has expired. please obtain a new token or refresh your existing token.": (
        "the OAuth token has expired; Claude Code keeps sending a token from "
        "CLAUDE_CODE_OAUTH_TOKEN as it is",
        "run `claude setup-token` for a new one-year token (or `/login`), or unset the variable",
    ),
    "oauth authentication is currently not supported.": (
        "an OAuth token reached an endpoint that does not take OAuth tokens (the SDKs, or a "
        "request without Claude Code's OAuth beta header)",
        "use a Console API key in ANTHROPIC_API_KEY for the SDKs",
    ),
    "invalid authentication credentials": (
        "the credential's format was recognised but the account or organization behind it "
        "was rejected (revoked, disabled, deactivated); an expired token is not the cause",
        "rotate or unset the key; check the account in the Console",
    ),
}


def _meaning_401(message: str | None, endpoint: Endpoint) -> tuple[str, str]:
    if message is not None:
        found = _MEANINGS_401.get(message.strip().lower())
        if found is not None:
            meaning, hint = found
            if not endpoint.is_anthropic:
                meaning += f" (the message comes from {endpoint.host}, not from Anthropic)"
            return meaning, hint
    return "the endpoint rejected the credential", "check the credential and the base URL"


def _error_fields(response: httpx.Response) -> tuple[str | None, str | None, str | None]:
    """``(error type, message, request id)`` from an Anthropic error envelope."""
    request_id = response.headers.get("request-id")
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        return None, None, request_id
    if not isinstance(body, dict):
        return None, None, request_id
    error = body.get("error")
    request_id = body.get("request_id") if isinstance(body.get("request_id"), str) else request_id
    if isinstance(error, dict):
        kind = error.get("type") if isinstance(error.get("type"), str) else None
        message = error.get("message") if isinstance(error.get("message"), str) else None
        return kind, message, request_id
    return None, None, request_id


def classify_response(
    response: httpx.Response, credential: Credential, endpoint: Endpoint
) -> CheckResult:
    """Turn an HTTP answer into a :class:`CheckResult`."""
    status = response.status_code
    error_type, message, request_id = _error_fields(response)
    base = {
        "variable": credential.variable,
        "credential": credential.masked,
        "kind": credential.kind,
        "header": credential.header.value,
        "url": redact(endpoint.url),
        "sent": True,
        "status": status,
        "api_error_type": error_type,
        "api_message": redact(message) if message is not None else None,
        "request_id": request_id,
    }
    if 200 <= status < 300:
        try:
            body = response.json()
        except (ValueError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict):
            return CheckResult(
                **base,  # type: ignore[arg-type]
                verdict=Verdict.ACCEPTED,
                meaning="the endpoint accepted the credential",
            )
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.UNEXPECTED,
            meaning=f"{status} but the answer is not the Anthropic Models API's JSON (a login "
            "page, a captive portal or another service?)",
            hint="check ANTHROPIC_BASE_URL",
        )
    if 300 <= status < 400:
        location = response.headers.get("location", "")
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.REDIRECTED,
            meaning=f"the endpoint redirects (to {redact(location) or 'nowhere'}); the clients "
            "do not follow redirects for API calls and Claude Code treats one as a failure, "
            "and authlint does not follow it either",
            hint="set ANTHROPIC_BASE_URL to the final address (https, no redirect)",
        )
    if status == 401:
        meaning, hint = _meaning_401(message, endpoint)
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.REJECTED,
            meaning=meaning,
            hint=hint,
        )
    if status == 403:
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.FORBIDDEN,
            meaning="the credential was recognised but is not allowed here (a Console role "
            "without API access, an inactive subscription, an organization policy), or a "
            "proxy or firewall on the way refused the request",
            hint="check the account's role and the organization's policy in the Console",
        )
    if status == 404:
        if endpoint.url.endswith("/v1/v1/models"):
            meaning = (
                "wrong base URL: it ends in /v1 and the clients add /v1 themselves, so every "
                "request goes to /v1/v1/… (rule AL401)"
            )
            hint = "remove the /v1 suffix from ANTHROPIC_BASE_URL"
        else:
            meaning = (
                "wrong base URL: nothing answers /v1/models there (an OpenAI-style path, a "
                "typo, or a gateway that serves only /v1/messages)"
            )
            hint = "use the provider's documented Anthropic base URL (rule AL404)"
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.NOT_FOUND,
            meaning=meaning,
            hint=hint,
        )
    if status == 429:
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.RATE_LIMITED,
            meaning="rate limited: the request was not served, so this check cannot confirm "
            "the credential (rate limits usually apply after authentication)",
            hint="try again later",
        )
    if status == 529:
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.OVERLOADED,
            meaning="the API is overloaded: this check cannot confirm the credential",
            hint="try again later",
        )
    return CheckResult(
        **base,  # type: ignore[arg-type]
        verdict=Verdict.UNEXPECTED,
        meaning=f"unexpected answer {status}",
        hint="see the message; `This organization has been disabled.` means the key's "
        "organization is gone (auth-facts.md §2.7)",
    )


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def classify_error(
    error: httpx.HTTPError, credential: Credential, endpoint: Endpoint
) -> CheckResult:
    """Turn a transport failure (nothing, or no answer, came back) into a result."""
    base = {
        "variable": credential.variable,
        "credential": credential.masked,
        "kind": credential.kind,
        "header": credential.header.value,
        "url": redact(endpoint.url),
        "sent": False,
    }
    detail = redact(f"{type(error).__name__}: {error}")
    chain = _causes(error)
    if isinstance(error, httpx.ProxyError):
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.PROXY_ERROR,
            meaning=f"the proxy refused or failed the tunnel ({detail})",
            hint="check HTTPS_PROXY / NO_PROXY (httpx reads them as curl does)",
        )
    if isinstance(error, httpx.TimeoutException):
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.TIMEOUT,
            meaning=f"no answer in time ({detail})",
            hint="check the network, the proxy and the base URL; a firewall that drops "
            "packets looks like this",
        )
    if any(isinstance(e, ssl.SSLError) for e in chain) or "SSL" in str(error):
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.TLS_ERROR,
            meaning=f"TLS failed ({detail}); a proxy that inspects TLS with its own "
            "certificate authority causes this",
            hint="give the clients the company CA: NODE_EXTRA_CA_CERTS=/path/ca.pem for "
            "Claude Code and the TS SDK, SSL_CERT_FILE=/path/ca.pem for Python (httpx) "
            "and for this check",
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "Connection refused" in str(
        error
    ):
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.CONNECTION_REFUSED,
            meaning=f"nothing listens at {endpoint.host} ({detail})",
            hint="start the gateway or proxy, or fix the port in the base URL",
        )
    if isinstance(error, httpx.UnsupportedProtocol):
        return CheckResult(
            **base,  # type: ignore[arg-type]
            verdict=Verdict.INVALID_BASE_URL,
            meaning=f"the base URL cannot be used ({detail})",
            hint="write the full https:// URL",
        )
    return CheckResult(
        **base,  # type: ignore[arg-type]
        verdict=Verdict.CONNECTION_FAILED,
        meaning=f"the request failed ({detail})",
        hint="check the host name, DNS and the network",
    )


def _blocked(
    credential: Credential, endpoint: Endpoint | None, verdict: Verdict, why: str
) -> CheckResult:
    return CheckResult(
        variable=credential.variable,
        credential=credential.masked,
        kind=credential.kind,
        header=credential.header.value,
        url=redact(endpoint.url) if endpoint is not None else None,
        verdict=verdict,
        sent=False,
        meaning=why,
    )


def check_credential(
    credential: Credential,
    endpoint: Endpoint,
    timeout: float = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> CheckResult:
    """Check one credential: refuse (no connection) or send one request and classify it.

    ``transport`` replaces httpx's network transport (tests); proxies from the
    environment are then not used either. Never raises for network failures.
    """
    why = refusal(credential, endpoint)
    if why is not None:
        return _blocked(credential, endpoint, Verdict.REFUSED, why)
    why = unsendable(credential)
    if why is not None:
        return _blocked(credential, endpoint, Verdict.UNSENDABLE, why)
    headers = {
        **credential.headers(),
        "accept": "application/json",
        "user-agent": f"authlint/{__version__} (verify)",
    }
    trust_env = transport is None and not endpoint.is_loopback
    try:
        with httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=trust_env,
            transport=transport,
        ) as client:
            response = client.get(endpoint.url, headers=headers, params={"limit": "1"})
    except httpx.HTTPError as error:
        return classify_error(error, credential, endpoint)
    return classify_response(response, credential, endpoint)
