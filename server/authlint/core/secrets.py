"""Credential shapes and masking.

Shapes come from ``shared/knowledge/auth-facts.md`` §1: gitleaks
``config/gitleaks.toml`` rules ``anthropic-api-key`` / ``anthropic-admin-api-key``
(``sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA``), the unmerged gitleaks OAuth
rules (``sk-ant-(oat01|ort01)-[A-Za-z0-9_-]{40,}``; setup-token tokens are 108
characters long), and the other vendors' patterns from gitleaks, TruffleHog and
detect-secrets.

Every string that leaves authlint (CLI text/JSON/SARIF, diagnostics, hovers,
logs, exceptions) goes through :func:`mask` or :func:`redact`.
"""

from __future__ import annotations

import re
from enum import Enum

ANTHROPIC_PREFIXES = ("sk-ant-api03-", "sk-ant-admin01-", "sk-ant-oat01-", "sk-ant-ort01-")
KEY_BODY_CHARS = re.compile(r"[A-Za-z0-9_-]*")

API_KEY_RE = re.compile(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA")
ADMIN_KEY_RE = re.compile(r"sk-ant-admin01-[A-Za-z0-9_-]{93}AA")
OAUTH_TOKEN_RE = re.compile(r"sk-ant-oat01-[A-Za-z0-9_-]{40,}")
REFRESH_TOKEN_RE = re.compile(r"sk-ant-ort01-[A-Za-z0-9_-]{40,}")
OAUTH_TOKEN_LENGTH = 108
API_KEY_LENGTH = 108


class CredentialKind(Enum):
    """What a value looks like, judged by its prefix alone."""

    ANTHROPIC_API_KEY = "Anthropic API key"
    ANTHROPIC_ADMIN_KEY = "Anthropic Admin API key"
    ANTHROPIC_OAUTH_TOKEN = "Claude OAuth token"
    ANTHROPIC_REFRESH_TOKEN = "Claude OAuth refresh token"
    OPENAI_KEY = "OpenAI API key"
    OPENROUTER_KEY = "OpenRouter API key"
    GOOGLE_KEY = "Google API key"
    HUGGINGFACE_TOKEN = "Hugging Face token"
    PERPLEXITY_KEY = "Perplexity API key"
    GITHUB_TOKEN = "GitHub token"
    AWS_ACCESS_KEY = "AWS access key ID"
    UNKNOWN = "unrecognised value"


_PREFIX_KINDS: tuple[tuple[str, CredentialKind], ...] = (
    ("sk-ant-api03-", CredentialKind.ANTHROPIC_API_KEY),
    ("sk-ant-admin01-", CredentialKind.ANTHROPIC_ADMIN_KEY),
    ("sk-ant-oat01-", CredentialKind.ANTHROPIC_OAUTH_TOKEN),
    ("sk-ant-ort01-", CredentialKind.ANTHROPIC_REFRESH_TOKEN),
)

# Other vendors' keys (auth-facts §1.1): gitleaks openai/gcp/huggingface/perplexity,
# TruffleHog openrouter, detect-secrets openai. Full-value matches only.
_FOREIGN: tuple[tuple[re.Pattern[str], CredentialKind], ...] = (
    (re.compile(r"sk-or-v1-[a-f0-9]{64}"), CredentialKind.OPENROUTER_KEY),
    (re.compile(r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}"), CredentialKind.OPENAI_KEY),
    (re.compile(r"sk-[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]+"), CredentialKind.OPENAI_KEY),
    (re.compile(r"AIza[A-Za-z0-9_-]{35}"), CredentialKind.GOOGLE_KEY),
    (re.compile(r"hf_[A-Za-z]{34}"), CredentialKind.HUGGINGFACE_TOKEN),
    (re.compile(r"pplx-[A-Za-z0-9]{48}"), CredentialKind.PERPLEXITY_KEY),
    (re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"), CredentialKind.GITHUB_TOKEN),
    (re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{16}"), CredentialKind.AWS_ACCESS_KEY),
)


def credential_kind(value: str) -> CredentialKind:
    """Classify ``value`` (already unquoted and stripped) by its prefix or full shape."""
    for prefix, kind in _PREFIX_KINDS:
        if value.startswith(prefix):
            return kind
    for pattern, kind in _FOREIGN:
        if pattern.fullmatch(value):
            return kind
    return CredentialKind.UNKNOWN


def is_anthropic_credential(value: str) -> bool:
    """Whether ``value`` starts with one of Anthropic's key or token prefixes."""
    return value.startswith(ANTHROPIC_PREFIXES)


def is_live_shaped(value: str) -> bool:
    """Whether ``value`` is a complete Anthropic key or token, as secret scanners match it."""
    return any(
        p.fullmatch(value) for p in (API_KEY_RE, ADMIN_KEY_RE, OAUTH_TOKEN_RE, REFRESH_TOKEN_RE)
    )


# --- placeholders -----------------------------------------------------------------

_PLACEHOLDER_WORDS = re.compile(
    r"(?i)(\.\.\.|…|xxx|your|here|replace|example|changeme|change[-_]me|placeholder|"
    r"dummy|fake|sample|insert|paste|todo|fixme|redacted|<[^>]*>|\{\{|\*\*\*|_key_|-key-)"
)


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is a documentation placeholder rather than a credential.

    Examples: ``sk-ant-...``, ``sk-ant-xxxx``, ``your-api-key``, ``<YOUR_KEY>``,
    ``sk-ant-api03-your-api-key-here``, ``****``, ``changeme``.
    """
    stripped = value.strip().strip("\"'")
    if not stripped:
        return False
    if _PLACEHOLDER_WORDS.search(stripped):
        return True
    if stripped in {"sk-ant", "sk-ant-", "sk-ant-api03-", "sk-ant-oat01-", "sk-", "test", "none"}:
        return True
    body = stripped
    for prefix in ANTHROPIC_PREFIXES + ("sk-ant-", "sk-"):
        if body.startswith(prefix):
            body = body[len(prefix) :]
            break
    # A body of one repeated character (sk-ant-00000000) is a placeholder too.
    return len(body) >= 3 and len(set(body.lower())) == 1


# --- masking ----------------------------------------------------------------------

_MASK_PREFIXES = (
    *ANTHROPIC_PREFIXES,
    "sk-or-v1-",
    "sk-proj-",
    "sk-svcacct-",
    "sk-admin-",
    "sk-ant-",
    "sk-",
    "pplx-",
    "AIza",
    "hf_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
)


def mask(value: str) -> str:
    """Mask a secret: its known prefix, ``…``, and its last four characters.

    ``mask("sk-ant-api03-<93 chars>AA")`` is ``"sk-ant-api03-…q2AA"``. A value with
    no known prefix keeps only its last four characters (``"…AbCd"``); one too
    short to hide anything becomes ``"…"``.
    """
    prefix = next((p for p in _MASK_PREFIXES if value.startswith(p)), "")
    body = value[len(prefix) :]
    if len(body) <= 8:
        return f"{prefix}…" if prefix or value else ""
    return f"{prefix}…{body[-4:]}"


# A token-like run: a known prefix with a body, or any long run of key characters.
_REDACT_RE = re.compile(
    r"(?:sk-ant-[a-z]+\d*-|sk-or-v1-|sk-(?:proj|svcacct|admin)-|sk-|pplx-|AIza|hf_|gh[pousr]_)"
    r"[A-Za-z0-9_\-]{6,}(?![A-Za-z0-9_\-…])"
    r"|(?<![A-Za-z0-9_\-…])[A-Za-z0-9_\-]{24,}(?![A-Za-z0-9_\-…])"
)
_NOT_SECRET = re.compile(r"[A-Za-z_]+|[a-z]+(?:[-_][a-z]+)+|[A-Z]+(?:_[A-Z]+)+")


def redact(text: str) -> str:
    """Mask every key-shaped run in free text (a source line, a log message).

    Identifiers made only of letters and ``_``/``-`` separated words (variable
    names such as ``ANTHROPIC_DEFAULT_SONNET_MODEL``) are left alone.
    """

    def replace_match(match: re.Match[str]) -> str:
        token = match.group(0)
        if _NOT_SECRET.fullmatch(token):
            return token
        return mask(token)

    return _REDACT_RE.sub(replace_match, text)

