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

OAUTH_TOKEN_PREFIX = "sk-ant-oat01-"
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
    r"(?i)(\.\.|…|xxx|your|here|replace|example|changeme|change[-_]me|placeholder|"
    r"dummy|fake|sample|insert|paste|todo|fixme|redacted|<[^>]*>|\{\{|\*\*\*|_key_|-key-|"
    # seen in real templates (corpus): notakey, sk-ant-local-dev-not-used, see-anthropic-console,
    # THIS_IS_OPTIONAL_WITH_OPENAI_KEY, sua_chave_aqui
    r"not[-_ ]?a[-_ ]?(?:real[-_ ]?)?key|not[-_ ]?used|optional|^see[-_ ]|chave|clave|aqui)"
)


_BOUNDED_PLACEHOLDER = re.compile(
    r"(?i)(?:^|(?<=[-_.]))(your|here|replace|example|changeme|placeholder|dummy|fake|"
    r"sample|insert|paste|todo|fixme|redacted|test|key|token)(?=$|[-_.])|(?-i:x{6,}|X{6,})|(.)\2{7,}"
)


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is a documentation placeholder rather than a credential.

    Examples: ``sk-ant-...``, ``sk-ant-xxxx``, ``your-api-key``, ``<YOUR_KEY>``,
    ``sk-ant-api03-your-api-key-here``, ``****``, ``changeme``. A value with the
    full shape of a key (:func:`is_live_shaped`) counts only when a placeholder
    word stands alone between ``-``/``_`` separators (``sk-ant-api03-your-key-…``),
    a run of six ``x`` or eight equal characters, since a random key body can
    contain ``todo`` or ``here`` by chance.
    """
    stripped = value.strip().strip("\"'")
    if not stripped:
        return False
    if is_live_shaped(stripped):
        return _BOUNDED_PLACEHOLDER.search(stripped) is not None
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

# Known key prefixes, longest first within a family: what mask() keeps visible.
KEY_PREFIXES = (
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
    prefix = next((p for p in KEY_PREFIXES if value.startswith(p)), "")
    body = value[len(prefix) :]
    if len(body) <= 8:
        return f"{prefix}…" if prefix or value else ""
    return f"{prefix}…{body[-4:]}"


# A run of key characters, including the invisible ones that get pasted into keys
# (soft hyphen, zero-width spaces and joiners, word joiner, BOM), so a damaged key
# is still masked as one piece rather than leaking its fragments.
_RUN_RE = re.compile(r"[A-Za-z0-9_\-\u00ad\u200b-\u200d\u2060\ufeff]+")
_KNOWN_PREFIX = re.compile(
    r"sk-ant-[a-z]+\d*-|sk-or-v1-|sk-(?:proj|svcacct|admin)-|sk-|pplx-|AIza|hf_|gh[pousr]_"
)
_MIN_PREFIXED_BODY = 6
_MIN_BARE_RUN = 20  # shorter than any key; no 20-character piece of a key is shown
# Identifiers and names: words of at most 16 characters joined by ``-``/``_``/``.``, all
# lower case (claude-sonnet-4-5-20250929, hf_hub_download) or all upper case
# (ANTHROPIC_DEFAULT_SONNET_MODEL). A key body is mixed case and has longer stretches.
_WORDS = re.compile(
    r"[a-z0-9]{1,16}(?:[-_.][a-z0-9]{1,16})+|[A-Z0-9]{1,16}(?:[-_.][A-Z0-9]{1,16})+"
)
_LETTERS = re.compile(r"[A-Za-z_]+")


def _secret_run(token: str) -> bool:
    """Whether a maximal run of key characters should be masked."""
    prefix = _KNOWN_PREFIX.match(token)
    if _WORDS.fullmatch(token):
        return False
    if prefix is not None and len(token) - prefix.end() >= _MIN_PREFIXED_BODY:
        return True
    return len(token) >= _MIN_BARE_RUN and not _LETTERS.fullmatch(token)


def redact_spans(text: str) -> list[tuple[int, int, str]]:
    """The replacements :func:`redact` makes: ``(start, end, masked)`` offsets, in order."""
    return [
        (m.start(), m.end(), mask(m.group(0)))
        for m in _RUN_RE.finditer(text)
        if _secret_run(m.group(0))
    ]


def redact(text: str) -> str:
    """Mask every key-shaped run in free text (a source line, a log message).

    A run is a maximal stretch of ``[A-Za-z0-9_-]`` (plus invisible characters).
    It is masked when it starts with a known key prefix followed by at least six
    characters, or when it is at least 20 characters long and not made of
    letters only. Identifiers made of short words separated by ``_`` or ``-``
    (``ANTHROPIC_DEFAULT_SONNET_MODEL``, ``claude-sonnet-4-5-20250929``,
    ``hf_hub_download``) are left alone, and so is
    text that is already masked (``sk-ant-api03-…q2AA``): ``redact`` is idempotent.
    """
    out: list[str] = []
    last = 0
    for start, end, masked in redact_spans(text):
        out.append(text[last:start])
        out.append(masked)
        last = end
    out.append(text[last:])
    return "".join(out)
