"""AL420, AL722–AL726, AL911: Cline settings, aider config, systemd units, Kubernetes manifests.

Each rule has a positive case with its exact span and a look-alike of a working
setup that stays silent; every fixture is also run through *all* rules, so a
rule written for another kind that misfires on these files shows up here.
Keys come from ``tests/keys.py``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile
from authlint.core.text import Span
from keys import api_key

KEY = api_key("new-kind-rules")
B64_NEWLINE = base64.b64encode((KEY + "\n").encode()).decode()
B64 = base64.b64encode(KEY.encode()).decode()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


def codes(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.span.start.line) for f in findings]


def fixed(text: str, finding: Finding) -> str:
    assert finding.fix is not None
    source = SourceFile.from_bytes(text.encode("utf-8"))
    return apply_fixes(source, [finding.fix]).source.text


def assert_masked(findings: list[Finding]) -> None:
    body = KEY[13:]
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts.extend(edit.new_text for edit in finding.fix.edits)
        for text in texts:
            assert body[:12] not in text and body[-12:] not in text, finding.code


# --- AL420 cline-base-url-without-v1 ----------------------------------------------------

CLINE = ".cline/data/settings/providers.json"
PROVIDERS = """\
{
  "providers": {
    "anthropic": {
      "settings": {
        "apiKey": "@KEY@",
        "baseUrl": "@URL@"
      }
    }
  }
}
"""


def test_al420_gateway_base_url_without_v1(check_text) -> None:  # type: ignore[no-untyped-def]
    text = PROVIDERS.replace("@KEY@", KEY).replace(
        "@URL@", "https://llm.corp.example/raw/anthropic"
    )
    findings = check_text(CLINE, text)
    assert codes(findings) == [("AL420", 5)]
    (finding,) = findings
    assert finding.span == Span.at(5, 20, 58)
    assert finding.severity is Severity.WARNING
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert '"baseUrl": "https://llm.corp.example/raw/anthropic/v1"' in fixed(text, finding)
    assert_masked(findings)


@pytest.mark.parametrize(
    "url",
    [
        "https://llm.corp.example/raw/anthropic/v1",  # the working Cline 4 form
        "https://llm.corp.example/raw/anthropic/v1/",
        "https://api.anthropic.com",  # the default host
        "",
    ],
)
def test_al420_silent_on_working_values(check_text, url: str) -> None:  # type: ignore[no-untyped-def]
    text = PROVIDERS.replace("@KEY@", KEY).replace("@URL@", url)
    assert codes(check_text(CLINE, text)) == []


def test_al420_only_for_the_anthropic_provider(check_text) -> None:  # type: ignore[no-untyped-def]
    text = '{"providers": {"openai": {"settings": {"baseUrl": "https://gw.example/openai"}}}}'
    assert codes(check_text(CLINE, text)) == []
    named = '{"list": [{"provider": "anthropic", "baseUrl": "https://gw.example/anthropic"}]}'
    assert codes(check_text(CLINE, named)) == [("AL420", 0)]


def test_cline_key_gets_the_credential_shape_rules(check_text) -> None:  # type: ignore[no-untyped-def]
    text = PROVIDERS.replace("@KEY@", KEY + " ").replace("@URL@", "https://api.anthropic.com")
    assert codes(check_text(CLINE, text)) == [("AL201", 4)]


# --- AL722 aider-api-key-entry-misnamed -------------------------------------------------


def test_al722_variable_name_as_provider(check_text) -> None:  # type: ignore[no-untyped-def]
    text = f"model: sonnet\napi-key:\n  - ANTHROPIC_API_KEY={KEY}\n"
    findings = check_text(".aider.conf.yml", text)
    assert codes(findings) == [("AL722", 2)]
    (finding,) = findings
    assert finding.span == Span.at(2, 4, 21)
    assert "names a variable, not a provider" in finding.message
    assert fixed(text, finding) == f"model: sonnet\napi-key:\n  - anthropic={KEY}\n"
    assert_masked(findings)


def test_al722_entry_without_equals(check_text) -> None:  # type: ignore[no-untyped-def]
    findings = check_text(".aider.conf.yml", f"api-key:\n  - {KEY}\n")
    assert codes(findings) == [("AL722", 1)]
    assert findings[0].span == Span.at(1, 4, 4 + len(KEY))
    assert_masked(findings)


@pytest.mark.parametrize(
    "text",
    [
        "api-key:\n  - anthropic=@KEY@\n",  # valid aider syntax
        "api-key: [gemini=g-1, anthropic=@KEY@]\n",
        "anthropic-api-key: @KEY@\n",
        "model: sonnet\n",
    ],
)
def test_al722_silent_on_valid_config(check_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert codes(check_text(".aider.conf.yml", text.replace("@KEY@", KEY))) == []


def test_committed_aider_key_is_a_leak(check_text, repo: Path) -> None:  # type: ignore[no-untyped-def]
    findings = check_text(".aider.conf.yml", f"anthropic-api-key: {KEY}\n")
    assert codes(findings) == [("AL501", 0)]
    assert findings[0].span == Span.at(0, 19, 19 + len(KEY))


# --- AL723 credential-in-systemd-environment / AL911 systemd-unit-gives-claude-api-key --

UNIT = """\
[Unit]
Description=Nightly triage

