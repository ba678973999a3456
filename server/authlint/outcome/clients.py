"""What each client does with a credential or base URL value: the knowledge behind predictions.

A :class:`Client` is a program that sends the request (the Python SDK, the
TypeScript SDK, Claude Code) at a major version. :func:`value_effect` says
what it does with a damaged value before sending (trims it, refuses to send,
sends it as is), :func:`credential_verdict` whether the server takes the
credential, and the ``*_wording`` helpers what the user then sees.

Sources (public):

- Python SDK: https://github.com/anthropics/anthropic-sdk-python (``_client.py``:
  ``X-Api-Key`` in 0.x/1.x; ``Authorization: Bearer`` for the API key in 2.x;
  ``Could not resolve authentication method``); httpx rejects a header value
  with surrounding whitespace or control characters
  (https://github.com/python-hyper/h11/blob/master/h11/_headers.py,
  "Illegal header value").
- TypeScript SDK: https://github.com/anthropics/anthropic-sdk-typescript
  (``readEnv()`` trims with ``String.prototype.trim``; fetch ``Headers``
  refuses characters above U+00FF: https://fetch.spec.whatwg.org/#concept-header-value).
- Claude Code: https://docs.claude.com/en/docs/claude-code/settings and
  https://docs.claude.com/en/docs/claude-code/llm-gateway (``x-api-key`` for
  ``ANTHROPIC_API_KEY``, ``Authorization: Bearer`` for ``ANTHROPIC_AUTH_TOKEN``);
  error texts from anthropics/claude-code issues #10503 (``Invalid bearer
  token``), #33811 (expired OAuth token), #3624.
- Server wording: https://docs.anthropic.com/en/api/errors (401
  ``authentication_error``, 404 ``not_found_error``).

Everything here was also observed by running anthropic 0.69/1.17/2.11,
@anthropic-ai/sdk 0.65/0.137/1.11 and Claude Code 2.1 against a local server
(``tests/clients``), where the behaviour is not documented.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from authlint.core.outcomes import Client
from authlint.core.secrets import (
    ADMIN_KEY_RE,
    API_KEY_RE,
    OAUTH_TOKEN_RE,
    CredentialKind,
    credential_kind,
    is_placeholder,
)
from authlint.rules._credentials import DELIBERATE_DUMMY

# Current major versions, used when the project does not pin one.
CURRENT_MAJOR = {"python": 2, "node": 1, "claude": 2}

_SMART_QUOTES = "\u201c\u201d\u2018\u2019"
_ENDS_TRIMMED_BY_JS = " \t\n\r\f\v\u00a0\ufeff"


class Effect(Enum):
    """What a client does with a value before sending it."""

    CLEAN = "clean"  # nothing to do
    TRIMMED = "trimmed"  # the client removes the damage and the value works
    REFUSED = "refused"  # the client raises before any request: no request
    SENT_DAMAGED = "sent damaged"  # the damaged value reaches the server


@dataclass(frozen=True)
class ValueEffect:
    """``effect`` of ``client`` on a value, with ``why`` (a short phrase) and the client's error."""

    effect: Effect
    why: str = ""
    error: str = ""


def _damage(value: str) -> str | None:
    """The kind of damage in ``value``, or ``None``.

    ``ends`` (whitespace at either end), ``invisible-ends`` (a BOM or NBSP at
    an end), ``newline`` (a line break inside), ``quotes``, ``smart-quotes``,
    ``invisible`` (a BOM, NBSP or zero-width character inside).
    """
    inner = value.strip(_ENDS_TRIMMED_BY_JS)
    if any(c in inner for c in "\r\n"):
        return "newline"
    if any(c in value for c in _SMART_QUOTES):
        return "smart-quotes"
    if any(c in inner for c in "\ufeff\u00a0\u200b\u200c\u200d\u2060"):
        return "invisible"
    if inner[:1] in "\"'" and inner and inner[-1:] == inner[:1] and len(inner) >= 2:
        return "quotes"
    if inner != value:
        if any(c in value for c in "\ufeff\u00a0"):
            return "invisible-ends"
        return "ends"
    return None


