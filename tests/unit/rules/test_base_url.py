"""AL401–AL406: the base URL family.

Every case runs the real scanner for the file's kind and the real rules over a
temporary file (``check_text``) with only ``AL4`` selected, so the tests pin what
a user sees: code, line, span, severity, the fix's effect on the text and its
applicability. Keys come from ``tests/keys.py``; no full key is written here.
"""

from __future__ import annotations

import pytest

from authlint.core.endpoints import (
    PROVIDERS,
    ends_with_v1,
    is_openai_style,
    parse_base_url,
    provider_for,
)
from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile
from authlint.core.text import Span
from keys import api_key, oauth_token, openai_key, openrouter_key

BASE, AK, AT, OT = (
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN",
)
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def summary(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def fixed(text: str, findings: list[Finding]) -> str:
    """The text after applying every fix (unsafe ones included)."""
    fixes = [f.fix for f in findings if f.fix is not None]
    return apply_fixes(SourceFile(None, text), fixes).source.text


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message, related note, fix title or edit carries a long piece of a secret."""
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts.append(finding.fix.title)
            texts.extend(edit.new_text for edit in finding.fix.edits)
        for secret in secrets:
            body = secret[13:]
            for text in texts:
                assert body[:16] not in text and body[-16:] not in text, finding.code


# --- core.endpoints -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "openai"),
    [
        ("https://openrouter.ai/api/v1", True),
        ("https://openrouter.ai/api/v1/", True),
        ("https://openrouter.ai/api", False),
        ("https://openrouter.ai/api/", False),
        ("https://openrouter.ai", False),
        ("https://api.deepseek.com", True),
        ("https://api.deepseek.com/v1", True),
        ("https://api.deepseek.com/anthropic", False),
        ("https://api.deepseek.com/anthropic/v1", False),
        ("https://api.z.ai/api/paas/v4", True),
        ("https://api.z.ai/api/coding/paas/v4", True),
        ("https://api.z.ai/api/anthropic", False),
        ("https://open.bigmodel.cn/api/paas/v4", True),
        ("https://open.bigmodel.cn/api/anthropic", False),
        ("https://api.moonshot.ai/v1", True),
        ("https://api.moonshot.cn/v1", True),
        ("https://api.moonshot.ai/anthropic", False),
        ("https://api.minimax.io/v1", True),
        ("https://api.minimax.io/anthropic", False),
        ("https://api.minimaxi.com/anthropic", False),
        ("https://api.openai.com/v1", True),
        ("https://api.openai.com", True),
        ("https://llm.acme.dev/v1/chat/completions", True),
        ("http://localhost:8000/v1/completions", True),
        ("https://llm.acme.dev/completions-proxy/anthropic", False),
        ("https://api.anthropic.com", False),
        ("http://localhost:4000", False),
    ],
)
def test_is_openai_style(url: str, openai: bool) -> None:
    parsed = parse_base_url(url)
    assert parsed is not None
    assert is_openai_style(parsed) is openai


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.anthropic.com/v1", True),
        ("https://api.anthropic.com/v1/", True),
        ("https://api.anthropic.com/v1//", True),
        ("https://gw.acme.dev/anthropic/v1", True),
        ("https://api.anthropic.com", False),
        ("https://api.anthropic.com/", False),
        ("https://api.anthropic.com//", False),
        ("https://gw.acme.dev/v1beta", False),
        ("https://gw.acme.dev/v10", False),
        ("https://gw.acme.dev/xv1", False),
        ("https://api.anthropic.com/v1/messages", False),
    ],
)
def test_ends_with_v1(url: str, expected: bool) -> None:
    parsed = parse_base_url(url)
    assert parsed is not None
    assert ends_with_v1(parsed) is expected


def test_every_provider_documents_an_anthropic_endpoint_that_is_not_openai_style() -> None:
    for provider in PROVIDERS:
        assert provider_for(provider.hosts[0]) is not None
        if provider.anthropic_base:
            parsed = parse_base_url(provider.anthropic_base)
            assert parsed is not None and parsed.host in provider.hosts
            assert not is_openai_style(parsed), provider.name


def test_provider_for_matches_subdomains_but_not_look_alikes() -> None:
    assert provider_for("openrouter.ai") is not None
    assert provider_for("eu.openrouter.ai") is not None
    assert provider_for("notopenrouter.ai") is None
    assert provider_for("api.anthropic.com") is None


# --- AL401 base-url-ends-with-v1 -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "span", "after"),
    [
        (
            ".env",
            f"{BASE}=https://api.anthropic.com/v1\n",
            Span.at(0, 19, 47),
            f"{BASE}=https://api.anthropic.com\n",
        ),
        (
            ".env",
            f'{BASE}="https://api.anthropic.com/v1/"\n',
            Span.at(0, 20, 49),
            f'{BASE}="https://api.anthropic.com"\n',
        ),
        (
            ".env.local",
            f"APP=1\n{BASE}=https://gw.acme.dev/anthropic/v1//  # gateway\n",
            Span.at(1, 19, 53),
            f"APP=1\n{BASE}=https://gw.acme.dev/anthropic  # gateway\n",
        ),
        # A template's real value is copied as is: the corpus's ijuns/zerotop case.
        (
            ".env.claude.example",
            f"{AK}=REPLACE_WITH_YOUR_KEY\n{BASE}=https://api.anthropic.com/v1\n",
            Span.at(1, 19, 47),
            f"{AK}=REPLACE_WITH_YOUR_KEY\n{BASE}=https://api.anthropic.com\n",
        ),
        (
            ".zshrc",
            f'export {BASE}="https://api.anthropic.com/v1/"\n',
            Span.at(0, 27, 56),
            f'export {BASE}="https://api.anthropic.com"\n',
        ),
        (
            "config.fish",
            f"set -gx {BASE} https://api.anthropic.com/v1\n",
            Span.at(0, 27, 55),
            f"set -gx {BASE} https://api.anthropic.com\n",
        ),
    ],
)
def test_al401_reports_v1_suffix_and_deletes_it(check_text, name, text, span, after) -> None:
    findings = check_text(name, text, select="AL401")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.code, finding.name, finding.severity) == (
        "AL401",
        "base-url-ends-with-v1",
        Severity.ERROR,
    )
    assert finding.span == span
    assert "/v1/v1/messages" in finding.message and "404" in finding.message
    assert finding.fix is not None and finding.fix.applicability is SAFE
    assert fixed(text, findings) == after
    # The edit deletes only the suffix: nothing else in the line is rewritten.
    (edit,) = finding.fix.edits
    assert edit.new_text == ""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env", f"{BASE}=https://api.anthropic.com\n"),
        (".env", f"{BASE}=https://api.anthropic.com/\n"),
        (".env", f"{BASE}=https://api.anthropic.com//\n"),
        (".env", f"{BASE}=https://gw.acme.dev/v1beta\n"),
        (".env", f"{BASE}=https://gw.acme.dev/v10\n"),
        (".env", f"{BASE}=https://api.deepseek.com/anthropic\n"),
        (".env", f"{BASE}=https://api.z.ai/api/anthropic\n"),
        (".env", f"{BASE}=https://api.minimax.io/anthropic\n"),
        (".env", f"{BASE}=https://openrouter.ai/api\n"),
        (".env", f"{BASE}=http://127.0.0.1:3456\n"),
        (".env", f"{BASE}=http://litellm:4000\n"),
        # Computed, commented out, placeholder, other variables.
        (".env", f"{BASE}=${{GATEWAY}}/v1\n"),
        (".env", f"# {BASE}=https://api.anthropic.com/v1\n"),
        (".env.example", f"{BASE}=https://your-gateway.example.com/v1\n"),
        (".env", "OPENAI_BASE_URL=https://api.openai.com/v1\nANTHROPIC_URL=https://x.dev/v1\n"),
        # Overwritten before anything reads it.
        (".env", f"{BASE}=https://api.anthropic.com/v1\n{BASE}=https://api.anthropic.com\n"),
        (".zshrc", f"export {BASE}=$GATEWAY/v1\n"),
    ],
)
def test_al401_is_silent_on_look_alikes(check_text, name, text) -> None:
    assert check_text(name, text, select="AL401") == []


def test_al401_only_reports_definitions_that_reach_a_program(check_text) -> None:
    # A conditional definition after a top-level one may run: both are live.
    text = (
        f"export {BASE}=https://api.anthropic.com/v1\n"
        f'if [ -n "$WORK" ]; then\n  export {BASE}=https://gw.acme.dev/v1\nfi\n'
    )
    assert summary(check_text(".zshrc", text, select="AL401")) == [("AL401", 1), ("AL401", 3)]
    # A later top-level definition overwrites an earlier conditional one.
    text = (
        f'if [ -n "$WORK" ]; then\n  export {BASE}=https://gw.acme.dev/v1\nfi\n'
        f"export {BASE}=https://api.anthropic.com\n"
    )
    assert check_text(".zshrc", text, select="AL401") == []


def test_al401_defers_to_al404_for_openai_style_endpoints(check_text) -> None:
    text = f"{BASE}=https://openrouter.ai/api/v1\n"
    assert summary(check_text(".env", text, select="AL4")) == [("AL404", 1)]


def test_al401_gives_no_fix_when_the_value_does_not_map_one_to_one(check_text) -> None:
    # python-dotenv turns `\n` into a line break: the value is reported, but an edit of
    # the value's characters would not line up with the text, so there is no fix.
    findings = check_text(".env", f'{BASE}="https://api.anthropic.com/v1\\n"\n', select="AL401")
    assert summary(findings) == [("AL401", 1)]
    assert findings[0].fix is None


# --- AL402 base-url-missing-scheme -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "after", "applicability"),
    [
        (
            f"{BASE}=api.anthropic.com\n",
            Span.at(0, 19, 36),
            f"{BASE}=https://api.anthropic.com\n",
            SAFE,
        ),
        (
            f'{BASE}="gw.acme.dev/anthropic"\n',
            Span.at(0, 20, 41),
            f'{BASE}="https://gw.acme.dev/anthropic"\n',
            SAFE,
        ),
        (
            f"{BASE}=localhost:4000\n",
            Span.at(0, 19, 33),
            f"{BASE}=http://localhost:4000\n",
            UNSAFE,
        ),
        (
            f"{BASE}=127.0.0.1:8080/anthropic\n",
            Span.at(0, 19, 43),
            f"{BASE}=http://127.0.0.1:8080/anthropic\n",
            UNSAFE,
        ),
        (
            f"{BASE}=litellm:4000\n",
            Span.at(0, 19, 31),
            f"{BASE}=http://litellm:4000\n",
            UNSAFE,
        ),
        (
            f"{BASE}=192.168.1.20:3456 # home router\n",
            Span.at(0, 19, 36),
            f"{BASE}=http://192.168.1.20:3456 # home router\n",
            UNSAFE,
        ),
    ],
)
def test_al402_reports_missing_scheme(check_text, text, span, after, applicability) -> None:
    findings = check_text(".env", text, select="AL402")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.code, finding.severity, finding.span) == ("AL402", Severity.ERROR, span)
    assert "Invalid URL" in finding.message
    assert finding.fix is not None and finding.fix.applicability is applicability
    assert fixed(text, findings) == after


def test_al402_in_a_profile(check_text) -> None:
    text = f"export {BASE}=api.anthropic.com\n"
    findings = check_text(".zshrc", text, select="AL402")
    assert summary(findings) == [("AL402", 1)]
    assert findings[0].span == Span.at(0, 26, 43)
    assert fixed(text, findings) == f"export {BASE}=https://api.anthropic.com\n"


@pytest.mark.parametrize(
    "value",
    [
        "https://api.anthropic.com",
        "http://localhost:4000",
        "HTTPS://API.ANTHROPIC.COM",
        "proxy",  # one word without a port: not clearly a host
        "...",
        "your-gateway-url-here",
        "<GATEWAY_URL>",
        "${GATEWAY_URL}",
        "",
    ],
)
def test_al402_is_silent_on_look_alikes(check_text, value) -> None:
    assert check_text(".env", f"{BASE}={value}\n", select="AL402") == []


def test_al402_and_al401_both_apply_with_separate_edits(check_text) -> None:
    text = f"{BASE}=api.anthropic.com/v1\n"
    findings = check_text(".env", text, select="AL4")
    assert summary(findings) == [("AL401", 1), ("AL402", 1)]
    assert fixed(text, findings) == f"{BASE}=https://api.anthropic.com\n"


def test_al402_defers_to_al404(check_text) -> None:
    text = f"{BASE}=openrouter.ai/api/v1\n"
    findings = check_text(".env", text, select="AL4")
    assert summary(findings) == [("AL404", 1)]
    assert fixed(text, findings) == f"{BASE}=https://openrouter.ai/api\n"


# --- AL403 empty-base-url -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "span", "after"),
    [
        (".env", f"{BASE}=\n", Span.at(0, 0, 19), f"# {BASE}=\n"),
        (".env", f'X=1\n{BASE}=""\n', Span.at(1, 0, 21), f'X=1\n# {BASE}=""\n'),
        (".env.local", f"export {BASE}=''\n", Span.at(0, 0, 28), f"# export {BASE}=''\n"),
        (".zshrc", f"export {BASE}=\n", Span.at(0, 0, 26), f"unset {BASE}\n"),
        (".bashrc", f'export {BASE}=""\n', Span.at(0, 0, 28), f"unset {BASE}\n"),
        ("config.fish", f'set -gx {BASE} ""\n', Span.at(0, 0, 29), f"set -e {BASE}\n"),
        (
            "Microsoft.PowerShell_profile.ps1",
            f'$Env:{BASE} = ""\n',
            Span.at(0, 0, 28),
            f"$Env:{BASE} = $null\n",
        ),
    ],
)
def test_al403_reports_empty_base_url(check_text, name, text, span, after) -> None:
    findings = check_text(name, text, select="AL403")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.code, finding.name, finding.severity, finding.span) == (
        "AL403",
        "empty-base-url",
        Severity.WARNING,
        span,
    )
    assert "APIConnectionError" in finding.message
    assert finding.fix is not None and finding.fix.applicability is UNSAFE
    assert fixed(text, findings) == after


def test_al403_without_a_fix_when_the_statement_does_more(check_text) -> None:
    findings = check_text(".zshrc", f"export APP=1 {BASE}=\n", select="AL403")
    assert summary(findings) == [("AL403", 1)]
    assert findings[0].fix is None


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env.example", f"{BASE}=\n"),
        (".env.template", f'{BASE}=""\n'),
        (".env", f"# {BASE}=\n"),
        (".env", f"{BASE}=\n{BASE}=https://api.anthropic.com\n"),
        (".env", f"{BASE}=https://api.anthropic.com\n"),
        (".env", f"{BASE}\n"),  # no `=`: python-dotenv sets nothing
        (".zshrc", f"{BASE}=\n"),  # not exported: children never see it
        (".zshrc", f"unset {BASE}\n"),
        (
            "Microsoft.PowerShell_profile.ps1",
            f'[Environment]::SetEnvironmentVariable("{BASE}", "", "User")\n',
        ),
    ],
)
def test_al403_is_silent_on_look_alikes(check_text, name, text) -> None:
    assert check_text(name, text, select="AL403") == []


# --- AL404 openai-compatible-base-url ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "replacement"),
    [
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/api"),
        ("https://openrouter.ai/api/v1/chat/completions", "https://openrouter.ai/api"),
        ("https://api.deepseek.com", "https://api.deepseek.com/anthropic"),
        ("https://api.deepseek.com/v1", "https://api.deepseek.com/anthropic"),
        ("https://api.moonshot.ai/v1", "https://api.moonshot.ai/anthropic"),
        ("https://api.moonshot.cn/v1", "https://api.moonshot.cn/anthropic"),
        ("https://api.z.ai/api/paas/v4", "https://api.z.ai/api/anthropic"),
        ("https://api.z.ai/api/coding/paas/v4/", "https://api.z.ai/api/anthropic"),
        ("https://api.minimax.io/v1", "https://api.minimax.io/anthropic"),
        ("https://api.openai.com/v1", None),
        ("https://llm.acme.dev/v1/chat/completions", None),
        ("http://localhost:8000/v1/completions", None),
    ],
)
def test_al404_reports_openai_style_endpoints(check_text, url, replacement) -> None:
    text = f'{BASE}="{url}"\n'
    findings = check_text(".env", text, select="AL4")
    assert summary(findings) == [("AL404", 1)]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.span == Span.at(0, 20, 20 + len(url))
    assert "/v1/messages" in finding.message
    if replacement is None:
        assert finding.fix is None
    else:
        assert finding.fix is not None and finding.fix.applicability is UNSAFE
        assert fixed(text, findings) == f'{BASE}="{replacement}"\n'
        assert replacement in finding.message


def test_al404_in_a_profile(check_text) -> None:
    text = f"export {BASE}=https://openrouter.ai/api/v1\n"
    findings = check_text(".zshrc", text, select="AL4")
    assert summary(findings) == [("AL404", 1)]
    assert fixed(text, findings) == f"export {BASE}=https://openrouter.ai/api\n"


@pytest.mark.parametrize(
    "url",
    [
        "https://openrouter.ai/api",
        "https://api.deepseek.com/anthropic",
        "https://api.z.ai/api/anthropic",
        "https://api.minimax.io/anthropic",
        "https://api.moonshot.ai/anthropic",
        "https://api.anthropic.com",
        "http://litellm:4000",
        "https://gw.acme.dev/completions-proxy/anthropic",
    ],
)
def test_al404_is_silent_on_anthropic_endpoints(check_text, url) -> None:
    assert check_text(".env", f"{BASE}={url}\n", select="AL404") == []


# --- AL405 anthropic-key-sent-to-third-party ---------------------------------------------

KEY = api_key()
OAT = oauth_token()


@pytest.mark.parametrize(
    ("text", "line", "variable"),
    [
        (f"{BASE}=https://openrouter.ai/api\n{AK}={KEY}\n", 2, AK),
        (f"{AT}={KEY}\n{BASE}=https://api.deepseek.com/anthropic\n", 1, AT),
        (f"{BASE}=https://api.z.ai/api/anthropic\n{OT}={OAT}\n", 2, OT),
        # Claude Code sends both headers when both variables are set.
        (f"{BASE}=https://openrouter.ai/api\n{AT}={openrouter_key()}\n{AK}={KEY}\n", 3, AK),
    ],
)
def test_al405_reports_anthropic_credentials_sent_to_a_provider(
    check_text, text, line, variable
) -> None:
    findings = check_text(".env", text, select="AL405")
    assert summary(findings) == [("AL405", line)]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith(variable)
    value = KEY if variable != OT else OAT
    start = len(variable) + 1
    assert finding.span == Span.at(line - 1, start, start + len(value))
    assert finding.fix is None
    base_line = next(i for i, ln in enumerate(text.splitlines()) if ln.startswith(BASE))
    (related,) = finding.related
    assert related.span.start.line == base_line
    assert_no_secret(findings, value)


def test_al405_in_a_profile(check_text) -> None:
    text = f"export {BASE}=https://openrouter.ai/api\nexport {AT}={KEY}\n"
    findings = check_text(".zshrc", text, select="AL405")
    assert summary(findings) == [("AL405", 2)]
    assert_no_secret(findings, KEY)


@pytest.mark.parametrize(
    "text",
    [
        # Local and unknown hosts may forward Anthropic keys to Anthropic.
        f"{BASE}=http://localhost:4000\n{AK}={KEY}\n",
        f"{BASE}=https://llm-gateway.acme.dev\n{AK}={KEY}\n",
        f"{BASE}=https://api.anthropic.com\n{AK}={KEY}\n",
        f"{AK}={KEY}\n",
        # The provider's own key, a placeholder, an empty or computed value.
        f"{BASE}=https://openrouter.ai/api\n{AT}={openrouter_key()}\n{AK}=\n",
        f"{BASE}=https://openrouter.ai/api\n{AK}=sk-ant-api03-...\n",
        f"{BASE}=https://openrouter.ai/api\n{AK}=${{ANTHROPIC_KEY}}\n",
        # The base URL that wins is Anthropic's.
        f"{BASE}=https://openrouter.ai/api\n{AK}={KEY}\n{BASE}=https://api.anthropic.com\n",
        # The OAuth token is outranked by a gateway credential and never sent.
        f"{BASE}=https://openrouter.ai/api\n{AT}={openrouter_key()}\n{OT}={OAT}\n",
        # A key in a commented-out line.
        f"{BASE}=https://openrouter.ai/api\n# {AK}={KEY}\n",
    ],
)
def test_al405_is_silent_on_look_alikes(check_text, text) -> None:
    assert check_text(".env", text, select="AL405") == []


# --- AL406 gateway-credential-in-api-key-variable ----------------------------------------

GATEWAY_KEY = "gw-" + openrouter_key("gateway")[9:41]


@pytest.mark.parametrize(
    ("text", "line", "after"),
    [
        (
            f"{BASE}=https://openrouter.ai/api\n{AK}={openrouter_key()}\n",
            2,
            f"{BASE}=https://openrouter.ai/api\n{AT}={openrouter_key()}\n",
        ),
        (
            f"export {AK}={GATEWAY_KEY}\n{BASE}=https://llm.acme.dev/anthropic\n",
            1,
            f"export {AT}={GATEWAY_KEY}\n{BASE}=https://llm.acme.dev/anthropic\n",
        ),
        (
            f"{BASE}=http://localhost:4000\n{AK}={openai_key()}\n",
            2,
            f"{BASE}=http://localhost:4000\n{AT}={openai_key()}\n",
        ),
        (
            f"{BASE}=https://api.moonshot.ai/anthropic\n{AK}={GATEWAY_KEY}\n",
            2,
            f"{BASE}=https://api.moonshot.ai/anthropic\n{AT}={GATEWAY_KEY}\n",
        ),
    ],
)
def test_al406_reports_gateway_credential_in_api_key(check_text, text, line, after) -> None:
    findings = check_text(".env", text, select="AL406")
    assert summary(findings) == [("AL406", line)]
    finding = findings[0]
    assert (finding.name, finding.severity) == (
        "gateway-credential-in-api-key-variable",
        Severity.WARNING,
    )
    start = text.splitlines()[line - 1].index(AK)
    assert finding.span == Span.at(line - 1, start, start + len(AK))
    assert "x-api-key" in finding.message and AT in finding.message
    assert finding.fix is not None and finding.fix.applicability is UNSAFE
    assert fixed(text, findings) == after
    assert len(finding.related) == 1
    assert_no_secret(findings, openrouter_key(), openai_key())


def test_al406_reports_without_a_fix_when_auth_token_is_defined_empty(check_text) -> None:
    text = f"{BASE}=https://openrouter.ai/api\n{AK}={openrouter_key()}\n{AT}=\n"
    findings = check_text(".env", text, select="AL406")
    assert summary(findings) == [("AL406", 2)]
    assert findings[0].fix is None


def test_al406_in_a_profile(check_text) -> None:
    text = f"export {BASE}=https://openrouter.ai/api\nexport {AK}={openrouter_key()}\n"
    findings = check_text(".zshrc", text, select="AL406")
    assert summary(findings) == [("AL406", 2)]
    assert fixed(text, findings) == text.replace(f"export {AK}", f"export {AT}")


@pytest.mark.parametrize(
    "text",
    [
        # Providers whose docs accept x-api-key.
        f"{BASE}=https://api.deepseek.com/anthropic\n{AK}={GATEWAY_KEY}\n",
        f"{BASE}=https://api.minimax.io/anthropic\n{AK}={GATEWAY_KEY}\n",
        # Anthropic's own host, or no base URL at all.
        f"{BASE}=https://api.anthropic.com\n{AK}={openrouter_key()}\n",
        f"{AK}={openrouter_key()}\n",
        # An Anthropic key (AL405's business for providers; gateways may forward it).
        f"{BASE}=https://llm.acme.dev\n{AK}={KEY}\n",
        # AUTH_TOKEN is set, or computed at run time.
        f"{BASE}=https://llm.acme.dev\n{AK}={GATEWAY_KEY}\n{AT}={GATEWAY_KEY}\n",
        f"{BASE}=https://llm.acme.dev\n{AK}={GATEWAY_KEY}\n{AT}=${{TOKEN}}\n",
        # Empty, computed, placeholder and dummy values.
        f"{BASE}=https://openrouter.ai/api\n{AK}=\n",
        f"{BASE}=https://openrouter.ai/api\n{AK}=${{OPENROUTER_API_KEY}}\n",
        f"{BASE}=https://openrouter.ai/api\n{AK}=your-openrouter-key\n",
        f"{BASE}=http://127.0.0.1:3456\n{AK}=test\n",
        f"{BASE}=http://localhost:4000\n{AK}=sk-anything\n",
        # An OpenAI-style base URL is AL404's.
        f"{BASE}=https://openrouter.ai/api/v1\n{AK}={openrouter_key()}\n",
        # A computed or placeholder base URL.
        f"{BASE}=${{GATEWAY}}\n{AK}={GATEWAY_KEY}\n",
    ],
)
def test_al406_is_silent_on_look_alikes(check_text, text) -> None:
    assert check_text(".env", text, select="AL406") == []


# --- documented recipes are completely clean -------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # OpenRouter's Claude Code recipe.
        (
            ".env",
            f'{AT}={openrouter_key()}\n{AK}=""\n{BASE}=https://openrouter.ai/api\n',
        ),
        (
            ".zshrc",
            f'export {BASE}="https://openrouter.ai/api"\nexport {AT}="{openrouter_key()}"\n'
            f'export {AK}=""\n',
        ),
        # LiteLLM's Claude Code recipe.
        (".env", f"{BASE}=http://localhost:4000\n{AT}=sk-1234\n"),
        # A local router with a dummy token (corpus: 812lcl/dotfiles .env.template).
        (
            ".env.template",
            f'export {BASE}="http://127.0.0.1:3456"\nexport {AT}="test"\n'
            f'export {AK}="" # Important: Must be explicitly empty\n',
        ),
        # The providers' documented Anthropic endpoints.
        (".env", f"{BASE}=https://api.deepseek.com/anthropic\n{AK}={GATEWAY_KEY}\n"),
        (".env", f"{BASE}=https://api.z.ai/api/anthropic\n{AT}={GATEWAY_KEY}\n"),
        (".env", f"{BASE}=https://api.moonshot.ai/anthropic\n{AT}={GATEWAY_KEY}\n"),
        (".env", f"{BASE}=https://api.minimax.io/anthropic\n{AK}={GATEWAY_KEY}\n"),
        # Plain Anthropic.
        (".env", f"{AK}={KEY}\n"),
        (".env", f"{BASE}=https://api.anthropic.com\n{AK}={KEY}\n"),
    ],
)
def test_documented_setups_are_clean(check_text, name, text) -> None:
    assert check_text(name, text) == []