[Service]
Type=oneshot
@ENV@
ExecStart=/usr/local/bin/claude -p "triage new issues"
"""


def test_al723_and_al911_key_in_environment(check_text) -> None:  # type: ignore[no-untyped-def]
    text = UNIT.replace("@ENV@", f'Environment="ANTHROPIC_API_KEY={KEY}" LOG=1')
    findings = check_text(".config/systemd/user/triage.service", text)
    assert codes(findings) == [("AL911", 5), ("AL723", 5)]
    billing, leak = findings
    assert leak.span == Span.at(5, 31, 31 + len(KEY))
    assert leak.severity is Severity.WARNING
    assert billing.span == Span.at(5, 13, 30)
    assert billing.severity is Severity.INFO
    assert_masked(findings)


def test_al911_key_from_environment_file(check_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = tmp_path / "agent.env"
    env.write_text(f"# for the SDK\nANTHROPIC_API_KEY={KEY}\n")
    text = UNIT.replace("@ENV@", f"EnvironmentFile=-{env}")
    findings = check_text("triage.service", text)
    assert codes(findings) == [("AL911", 5)]
    (finding,) = findings
    assert finding.span == Span.at(5, 16, 16 + 1 + len(str(env)))
    assert [(r.path, r.span) for r in finding.related] == [(env, Span.at(1, 0, 17))]
    assert_masked(findings)


@pytest.mark.parametrize(
    "env",
    [
        "Environment=ANTHROPIC_API_KEY=",  # emptied on purpose
        "Environment=ANTHROPIC_API_KEY=@KEY@\nUnsetEnvironment=ANTHROPIC_API_KEY",
        "Environment=CLAUDE_CODE_OAUTH_TOKEN_FILE=/run/credentials/triage/token",
        "EnvironmentFile=/nonexistent/agent.env",
    ],
)
def test_al911_silent_without_an_effective_key(check_text, env: str) -> None:  # type: ignore[no-untyped-def]
    text = UNIT.replace("@ENV@", env.replace("@KEY@", "x"))
    assert codes(check_text("triage.service", text)) == []


def test_al911_silent_when_the_unit_does_not_run_claude(check_text) -> None:  # type: ignore[no-untyped-def]
    text = UNIT.replace("@ENV@", "Environment=ANTHROPIC_API_KEY=%d/key").replace(
        "/usr/local/bin/claude -p", "/usr/bin/python3 -m claudette"
    )
    assert codes(check_text("triage.service", text)) == []


# --- AL724 / AL725 / AL726 Kubernetes -------------------------------------------------

SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: anthropic
type: Opaque
data:
  ANTHROPIC_API_KEY: @B64@
"""


def test_al724_echo_newline_in_secret_data(check_text) -> None:  # type: ignore[no-untyped-def]
    text = SECRET.replace("@B64@", B64_NEWLINE)
    findings = check_text("k8s/secret.yaml", text)
    assert codes(findings) == [("AL724", 6)]
    (finding,) = findings
    assert finding.span == Span.at(6, 21, 21 + len(B64_NEWLINE))
    assert "line break" in finding.message
    assert fixed(text, finding) == SECRET.replace("@B64@", B64)
    edit = finding.fix.edits[0] if finding.fix else None
    assert edit is not None and len(edit.new_text) <= 4  # only the last base64 group
    assert_masked(findings)


