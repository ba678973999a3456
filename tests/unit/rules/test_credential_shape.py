"""AL101–AL108: the credential-shape family.

Every case runs the real scanner for the file's kind and the real rules over a
temporary file (``check_text``), selecting only ``AL1``, so the tests pin what a
user sees: code, line, span, message and the fix's effect on the text. Keys are
built at run time by ``tests/keys.py``; no full key is written here.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.secrets import mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.rules._credentials import is_placeholder_credential, looks_real
from keys import admin_key, api_key, google_key, oauth_token, openai_key, openrouter_key

E, W = Severity.ERROR, Severity.WARNING
AK, AT, OT, BASE = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
)

KEY = api_key()
OAT = oauth_token()
ADMIN = admin_key()


def summary(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def fixed(text: str, findings: list[Finding]) -> str:
    """The text after applying every fix (unsafe ones included)."""
    fixes = [f.fix for f in findings if f.fix is not None]
    return apply_fixes(SourceFile(None, text), fixes).source.text


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message, fix title or edit carries a secret or a long piece of one."""
    for finding in findings:
        texts = [finding.message]
        if finding.fix is not None:
            texts.append(finding.fix.title)
            texts.extend(edit.new_text for edit in finding.fix.edits)
        for secret in secrets:
            body = secret[15:]
            for text in texts:
                assert body[:20] not in text, finding.code
                assert body[-20:] not in text, finding.code


def scanner_available(module: str) -> bool:
    """Whether a scanner module exists yet (the shell scanners are written in parallel)."""
    return importlib.util.find_spec(f"authlint.scanners.{module}") is not None


# --- AL101 malformed-api-key --------------------------------------------------------

WRONG_SUFFIX = KEY[:-1] + "B"
DOTTED = KEY[:40] + "." + KEY[41:]


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        (f"{AK}={KEY[:80]}\n", [("AL101", 1)], ["80 characters long instead of 108", "truncated"]),
        (f"{AK}={KEY[:107]}\n", [("AL101", 1)], ["107 characters long", "`AA`"]),
        (f"{AK}={KEY}A\n", [("AL101", 1)], ["109 characters long"]),
        (f"{AK}={WRONG_SUFFIX}\n", [("AL101", 1)], ["does not end in `AA`"]),
        (f"{AK}={DOTTED}\n", [("AL101", 1)], ["has `.` at character 41"]),
        (f'{AK}="{KEY[:50]}\n{KEY[50:]}"\n', [("AL101", 1)], ["a line break at character 51"]),
        (f"{AK}={KEY[:50]} {KEY[50:]}\n", [("AL101", 1)], ["a space at character 51"]),
        (f"{AK}={KEY}#work\n", [("AL101", 1)], ["`#` at character 109", "space before `#`"]),
        # Any variable name: the prefix says what it is.
        (f"MY_CLAUDE_KEY={KEY[:60]}\n", [("AL101", 1)], ["MY_CLAUDE_KEY"]),
        (f"# main key\nexport {AK}='{KEY[:90]}'\n", [("AL101", 2)], ["90 characters"]),
    ],
)
def test_malformed_api_key_fires(check_text, text, expected, words) -> None:
    findings = check_text(".env", text, select="AL1")
    assert summary(findings) == expected
    assert findings[0].severity is E and findings[0].fix is None
    for word in words:
        assert word in findings[0].message
    assert "sk-ant-api03-…" in findings[0].message
    assert_no_secret(findings, KEY)


def test_malformed_api_key_span_is_the_value_inside_the_quotes(check_text) -> None:
    short = KEY[:80]
    findings = check_text(".env", f'\n{AK}="{short}"  # old\n', select="AL101")
    assert [f.span for f in findings] == [Span.at(1, len(AK) + 2, len(AK) + 2 + len(short))]
    assert mask(short) in findings[0].message


