"""Issue 12 rules: AL314, AL506–AL508, AL611, and the existing rules on MCP env blocks."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from authlint.cli import main
from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_edits
from authlint.core.secrets import mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from keys import api_key, oauth_token, openai_key

KEY = api_key()
AK = "ANTHROPIC_API_KEY"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Make ``tmp_path`` (where ``check_text`` writes) a git work tree."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


def summary(findings: list[Finding]) -> list[tuple[str, Span, Severity]]:
    return [(f.code, f.span, f.severity) for f in findings]


def assert_masked(findings: list[Finding], *secrets: str) -> None:
    for finding in findings:
        texts = [finding.message]
        if finding.fix is not None:
            texts += [finding.fix.title, *(e.new_text for e in finding.fix.edits)]
        for secret in secrets:
            for text in texts:
                assert secret[15:31] not in text and secret[-16:] not in text, finding.code


def jsonl(*messages: str) -> str:
    return "".join(
        json.dumps({"type": "user", "message": {"role": "user", "content": m}}) + "\n"
        for m in messages
    )


def ipynb(*cells: dict[str, object]) -> str:
    body = {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(body, indent=1)


def code_cell(*source: str, outputs: tuple[str, ...] = ()) -> dict[str, object]:
    streams = [{"name": "stdout", "output_type": "stream", "text": list(outputs)}]
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": streams if outputs else [],
        "source": list(source),
    }


def key_span(text: str, secret: str, occurrence: int = 0) -> Span:
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(secret, offset + 1)
    line = text.count("\n", 0, offset)
    character = offset - (text.rfind("\n", 0, offset) + 1)
    return Span.at(line, character, character + len(secret))


# --- AL506 credential-in-claude-transcript ------------------------------------------------

TRANSCRIPT = ".claude/projects/-home-me-app/5f2c.jsonl"


def test_al506_warns_about_a_key_at_rest(check_text) -> None:
    text = jsonl("hi", f"here is my key {KEY} why 401")
    findings = check_text(TRANSCRIPT, text, select="AL506")
    assert summary(findings) == [("AL506", key_span(text, KEY), Severity.WARNING)]
    assert mask(KEY) in findings[0].message and "clear text" in findings[0].message
    assert_masked(findings, KEY)


def test_al506_is_an_error_when_git_would_commit_the_transcript(check_text, repo) -> None:
    text = jsonl(f"cat .env\\n{AK}={oauth_token()}")
    findings = check_text(TRANSCRIPT, text, select=("AL506", "AL501"))
    assert summary(findings) == [("AL506", key_span(text, oauth_token()), Severity.ERROR)]
    assert "git would commit" in findings[0].message
    assert_masked(findings, oauth_token())


def test_al506_is_silent_when_the_transcript_is_ignored(check_text, repo) -> None:
    (repo / ".gitignore").write_text(".claude/\n", encoding="utf-8")
    text = jsonl(f"key {KEY}")
    findings = check_text(TRANSCRIPT, text, select="AL506")
    assert [f.severity for f in findings] == [Severity.WARNING]


@pytest.mark.parametrize(
    "message",
    [
        "export ANTHROPIC_API_KEY=sk-ant-api03-your-key-here",
        f"the key starts with {KEY[:30]}...",
        "echo $ANTHROPIC_API_KEY",
        f"OPENAI_API_KEY={openai_key()}",  # another vendor: not this rule's business
    ],
)
def test_al506_look_alikes(check_text, message) -> None:
    assert check_text(TRANSCRIPT, jsonl(message), select="AL506") == []


# --- AL507 credential-in-notebook ---------------------------------------------------------


def test_al507_reports_a_key_in_a_cell_and_in_an_output(check_text) -> None:
    text = ipynb(
        code_cell(
            "import anthropic\n",
            f'client = anthropic.Anthropic(api_key="{KEY}")\n',
            "print(client.api_key)",
            outputs=(f"{KEY}\n",),
        )
    )
    findings = check_text("demo.ipynb", text, select=("AL507", "AL501", "AL601"))
    # nbformat writes "outputs" before "source": the output holds the first occurrence.
    assert summary(findings) == [
        ("AL507", key_span(text, KEY, 0), Severity.ERROR),
        ("AL507", key_span(text, KEY, 1), Severity.ERROR),
    ]
    messages = sorted(f.message for f in findings)
    assert any("hard-coded in cell 1" in m for m in messages)
    assert any("printed by cell 1" in m and "clear-output" in m for m in messages)
    assert_masked(findings, KEY)


@pytest.mark.parametrize(
    "cell",
    [
        code_cell(
            "from google.colab import userdata\n",
            "client = anthropic.Anthropic(api_key=userdata.get('ANTHROPIC_API_KEY'))",
        ),
        code_cell('client = anthropic.Anthropic(api_key="sk-ant-api03-...")'),
        code_cell("print(os.environ.get('ANTHROPIC_API_KEY', '')[:10])", outputs=("sk-ant-api\n",)),
    ],
)
def test_al507_look_alikes(check_text, cell) -> None:
    assert check_text("demo.ipynb", ipynb(cell)) == []


# --- AL508 unignored-streamlit-secrets / AL314 unquoted-value-in-streamlit-secrets --------

SECRETS = ".streamlit/secrets.toml"


def test_al508_reports_a_committable_secrets_file_and_fixes_gitignore(check_text, repo) -> None:
    text = f'# app secrets\n{AK} = "{KEY}"\n'
    findings = check_text(SECRETS, text, select=("AL508", "AL501"))
    assert summary(findings) == [("AL508", Span.at(1, 0, 17), Severity.ERROR)]
    fix = findings[0].fix
    assert fix is not None and fix.applicability is Applicability.SAFE
    assert [(e.path, e.new_text, e.create) for e in fix.edits] == [
        (repo / ".gitignore", ".streamlit/secrets.toml\n", True)
    ]
    assert_masked(findings, KEY)


def test_al508_fix_appends_to_an_existing_gitignore(check_text, repo) -> None:
    (repo / ".gitignore").write_text("node_modules\n", encoding="utf-8")
    findings = check_text(SECRETS, f'[anthropic]\napi_key = "{KEY}"\n', select="AL508")
    assert summary(findings) == [("AL508", Span.at(1, 0, 7), Severity.ERROR)]
    fix = findings[0].fix
    assert fix is not None
    after = apply_edits(SourceFile(None, "node_modules\n"), fix.edits).text
    assert after == "node_modules\n.streamlit/secrets.toml\n"


@pytest.mark.parametrize(
    ("text", "ignore"),
    [
        (f'{AK} = "{KEY}"\n', ".streamlit/\n"),  # ignored
        (f'{AK} = "{KEY}"\n', "secrets.toml\n"),
        (f'{AK} = "sk-ant-api03-your-key-here"\n', ""),  # placeholder
        ('PORT = 8501\nMODEL = "claude-sonnet-4-5"\n', ""),  # no credential
    ],
)
def test_al508_look_alikes(check_text, repo, text, ignore) -> None:
    if ignore:
        (repo / ".gitignore").write_text(ignore, encoding="utf-8")
    assert check_text(SECRETS, text, select=("AL508", "AL501")) == []


def test_al508_is_silent_outside_a_repository(check_text) -> None:
    assert check_text(SECRETS, f'{AK} = "{KEY}"\n', select="AL508") == []


def test_al314_reports_an_unquoted_key_and_quotes_it(check_text) -> None:
    text = f"{AK} = {KEY}\nPORT = 8501\n"
    findings = check_text(SECRETS, text, select="AL314")
    assert summary(findings) == [("AL314", Span.at(0, 20, 20 + len(KEY)), Severity.ERROR)]
    assert "TomlDecodeError" in findings[0].message
    fix = findings[0].fix
    assert fix is not None and fix.applicability is Applicability.SAFE
    assert apply_edits(SourceFile(None, text), fix.edits).text == f'{AK} = "{KEY}"\nPORT = 8501\n'
    assert_masked(findings, KEY)


def test_al314_reports_a_missing_value_without_a_fix(check_text) -> None:
    findings = check_text(SECRETS, f"{AK} =\n", select="AL314")
    assert summary(findings) == [("AL314", Span.at(0, 0, 19), Severity.ERROR)]
    assert findings[0].fix is None


@pytest.mark.parametrize(
    "text",
    [
        f'{AK} = "{KEY}"\n',
        f"{AK} = '{KEY}'  # literal string\n",
        "PORT = 8501\nDEBUG = true\nWHEN = 2024-01-01\nLIST = [1, 2]\n[db]\nhost = 'x'\n",
        'KEY = """\nmulti\nline\n"""\n',
    ],
)
def test_al314_look_alikes(check_text, text) -> None:
    assert check_text(SECRETS, text, select="AL314") == []


# --- AL611 api-key-in-public-build-variable -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "span"),
    [
        (".env", f"NEXT_PUBLIC_ANTHROPIC_API_KEY={KEY}\n", Span.at(0, 0, 29)),
        (".env.local", f"# x\nVITE_ANTHROPIC_API_KEY='{KEY}'\n", Span.at(1, 0, 22)),
        (".env", f"REACT_APP_CLAUDE_KEY={KEY}\n", Span.at(0, 0, 20)),
        (".env.production", f"EXPO_PUBLIC_AI_KEY={oauth_token()}\n", Span.at(0, 0, 18)),
    ],
)
def test_al611_reports_a_key_behind_a_public_prefix(check_text, name, text, span) -> None:
    findings = check_text(name, text, select="AL611")
    assert summary(findings) == [("AL611", span, Severity.ERROR)]
    assert "into the JavaScript it ships" in findings[0].message
    assert_masked(findings, KEY, oauth_token())


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env", f"ANTHROPIC_API_KEY={KEY}\n"),  # server-only name
        (".env", "NEXT_PUBLIC_ANTHROPIC_API_KEY=sk-ant-api03-your-key-here\n"),
        (".env", "NEXT_PUBLIC_ANTHROPIC_MODEL=claude-sonnet-4-5\n"),
        (".env", "VITE_API_BASE_URL=https://api.example.com\n"),
        (".env", "NEXT_PUBLIC_ANTHROPIC_API_KEY=\n"),
    ],
)
def test_al611_definition_look_alikes(check_text, name, text) -> None:
    assert check_text(name, text, select="AL611") == []


def test_al611_reports_code_reading_a_public_key_variable(check_text) -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        "const key = process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY;\n"
        "const other = import.meta.env.VITE_ANTHROPIC_API_KEY;\n"
    )
    findings = check_text("app/page.tsx", text, select="AL611")
    assert summary(findings) == [
        ("AL611", Span.at(1, 24, 53), Severity.ERROR),
        ("AL611", Span.at(2, 30, 52), Severity.ERROR),
    ]


def test_al611_leaves_browser_clients_to_al606(check_text) -> None:
    text = (
        'import Anthropic from "@anthropic-ai/sdk";\n'
        "const client = new Anthropic({\n"
        "  apiKey: import.meta.env.VITE_ANTHROPIC_API_KEY,\n"
        "  dangerouslyAllowBrowser: true,\n"
        "});\n"
    )
    findings = check_text("src/main.ts", text, select=("AL611", "AL606"))
    assert [f.code for f in findings] == ["AL606"]


@pytest.mark.parametrize(
    "line",
    [
        "const key = process.env.ANTHROPIC_API_KEY;",  # server-only
        "const model = process.env.NEXT_PUBLIC_ANTHROPIC_MODEL;",
        "const url = import.meta.env.VITE_API_URL;",
    ],
)
def test_al611_code_look_alikes(check_text, line) -> None:
    text = f'import Anthropic from "@anthropic-ai/sdk";\n{line}\n'
    assert check_text("app/page.tsx", text, select="AL611") == []


# --- existing rules on the new kinds ------------------------------------------------------


def test_credential_shape_rules_apply_to_mcp_env_blocks(check_text) -> None:
    text = json.dumps(
        {"mcpServers": {"claude": {"command": "npx", "env": {AK: f" {KEY}"}}}}, indent=2
    )
    findings = check_text(".mcp.json", text)
    assert "AL201" in {f.code for f in findings}  # whitespace in the key
    assert_masked(findings, KEY)


def test_committable_mcp_config_is_a_leak(check_text, repo) -> None:
    text = json.dumps({"mcpServers": {"claude": {"env": {AK: KEY}}}}, indent=2)
    findings = check_text(".mcp.json", text, select="AL501")
    assert summary(findings) == [("AL501", key_span(text, KEY), Severity.ERROR)]


# --- the CLI: transcripts only with --home, or when git would commit them ----------------


def cli(*args: str) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["check", *args, "--format", "json", "--select", "AL506"])
    return status, json.loads(out.getvalue() or "[]")


def test_cli_reads_home_transcripts_only_when_home_is_named(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    transcript = home / ".claude" / "projects" / "-work" / "s.jsonl"
    transcript.parent.mkdir(parents=True)
    transcript.write_text(jsonl(f"key {KEY}"), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.setenv("HOME", str(home))
    status, findings = cli(str(project))  # default home: profiles only
    assert (status, findings) == (0, [])
    status, findings = cli(str(project), "--home", str(home))
    assert status == 1
    assert [(f["code"], f["severity"]) for f in findings] == [("AL506", "warning")]
    assert KEY[20:40] not in json.dumps(findings)


def test_name_rules_stay_quiet_in_streamlit_secrets_and_mcp_env(check_text) -> None:
    # st.secrets["anthropic_api_key"] and an MCP server's own names are read as written.
    toml = f'anthropic_api_key = "{KEY}"\nANTHROPIC_KEY = "{KEY}"\n'
    assert check_text(SECRETS, toml, select=("AL307", "AL308")) == []
    mcp = json.dumps({"mcpServers": {"s": {"env": {"anthropic_api_key": KEY}}}})
    assert check_text(".mcp.json", mcp, select=("AL307", "AL308")) == []


@pytest.mark.parametrize(
    ("platform", "folder"),
    [
        ("macos", "Library/Application Support/Claude"),
        ("windows", "AppData/Roaming/Claude"),
        ("linux", ".config/Claude"),
    ],
)
def test_cli_reads_the_home_claude_desktop_config(tmp_path: Path, platform, folder) -> None:
    home = tmp_path / "home"
    config = home / folder / "claude_desktop_config.json"
    config.parent.mkdir(parents=True)
    body = {"mcpServers": {"claude": {"command": "npx", "env": {AK: f"{KEY} "}}}}
    config.write_text(json.dumps(body, indent=2), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(
            [
                "check",
                str(project),
                "--home",
                str(home),
                "--platform",
                platform,
                "--format",
                "json",
                "--select",
                "AL201",
            ]
        )
    findings = json.loads(out.getvalue())
    assert [
        (f["code"], f["filename"].endswith("claude_desktop_config.json")) for f in findings
    ] == [("AL201", True)]
