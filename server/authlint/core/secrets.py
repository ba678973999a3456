"""Credential shapes and masking.

Shapes come from the secret scanners: gitleaks ``config/gitleaks.toml`` rules
``anthropic-api-key`` / ``anthropic-admin-api-key``
(``sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA``), the proposed gitleaks OAuth
rules (``sk-ant-(oat01|ort01)-[A-Za-z0-9_-]{40,}``; Anthropic publishes no
length for these, gitleaks/gitleaks#2159), and the other vendors' patterns from
gitleaks, TruffleHog and detect-secrets.

Every string that leaves authlint (CLI text/JSON/SARIF, diagnostics, hovers,
logs, exceptions) goes through :func:`mask` or :func:`redact`.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

OAUTH_TOKEN_PREFIX = "sk-ant-oat01-"
ANTHROPIC_PREFIXES = ("sk-ant-api03-", "sk-ant-admin01-", "sk-ant-oat01-", "sk-ant-ort01-")
KEY_BODY_CHARS = re.compile(r"[A-Za-z0-9_-]*")

API_KEY_RE = re.compile(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA")
ADMIN_KEY_RE = re.compile(r"sk-ant-admin01-[A-Za-z0-9_-]{93}AA")
OAUTH_TOKEN_RE = re.compile(r"sk-ant-oat01-[A-Za-z0-9_-]{40,}")
REFRESH_TOKEN_RE = re.compile(r"sk-ant-ort01-[A-Za-z0-9_-]{40,}")
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


_FOREIGN_ANY = re.compile(
    "|".join(f"(?P<k{i}>{pattern.pattern})" for i, (pattern, _) in enumerate(_FOREIGN))
)


_ALL_PREFIXES = tuple(prefix for prefix, _ in _PREFIX_KINDS)


def credential_kind(value: str) -> CredentialKind:
    """Classify ``value`` (already unquoted and stripped) by its prefix or full shape."""
    if value.startswith(_ALL_PREFIXES):  # one C call for the common case: no known prefix
        for prefix, kind in _PREFIX_KINDS:
            if value.startswith(prefix):
                return kind
    # One pass: the first alternative that matches the whole value wins, as in _FOREIGN's order.
    found = _FOREIGN_ANY.fullmatch(value)
    if found is None or found.lastgroup is None:
        return CredentialKind.UNKNOWN
    return _FOREIGN[int(found.lastgroup[1:])][1]


# What shows an ``sk-ant-oat01-`` token may not be a Claude subscription token: workload
# identity federation (its variables and arguments, the token exchange, ``fdrl_`` rule IDs)
# mints access tokens with that prefix, and so do Claude Code routines (their fire URL and
# beta header). See https://platform.claude.com/docs/en/api/authentication/wif-reference.
_WORKLOAD_OR_ROUTINE = re.compile(
    r"ANTHROPIC_FEDERATION_RULE_ID|ANTHROPIC_IDENTITY_TOKEN|ANTHROPIC_SERVICE_ACCOUNT_ID"
    r"|federation_rule_id|federationRuleId|identity_token_file|identityTokenFile"
    r"|(?i:workload[-_ ]?identity)|/v1/oauth/token|/claude_code/routines/"
    r"|experimental-cc-routine-|\bfdrl_[A-Za-z0-9]"
)


# One of these (lower case) is in every match of _WORKLOAD_OR_ROUTINE.
_WORKLOAD_OR_ROUTINE_WORDS = (
    "federation",
    "identity",
    "service_account_id",
    "oauth/token",
    "routine",
    "fdrl_",
)


@lru_cache(maxsize=64)  # one file's text is asked once per env block (a Compose service)
def workload_or_routine_context(text: str) -> bool:
    """Whether ``text`` (a whole file) shows ``sk-ant-oat01-`` tokens may not be subscription ones.

    True when it names workload identity federation (``ANTHROPIC_FEDERATION_RULE_ID``,
    ``ANTHROPIC_IDENTITY_TOKEN[_FILE]``, ``ANTHROPIC_SERVICE_ACCOUNT_ID``, the SDK
    arguments, ``/v1/oauth/token``, an ``fdrl_`` rule ID) or a Claude Code routine
    (``/claude_code/routines/``, its ``experimental-cc-routine-`` beta): both issue
    access tokens with the same prefix, meant for ``Authorization: Bearer``.
    """
    lowered = text.lower()
    if not any(word in lowered for word in _WORKLOAD_OR_ROUTINE_WORDS):
        return False  # every alternative holds one of the words: no slow search
    return _WORKLOAD_OR_ROUTINE.search(text) is not None


def is_anthropic_credential(value: str) -> bool:
    """Whether ``value`` starts with one of Anthropic's key or token prefixes."""
    return value.startswith(ANTHROPIC_PREFIXES)