def test_malformed_api_key_split_over_two_lines_spans_both(check_text) -> None:
    findings = check_text(".env", f'{AK}="{KEY[:50]}\n{KEY[50:]}"\n', select="AL101")
    assert len(findings) == 1
    span = findings[0].span
    assert (span.start.line, span.start.character) == (0, len(AK) + 2)
    assert (span.end.line, span.end.character) == (1, len(KEY) - 50)
    assert "remove the line break" in findings[0].message  # the rest is a whole key


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env", f"{AK}={KEY}\n"),
        (".env", f'export {AK}="{KEY}"  # prod\n'),
        (".env", f"{AK}={KEY} # a comment after a space is not part of the value\n"),
        (".env", f"# {AK}={KEY[:80]}\n"),  # commented out
        (".env", f"{AK}=${{VAULT_KEY}}\n"),  # computed at run time
        (".env", f"{AK}=sk-ant-api03-...\n"),  # placeholder: AL108's business
        (".env.example", f"{AK}=sk-ant-api03-your-api-key-here\n"),
        (".env.example", f"{AK}=sk-ant-api03-abc123\n"),  # a sample in a template
        (".env.example", f"{AK}=sk-ant-api03-{'x' * 40}\n"),
        (".env", f'{AK}=" {KEY} "\n'),  # outer whitespace: AL201
        (".env", f"{AK}={KEY[:40]}\u200b{KEY[40:]}\n"),  # zero-width space: AL204
        (".env", f'{AK}={KEY}"\n'),  # stray quote: AL206
        (".env", f"{AK}={OAT}\nOTHER={ADMIN}\n"),  # other prefixes: other rules
    ],
)
def test_malformed_api_key_look_alikes_are_clean(check_text, name, text) -> None:
    assert check_text(name, text, select="AL101") == []


def test_malformed_api_key_fires_in_a_template_for_a_real_piece_of_key(check_text) -> None:
    findings = check_text(".env.example", f"{AK}={KEY[:70]}\n", select="AL1")
    assert summary(findings) == [("AL101", 1)]


# --- AL102 admin-key-for-inference --------------------------------------------------


@pytest.mark.parametrize("variable", [AK, AT, OT])
def test_admin_key_in_an_inference_variable(check_text, variable) -> None:
    findings = check_text(".env", f"{variable}={ADMIN}\n", select="AL1")
    assert summary(findings) == [("AL102", 1)]
    assert findings[0].severity is E and findings[0].fix is None
    assert "Admin API" in findings[0].message and mask(ADMIN) in findings[0].message
    assert_no_secret(findings, ADMIN)


@pytest.mark.parametrize(
    "text",
    [
        f"ANTHROPIC_ADMIN_KEY={ADMIN}\n",  # where an Admin key belongs
        f"ADMIN_API_KEY={ADMIN}\n",
        f"{AK}=sk-ant-admin01-...\n",  # placeholder
        f"{AK}={KEY}\n",
    ],
)
def test_admin_key_look_alikes_are_clean(check_text, text) -> None:
    assert [f for f in check_text(".env", text, select="AL1") if f.code == "AL102"] == []


# --- AL103 oauth-token-in-api-key-variable ------------------------------------------


def test_oauth_token_in_api_key_variable_with_rename_fix(check_text) -> None:
    text = f"FOO=1\nexport {AK}={OAT}\n"
    findings = check_text(".env", text, select="AL1")
    assert summary(findings) == [("AL103", 2)]
    finding = findings[0]
    assert finding.severity is E
    assert "`x-api-key`" in finding.message and "invalid x-api-key" in finding.message
    assert OT in finding.message and mask(OAT) in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    # The edit touches the name only.
    assert [e.span for e in finding.fix.edits] == [Span.at(1, 7, 7 + len(AK))]
    assert fixed(text, findings) == f"FOO=1\nexport {OT}={OAT}\n"
    assert_no_secret(findings, OAT)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("", [("AL103", 1)]),
        (f"{BASE}=https://api.anthropic.com\n", [("AL103", 1)]),
        (f"{BASE}=\n", [("AL103", 1)]),  # empty = unset for Claude Code and the TS SDK
        (f"{BASE}=http://localhost:4000\n", []),  # a gateway may translate it
        (f"{BASE}=https://llm.corp.example.com\n", []),
        (f"{BASE}=${{GATEWAY_URL}}\n", []),  # unknown at lint time
    ],
)
def test_oauth_token_in_api_key_variable_depends_on_endpoint(check_text, extra, expected) -> None:
    findings = check_text(".env", f"{AK}={OAT}\n{extra}", select="AL103")
    assert summary(findings) == expected


