"""mask / redact never show a key; identifiers and masked text stay as they are."""

from __future__ import annotations

import re

import pytest

import keys
from authlint.core.secrets import (
    CredentialKind,
    credential_kind,
    is_live_shaped,
    is_placeholder,
    mask,
    redact,
    redact_spans,
)

SHAPES = sorted(keys.ALL_SHAPES.items())
PREFIXES = {
    "api_key": "sk-ant-api03-",
    "admin_key": "sk-ant-admin01-",
    "oauth_token": "sk-ant-oat01-",
    "refresh_token": "sk-ant-ort01-",
    "openrouter_key": "sk-or-v1-",
    "openai_key": "sk-proj-",
    "google_key": "AIza",
}


def _normal(text: str) -> str:
    """Letters and digits only, case-folded: what a reader could piece a key from."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def windows(secret: str, size: int = 20) -> set[str]:
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


@pytest.mark.parametrize(("name", "make"), SHAPES)
def test_mask_is_prefix_ellipsis_last_four(name: str, make) -> None:
    key = make()
    assert mask(key) == PREFIXES[name] + "…" + key[-4:]
    assert len(mask(key)) <= len(PREFIXES[name]) + 1 + 4


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("", ""),
        ("short", "…"),
        ("sk-ant-api03-", "sk-ant-api03-…"),
        ("sk-ant-api03-abcdefgh", "sk-ant-api03-…"),  # body too short to show four
        ("sk-ant-api03-abcdefghi", "sk-ant-api03-…fghi"),
        ("no-prefix-but-long-value", "…alue"),
    ],
)
def test_mask_edge_cases(value: str, masked: str) -> None:
    assert mask(value) == masked


@pytest.mark.parametrize(("name", "make"), SHAPES)
@pytest.mark.parametrize(
    "template",
    [
        "{k}",
        "ANTHROPIC_API_KEY={k}",
        'export ANTHROPIC_API_KEY="{k} "',
        "# old key: {k}…",  # an ellipsis right after the key
        "Authorization: Bearer {k}",
        "set -gx ANTHROPIC_API_KEY '{k}'",
        "$Env:ANTHROPIC_API_KEY = \u201c{k}\u201d",
        "url=https://example.test/?key={k}&x=1",
    ],
)
def test_redact_hides_every_shape_in_context(name: str, make, template: str) -> None:
    key = make()
    out = redact(template.format(k=key))
    assert key not in out
    assert not any(w in out for w in windows(key)), out
    assert mask(key) in out


@pytest.mark.parametrize(("name", "make"), SHAPES)
def test_redact_hides_damaged_and_truncated_keys(name: str, make) -> None:
    key = make()
    body = key[len(PREFIXES[name]) :]
    for variant in (
        key[:-30],  # truncated
        key[:40] + "\u200b" + key[40:],  # zero-width space inside
        key[:50] + "\u00ad" + key[50:],  # soft hyphen inside
        "\ufeff" + key,
        body,  # the body alone
        key.upper(),
        key.lower(),  # a host name shows lower case
        # the same, read from a file that is not UTF-8 (decoded as Latin-1)
        (key[:20] + "\u00ad" + key[20:]).encode().decode("latin-1"),
        (key[:-18] + "\u200b" + key[-18:]).encode().decode("latin-1"),
        (key[:10] + "\ufeff" + key[10:]).lower().encode().decode("latin-1"),
    ):
        out = _normal(redact(f"X={variant}"))
        chunks = [c for c in windows(_normal(body), 12) if c in out]
        assert not chunks, (variant, out)


@pytest.mark.parametrize(
    "text",
    [
        "ANTHROPIC_DEFAULT_SONNET_MODEL=claude-sonnet-4-5-20250929",
        "CLAUDE_CODE_USE_BEDROCK=1 CLAUDE_CODE_OAUTH_TOKEN ANTHROPIC_CUSTOM_HEADERS",
        "claudeCodeEnvironmentVariables terminal.integrated.inheritEnv",
        "https://api.anthropic.com/v1/messages",
        "from huggingface_hub import hf_hub_download",
        "pip install sk-learn-extras",
        'export PATH="$HOME/.local/bin:$PATH"',
        "ANTHROPIC_API_KEY value `sk-ant-api03-…q2AA` has trailing whitespace",
        "mask: sk-or-v1-…5341 …AbCd sk-ant-…",
        "sk-ant-api03-your-api-key-here",
        "a naïve-implementation-of-things, café_au_lait_recipes",
        "",
    ],
)
def test_redact_leaves_identifiers_urls_and_masked_text_alone(text: str) -> None:
    assert redact(text) == text


def test_redact_is_idempotent_and_never_longer_than_the_mask() -> None:
    key = keys.api_key()
    once = redact(f"a {key} b {key}")
    assert once == f"a {mask(key)} b {mask(key)}"
    assert redact(once) == once


def test_redact_spans_are_the_replacements() -> None:
    key = keys.oauth_token()
    text = f"T={key} # x"
    assert redact_spans(text) == [(2, 2 + len(key), mask(key))]


def test_redact_masks_other_long_secrets() -> None:
    digest = "0123456789abcdef" * 3  # a 48-character token with no known prefix
    assert redact(f"token {digest}") == f"token …{digest[-4:]}"
    hf = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh"  # letters only, known prefix
    assert redact(hf) == "hf_…EfGh"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (keys.api_key(), CredentialKind.ANTHROPIC_API_KEY),
        (keys.admin_key(), CredentialKind.ANTHROPIC_ADMIN_KEY),
        (keys.oauth_token(), CredentialKind.ANTHROPIC_OAUTH_TOKEN),
        (keys.refresh_token(), CredentialKind.ANTHROPIC_REFRESH_TOKEN),
        (keys.openrouter_key(), CredentialKind.OPENROUTER_KEY),
        (keys.openai_key(), CredentialKind.OPENAI_KEY),
        (keys.google_key(), CredentialKind.GOOGLE_KEY),
        ("hello", CredentialKind.UNKNOWN),
    ],
)
def test_credential_kind(value: str, kind: CredentialKind) -> None:
    assert credential_kind(value) is kind


def test_live_shape() -> None:
    assert is_live_shaped(keys.api_key())
    assert not is_live_shaped(keys.api_key()[:-1])
    assert is_live_shaped(keys.oauth_token(length=80))  # scanners match 40+ body characters
    assert not is_live_shaped(keys.openai_key())


@pytest.mark.parametrize(
    "value",
    [
        "sk-ant-...",
        "sk-ant-xxxx",
        "your-api-key",
        "<YOUR_KEY>",
        "sk-ant-api03-your-api-key-here",
        "****",
        "changeme",
        "sk-ant-00000000",
        "sk-ant-api03-" + "x" * 93 + "AA",  # full length, still a placeholder
        "sk-ant-api03-" + "0" * 93 + "AA",
        "sk-ant-api03-your-key-" + "A1b2" * 17 + "xAA",
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


def test_random_keys_are_not_placeholders_even_with_words_inside() -> None:
    # A random body can contain "todo" or "HERE" by chance; a real key is not a placeholder.
    assert not any(is_placeholder(keys.api_key(str(seed))) for seed in range(3000))
    with_word = "sk-ant-api03-" + "Q7zTodoP" + keys.api_key()[21:]
    assert is_live_shaped(with_word) and not is_placeholder(with_word)
    for make in keys.ALL_SHAPES.values():
        assert not is_placeholder(make())


def test_redact_remembers_short_texts_only_and_answers_the_same() -> None:
    from authlint.core import secrets

    key = keys.api_key()
    short = f"ANTHROPIC_API_KEY={key} is defined here"
    long = short + " padding" * 300
    assert len(short) <= secrets._REMEMBERED_LENGTH < len(long)
    before = secrets._redact_remembered.cache_info()
    for text in (short, long, short, long):
        assert secrets.redact(text) == secrets._redact(text)
        assert key not in secrets.redact(text)
    after = secrets._redact_remembered.cache_info()
    assert after.hits - before.hits >= 3  # the short text, asked four times, redacted once