def test_al724_silent_on_a_clean_secret(check_text) -> None:  # type: ignore[no-untyped-def]
    assert codes(check_text("k8s/secret.yaml", SECRET.replace("@B64@", B64))) == []


def test_al726_committed_secret_with_encoded_key(check_text, repo: Path) -> None:  # type: ignore[no-untyped-def]
    findings = check_text("k8s/secret.yaml", SECRET.replace("@B64@", B64))
    assert codes(findings) == [("AL726", 6)]
    assert findings[0].span == Span.at(6, 21, 21 + len(B64))
    assert_masked(findings)


def test_al726_ignored_secret_is_silent(check_text, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".gitignore").write_text("k8s/secret.yaml\n")
    assert codes(check_text("k8s/secret.yaml", SECRET.replace("@B64@", B64))) == []


CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: agent
data:
  LOG_LEVEL: info
  ANTHROPIC_API_KEY: "@KEY@"
"""


def test_al725_key_in_configmap(check_text) -> None:  # type: ignore[no-untyped-def]
    findings = check_text("deploy/config.yaml", CONFIGMAP.replace("@KEY@", KEY))
    assert codes(findings) == [("AL725", 6)]
    assert findings[0].span == Span.at(6, 22, 22 + len(KEY))
    assert "`agent`" in findings[0].message
    assert_masked(findings)


def test_al725_silent_on_configuration_only(check_text) -> None:  # type: ignore[no-untyped-def]
    text = CONFIGMAP.replace(
        'ANTHROPIC_API_KEY: "@KEY@"', "ANTHROPIC_BASE_URL: https://api.anthropic.com"
    )
    assert codes(check_text("deploy/config.yaml", text)) == []


def test_al725_silent_for_a_local_router_token(check_text) -> None:  # type: ignore[no-untyped-def]
    text = CONFIGMAP.replace("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN").replace(
        "@KEY@", "sk-litellm-master-1234"
    )
    text += "  ANTHROPIC_BASE_URL: http://litellm:4000\n"
    assert codes(check_text("deploy/config.yaml", text)) == []


# --- AL615 mcp-server-ai-sdk-without-base-url -------------------------------------------

SERVER_CODE = """\
import { createAnthropic } from "@ai-sdk/anthropic";
import { generateText } from "ai";