def test_oauth_token_rename_is_not_offered_when_the_target_exists(check_text) -> None:
    findings = check_text(".env", f"{AK}={OAT}\n{OT}={oauth_token('b')}\n", select="AL103")
    assert summary(findings) == [("AL103", 1)] and findings[0].fix is None


@pytest.mark.parametrize("text", [f"{OT}={OAT}\n", f"{AK}={KEY}\n", f"{AK}=sk-ant-oat01-...\n"])
def test_oauth_token_in_api_key_variable_look_alikes(check_text, text) -> None:
    assert [f for f in check_text(".env", text, select="AL1") if f.code == "AL103"] == []


# --- AL104 api-key-in-auth-token-variable -------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("", [("AL104", 1)]),
        (f'{BASE}="https://api.anthropic.com/"\n', [("AL104", 1)]),
        (f"{BASE}=https://litellm.corp.example.com\n", []),  # gateway: Bearer is right
        (f"{BASE}=http://127.0.0.1:3456\n", []),
        (f"{BASE}=https://openrouter.ai/api\n", []),
        (f"{BASE}=$(cat ~/.gateway)\n", []),
    ],
)
def test_api_key_in_auth_token_variable(check_text, extra, expected) -> None:
    text = f"{AT}={KEY}\n{extra}"
    findings = check_text(".env", text, select="AL1")
    assert summary(findings) == expected
    if expected:
        finding = findings[0]
        # Information: current SDKs send API keys as Bearer, so the request usually works.
        assert finding.severity is Severity.INFO
        assert "Authorization: Bearer" in finding.message and AK in finding.message
        assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
        assert fixed(text, findings) == f"{AK}={KEY}\n{extra}"
        assert_no_secret(findings, KEY)


def test_api_key_in_auth_token_rename_not_offered_when_api_key_is_set(check_text) -> None:
    findings = check_text(".env", f'{AK}=""\n{AT}={KEY}\n', select="AL104")
    assert summary(findings) == [("AL104", 2)] and findings[0].fix is None


# --- AL105 truncated-oauth-token ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (oauth_token(length=43), ["43 characters long", "at least 40 characters"]),
        (f"{OAT[:70]}\\", ["ends in `\\`"]),
        (f'"{OAT[:60]}\n{OAT[60:]}"', ["a line break at character 61"]),
        (f"{OAT[:50]} {OAT[50:]}", ["a space at character 51"]),
    ],
)
def test_truncated_oauth_token_fires(check_text, value, words) -> None:
    findings = check_text(".env", f"{OT}={value}\n", select="AL1")
    assert summary(findings) == [("AL105", 1)]
    assert findings[0].severity is W and findings[0].fix is None
    for word in words:
        assert word in findings[0].message
    assert "Invalid bearer token" in findings[0].message
    assert_no_secret(findings, OAT)


@pytest.mark.parametrize(
    "text",
    [
        f"{OT}={OAT}\n",
        f"{OT}={oauth_token(length=120)}\n",  # longer: the length is not published
        f'{OT}="{OAT}\n"\n',  # trailing line break only: AL201
        f"{OT}=sk-ant-oat01-...\n",  # placeholder: AL108
        f"{OT}={oauth_token(length=79)}\n",  # a whole 79-character setup-token is valid
        f"{OT}={oauth_token(length=80)}\n",
        f'{OT}="{OAT[:60]}\n"\n',  # the line break itself is AL201's
        f"SOME_TOKEN={oauth_token(length=80)}\n",  # only CLAUDE_CODE_OAUTH_TOKEN is checked
        f"# {OT}={oauth_token(length=80)}\n",
    ],
)
def test_truncated_oauth_token_look_alikes(check_text, text) -> None:
    assert [f for f in check_text(".env", text, select="AL1") if f.code == "AL105"] == []


def test_truncated_oauth_token_in_a_template_needs_a_real_looking_piece(check_text) -> None:
    assert check_text(".env.example", f"{OT}=sk-ant-oat01-abc123\n", select="AL1") == []
    findings = check_text(".env.example", f"{OT}={oauth_token(length=43)}\n", select="AL1")
    assert summary(findings) == [("AL105", 1)]


# --- AL106 oauth-token-in-auth-token-variable ---------------------------------------


