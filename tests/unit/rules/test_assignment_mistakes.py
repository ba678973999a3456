"""AL301–AL308 and AL310: assignments that do not do what they look like.

Every case runs the real scanner for the file's kind and the real rules over a
temporary file (``check_text``), so the tests pin what a user sees: code,
severity, line, span and the fix's effect on the text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.rules._names import edit_distance, near_misses
from keys import api_key, oauth_token

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

try:
    from corpus import CORPUS
    from corpus import available as corpus_available
except ImportError:  # pragma: no cover - the helper is optional
    CORPUS = Path("/nonexistent")

    def corpus_available() -> bool:
        return False


def summary(findings: list[Finding]) -> list[tuple[str, int, Severity]]:
    """(code, 1-based line, severity) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1, f.severity) for f in findings]


def fixed(text: str, findings: list[Finding], *, unsafe: bool = False) -> str:
    """The text after applying the findings' fixes (safe ones, or all with ``unsafe``)."""
    fixes = [
        f.fix
        for f in findings
        if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)
    ]
    return apply_fixes(SourceFile(None, text), fixes).source.text


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message, related note or fix edit carries a secret (or its middle part)."""
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts += [finding.fix.title, *(e.new_text for e in finding.fix.edits)]
        for secret in secrets:
            for text in texts:
                assert secret not in text
                assert secret[13:40] not in text


# --- AL301 space-around-equals -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "after"),
    [
        ('ANTHROPIC_API_KEY = ""\n', Span.at(0, 17, 20), 'ANTHROPIC_API_KEY=""\n'),
        ("export ANTHROPIC_API_KEY =abc\n", Span.at(0, 24, 26), "export ANTHROPIC_API_KEY=abc\n"),
        (
            "ANTHROPIC_BASE_URL\t=\thttp://localhost:4000\n",
            Span.at(0, 18, 21),
            "ANTHROPIC_BASE_URL=http://localhost:4000\n",
        ),
    ],
)
def test_al301_dotenv_warns_and_fix_removes_only_the_spaces(check_text, text, span, after):
    findings = check_text(".env", text, select="AL301")
    assert summary(findings) == [("AL301", 1, W)]
    assert findings[0].span == span
    assert fixed(text, findings) == after
    assert findings[0].fix is not None and findings[0].fix.applicability is Applicability.SAFE


def test_al301_message_names_variable_and_loaders_without_the_key(check_text):
    key = api_key("al301")
    findings = check_text(".env", f'ANTHROPIC_API_KEY = "{key}"\n', select="AL301")
    assert summary(findings) == [("AL301", 1, W)]
    message = findings[0].message
    assert "ANTHROPIC_API_KEY" in message and "source .env" in message and "docker" in message
    assert_no_secret(findings, key)
    assert fixed(f'ANTHROPIC_API_KEY = "{key}"\n', findings) == f'ANTHROPIC_API_KEY="{key}"\n'


@pytest.mark.parametrize(
    "text",
    [
        'ANTHROPIC_API_KEY=""\n',
        "ANTHROPIC_API_KEY=a = b\n",  # the spaces are inside the value
        'ANTHROPIC_API_KEY="a = b"\n',
        "# ANTHROPIC_API_KEY = sk-ant-...\n",
        "  ANTHROPIC_API_KEY=x\n",
        "ANTHROPIC_API_KEY=x # a = b\n",
    ],
)
def test_al301_clean_dotenv_lines(check_text, text):
    assert check_text(".env", text, select="AL301") == []


# --- AL302 space-after-equals --------------------------------------------------------


def test_al302_dotenv_warns_and_fix_keeps_the_value(check_text):
    key = api_key("al302")
    text = f"ANTHROPIC_API_KEY= {key}\n"
    findings = check_text(".env", text, select="AL302")
    assert summary(findings) == [("AL302", 1, W)]
    assert findings[0].span == Span.at(0, 17, 19)
    assert "ANTHROPIC_API_KEY" in findings[0].message
    assert_no_secret(findings, key)
    assert fixed(text, findings) == f"ANTHROPIC_API_KEY={key}\n"


@pytest.mark.parametrize(
    "text",
    [
        "ANTHROPIC_API_KEY=\n",
        "ANTHROPIC_API_KEY= \n",  # empty value with trailing blanks: nothing is run
        "ANTHROPIC_API_KEY=x y\n",
        "# ANTHROPIC_API_KEY= x\n",
    ],
)
def test_al302_clean_dotenv_lines(check_text, text):
    assert check_text(".env", text, select="AL302") == []


def test_al301_al302_are_separate(check_text):
    text = "ANTHROPIC_A = 1\nCLAUDE_B= 2\nANTHROPIC_C =3\n"
    assert summary(check_text(".env", text, select=("AL301", "AL302"))) == [
        ("AL301", 1, W),
        ("AL302", 2, W),
        ("AL301", 3, W),
    ]


def test_al301_al302_leave_other_names_in_dotenv_alone(check_text):
    # python-dotenv and Node dotenv accept these; only `source .env` breaks, which
    # is a dotenv linter's business, not an authentication problem.
    text = "OPENAI_API_KEY = x\nTAVILY_API_KEY= y\n"
    assert check_text(".env", text, select=("AL301", "AL302")) == []


# --- AL306 duplicate-definition ------------------------------------------------------


def test_al306_dotenv_reports_the_overwritten_definition_with_related(check_text, tmp_path):
    text = "ANTHROPIC_API_KEY=old\nOTHER=1\nANTHROPIC_API_KEY=new\n"
    findings = check_text(".env", text, select="AL306")
    assert summary(findings) == [("AL306", 1, W)]
    finding = findings[0]
    assert finding.span == Span.at(0, 0, 17)
    assert finding.fix is None
    assert "line 3" in finding.message
    assert "python-dotenv" in finding.message and "Node dotenv" in finding.message
    (related,) = finding.related
    assert related.span == Span.at(2, 0, 17)
    assert related.path == tmp_path / ".env"


def test_al306_three_definitions_report_each_overwritten_one(check_text):
    text = "K=1\nK=2\nK=3\n"
    findings = check_text(".env", text, select="AL306")
    assert summary(findings) == [("AL306", 1, W), ("AL306", 2, W)]
    assert [f.related[0].span.start.line for f in findings] == [1, 2]


@pytest.mark.parametrize(
    "text",
    [
        "ANTHROPIC_API_KEY=a\nANTHROPIC_AUTH_TOKEN=b\n",
        "# ANTHROPIC_API_KEY=a\nANTHROPIC_API_KEY=b\n",  # commented-out alternative
        "ANTHROPIC_BASE_URL=http://h\nANTHROPIC_BASE_URL=${ANTHROPIC_BASE_URL}/api\n",
        "anthropic_api_key=a\nANTHROPIC_API_KEY=b\n",  # different names (AL308 handles it)
    ],
)
def test_al306_clean_dotenv(check_text, text):
    assert check_text(".env", text, select="AL306") == []


# --- AL307 misspelled-variable-name --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "real"),
    [
        ("ANTHROPIC_APIKEY", "ANTHROPIC_API_KEY"),
        ("ANTROPIC_API_KEY", "ANTHROPIC_API_KEY"),
        ("ANTHROPIC_API_KEYS", "ANTHROPIC_API_KEY"),
        ("ANTHORPIC_API_KEY", "ANTHROPIC_API_KEY"),  # swapped letters: distance 1
        ("ANTHROPIC_AUTH_TOKENS", "ANTHROPIC_AUTH_TOKEN"),
        ("CLAUDE_CODE_OAUTH_TOKENS", "CLAUDE_CODE_OAUTH_TOKEN"),
        ("CLAUDE_CODE_OATH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"),
        ("ANTHROPIC_BASEURL", "ANTHROPIC_BASE_URL"),
        ("ANTHROPIC_BASE_URI", "ANTHROPIC_BASE_URL"),
        ("ANTHROPIC_CUSTOM_HEADER", "ANTHROPIC_CUSTOM_HEADERS"),
    ],
)
def test_al307_near_miss_warns_with_unsafe_rename(check_text, name, real):
    text = f"FOO=1\n{name}=value\n"
    findings = check_text(".env", text, select="AL307")
    assert summary(findings) == [("AL307", 2, W)]
    finding = findings[0]
    assert finding.span == Span.at(1, 0, len(name))
    assert name in finding.message and real in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert fixed(text, findings) == text  # not applied without unsafe fixes
    assert fixed(text, findings, unsafe=True) == f"FOO=1\n{real}=value\n"


@pytest.mark.parametrize(
    "name",
    [
        "CLAUDE_API_KEY",
        "ANTHROPIC_KEY",
        "ANTHROPIC_TOKEN",
        "ANTHROPIC_URL",
        "ANTHROPIC_ENDPOINT",
        "ANTHROPIC_API_URL",
        "ANTHROPIC_API_BASE",
        "CLAUDE_KEY",
    ],
)
def test_al307_app_specific_names_are_info_without_fix(check_text, name):
    findings = check_text(".env", f"{name}=x\n", select="AL307")
    assert summary(findings) == [("AL307", 1, INFO)]
    assert findings[0].fix is None
    assert name in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        # the real name is there too: the look-alike is the application's own
        "CLAUDE_API_KEY=x\nANTHROPIC_API_KEY=y\n",
        "ANTHROPIC_URL=http://h\nANTHROPIC_BASE_URL=http://h\n",
        "ANTHROPIC_TOKEN=x\nANTHROPIC_AUTH_TOKEN=y\n",
        "ANTHROPIC_API_KEYS=a,b\nANTHROPIC_API_KEY=a\n",
        # real names, numbered keys, unrelated settings
        "ANTHROPIC_API_KEY=x\n",
        "CLAUDE_CODE_OAUTH_TOKEN=x\n",
        "ANTHROPIC_API_KEY_2=x\n",
        "ANTHROPIC_API_KEY2=x\n",
        "ANTHROPIC_MODEL=claude\n",
        "ANTHROPIC_SMALL_FAST_MODEL=claude\n",
        "ANTHROPIC_DEFAULT_SONNET_MODEL=claude\n",
        "CLAUDE_CODE_USE_BEDROCK=0\n",
        "CLAUDE_CONFIG_DIR=/home/node/.claude\n",
        "ANTHROPIC_FOUNDRY_API_KEY=x\n",
        "ANTHROPIC_VERTEX_PROJECT_ID=p\n",
        "CLAUDE_MEM_ANTHROPIC_API_KEY=x\n",
        "OPENAI_API_KEY=x\n",
        # lower case belongs to AL308, comments to nobody
        "anthropic_apikey=x\n",
        "anthropic_api_key=x\n",
        "# ANTHROPIC_APIKEY=x\n",
    ],
)
def test_al307_clean(check_text, text):
    assert check_text(".env", text, select="AL307") == []


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", 0),
        ("ANTHROPIC_APIKEY", "ANTHROPIC_API_KEY", 1),
        ("ANTHORPIC_API_KEY", "ANTHROPIC_API_KEY", 1),
        ("ANTHROPIC_API_KEYS", "ANTHROPIC_API_KEY", 1),
        ("ANTROPIC_APIKEY", "ANTHROPIC_API_KEY", 2),
        ("ANTHROPIC_KEY", "ANTHROPIC_API_KEY", 4),
        ("", "ABC", 3),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_no_corpus_variable_name_is_a_near_miss():
    """Every ``ANTHROPIC_*``/``CLAUDE_*`` name used in the real corpus is deliberate."""
    if not corpus_available():
        pytest.skip("corpus not present")
    import re

    names: set[str] = set()
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.suffix != ".tsv":
            text = path.read_text(encoding="utf-8", errors="replace")
            names.update(re.findall(r"\b(?:ANTHROPIC|CLAUDE)_[A-Z0-9_]+", text))
    assert len(names) > 100
    assert {n for n in names if near_misses(n)} == set()


# --- AL308 lowercase-variable-name ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "upper"),
    [
        ("anthropic_api_key", "ANTHROPIC_API_KEY"),
        ("Anthropic_Api_Key", "ANTHROPIC_API_KEY"),
        ("anthropic_base_url", "ANTHROPIC_BASE_URL"),
        ("claude_code_oauth_token", "CLAUDE_CODE_OAUTH_TOKEN"),
    ],
)
def test_al308_lowercase_auth_name_warns_with_unsafe_fix(check_text, name, upper):
    token = oauth_token("al308")
    text = f"{name}={token}\n"
    findings = check_text(".env", text, select="AL308")
    assert summary(findings) == [("AL308", 1, W)]
    assert findings[0].span == Span.at(0, 0, len(name))
    assert name in findings[0].message and upper in findings[0].message
    assert_no_secret(findings, token)
    assert findings[0].fix is not None and findings[0].fix.applicability is Applicability.UNSAFE
    assert fixed(text, findings, unsafe=True) == f"{upper}={token}\n"


def test_al308_is_silent_on_windows(check_text):
    assert check_text(".env", "anthropic_api_key=x\n", select="AL308", platform="windows") == []
    assert summary(
        check_text(".env", "anthropic_api_key=x\n", select="AL308", platform="macos")
    ) == [("AL308", 1, W)]


@pytest.mark.parametrize(
    "text",
    [
        "ANTHROPIC_API_KEY=x\n",
        "anthropic_model=claude\n",  # not an authentication variable
        "openai_api_key=x\n",
        "# anthropic_api_key=x\n",
    ],
)
def test_al308_clean(check_text, text):
    assert check_text(".env", text, select="AL308") == []


# --- AL310 unparsable-dotenv-line ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ANTHROPIC_API_KEY="sk-ant-abc\nOTHER=1\n', [("AL310", 1, E)]),
        ("CLAUDE_CODE_OAUTH_TOKEN='tok\n", [("AL310", 1, E)]),
        ("A=1\nANTHROPIC_BASE_URL: http://localhost:4000\n", [("AL310", 2, E)]),
        ('DATABASE_URL="postgres://x\n', [("AL310", 1, W)]),
        ("A=1\nthis line is prose\n", [("AL310", 2, W)]),
    ],
)
def test_al310_reports_lines_python_dotenv_skips(check_text, text, expected):
    findings = check_text(".env", text, select="AL310")
    assert summary(findings) == expected
    assert all(f.fix is None for f in findings)
    line = expected[0][1]
    assert f"line {line}" in findings[0].message


def test_al310_message_never_shows_the_value(check_text):
    key = api_key("al310")
    findings = check_text(".env", f'ANTHROPIC_API_KEY="{key}\n', select="AL310")
    assert summary(findings) == [("AL310", 1, E)]
    assert findings[0].span == Span.at(0, 0, len(key) + 19)
    assert "ANTHROPIC_API_KEY" in findings[0].message
    assert_no_secret(findings, key)


@pytest.mark.parametrize(
    "text",
    [
        'ANTHROPIC_API_KEY="sk-ant-abc"\n',
        'PEM="-----BEGIN KEY-----\nabc\n-----END KEY-----"\n',  # quoted multi-line value
        '# ANTHROPIC_API_KEY="unterminated\n',
        'ANTHROPIC_API_KEY=sk-ant-... # comment with a " quote\n',
        "export ANTHROPIC_API_KEY=x\n",
        "\n\n   \n",
    ],
)
def test_al310_clean(check_text, text):
    assert check_text(".env", text, select="AL310") == []


# --- the whole family over one realistic .env ----------------------------------------


def test_family_over_a_template_with_deliberate_patterns_is_quiet(check_text):
    text = (
        "# Anthropic\n"
        'ANTHROPIC_API_KEY=""  # must stay empty: the router uses the token\n'
        "ANTHROPIC_AUTH_TOKEN=test\n"
        "ANTHROPIC_BASE_URL=http://127.0.0.1:3456\n"
        "# ANTHROPIC_API_KEY=sk-ant-...\n"
        "ANTHROPIC_MODEL=claude-sonnet-4-5\n"
        "CLAUDE_RPM=50   # Requests per minute\n"
        "export CLAUDE_CODE_USE_BEDROCK=0\n"
    )
    assert check_text(".env.example", text, select="AL3") == []
    assert check_text(".env", text, select="AL3") == []


def test_cli_fix_rewrites_spaced_assignment_and_keeps_everything_else(tmp_path):
    key = api_key("cli")
    env = tmp_path / ".env"
    original = f'# keep me\r\nANTHROPIC_API_KEY = "{key}"\r\nanthropic_base_url=http://h\r\n'
    env.write_bytes(original.encode())
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "authlint",
            "check",
            str(env),
            "--no-home",
            "--select",
            "AL3",
            "--fix",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert key not in run.stdout + run.stderr
    assert key[13:40] not in run.stdout + run.stderr
    remaining = json.loads(run.stdout)
    assert [(f["code"], f["location"]["row"]) for f in remaining] == [("AL308", 3)]
    assert run.returncode == 1
    assert env.read_bytes() == original.replace(" = ", "=").encode()


# --- shell profiles (bash/zsh, tree-sitter scanner) and fish --------------------------

SHELL_CASES = [
    # (file, text, [(code, line, severity)], text after safe fixes, text after all fixes)
    # AL301: error for authentication variables, warning for other names
    (
        ".bashrc",
        "export ANTHROPIC_API_KEY = sk-ant-abc\n",
        [("AL301", 1, E)],
        "export ANTHROPIC_API_KEY=sk-ant-abc\n",
        None,
    ),
    (
        ".zshrc",
        "ANTHROPIC_BASE_URL = http://localhost:4000\n",
        [("AL301", 1, E)],
        "ANTHROPIC_BASE_URL=http://localhost:4000\n",
        None,
    ),
    (".bashrc", "export EDITOR = vim\n", [("AL301", 1, W)], "export EDITOR=vim\n", None),
    # AL302
    (
        ".bashrc",
        "export ANTHROPIC_API_KEY= sk-ant-abc\n",
        [("AL302", 1, E)],
        "export ANTHROPIC_API_KEY=sk-ant-abc\n",
        None,
    ),
    (
        ".bashrc",
        "ANTHROPIC_AUTH_TOKEN= eyJhbGciOiJIUzI1NiJ9.e30.abc\n",
        [("AL302", 1, E)],
        "ANTHROPIC_AUTH_TOKEN=eyJhbGciOiJIUzI1NiJ9.e30.abc\n",
        None,
    ),
    (
        ".bashrc",
        "CLAUDE_CODE_USE_BEDROCK= 1\n",
        [("AL302", 1, E)],
        "CLAUDE_CODE_USE_BEDROCK=1\n",
        None,
    ),
    (
        ".profile",
        'ANTHROPIC_API_KEY= "sk-ant-abc"\n',
        [("AL302", 1, E)],
        'ANTHROPIC_API_KEY="sk-ant-abc"\n',
        None,
    ),
    (".bashrc", "export EDITOR= vim\n", [("AL302", 1, W)], "export EDITOR=vim\n", None),
    # AL303: credentials and switches are errors, other ANTHROPIC_/CLAUDE_CODE_ names warnings
    (
        ".bashrc",
        "ANTHROPIC_API_KEY=sk-ant-abc\n",
        [("AL303", 1, E)],
        "export ANTHROPIC_API_KEY=sk-ant-abc\n",
        None,
    ),
    (
        ".zshrc",
        "declare ANTHROPIC_BASE_URL=http://x\n",
        [("AL303", 1, E)],
        "declare -x ANTHROPIC_BASE_URL=http://x\n",
        None,
    ),
    (
        ".bashrc",
        "CLAUDE_CODE_USE_BEDROCK=1\n",
        [("AL303", 1, E)],
        "export CLAUDE_CODE_USE_BEDROCK=1\n",
        None,
    ),
    (".bashrc", "ANTHROPIC_MODEL=opus\n", [("AL303", 1, W)], "export ANTHROPIC_MODEL=opus\n", None),
    (
        ".bashrc",
        "set -a\nANTHROPIC_API_KEY=x\nset +a\nANTHROPIC_BASE_URL=y\n",
        [("AL303", 4, E)],
        "set -a\nANTHROPIC_API_KEY=x\nset +a\nexport ANTHROPIC_BASE_URL=y\n",
        None,
    ),
    (
        "config.fish",
        "set -g ANTHROPIC_API_KEY x\n",
        [("AL303", 1, E)],
        "set -gx ANTHROPIC_API_KEY x\n",
        None,
    ),
    (
        "config.fish",
        "set -U ANTHROPIC_BASE_URL http://x\n",
        [("AL303", 1, E)],
        "set -Ux ANTHROPIC_BASE_URL http://x\n",
        None,
    ),
    # AL304
    (
        ".bashrc",
        "ANTHROPIC_API_KEY=x\nexport $ANTHROPIC_API_KEY\n",
        [("AL303", 1, E), ("AL304", 2, E)],
        "export ANTHROPIC_API_KEY=x\nexport ANTHROPIC_API_KEY\n",
        None,
    ),
    (
        ".bashrc",
        "export ${CLAUDE_CODE_OAUTH_TOKEN}\n",
        [("AL304", 1, E)],
        "export CLAUDE_CODE_OAUTH_TOKEN\n",
        None,
    ),
    # AL305: unsafe fixes only
    (
        ".bashrc",
        '$env:ANTHROPIC_API_KEY = "sk-ant-abc"\n',
        [("AL305", 1, E)],
        None,
        'export ANTHROPIC_API_KEY="sk-ant-abc"\n',
    ),
    (
        ".bashrc",
        "set -gx ANTHROPIC_AUTH_TOKEN tok\n",
        [("AL305", 1, E)],
        None,
        "export ANTHROPIC_AUTH_TOKEN=tok\n",
    ),
    (
        ".zshrc",
        "set -x CLAUDE_CODE_OAUTH_TOKEN tok\n",
        [("AL305", 1, E)],
        None,
        "export CLAUDE_CODE_OAUTH_TOKEN=tok\n",
    ),
    (
        "config.fish",
        "ANTHROPIC_API_KEY=x\n",
        [("AL305", 1, E)],
        None,
        "set -gx ANTHROPIC_API_KEY x\n",
    ),
    (
        "config.fish",
        '$env:ANTHROPIC_API_KEY = "x"\n',
        [("AL305", 1, E)],
        None,
        'set -gx ANTHROPIC_API_KEY "x"\n',
    ),
    (
        "config.fish",
        "set -gx ANTHROPIC_API_KEY=x\n",
        [("AL305", 1, E)],
        None,
        "set -gx ANTHROPIC_API_KEY x\n",
    ),
    # AL306: only authentication-ish names in profiles
    (
        ".bashrc",
        "export ANTHROPIC_API_KEY=a\nexport ANTHROPIC_API_KEY=b\n",
        [("AL306", 1, W)],
        None,
        None,
    ),
    (
        "config.fish",
        "set -gx ANTHROPIC_API_KEY a\nset -gx ANTHROPIC_API_KEY b\n",
        [("AL306", 1, W)],
        None,
        None,
    ),
    # AL307 / AL308 read every kind's assignments
    (
        ".zshrc",
        "export ANTHROPIC_APIKEY=x\n",
        [("AL307", 1, W)],
        None,
        "export ANTHROPIC_API_KEY=x\n",
    ),
    (
        "config.fish",
        "set -gx anthropic_api_key x\n",
        [("AL308", 1, W)],
        None,
        "set -gx ANTHROPIC_API_KEY x\n",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "expected", "after_safe", "after_all"),
    SHELL_CASES,
    ids=[f"{c[0]}:{c[1].splitlines()[-1][:40]}" for c in SHELL_CASES],
)
def test_profiles(check_text, name, text, expected, after_safe, after_all):
    findings = check_text(name, text, select="AL3")
    assert summary(findings) == expected
    assert fixed(text, findings) == (after_safe if after_safe is not None else text)
    assert fixed(text, findings, unsafe=True) == (after_all or after_safe or text)


SHELL_CLEAN = [
    # comparisons are not assignments
    (".bashrc", '[ "$ANTHROPIC_API_KEY" = "" ] && echo none\n'),
    (".bashrc", "if [ $ANTHROPIC_API_KEY = x ]; then :; fi\n"),
    (".bashrc", "[[ $ANTHROPIC_API_KEY == x ]]\n"),
    (".bashrc", 'export ANTHROPIC_API_KEY="a = b"\n'),
    (".bashrc", "# export ANTHROPIC_API_KEY = sk-ant-abc\n"),
    # running one command with the key emptied (forces the subscription login)
    (".bashrc", "ANTHROPIC_API_KEY= claude\n"),
    (".bashrc", "claude_sub() { ANTHROPIC_API_KEY= claude; }\n"),
    (".bashrc", "ANTHROPIC_API_KEY= /usr/local/bin/claude\n"),
    (".bashrc", 'alias c="ANTHROPIC_API_KEY= claude"\n'),
    # exported one way or another, or not meant for children
    (".bashrc", "export ANTHROPIC_API_KEY=x\n"),
    (".bashrc", "ANTHROPIC_API_KEY=x\nexport ANTHROPIC_API_KEY\n"),
    (".bashrc", "export ANTHROPIC_API_KEY\nANTHROPIC_API_KEY=x\n"),
    (".zshrc", "typeset -x ANTHROPIC_API_KEY=x\n"),
    (".bashrc", "ANTHROPIC_API_KEY=x claude\n"),
    (".bashrc", "f() { ANTHROPIC_API_KEY=x; }\n"),
    (".bashrc", "OTHER=1\n"),
    (
        ".bashrc",
        "CLAUDE_CODE_KEYFILE=~/.key\nexport ANTHROPIC_API_KEY=$(cat $CLAUDE_CODE_KEYFILE)\n",
    ),
    ("config.fish", "set -gx ANTHROPIC_API_KEY x\n"),
    ("config.fish", "export ANTHROPIC_API_KEY=x\n"),  # fish's export wrapper works
    ("config.fish", "set -g ANTHROPIC_API_KEY x\nset -gx ANTHROPIC_API_KEY $ANTHROPIC_API_KEY\n"),
    ("config.fish", "if status is-interactive\n    set -g ANTHROPIC_API_KEY x\nend\n"),
    # export of an indirect name, of unrelated variables
    (".bashrc", "CLAUDE_VAR=ANTHROPIC_API_KEY\nexport $CLAUDE_VAR\n"),
    (".bashrc", "export $OTHER\n"),
    # fish/PowerShell look-alikes that are not foreign syntax
    (".bashrc", "set -x\nset -e\nset -euo pipefail\n"),
    (".bashrc", "echo '$env:ANTHROPIC_API_KEY = x'\n"),
    (".bashrc", "set -gx OTHER x\n"),  # foreign, but not an authentication variable
    # duplicates that are not dead
    (".bashrc", "export PATH=a\nexport PATH=b\n"),
    (
        ".bashrc",
        'export ANTHROPIC_BASE_URL=a\nexport ANTHROPIC_BASE_URL="${ANTHROPIC_BASE_URL}/x"\n',
    ),
    (
        ".bashrc",
        'export ANTHROPIC_BASE_URL=a\nif [ -n "$WORK" ]; then export ANTHROPIC_BASE_URL=b; fi\n',
    ),
]


@pytest.mark.parametrize(("name", "text"), SHELL_CLEAN, ids=[c[1][:40] for c in SHELL_CLEAN])
def test_profiles_clean(check_text, name, text):
    assert check_text(name, text, select="AL3") == []


def test_realistic_zshrc_is_clean(check_text):
    text = (
        "# ~/.zshrc\n"
        'export PATH="$HOME/.local/bin:$PATH"\n'
        "set -o allexport\n"
        "[ -f ~/.secrets ] && source ~/.secrets\n"
        "set +o allexport\n"
        'export ANTHROPIC_API_KEY="$(security find-generic-password -s anthropic -w)"\n'
        "export ANTHROPIC_BASE_URL=${ANTHROPIC_BASE_URL:-https://api.anthropic.com}\n"
        "if [[ -n $WORK ]]; then\n"
        "  export ANTHROPIC_BASE_URL=https://gateway.internal\n"
        "fi\n"
        "alias claude-sub='ANTHROPIC_API_KEY= claude'\n"
        'claude_personal() { ANTHROPIC_API_KEY= claude "$@"; }\n'
    )
    assert check_text(".zshrc", text, select="AL3") == []


def test_shell_messages_name_the_variable_and_hide_the_key(check_text):
    key = api_key("shell")
    text = (
        f"export ANTHROPIC_API_KEY = {key}\n"
        f"ANTHROPIC_AUTH_TOKEN={key}\n"
        f"$env:CLAUDE_CODE_OAUTH_TOKEN = '{key}'\n"
    )
    findings = check_text(".bashrc", text, select="AL3")
    assert summary(findings) == [("AL301", 1, E), ("AL303", 2, E), ("AL305", 3, E)]
    assert (
        "ANTHROPIC_API_KEY" in findings[0].message
        and "not a valid identifier" in findings[0].message
    )
    assert "Not logged in" in findings[1].message
    assert "PowerShell" in findings[2].message and "CLAUDE_CODE_OAUTH_TOKEN" in findings[2].message
    assert_no_secret(findings, key)


def test_fish_set_x_in_bash_mentions_tracing(check_text):
    (finding,) = check_text(".bashrc", "set -x ANTHROPIC_API_KEY sk-ant-abc\n", select="AL305")
    assert "fish" in finding.message and "tracing" in finding.message
    assert finding.span == Span.at(0, 0, 35)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_duplicate_in_profile_points_at_the_later_definition(check_text):
    text = "export ANTHROPIC_BASE_URL=https://a\nexport EDITOR=vim\nexport ANTHROPIC_BASE_URL=https://b\n"
    (finding,) = check_text(".zshrc", text, select="AL306")
    assert finding.span == Span.at(0, 7, 25)
    assert finding.related[0].span == Span.at(2, 7, 25)
    assert "line 3" in finding.message and "later value" in finding.message


def test_dotenv_files_get_no_profile_only_rules(check_text):
    # A .env has no export bit and no foreign syntax: AL303-AL305 never apply.
    text = "ANTHROPIC_API_KEY=x\nexport CLAUDE_CODE_OAUTH_TOKEN=y\n"
    assert check_text(".env", text, select=("AL303", "AL304", "AL305")) == []


# --- PowerShell profiles ---------------------------------------------------------------

PS = "Microsoft.PowerShell_profile.ps1"
PS_CASES = [
    # (text, [(code, line, severity)], text after all fixes)
    (
        'export ANTHROPIC_API_KEY="sk-ant-abc"\n',
        [("AL305", 1, E)],
        '$env:ANTHROPIC_API_KEY = "sk-ant-abc"\n',
    ),
    (
        "ANTHROPIC_BASE_URL=https://gw.example.com\n",
        [("AL305", 1, E)],
        '$env:ANTHROPIC_BASE_URL = "https://gw.example.com"\n',
    ),
    ('$env:ANTHROPIC_API_KEY = "a"\n$env:ANTHROPIC_API_KEY = "b"\n', [("AL306", 1, W)], None),
    (
        '[Environment]::SetEnvironmentVariable("ANTHROPIC_API_KEY", "a", "User")\n'
        '[Environment]::SetEnvironmentVariable("ANTHROPIC_API_KEY", "b", "User")\n',
        [("AL306", 1, W)],
        None,
    ),
    ('$env:anthropic_api_key = "a"\n', [("AL308", 1, W)], '$env:ANTHROPIC_API_KEY = "a"\n'),
    ('$env:ANTHROPIC_APIKEY = "a"\n', [("AL307", 1, W)], '$env:ANTHROPIC_API_KEY = "a"\n'),
]


@pytest.mark.parametrize(("text", "expected", "after_all"), PS_CASES)
def test_powershell(check_text, text, expected, after_all):
    findings = check_text(PS, text, select="AL3")
    assert summary(findings) == expected
    assert fixed(text, findings) == text  # nothing here is a safe fix
    assert fixed(text, findings, unsafe=True) == (after_all or text)


@pytest.mark.parametrize(
    "text",
    [
        '$env:ANTHROPIC_API_KEY = "sk-ant-abc"\n',  # spaces around `=` are PowerShell syntax
        '$Env:ANTHROPIC_API_KEY="sk-ant-abc"\n',
        "Set-Item -Path Env:ANTHROPIC_API_KEY -Value 'a'\n",
        # set it now and persist it: the documented pair, not a duplicate
        '$env:ANTHROPIC_API_KEY = "a"\n'
        '[Environment]::SetEnvironmentVariable("ANTHROPIC_API_KEY", "a", "User")\n',
        "$env:ANTHROPIC_API_KEY = 'a'\n"
        "[System.Environment]::SetEnvironmentVariable('ANTHROPIC_API_KEY', 'a', "
        "[System.EnvironmentVariableTarget]::User)\n",
        'if ($work) { $env:ANTHROPIC_BASE_URL = "https://a" }\n$env:ANTHROPIC_BASE_URL = "https://b"\n',
        '$env:ANTHROPIC_BASE_URL = "a"\n$env:ANTHROPIC_BASE_URL = "$env:ANTHROPIC_BASE_URL/x"\n',
        "export OTHER=1\n",
    ],
)
def test_powershell_clean(check_text, text):
    assert check_text(PS, text, select="AL3") == []


def test_powershell_lowercase_name_is_fine_on_windows(check_text):
    assert (
        check_text(PS, '$env:anthropic_api_key = "a"\n', select="AL308", platform="windows") == []
    )


def test_powershell_foreign_syntax_message(check_text):
    key = api_key("ps")
    (finding,) = check_text(PS, f"export ANTHROPIC_API_KEY={key}\n", select="AL305")
    assert "POSIX" in finding.message and "PowerShell has no `export`" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert_no_secret([finding], key)


def test_al302_blank_value_with_a_comment_is_not_a_slip(check_text):
    # python-dotenv reads "" here and `source` reads a comment; deleting the
    # blanks would make "# Anthropic key" the value.
    text = "ANTHROPIC_API_KEY=          # Anthropic key\nOTHER=  # note\n"
    assert check_text(".env", text, select="AL302") == []


@pytest.mark.parametrize(
    ("name", "text", "good"),
    [
        (
            ".bashrc",
            "ANTHROPIC_BASE_URL= http://localhost:4000\n",
            "ANTHROPIC_BASE_URL=http://localhost:4000\n",
        ),
        (
            ".zshrc",
            "export ANTHROPIC_BASE_URL= https://gw.example.com\n",
            "export ANTHROPIC_BASE_URL=https://gw.example.com\n",
        ),
        (
            ".bashrc",
            "export ANTHROPIC_BASE_URL = https://gw.example.com\n",
            "export ANTHROPIC_BASE_URL=https://gw.example.com\n",
        ),
    ],
)
def test_safe_fixes_only_ever_delete_the_blanks(check_text, name, text, good):
    findings = check_text(name, text, select=("AL301", "AL302"))
    assert [(f.code, f.severity) for f in findings] in ([("AL301", E)], [("AL302", E)])
    # A fix is offered only when it deletes nothing but the blanks around `=`.
    assert fixed(text, findings) in (text, good)