def is_live_shaped(value: str) -> bool:
    """Whether ``value`` is a complete Anthropic key or token, as secret scanners match it."""
    return any(
        p.fullmatch(value) for p in (API_KEY_RE, ADMIN_KEY_RE, OAUTH_TOKEN_RE, REFRESH_TOKEN_RE)
    )


# What is left of an Anthropic key or token after a slice (``${K:3}``), a case change, or
# ``_``/``%2D`` standing for ``-``: its family marker (``ant-api03-``, ``api03-``), or a
# 93-character body and its ``AA`` end. Matched against :func:`_normalised` text.
_ANTHROPIC_REMAINS = re.compile(
    r"sk-ant-|ant-(?:api|admin|oat|ort)\d+-"
    r"|(?<![a-z0-9])(?:api03|admin01|oat01|ort01)-[a-z0-9-]{20,}"
    r"|[a-z0-9-]{93}aa(?![a-z0-9-])"
)


def _normalised(value: str) -> str:
    """Lower case, percent-encoded ``-``/``_`` decoded, ``_`` read as ``-``."""
    lowered = value.lower().replace("%2d", "-").replace("%5f", "_")
    return lowered.replace("_", "-")


def contains_anthropic_key(value: str) -> bool:
    """Whether ``value`` holds an Anthropic key or token, even a damaged one.

    Case-insensitive, with ``_``, ``%2D`` and ``%5F`` read as ``-``: ``sk-ant-…``,
    ``SK_ANT_API03-…``, ``sk%2Dant%2D…``, a key missing its first characters
    (``ant-api03-…``, ``api03-<body>``) or only the 93-character body and its
    ``AA`` end. ``authlint verify`` never sends such a value to a third party.
    """
    return _ANTHROPIC_REMAINS.search(_normalised(value)) is not None


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


# A piece of key characters, including the invisible ones that get pasted into keys
# (soft hyphen, zero-width spaces and joiners, word joiner, BOM) and the Latin-1
# characters those become when a UTF-8 file is read as Latin-1 (``Â­`` for a soft
# hyphen, ``â\x80\x8b`` for a zero-width space), so a damaged key is still masked as
# one piece rather than leaking its fragments. No-break space (a joiner) and the
# guillemets (quotes) are left out.
_PIECE = (
    r"[A-Za-z0-9_\-\u0080-\u009f\u00a1-\u00aa\u00ac-\u00ba\u00bc-\u00ff"
    r"\u200b-\u200d\u2060\ufeff]+"
)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
# Pieces joined by ``+``, ``/``, ``.`` or a no-break space form one run: base64 tokens
# (``+``, ``/``, ``=`` padding), AWS secret keys, JWTs (``.``), a key with a pasted NBSP.
_JOINERS = "+/.\u00a0\u2007\u202f"
_JOIN_RE = re.compile(f"[{_JOINERS}]")
_RUN_RE = re.compile(rf"{_PIECE}(?:[{_JOINERS}]{_PIECE})*(?:={{1,2}}(?![\w\"'=]))?")
_PIECE_RE = re.compile(_PIECE)
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
# Gateway tokens are often UUIDs; they look like lower-case words joined by ``-``.
_UUID = re.compile(r"(?i)[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
_WORD_BODY = re.compile(r"[A-Za-z_-]+")
# Random text switches between upper case, lower case and digits about every other
# character (base64: 0.6, hex: 0.45); paths, URLs and identifiers rarely do (< 0.15).
_MIN_SWITCH_RATE = 0.3


def _secret_piece(piece: str) -> bool:
    """Whether one piece (a run of ``[A-Za-z0-9_-]``) should be masked on its own.

    The piece is judged without its non-ASCII characters: a key with a pasted soft
    hyphen is still a key, ``naïve-implementation`` is still words.
    """
    token = _NOT_ASCII.sub("", piece)
    prefix = _KNOWN_PREFIX.match(token)
    if prefix is not None and len(token) - prefix.end() >= _MIN_PREFIXED_BODY:
        # ``hf_hub_download``, ``sk-learn-extras``: a prefix then plain words is a name.
        return not (_WORDS.fullmatch(token) and _WORD_BODY.fullmatch(token[prefix.end() :]))
    if _UUID.search(token):
        return True
    if _WORDS.fullmatch(token):
        return False
    return len(token) >= _MIN_BARE_RUN and not _LETTERS.fullmatch(token)


def _switch_rate(text: str) -> float:
    """How often consecutive letters/digits change class (upper, lower, digit), 0 to 1."""
    classes = [
        "u" if c.isupper() else "l" if c.islower() else "d"
        for c in text
        if c.isascii() and c.isalnum()
    ]
    if len(classes) < 2:
        return 0.0
    switches = sum(a != b for a, b in zip(classes, classes[1:], strict=False))
    return switches / (len(classes) - 1)


def _run_spans(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` the shape pass masks, as ``(start, end)`` offsets."""
    found: list[tuple[int, int]] = []
    for run in _RUN_RE.finditer(text):
        token = run.group(0).rstrip("=")  # base64 padding is masked, never judged
        joined = _JOIN_RE.search(token) is not None
        if joined and len(token) >= _MIN_BARE_RUN and _switch_rate(token) >= _MIN_SWITCH_RATE:
            found.append(run.span())  # a base64/hex token split by + / . or NBSP: all of it
            continue
        pieces = list(_PIECE_RE.finditer(token))
        for piece in pieces:
            if _secret_piece(piece.group(0)):
                end = run.end() if piece is pieces[-1] else run.start() + piece.end()
                found.append((run.start() + piece.start(), end))
    return found


# --- values next to a credential name, in free text --------------------------------------

# ``NAME=value``, ``"NAME": "value"``, ``NAME: Bearer value``, ``("NAME", "value")``: a
# credential-looking name (the keywords of gitleaks' generic-api-key rule and
# detect-secrets' KeywordDetector), a separator, then the value. The name is checked
# with :func:`is_secret_name`.
_NAMED_VALUE = re.compile(
    r"(?i)(?<![\w.$-])(?P<name>(?=[a-z_])[\w.-]{0,60}?"
    r"(?:key|token|secret|passw(?:or)?d|pass|pwd|passphrase|credentials?|creds|auth\w*|bearer)"
    r"[\w.-]{0,60})"
    r"[\"'`]?\]?[ \t\u00a0]*(?::=|=>|=|:|,)[ \t\u00a0]*"
    r"(?:(?:bearer|basic|token)[ \t]+)?"
    r"[\"'`\u201c\u2018]?[ \t\u00a0]*"
    r"(?P<value>[^\x00-\x20\x7f\"'`,;&()\[\]{}<>\u201c\u201d\u2018\u2019]+"
    r"(?:[\u00a0\u2007\u202f][^\x00-\x20\x7f\"'`,;&()\[\]{}<>\u201c\u201d\u2018\u2019]+)*)"
)
_HEX_WORDS = re.compile(r"(?i)[0-9a-f]+(?:-[0-9a-f]+)+")
_MIN_NAMED_VALUE = 8