def test_oauth_token_in_auth_token_variable(check_text) -> None:
    text = f"{AT}='{OAT}'\n"
    findings = check_text(".env", text, select="AL1")
    assert summary(findings) == [("AL106", 1)]
    finding = findings[0]
    assert finding.severity is W
    assert finding.span == Span.at(0, len(AT) + 2, len(AT) + 2 + len(OAT))
    assert OT in finding.message and "401" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert fixed(text, findings) == f"{OT}='{OAT}'\n"
    assert_no_secret(findings, OAT)


@pytest.mark.parametrize(
    "text",
    [
        f"{AT}={OAT}\n{BASE}=http://localhost:8080\n",  # what the gateway expects decides
        f"{AT}=sk-ant-oat01-your-token-here\n",  # placeholder: AL108
        f"{OT}={OAT}\n",
    ],
)
def test_oauth_token_in_auth_token_variable_look_alikes(check_text, text) -> None:
    assert [f for f in check_text(".env", text, select="AL1") if f.code == "AL106"] == []


# --- AL107 foreign-key-in-anthropic-variable ----------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        (AK, openai_key(), ["OpenAI API key", "invalid x-api-key"]),
        (AT, openrouter_key(), ["OpenRouter API key", "https://openrouter.ai/api"]),
        (AK, google_key(), ["a Google API key"]),
        (AT, openai_key(), ["Invalid bearer token"]),
    ],
)
def test_foreign_key_in_anthropic_variable(check_text, variable, value, words) -> None:
    findings = check_text(".env", f"{variable}={value}\n", select="AL1")
    assert summary(findings) == [("AL107", 1)]
    assert findings[0].severity is E and findings[0].fix is None
    for word in words:
        assert word in findings[0].message
    assert mask(value) in findings[0].message
    assert value not in findings[0].message


def test_foreign_key_with_base_url_pointing_at_anthropic(check_text) -> None:
    text = f"{BASE}=https://api.anthropic.com\n{AT}={openrouter_key()}\n"
    assert summary(check_text(".env", text, select="AL1")) == [("AL107", 2)]


def test_openrouter_recipe_is_clean(check_text) -> None:
    text = (
        "# Claude Code through OpenRouter\n"
        f"{BASE}=https://openrouter.ai/api\n"
        f"{AT}={openrouter_key()}\n"
        f'{AK}="" # Important: Must be explicitly empty\n'
    )
    assert check_text(".env", text, select="AL1") == []
    assert check_text(".zshrc", text.replace("\nA", "\nexport A"), select="AL1") == []


@pytest.mark.parametrize(
    "text",
    [
        f"OPENAI_API_KEY={openai_key()}\n",  # the right variable
        f"{AT}=sk-or-v1-your-openrouter-key\n{BASE}=https://openrouter.ai/api\n",
        f"{AK}=sk-or-v1-your-openrouter-key\n",  # not a complete key: AL108's business
        f"{AK}={openai_key()}\n{BASE}=http://localhost:4000\n",  # e.g. a LiteLLM proxy
    ],
)
def test_foreign_key_look_alikes(check_text, text) -> None:
    assert [f for f in check_text(".env", text, select="AL1") if f.code == "AL107"] == []


# --- AL108 placeholder-credential ---------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "sk-ant-...",
        "your-api-key",
        "<YOUR_KEY>",
        "sk-ant-api03-your-api-key-here",
        "changeme",
        "xxxx",
        '"your_anthropic_api_key_here"',
        "sk-ant-xxxxxxxxxxxxxxxxxxxx",
        "notakey",
        "anthropic_api_key",
        "sk-ant-oat01-...",
    ],
)
@pytest.mark.parametrize("variable", [AK, AT, OT])
def test_placeholder_credential_fires(check_text, variable, value) -> None:
    findings = check_text(".env", f"# local settings\n{variable}={value}\n", select="AL1")
    assert summary(findings) == [("AL108", 2)]
    assert findings[0].severity is W and findings[0].fix is None
    assert variable in findings[0].message and "401" in findings[0].message