const anthropic = createAnthropic(@ARGS@);
export const summarise = (text: string) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), prompt: text });
"""
MCP_JSON = '{"mcpServers": {"notes": {"command": "node", "args": ["dist/index.js"]@ENV@}}}\n'


def mcp_project(root: Path, version: str, mcp: str | None = MCP_JSON) -> None:
    (root / "package.json").write_text(
        json.dumps({"name": "notes-mcp", "dependencies": {"@ai-sdk/anthropic": version}})
    )
    if mcp is not None:
        (root / ".mcp.json").write_text(mcp.replace("@ENV@", ""))


def test_al615_old_ai_sdk_in_an_mcp_server(check_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mcp_project(tmp_path, "2.0.17")
    findings = check_text("src/index.ts", SERVER_CODE.replace("@ARGS@", ""), select="AL615")
    assert codes(findings) == [("AL615", 3)]
    (finding,) = findings
    assert finding.span == Span.at(3, 18, 35)
    assert finding.severity is Severity.WARNING
    assert "2.0.17" in finding.message and "/messages" in finding.message
    assert [(r.path, r.span) for r in finding.related] == [
        (tmp_path / ".mcp.json", Span.at(0, 16, 23))
    ]


@pytest.mark.parametrize(
    ("version", "args", "mcp"),
    [
        ("4.0.6", "", MCP_JSON),  # normalises the bare host
        ("3.0.94", "", MCP_JSON),
        ("^2.0.0 || ^4.0.6", "", MCP_JSON),  # not known: say nothing
        ("2.0.17", '{ baseURL: "https://api.anthropic.com/v1" }', MCP_JSON),
        ("2.0.17", "", None),  # not an MCP server Claude Code starts
        (  # another server, started with npx
            "2.0.17",
            "",
            json.dumps(
                {"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@mcp/server-github"]}}}
            ),
        ),
        (  # the registration sets the base URL itself
            "2.0.17",
            "",
            MCP_JSON.replace(
                "@ENV@", ', "env": {"ANTHROPIC_BASE_URL": "https://api.anthropic.com/v1"}'
            ),
        ),
    ],
)
def test_al615_silent_on_look_alikes(  # type: ignore[no-untyped-def]
    check_text, tmp_path: Path, version: str, args: str, mcp: str | None
) -> None:
    mcp_project(tmp_path, version, None)
    if mcp is not None:
        (tmp_path / ".mcp.json").write_text(mcp)
    text = SERVER_CODE.replace("@ARGS@", args)
    assert codes(check_text("src/index.ts", text, select="AL615")) == []


# --- AL912 persisted-variable-unseen-by-running-programs ---------------------------------


def test_al912_user_scope_and_setx(check_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "$key = Get-Content $HOME\\.anthropic-key\n"
        '[Environment]::SetEnvironmentVariable("ANTHROPIC_API_KEY", $key, "User")\n'
        "setx ANTHROPIC_BASE_URL https://llm.corp.example /M\n"
    )
    findings = check_text("setup.ps1", text, select="AL912", platform="windows")
    assert codes(findings) == [("AL912", 1), ("AL912", 2)]
    assert findings[0].span == Span.at(1, 39, 56)
    assert "User environment" in findings[0].message
    assert findings[1].span == Span.at(2, 5, 23)
    assert "Machine environment" in findings[1].message
    assert all(f.severity is Severity.INFO for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        '$env:ANTHROPIC_API_KEY = "x"\n',  # this session only
        '[Environment]::SetEnvironmentVariable("ANTHROPIC_API_KEY", "x", "Process")\n',
        '[Environment]::SetEnvironmentVariable("JAVA_HOME", "C:\\\\jdk", "User")\n',
        "setx PATH C:\\tools\n",
        "# setx ANTHROPIC_API_KEY x\n",
    ],
)
def test_al912_silent_on_session_and_unrelated_variables(check_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert codes(check_text("setup.ps1", text, select="AL912", platform="windows")) == []


# --- AL913 project-env-reaches-claude-bash-tool ------------------------------------------


def test_al913_project_env_next_to_claude_md(check_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "CLAUDE.md").write_text("# Project notes\n")
    text = f"DATABASE_URL=postgres://localhost/dev\nANTHROPIC_API_KEY={KEY}\n"
    findings = check_text(".env", text, select="AL913")
    assert codes(findings) == [("AL913", 1)]
    assert findings[0].span == Span.at(1, 0, 17)
    assert findings[0].severity is Severity.INFO
    assert_masked(findings)


@pytest.mark.parametrize(
    ("name", "text", "claude"),
    [
        (".env", "ANTHROPIC_API_KEY=@KEY@\n", False),  # no sign of Claude Code here
        (".env", "DATABASE_URL=postgres://localhost/dev\n", True),
        (".env", "ANTHROPIC_API_KEY=\n", True),  # empty
        (".env.example", "ANTHROPIC_API_KEY=your-key-here\n", True),  # a template
    ],
)
def test_al913_silent(check_text, tmp_path: Path, name: str, text: str, claude: bool) -> None:  # type: ignore[no-untyped-def]
    if claude:
        (tmp_path / ".claude").mkdir()
    assert codes(check_text(name, text.replace("@KEY@", KEY), select="AL913")) == []


def test_al615_registration_in_user_claude_json(check_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mcp_project(tmp_path, "1.2.12", None)
    home = tmp_path / "home"
    home.mkdir()
    server = tmp_path / "build" / "index.js"
    state = {"projects": {"/work/app": {"mcpServers": {"notes": {"command": str(server)}}}}}
    (home / ".claude.json").write_text(json.dumps(state))
    findings = check_text("src/index.ts", SERVER_CODE.replace("@ARGS@", ""), select="AL615")
    assert codes(findings) == [("AL615", 3)]
    assert findings[0].related[0].path == home / ".claude.json"


def test_templated_manifest_values_are_not_judged(check_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "apiVersion: v1\nkind: Secret\nstringData:\n"
        "  ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n"
        '  ANTHROPIC_AUTH_TOKEN: "$(GATEWAY_TOKEN)"\n'
        "  CLAUDE_CODE_OAUTH_TOKEN: REPLACE_ME\n"
    )
    assert codes(check_text("deploy/secret.yaml", text)) == []
