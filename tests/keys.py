"""Synthetic credentials of every shape, built at run time.

No full key is written in the repository; tests build them here. Every value
is fake (it was never issued), but has the exact shape scanners match.
"""

from __future__ import annotations

import hashlib

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def _body(seed: str, length: int, alphabet: str = _ALPHABET) -> str:
    out = []
    counter = 0
    while len(out) < length:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out.extend(alphabet[b % len(alphabet)] for b in digest)
        counter += 1
    return "".join(out[:length])


def api_key(seed: str = "api") -> str:
    """A well-formed ``sk-ant-api03-`` key: 93 body characters then ``AA`` (108 in all)."""
    return "sk-ant-api03-" + _body(seed, 93) + "AA"


def admin_key(seed: str = "admin") -> str:
    """A well-formed ``sk-ant-admin01-`` Admin API key (110 characters)."""
    return "sk-ant-admin01-" + _body(seed, 93) + "AA"


def oauth_token(seed: str = "oat", length: int = 108) -> str:
    """A ``sk-ant-oat01-`` OAuth token of ``length`` characters (108 is complete)."""
    return "sk-ant-oat01-" + _body(seed, length - len("sk-ant-oat01-"))


def refresh_token(seed: str = "ort") -> str:
    """A ``sk-ant-ort01-`` refresh token."""
    return "sk-ant-ort01-" + _body(seed, 95)


def openrouter_key(seed: str = "or") -> str:
    """An OpenRouter ``sk-or-v1-`` key (64 lower-case hex characters)."""
    return "sk-or-v1-" + _body(seed, 64, "0123456789abcdef")


def openai_key(seed: str = "oa") -> str:
    """An OpenAI project key with the ``T3BlbkFJ`` marker."""
    return "sk-proj-" + _body(seed, 20) + "T3BlbkFJ" + _body(seed + "2", 20)


def google_key(seed: str = "g") -> str:
    """A Google ``AIza`` API key (39 characters)."""
    return "AIza" + _body(seed, 35)


ALL_SHAPES = {
    "api_key": api_key,
    "admin_key": admin_key,
    "oauth_token": oauth_token,
    "refresh_token": refresh_token,
    "openrouter_key": openrouter_key,
    "openai_key": openai_key,
    "google_key": google_key,
}