@pytest.mark.parametrize("name", [".env", ".env.local", ".env.development", "prod.env"])
def test_placeholder_credential_in_files_loaded_as_is(check_text, name) -> None:
    findings = check_text(name, f"{AK}=sk-ant-api03-your-api-key-here\n", select="AL1")
    assert summary(findings) == [("AL108", 1)]
    assert "x-api-key" in findings[0].message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env.example", f"{AK}=sk-ant-api03-your-api-key-here\n"),
        (".env.sample", f"{AK}=<YOUR_KEY>\n"),
        (".env.template", f"{AT}=changeme\n"),
        ("env.example", f"{OT}=sk-ant-oat01-...\n"),
        (".env.local.example", f"{AK}=sk-ant-...\n"),
        (".env.test", f"{AK}=fake-key\n"),  # test fixtures use fakes on purpose
        (".env", f"{AK}=\n{AT}=\n"),  # empty values are not placeholders
        (".env", f'{AK}=""\n'),
        (".env", f"{BASE}=http://127.0.0.1:3456\n{AT}=test\n"),  # local router dummy
        (".env", f"{BASE}=http://localhost:8082\n{AT}=your-api-key\n"),
        (".env", f"{BASE}=https://llm.corp.example.com\n{AT}=dummy\n"),
        (".env", "OPENAI_API_KEY=your-openai-key\n"),  # not an Anthropic credential variable
        (".env", f"# {AK}=sk-ant-...\n"),  # commented out
        (".env", f"{AK}={KEY}\n{AT}={oauth_token('gw')}\n{BASE}=https://gw.example.com\n"),
    ],
)
def test_placeholder_credential_look_alikes(check_text, name, text) -> None:
    assert [f for f in check_text(name, text, select="AL1") if f.code == "AL108"] == []


@pytest.mark.parametrize(
    "text",
    [
        f"{BASE}=https://llm.corp.example.com\n{AT}=<YOUR_TOKEN>\n",
        f"{BASE}=https://openrouter.ai/api\n{AT}=sk-or-v1-your-openrouter-key\n",
    ],
)
def test_placeholder_sent_to_a_remote_gateway(check_text, text) -> None:
    findings = check_text(".env", text, select="AL1")
    assert summary(findings) == [("AL108", 2)]
    assert "ANTHROPIC_BASE_URL rejects it with 401" in findings[0].message


def test_a_definition_replaced_later_is_not_judged(check_text) -> None:
    text = f"{AK}=your-api-key\n{AK}={KEY[:80]}\n{AK}={KEY}\n"
    assert check_text(".env", text, select="AL1") == []
    # The last definition is the one that counts.
    text = f"{AK}={KEY}\n{AK}=your-api-key\n"
    assert summary(check_text(".env", text, select="AL1")) == [("AL108", 2)]


def _key_with(piece: str, seed: str) -> str:
    """A complete API key whose random body contains ``piece`` by chance."""
    key = api_key(seed)
    return key[:40] + piece + key[40 + len(piece) :]


@pytest.mark.parametrize("piece", ["xxx", "Here", "todo", "YOUR", "fake"])
def test_a_real_key_containing_a_placeholder_word_is_not_a_placeholder(check_text, piece) -> None:
    key = _key_with(piece, piece)
    assert len(key) == 108 and not is_placeholder_credential(key, AK)
    assert check_text(".env", f"{AK}={key}\n", select="AL1") == []


@pytest.mark.parametrize(
    "make", [api_key, admin_key, oauth_token, openrouter_key, openai_key, google_key]
)
def test_generated_credentials_are_never_placeholders(make: Callable[[str], str]) -> None:
    for n in range(300):
        value = make(f"seed{n}")
        assert looks_real(value), value[:16]
        assert not is_placeholder_credential(value), value[:16]


# --- shells -------------------------------------------------------------------------

SHELL_CASES = [
    (f"export {AK}={KEY[:80]}\n", "AL101"),
    (f"export {AK}={ADMIN}\n", "AL102"),
    (f"export {AK}={OAT}\n", "AL103"),
    (f"export {AT}={KEY}\n", "AL104"),
    (f'export {OT}="{oauth_token(length=43)}"\n', "AL105"),
    (f"export {AT}='{OAT}'\n", "AL106"),
    (f"export {AK}={openai_key()}\n", "AL107"),
    (f'export {AK}="sk-ant-api03-your-api-key-here"\n', "AL108"),
]