def value_effect(client: Client, value: str) -> ValueEffect:
    """What ``client`` does with a credential ``value`` read from the environment.

    Python SDK: httpx refuses a header value with whitespace at its ends or a
    line break (``APIConnectionError: Connection error.``, no request; 2.x
    sends a leading space inside ``Bearer  key``), and 0.x cannot encode a BOM,
    smart quote or NBSP (``UnicodeEncodeError``); 1.x/2.x send them (401).
    TypeScript SDK: ``readEnv`` trims both ends (BOM and NBSP too); characters
    above U+00FF and inner line breaks make fetch refuse the header. Claude
    Code trims spaces and line breaks at the ends and sends no request for a
    BOM, smart quotes, NBSP or an inner line break. Quotes kept in the value
    are sent by everyone (401).
    """
    damage = _damage(value)
    if damage is None:
        return ValueEffect(Effect.CLEAN)
    if damage == "quotes":
        return ValueEffect(Effect.SENT_DAMAGED, "the quotes are part of the value")
    family = client.family
    if family == "python":
        if damage in ("ends", "newline"):
            leading_only = value.rstrip() == value and value.lstrip(" ") != value
            if damage == "ends" and leading_only and client.major >= 2:
                return ValueEffect(Effect.TRIMMED, "anthropic 2.x sends it after `Bearer `")
            return ValueEffect(
                Effect.REFUSED,
                "httpx refuses a header value with whitespace or a line break",
                "APIConnectionError: Connection error. (Illegal header value)",
            )
        if client.major == 0:
            return ValueEffect(
                Effect.REFUSED,
                "anthropic 0.x cannot encode the character in a header",
                "UnicodeEncodeError",
            )
        return ValueEffect(Effect.SENT_DAMAGED, "the invisible character is sent with the key")
    if family == "node":
        if damage in ("ends", "invisible-ends"):
            return ValueEffect(Effect.TRIMMED, "the SDK trims the value (`readEnv`)")
        if damage == "newline":
            return ValueEffect(
                Effect.REFUSED,
                "fetch refuses a header value with a line break",
                "TypeError: Headers.append: invalid header value",
            )
        if damage == "smart-quotes" or any(ord(c) > 0xFF for c in value.strip()):
            return ValueEffect(
                Effect.REFUSED,
                "fetch cannot send a character above U+00FF in a header",
                "TypeError: Cannot convert argument to a ByteString",
            )
        return ValueEffect(Effect.SENT_DAMAGED, "the invisible character is sent with the key")
    # Claude Code
    if damage == "ends":
        return ValueEffect(Effect.TRIMMED, "Claude Code trims spaces and line breaks at the ends")
    return ValueEffect(
        Effect.REFUSED,
        "Claude Code sends no request for a BOM, smart quotes, NBSP or an inner line break",
        "Invalid API key · Fix external API key",
    )


class Credential(Enum):
    """Whether a credential, once sent, is one the target takes."""

    GOOD = "good"
    BAD = "bad"
    UNKNOWN = "unknown"


def credential_verdict(
    value: str, header: str, to_anthropic: bool | None, provider: str = "", local: bool = False
) -> tuple[Credential, str]:
    """Whether the server takes ``value`` sent in ``header`` (``x-api-key`` or ``Authorization``).

    ``to_anthropic``: ``True`` for api.anthropic.com, ``False`` for a gateway
    (``provider`` names a known one), which takes its own tokens, whose shape
    is unknown; ``None`` when not known (``local``: a proxy on the loopback). Returns the
    verdict and, when bad, why. The API accepts an API key as a bearer token
    (the current SDKs send it so); an OAuth token needs the OAuth beta header
    only Claude Code sends.

    A placeholder is bad, except where dummy tokens are normal: sent to a
    local proxy (a router or credential proxy on the loopback that ignores the
    token or swaps in the real key), or a deliberate dummy (``test``,
    ``dummy``, ``fake-key``…) sent to an unknown gateway, as
    ``placeholder-credential`` (AL108) judges them.
    """
    text = value.strip()
    if not text:
        return Credential.BAD, "it is empty"
    if is_placeholder(text):
        if local or (to_anthropic is False and not provider and DELIBERATE_DUMMY.fullmatch(text)):
            return Credential.UNKNOWN, ""
        return Credential.BAD, "it is a placeholder"
    kind = credential_kind(text)
    if not to_anthropic:
        return Credential.UNKNOWN, ""
    if kind is CredentialKind.ANTHROPIC_API_KEY:
        if API_KEY_RE.fullmatch(text):
            return Credential.GOOD, ""
        return Credential.BAD, "it is not a complete API key (wrong length or characters)"
    if kind is CredentialKind.ANTHROPIC_ADMIN_KEY:
        if ADMIN_KEY_RE.fullmatch(text):
            return Credential.BAD, "an Admin API key cannot send messages"
        return Credential.BAD, "it is not a complete key"
    if kind is CredentialKind.ANTHROPIC_OAUTH_TOKEN:
        if header == "x-api-key":
            return Credential.BAD, "an OAuth token is not an API key"
        return (
            (Credential.UNKNOWN, "")
            if OAUTH_TOKEN_RE.fullmatch(text)
            else (
                Credential.BAD,
                "it is not a complete OAuth token",
            )
        )
    if kind is CredentialKind.ANTHROPIC_REFRESH_TOKEN:
        return Credential.BAD, "a refresh token cannot authenticate a request"
    if kind is not CredentialKind.UNKNOWN:
        return Credential.BAD, f"it is an {kind.value}, not an Anthropic credential"
    return Credential.UNKNOWN, ""


def rejected_wording(client: Client, header: str) -> str:
    """What the user sees when the API rejects a credential sent in ``header``."""
    server = "invalid x-api-key" if header == "x-api-key" else "Invalid bearer token"
    if client.family == "python":
        return f"anthropic.AuthenticationError: Error code: 401 ({server})"
    if client.family == "node":
        return f"AuthenticationError: 401 ({server})"
    if header == "x-api-key":
        return "Invalid API key · Fix external API key"
    return f"Failed to authenticate. API Error: 401 {server}"


def missing_wording(client: Client) -> str:
    """What the user sees when the client finds no credential at all."""
    if client.family == "python":
        return 'TypeError: "Could not resolve authentication method"'
    if client.family == "node":
        return "Error: Could not resolve authentication method"
    return "Not logged in · Please run /login"


def not_found_wording(client: Client) -> str:
    """What the user sees for a 404 (a base URL ending in ``/v1``, an OpenAI-style path)."""
    if client.family == "python":
        return "anthropic.NotFoundError: Error code: 404 (not_found_error)"
    if client.family == "node":
        return "NotFoundError: 404 (not_found_error)"
    return "There's an issue with the selected model … It may not exist or you may not have access"