def _secret_named_value(value: str) -> bool:
    """Whether ``value``, written right after a credential name, should be masked."""
    if len(value) < _MIN_NAMED_VALUE or "…" in value or value[0] in "$%":
        return False
    if _UUID.search(value) or (_HEX_WORDS.fullmatch(value) and len(value) >= 16):
        return True  # gateway tokens are often UUIDs or hex with dashes
    if _WORDS.fullmatch(value) or "://" in value:
        return False  # an identifier (ANTHROPIC_AUTH_TOKEN) or a URL
    has_digit = any(c.isdigit() for c in value)
    mixed_case = any(c.isupper() for c in value) and any(c.islower() for c in value)
    return has_digit or mixed_case


_SPLIT_NAME = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# Components that say a value is a secret; a component ending in KEY also counts
# (APIKEY, PRIVATEKEY, ACCESSKEY, apiKey).
_SECRET_COMPONENTS = frozenset(
    {
        "token",
        "secret",
        "secrets",
        "password",
        "passwd",
        "passphrase",
        "pass",
        "pwd",
        "credential",
        "credentials",
        "creds",
        "auth",
        "authorization",
        "bearer",
    }
)
_SECRET_ENDINGS = ("key", "keys", "token", "secret", "password", "passwd")
# A last component that makes the value something else: a place, a size, a switch.
_NOT_SECRET_LAST = frozenset(
    {
        "url",
        "uri",
        "host",
        "hostname",
        "port",
        "path",
        "file",
        "dir",
        "directory",
        "count",
        "limit",
        "type",
        "name",
        "model",
        "version",
        "ttl",
        "ms",
        "timeout",
        "length",
        "size",
        "enabled",
        "mode",
    }
)
_NOT_SECRET_ANY = frozenset({"max", "min"})
_NOT_SECRET_NAMES = frozenset({"pwd", "oldpwd"})  # the shells' working directories