@pytest.mark.skipif(not scanner_available("posix_shell"), reason="no POSIX shell scanner yet")
@pytest.mark.parametrize(("line", "code"), SHELL_CASES)
def test_each_rule_in_a_zshrc(check_text, line, code) -> None:
    findings = check_text(".zshrc", f"# keys\n{line}", select="AL1")
    assert summary(findings) == [(code, 2)]


@pytest.mark.skipif(not scanner_available("posix_shell"), reason="no POSIX shell scanner yet")
def test_zshrc_rename_fix_keeps_export(check_text) -> None:
    text = f"export {AK}={OAT}\n"
    findings = check_text(".zshrc", text, select="AL103")
    assert fixed(text, findings) == f"export {OT}={OAT}\n"


@pytest.mark.skipif(not scanner_available("posix_shell"), reason="no POSIX shell scanner yet")
def test_zshrc_computed_and_conditional_base_url(check_text) -> None:
    text = f'export {AK}="$(security find-generic-password -s anthropic -w)"\n'
    assert check_text(".zshrc", text, select="AL1") == []
    text = f'if [ -n "$WORK" ]; then\n  export {BASE}=https://gw.corp.example.com\nfi\n'
    text += f"export {AT}={KEY}\n"
    assert check_text(".zshrc", text, select="AL104") == []


@pytest.mark.skipif(not scanner_available("posix_shell"), reason="no POSIX shell scanner yet")
def test_zshrc_placeholder_replaced_only_conditionally_still_counts(check_text) -> None:
    text = f"export {AK}=your-api-key\nif [ -f ~/.work ]; then\n  export {AK}={KEY}\nfi\n"
    assert summary(check_text(".zshrc", text, select="AL1")) == [("AL108", 1)]


@pytest.mark.skipif(not scanner_available("fish"), reason="no fish scanner yet")
@pytest.mark.parametrize(("line", "code"), SHELL_CASES)
def test_each_rule_in_config_fish(check_text, line, code) -> None:
    name, _, value = line.removeprefix("export ").rstrip("\n").partition("=")
    findings = check_text("config.fish", f"# keys\nset -gx {name} {value}\n", select="AL1")
    assert summary(findings) == [(code, 2)]


@pytest.mark.skipif(not scanner_available("powershell"), reason="no PowerShell scanner yet")
@pytest.mark.parametrize(("line", "code"), SHELL_CASES)
def test_each_rule_in_a_powershell_profile(check_text, line, code) -> None:
    name, _, value = line.removeprefix("export ").rstrip("\n").partition("=")
    value = value.strip("'\"")
    findings = check_text("profile.ps1", f'# keys\n$Env:{name} = "{value}"\n', select="AL1")
    assert summary(findings) == [(code, 2)]


# --- corpus and CLI -----------------------------------------------------------------

try:
    from corpus import available as corpus_available
    from corpus import materialise
except ImportError:  # pragma: no cover - the helper is optional

    def corpus_available() -> bool:
        return False


@pytest.mark.skipif(not corpus_available(), reason="shared corpus not present")
def test_real_corpus_has_one_true_positive_only(tmp_path: Path) -> None:
    mapping = materialise(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", str(tmp_path), "--no-home"]
        + ["--select", "AL1", "--format", "json", "--exit-zero"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = sorted(
        (mapping[Path(item["filename"]).resolve()], item["location"]["row"], item["code"])
        for item in json.loads(result.stdout)
        if Path(item["filename"]).resolve() in mapping
    )
    # A committed .env.development still holding the template's placeholder.
    assert found == [("env/quantumlayerplatform-core__qlp-multi__.env.development", 52, "AL108")]


def test_cli_reports_the_family_without_leaking_keys(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"{AK}={KEY[:80]}\n{AT}={OAT}\n{OT}={oauth_token('c', 43)}\nX={ADMIN}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", str(env), "--no-home"]
        + ["--select", "AL1", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)
    assert [(i["code"], i["location"]["row"]) for i in items] == [
        ("AL101", 1),
        ("AL106", 2),
        ("AL105", 3),
    ]
    for secret in (KEY[:80], OAT, oauth_token("c", 43), ADMIN):
        assert secret[15:35] not in result.stdout + result.stderr
