"""Secrets of every shape and damage form, and a leak detector for any output.

A secret is a ``(prefix, body)`` pair: the prefix is public (``sk-ant-api03-``),
the body is random and must never be shown. :func:`leaks` looks for any piece of
``WINDOW`` characters of a body in an output after normalising both (letters and
digits only, case-folded), so a body shown upper-cased, split by a no-break space
or re-joined with other separators is still caught.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import keys

WINDOW = 12
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_KEY_CHARS = _ALNUM + "_-"
_HEX = "0123456789abcdef"
_B64 = _ALNUM + "+/"


def _body(seed: int, length: int, alphabet: str = _KEY_CHARS) -> str:
    return keys._body(f"fuzz:{seed}", length, alphabet)


@dataclass(frozen=True)
class Secret:
    """One credential: what is written, and the random part that must never be shown."""

    shape: str
    prefix: str
    body: str

    @property
    def value(self) -> str:
        return self.prefix + self.body


# 13 shapes: Anthropic's four, other vendors' keys, and the gateway tokens that have no prefix.
SHAPES: dict[str, Callable[[int], Secret]] = {
    "anthropic-api-key": lambda s: Secret(
        "anthropic-api-key", "sk-ant-api03-", _body(s, 93) + "AA"
    ),
    "anthropic-admin-key": lambda s: Secret(
        "anthropic-admin-key", "sk-ant-admin01-", _body(s, 93) + "AA"
    ),
    "oauth-token": lambda s: Secret("oauth-token", "sk-ant-oat01-", _body(s, 95)),
    "setup-token-79": lambda s: Secret("setup-token-79", "sk-ant-oat01-", _body(s, 66)),
    "refresh-token": lambda s: Secret("refresh-token", "sk-ant-ort01-", _body(s, 95)),
    "openrouter-key": lambda s: Secret("openrouter-key", "sk-or-v1-", _body(s, 64, _HEX)),
    "openai-key": lambda s: Secret(
        "openai-key", "sk-proj-", _body(s, 20) + "T3BlbkFJ" + _body(s + 1, 20)
    ),
    "google-key": lambda s: Secret("google-key", "AIza", _body(s, 35)),
    "uuid": lambda s: Secret("uuid", "", str(uuid.UUID(int=int(_body(s, 32, _HEX), 16)))),
    "hex-token": lambda s: Secret("hex-token", "", _body(s, 48, _HEX)),
    "base64-secret": lambda s: Secret("base64-secret", "", _body(s, 40, _B64)),
    "zai-token": lambda s: Secret("zai-token", "", _body(s, 32, _HEX) + "." + _body(s, 16, _ALNUM)),
    "litellm-key": lambda s: Secret("litellm-key", "sk-", _body(s, 22, _ALNUM)),
}
# Shapes a scanner can recognise without the variable's name.
PREFIXED = frozenset(name for name, make in SHAPES.items() if make(0).prefix not in ("", "sk-"))


def _mid(text: str, insert: str) -> str:
    half = len(text) // 2
    return text[:half] + insert + text[half:]


# 22 damage forms: what users paste, cut, quote and encode. Each turns the value as written.
DAMAGE: dict[str, Callable[[Secret], str]] = {
    "none": lambda s: s.value,
    "trailing-space": lambda s: s.value + " ",
    "leading-space": lambda s: " " + s.value,
    "trailing-tab": lambda s: s.value + "\t",
    "double-quoted": lambda s: f'"{s.value}"',
    "single-quoted": lambda s: f"'{s.value}'",
    "smart-quoted": lambda s: f"\u201c{s.value}\u201d",
    "no-break-space": lambda s: s.prefix + _mid(s.body, "\u00a0"),
    "zero-width-space": lambda s: s.prefix + _mid(s.body, "\u200b"),
    "soft-hyphen": lambda s: s.prefix + _mid(s.body, "\u00ad"),
    "byte-order-mark": lambda s: "\ufeff" + s.value,
    "carriage-return": lambda s: s.value + "\r",
    "truncated": lambda s: s.value[:-10],
    "prefix-cut": lambda s: s.value[3:],
    "underscores": lambda s: s.value.replace("-", "_"),
    "percent-encoded": lambda s: s.value.replace("-", "%2D"),
    "upper-case": lambda s: s.value.upper(),
    "bearer": lambda s: "Bearer " + s.value,
    "split-plus": lambda s: s.prefix + _mid(s.body, "+"),
    "split-slash": lambda s: s.prefix + _mid(s.body, "/"),
    "split-dot": lambda s: s.prefix + _mid(s.body, "."),
    "doubled": lambda s: s.value + s.value,
}


def _normal(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def windows(secret: Secret) -> set[str]:
    """Every normalised ``WINDOW``-character piece of the secret's body."""
    body = _normal(secret.body)
    return {body[i : i + WINDOW] for i in range(len(body) - WINDOW + 1)}


def leaks(text: str, secrets: list[Secret]) -> list[str]:
    """The secrets (by shape) a piece of which shows in ``text``, with the piece."""
    normal = _normal(text)
    found = []
    for secret in secrets:
        pieces = windows(secret)
        hit = next(
            (
                normal[i : i + WINDOW]
                for i in range(len(normal) - WINDOW + 1)
                if normal[i : i + WINDOW] in pieces
            ),
            None,
        )
        if hit is not None:
            found.append(f"{secret.shape}: …{hit}…")
    return found


def assert_no_leak(where: str, text: str, secrets: list[Secret]) -> None:
    """Fail, naming the output and the secret's shape (never the secret), if a piece shows."""
    found = leaks(text, secrets)
    assert not found, f"{where} shows secret material: {found[:3]}"