@lru_cache(maxsize=32768)  # every rule asks about every name of a file, at every keystroke
def is_secret_name(name: str) -> bool:
    """Whether a variable, key or argument called ``name`` holds a secret.

    Case-insensitive, by the name's words (split at ``_``, ``-``, ``.`` and
    camelCase): ``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
    ``CLAUDE_CODE_OAUTH_TOKEN``, ``OPENAI_APIKEY``, ``AWS_SECRET_ACCESS_KEY``,
    ``DB_PASSWORD``, ``GOOGLE_APPLICATION_CREDENTIALS``, ``apiKeyHelper``,
    ``primaryApiKey``, ``accessToken``, ``x-api-key``, ``Authorization`` are;
    ``ANTHROPIC_BASE_URL``, ``ANTHROPIC_MODEL``, ``MAX_THINKING_TOKENS``,
    ``*_TOKEN_COUNT``, ``*_KEY_FILE`` and ``PWD`` are not.
    """
    if name.lower() in _NOT_SECRET_NAMES:
        return False
    words = [w.lower() for w in _SPLIT_NAME.findall(name)]
    if not words or words[-1] in _NOT_SECRET_LAST or _NOT_SECRET_ANY & set(words):
        return False
    return any(w in _SECRET_COMPONENTS or w.endswith(_SECRET_ENDINGS) for w in words)


def _named_value_spans(text: str) -> list[tuple[int, int]]:
    """Values written right after a credential name (``TOKEN=84032157-91e4-…``)."""
    found = []
    for match in _NAMED_VALUE.finditer(text):
        value = match.group("value")
        if is_secret_name(match.group("name")) and _secret_named_value(value):
            found.append(match.span("value"))
    return found


# --- the shape pass ---------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_PASSES = 16  # a pass that masks anything shortens the text; real text needs two


def printable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so any UTF codec can encode it.

    Lone surrogates come from JSON ``\\ud800`` escapes and from undecodable bytes in
    file names and the environment (``surrogateescape``); ``str.encode("utf-8")``
    raises on them. Each is one code point and so is U+FFFD: offsets do not move.
    """
    return _SURROGATE.sub("\ufffd", text)


def redact_spans(text: str) -> list[tuple[int, int, str]]:
    """The replacements :func:`redact` makes: ``(start, end, masked)`` offsets, in order.

    Overlapping finds (a key that is also the value of ``ANTHROPIC_API_KEY=``)
    are merged into one replacement; every replacement is shorter than what it
    replaces.
    """
    merged: list[list[int]] = []
    for start, end in sorted(_run_spans(text) + _named_value_spans(text)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    found = [(start, end, mask(text[start:end])) for start, end in merged]
    # A mask no shorter than its text hides nothing (``sk-ant-api03-`` alone).
    return [(start, end, masked) for start, end, masked in found if len(masked) < end - start]


def redact(text: str) -> str:
    """Mask every key-shaped run in free text (a source line, a log message).

    A run is a maximal stretch of ``[A-Za-z0-9_-]`` (plus invisible characters),
    and pieces joined by ``+``, ``/``, ``.`` or a no-break space. A piece is
    masked when it starts with a known key prefix followed by at least six
    characters, holds a UUID, or is at least 20 characters long and not made of
    letters only; a joined run is masked whole when it is at least 20
    characters long and looks random (base64, hex). A value written right after
    a credential name (``TOKEN=…``, ``"apiKey": "…"``, ``Authorization: Bearer …``)
    is masked when it has at least eight characters with a digit or mixed case,
    or is a UUID. Identifiers made of short words separated by ``_`` or ``-``
    (``ANTHROPIC_DEFAULT_SONNET_MODEL``, ``claude-sonnet-4-5-20250929``,
    ``hf_hub_download``), URLs and paths are left alone, and so is text that is
    already masked (``sk-ant-api03-…q2AA``). A mask can meet its neighbours and
    form a new match (``…8KEY=value``), so the pass repeats until nothing changes
    (every mask is shorter than what it replaces): ``redact`` is idempotent. Lone
    surrogates become U+FFFD (:func:`printable`).

    The answers for the last 1,024 texts of at most 2,048 characters are kept: a
    check's messages repeat (the same message for every ``.env``) and a long one
    costs ~80 us to redact.
    """
    if len(text) <= _REMEMBERED_LENGTH:
        return _redact_remembered(text)
    return _redact(text)


_REMEMBERED_LENGTH = 2048


@lru_cache(maxsize=1024)
def _redact_remembered(text: str) -> str:
    """:func:`_redact`, remembered (short texts only: see :func:`redact`)."""
    return _redact(text)


def _redact(text: str) -> str:
    """:func:`redact` itself: the passes of :func:`redact_spans`, then :func:`printable`."""
    for _ in range(_MAX_PASSES):
        spans = redact_spans(text)
        if not spans:
            break
        out: list[str] = []
        last = 0
        for start, end, masked in spans:
            out.append(text[last:start])
            out.append(masked)
            last = end
        out.append(text[last:])
        text = "".join(out)
    return printable(text)
