"""Field causes (issue 12): AL503, AL109–AL111, AL717–AL720, AL820–AL821.

Each rule gets a real-shaped positive case with its exact span and a look-alike
of a working setup that stays silent. Files are written by ``check_text`` under
``tmp_path``; keys come from ``tests/keys.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authlint.core.findings import Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.source import SourceFile
from authlint.core.text import Span
from keys import api_key, oauth_token, openai_key

KEY = api_key("field")
OAT = oauth_token("field")
GATEWAY_TOKEN = "gw-Q7f3aZk29LmX0pTbR4cVn8Ws"


def codes(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def fixed(text: str, finding: Finding) -> str:
    source = SourceFile.from_bytes(text.encode("utf-8"))
    assert finding.fix is not None
    return apply_fixes(source, [finding.fix]).source.text


def no_secret(findings: list[Finding], *secrets: str) -> None:
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts.append(finding.fix.title)
        for secret in secrets:
            for text in texts:
                assert secret[13:30] not in text and secret[-12:] not in text, finding.code


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


# --- AL503 secret-in-permission-rule ----------------------------------------------------

LOCAL = ".claude/settings.local.json"


def permissions(*rules: str) -> str:
    items = ",\n".join(f"      {json.dumps(r)}" for r in rules)
    return '{\n  "permissions": {\n    "allow": [\n' + items + '\n    ],\n    "deny": []\n  }\n}\n'


def test_al503_inline_key_in_ignored_local_settings_is_a_warning(check_text) -> None:
    text = permissions(
        "Bash(npm run test:*)",
        f"Bash(ANTHROPIC_API_KEY={KEY} python scripts/eval.py)",
        "Read(//tmp/**)",
    )
    found = codes(check_text(LOCAL, text, "AL503"), "AL503")
    assert len(found) == 1
    start = len('      "Bash(ANTHROPIC_API_KEY=')
    assert found[0].span == Span.at(4, start, start + len(KEY))
    assert found[0].severity is Severity.WARNING
    no_secret(found, KEY)
    after = fixed(text, found[0])
    assert KEY not in after
    assert json.loads(after)["permissions"]["allow"] == ["Bash(npm run test:*)", "Read(//tmp/**)"]


def test_al503_header_in_committable_project_settings_is_an_error(check_text, repo) -> None:
    text = permissions(
        f'Bash(curl -s https://gw.corp.example.com/v1/messages -H "x-api-key: {GATEWAY_TOKEN}")'
    )
    found = codes(check_text(".claude/settings.json", text, "AL503"), "AL503")
    assert len(found) == 1
    assert found[0].severity is Severity.ERROR
    assert "x-api-key" in found[0].message
    no_secret(found, "xxxxxxxxxxxxx" + GATEWAY_TOKEN)
    assert json.loads(fixed(text, found[0]))["permissions"]["allow"] == []


def test_al503_leaves_a_complete_anthropic_key_in_a_committable_file_to_al501(
    check_text, repo
) -> None:
    text = permissions(f"Bash(ANTHROPIC_API_KEY={KEY} claude -p hi)")
    found = check_text(".claude/settings.json", text, ("AL503", "AL501"))
    assert [f.code for f in found] == ["AL501"]


def test_al503_foreign_key_and_token_variable(check_text) -> None:
    text = permissions(
        f"Bash(export OPENAI_API_KEY={openai_key()})",
        f"Bash(CLAUDE_CODE_OAUTH_TOKEN={OAT} claude -p review)",
    )
    found = codes(check_text(LOCAL, text, "AL503"), "AL503")
    assert len(found) == 2
    no_secret(found, OAT)


@pytest.mark.parametrize(
    "rule",
    [
        "Bash(ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY python app.py)",
        'Bash(curl -H "x-api-key: ${ANTHROPIC_API_KEY}" https://api.anthropic.com/v1/models)',
        "Bash(ANTHROPIC_API_KEY=sk-ant-... python app.py)",
        "Bash(curl:*)",
        "Bash(export ANTHROPIC_BASE_URL=https://api.anthropic.com)",
        "Bash(MAX_THINKING_TOKENS=8000 claude -p hi)",
        "Bash(gh pr view 1234 --json title)",
        "WebFetch(domain:docs.claude.com)",
    ],
)
def test_al503_look_alikes_stay_silent(check_text, rule) -> None:
    assert codes(check_text(LOCAL, permissions(rule), "AL503"), "AL503") == []


# --- AL109 unresolved-secret-reference ---------------------------------------------------

OP_REF = "op://Private/Anthropic/credential"


def test_al109_reference_in_claude_settings_env(check_text) -> None:
    text = '{\n  "env": {\n    "ANTHROPIC_API_KEY": "' + OP_REF + '"\n  }\n}\n'
    found = codes(check_text(".claude/settings.json", text, "AL109"), "AL109")
    assert len(found) == 1
    assert found[0].span == Span.at(2, 26, 26 + len(OP_REF))
    assert found[0].severity is Severity.ERROR
    assert "apiKeyHelper" in found[0].message


def test_al109_reference_in_dotenv_without_op_run(check_text) -> None:
    found = codes(
        check_text(".env", f"ANTHROPIC_API_KEY={OP_REF}\nLOG_LEVEL=debug\n", "AL109"), "AL109"
    )
    assert [(f.span, f.severity) for f in found] == [
        (Span.at(0, 18, 18 + len(OP_REF)), Severity.WARNING)
    ]


def test_al109_quiet_when_the_project_runs_under_op_run(check_text, tmp_path) -> None:
    (tmp_path / "package.json").write_text(
        '{"scripts": {"dev": "op run --env-file=.env -- node server.js"}}\n'
    )
    assert codes(check_text(".env", f"ANTHROPIC_API_KEY={OP_REF}\n", "AL109"), "AL109") == []


def test_al109_op_run_does_not_help_claude_settings(check_text, tmp_path) -> None:
    (tmp_path / "Makefile").write_text("dev:\n\top run -- claude\n")
    text = '{"env": {"ANTHROPIC_AUTH_TOKEN": "vault://secret/data/llm#token"}}\n'
    assert len(codes(check_text(".claude/settings.json", text, "AL109"), "AL109")) == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env.tpl", f"ANTHROPIC_API_KEY={OP_REF}\n"),
        (".env.example", f"ANTHROPIC_API_KEY={OP_REF}\n"),
        (".env", "ANTHROPIC_BASE_URL=https://api.anthropic.com\nDOCS=op://not-a-secret/x\n"),
        (".claude/settings.json", '{"apiKeyHelper": "op read ' + OP_REF + '"}\n'),
        (".env", f"# ANTHROPIC_API_KEY={OP_REF}\nANTHROPIC_API_KEY=\n"),
    ],
)
def test_al109_look_alikes(check_text, name, text) -> None:
    assert codes(check_text(name, text, "AL109"), "AL109") == []


def test_al109_devcontainer_quiet_with_op_run_in_post_create(check_text) -> None:
    text = (
        '{\n  "containerEnv": {"ANTHROPIC_API_KEY": "' + OP_REF + '"},\n'
        '  "postCreateCommand": "op inject -i .env.tpl -o .env"\n}\n'
    )
    assert codes(check_text(".devcontainer/devcontainer.json", text, "AL109"), "AL109") == []
    bare = '{\n  "containerEnv": {"ANTHROPIC_API_KEY": "' + OP_REF + '"}\n}\n'
    assert len(codes(check_text(".devcontainer/devcontainer.json", bare, "AL109"), "AL109")) == 1


# --- AL110 malformed-workload-identity-setting / AL111 api-key-outranks-workload-identity --

ORG = "8c5b6a4e-2f1d-4c3b-9a8e-7d6f5e4c3b2a"
WIF_OK = (
    "ANTHROPIC_FEDERATION_RULE_ID=fdrl_01HZX3K7T0PAQ\n"
    "ANTHROPIC_SERVICE_ACCOUNT_ID=svac_01HZX3K9QF2MR\n"
    f"ANTHROPIC_ORGANIZATION_ID={ORG}\n"
    "ANTHROPIC_WORKSPACE_ID=default\n"
    "ANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic/token\n"
)


def test_al110_swapped_ids_and_bad_org(check_text) -> None:
    text = (
        "ANTHROPIC_FEDERATION_RULE_ID=svac_01HZX3K9QF2MR\n"
        "ANTHROPIC_SERVICE_ACCOUNT_ID=fdrl_01HZX3K7T0PAQ\n"
        "ANTHROPIC_ORGANIZATION_ID=acme-prod\n"
    )
    found = codes(check_text(".env", text, "AL110"), "AL110")
    assert [f.span for f in found] == [Span.at(0, 29, 47), Span.at(1, 29, 47), Span.at(2, 26, 35)]
    assert "looks like a service account ID" in found[0].message
    assert "UUID" in found[2].message


def test_al110_missing_token_file_in_home(check_text, tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    text = f"export ANTHROPIC_IDENTITY_TOKEN_FILE={home}/.config/anthropic/oidc-token\n"
    found = codes(check_text("home/.zshrc", text, "AL110"), "AL110")
    assert len(found) == 1 and "does not exist" in found[0].message
    (home / ".config" / "anthropic").mkdir(parents=True)
    (home / ".config" / "anthropic" / "oidc-token").write_text("eyJ...\n")
    assert codes(check_text("home/.zshrc", text, "AL110"), "AL110") == []


def test_al110_al111_correct_setup_is_silent(check_text) -> None:
    assert codes(check_text(".env", WIF_OK, ("AL110", "AL111")), "AL110") == []
    assert check_text(".env", WIF_OK, ("AL110", "AL111")) == []


def test_al110_interpolated_values_are_not_judged(check_text) -> None:
    text = (
        "services:\n  worker:\n    image: ghcr.io/acme/worker:1\n    environment:\n"
        "      ANTHROPIC_FEDERATION_RULE_ID: ${FEDERATION_RULE}\n"
        "      ANTHROPIC_ORGANIZATION_ID: ${ORG_ID:-}\n"
    )
    assert check_text("compose.yaml", text, "AL110") == []


def test_al111_api_key_next_to_federation(check_text) -> None:
    text = f"ANTHROPIC_API_KEY={KEY}\n" + WIF_OK
    found = codes(check_text(".env", text, "AL111"), "AL111")
    assert len(found) == 1
    assert found[0].span == Span.at(1, 0, len("ANTHROPIC_FEDERATION_RULE_ID"))
    assert found[0].related[0].span == Span.at(0, 0, len("ANTHROPIC_API_KEY"))
    no_secret(found, KEY)


def test_al111_empty_key_is_silent(check_text) -> None:
    assert check_text(".env", "ANTHROPIC_API_KEY=\n" + WIF_OK, "AL111") == []


# --- AL821 short-lived-api-key-helper-token ---------------------------------------------

DATABRICKS = (
    "databricks auth token --host https://adb-1234567890.12.azuredatabricks.net"
    " | jq -r .access_token"
)


def test_al821_ttl_at_token_life_is_a_warning_with_a_fix(check_text) -> None:
    text = (
        "{\n"
        f'  "apiKeyHelper": "{DATABRICKS}",\n'
        '  "env": {\n'
        '    "ANTHROPIC_BASE_URL": "https://adb-1234567890.12.azuredatabricks.net/serving-endpoints/anthropic",\n'
        '    "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "3600000"\n'
        "  }\n}\n"
    )
    found = codes(check_text(".claude/settings.json", text, "AL821"), "AL821")
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING
    assert found[0].span == Span.at(4, 42, 49)
    assert (
        json.loads(fixed(text, found[0]))["env"]["CLAUDE_CODE_API_KEY_HELPER_TTL_MS"] == "1800000"
    )


def test_al821_default_ttl_is_info(check_text) -> None:
    text = '{"apiKeyHelper": "gcloud auth print-identity-token --audiences=https://llm-gw.corp"}\n'
    found = codes(check_text(".claude/settings.json", text, "AL821"), "AL821")
    assert [(f.severity, f.span) for f in found] == [(Severity.INFO, Span.at(0, 18, 82))]


def test_al821_script_helper_and_long_sts_session(check_text, tmp_path) -> None:
    script = tmp_path / "bin" / "claude-token.sh"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\naws sts assume-role --role-arn arn:aws:iam::1:role/llm"
        " --role-session-name cc --duration-seconds 900"
        " --query Credentials.SessionToken --output text\n"
    )
    text = (
        '{"apiKeyHelper": "'
        + str(script)
        + '", "env": {"CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "900000"}}\n'
    )
    assert len(codes(check_text(".claude/settings.json", text, "AL821"), "AL821")) == 1


@pytest.mark.parametrize(
    "text",
    [
        '{"apiKeyHelper": "databricks auth token | jq -r .access_token", '
        '"env": {"CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "900000"}}\n',
        '{"apiKeyHelper": "op read op://Private/Anthropic/credential"}\n',
        '{"apiKeyHelper": "security find-generic-password -s anthropic -w"}\n',
    ],
)
def test_al821_look_alikes(check_text, text) -> None:
    assert check_text(".claude/settings.json", text, "AL821") == []


# --- AWS config scanner and AL820 bedrock-sso-profile-without-refresh --------------------

AWS_CONFIG_TEXT = (
    "[default]\n"
    "region = us-east-1\n"
    "\n"
    "[profile bedrock-dev]\n"
    "sso_session = corp\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = BedrockUser\n"
    "region = us-west-2\n"
    "\n"
    "[profile keys]\n"
    "region = us-east-1\n"
    "\n"
    "[sso-session corp]\n"
    "sso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = us-east-1\n"
)


@pytest.fixture
def aws_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "config").write_text(AWS_CONFIG_TEXT)
    return home


def test_aws_config_scanner_keeps_positions() -> None:
    from authlint.core.facts import FileKind
    from authlint.scanners import scan
    from authlint.scanners.aws_config import profile_section

    scanned = scan(SourceFile(None, AWS_CONFIG_TEXT + "[broken\n"), FileKind.AWS_CONFIG)
    section = profile_section(scanned, "bedrock-dev")
    assert section is not None and section.key_span == Span.at(3, 1, 20)
    session = section.value.member("sso_session")
    assert session is not None and session.value.value == "corp"
    assert session.value.span == Span.at(4, 14, 18)
    assert profile_section(scanned, "default") is not None
    assert scanned.assignments == []


def test_aws_config_is_discovered_in_home_only(tmp_path: Path, aws_home: Path) -> None:
    from authlint.core.context import Platform
    from authlint.core.facts import FileKind
    from authlint.core.home import home_file_kind, home_files
    from authlint.scanners import kind_from_name

    config = aws_home / ".aws" / "config"
    assert config in home_files(aws_home, Platform.LINUX)
    assert home_file_kind(config, aws_home) is FileKind.AWS_CONFIG
    assert kind_from_name(config) is None
    project = tmp_path / "project" / ".aws" / "config"
    assert home_file_kind(project, aws_home) is None


BEDROCK = (
    '{\n  "env": {\n    "CLAUDE_CODE_USE_BEDROCK": "1",\n    "AWS_PROFILE": "bedrock-dev"\n  }\n}\n'
)


def test_al820_sso_profile_without_refresh(check_text, aws_home) -> None:
    found = codes(check_text(".claude/settings.json", BEDROCK, "AL820"), "AL820")
    assert len(found) == 1
    assert found[0].span == Span.at(3, 20, 31)
    assert found[0].severity is Severity.WARNING
    assert found[0].related[0].path == aws_home / ".aws" / "config"
    after = json.loads(fixed(BEDROCK, found[0]))
    assert after["awsAuthRefresh"] == "aws sso login --profile bedrock-dev"


def test_al820_get_session_token_with_sso_profile(check_text, aws_home) -> None:
    text = (
        '{\n  "awsCredentialExport": "aws sts get-session-token --profile bedrock-dev",\n'
        '  "awsAuthRefresh": "aws sso login --profile bedrock-dev",\n'
        '  "env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "bedrock-dev"}\n}\n'
    )
    found = codes(check_text(".claude/settings.json", text, "AL820"), "AL820")
    assert [(f.severity, f.span.start.line) for f in found] == [(Severity.ERROR, 1)]


@pytest.mark.parametrize(
    "text",
    [
        '{"awsAuthRefresh": "aws sso login --profile bedrock-dev", '
        '"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "bedrock-dev"}}\n',
        '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "keys"}}\n',
        '{"env": {"CLAUDE_CODE_USE_BEDROCK": "0", "AWS_PROFILE": "bedrock-dev"}}\n',
        '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "bedrock-dev", '
        '"CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1"}}\n',
        '{"awsCredentialExport": "aws sts get-session-token --profile keys", '
        '"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "keys"}}\n',
    ],
)
def test_al820_look_alikes(check_text, aws_home, text) -> None:
    assert check_text(".claude/settings.json", text, "AL820") == []


def test_al820_refresh_in_user_settings_counts(check_text, aws_home) -> None:
    (aws_home / ".claude").mkdir()
    (aws_home / ".claude" / "settings.json").write_text(
        '{"awsAuthRefresh": "aws sso login --profile bedrock-dev"}\n'
    )
    assert check_text(".claude/settings.json", BEDROCK, "AL820") == []


# --- AL719 oauth-token-without-onboarding-state / AL720 claude-folder-mounted-without-state-file

DEVCONTAINER = ".devcontainer/devcontainer.json"
TOKEN_ENV = (
    '  "containerEnv": {\n    "CLAUDE_CODE_OAUTH_TOKEN": "${localEnv:CLAUDE_CODE_OAUTH_TOKEN}"\n  }'
)


def devcontainer(*members: str) -> str:
    return (
        "{\n"
        '  "name": "claude sandbox",\n'
        '  "image": "mcr.microsoft.com/devcontainers/typescript-node:22",\n'
        + ",\n".join(members)
        + "\n}\n"
    )


def test_al719_token_without_onboarding_state(check_text) -> None:
    text = devcontainer(TOKEN_ENV)
    found = codes(check_text(DEVCONTAINER, text, ("AL719", "AL720")), "AL719")
    assert len(found) == 1
    assert found[0].span == Span.at(4, 5, 28)
    after = fixed(text, found[0])
    assert "hasCompletedOnboarding" in after and "postCreateCommand" in after


@pytest.mark.parametrize(
    "extra",
    [
        '  "postCreateCommand": "echo \'{\\"hasCompletedOnboarding\\":true}\' > ~/.claude.json"',
        '  "mounts": ["source=${localEnv:HOME}/.claude.json,target=/home/node/.claude.json,'
        'type=bind"]',
        '  "postCreateCommand": "bash .devcontainer/not-in-this-checkout.sh"',
        '  "mounts": ["source=claude-config-${devcontainerId},target=/home/node/.claude,'
        'type=volume"],\n  "remoteEnv": {"CLAUDE_CONFIG_DIR": "/home/node/.claude"}',
    ],
)
def test_al719_look_alikes(check_text, extra) -> None:
    assert check_text(DEVCONTAINER, devcontainer(TOKEN_ENV, extra), ("AL719", "AL720")) == []


def test_al719_reads_the_lifecycle_script(check_text, tmp_path) -> None:
    script = tmp_path / ".devcontainer" / "post-create.sh"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\nnpm install -g @anthropic-ai/claude-code\n")
    text = devcontainer(TOKEN_ENV, '  "postCreateCommand": "bash .devcontainer/post-create.sh"')
    assert len(codes(check_text(DEVCONTAINER, text, "AL719"), "AL719")) == 1
    script.write_text("#!/bin/sh\necho '{\"hasCompletedOnboarding\":true}' > ~/.claude.json\n")
    assert check_text(DEVCONTAINER, text, "AL719") == []


def test_al720_claude_folder_without_state_file(check_text) -> None:
    mount = "source=${localEnv:HOME}/.claude,target=/home/node/.claude,type=bind"
    text = devcontainer(f'  "mounts": [\n    "{mount}"\n  ]', TOKEN_ENV)
    found = check_text(DEVCONTAINER, text, ("AL719", "AL720"))
    assert [f.code for f in found] == ["AL720"]
    assert found[0].span == Span.at(4, 4, 6 + len(mount))
    after = json.loads(fixed(text, found[0]))
    assert after["containerEnv"]["CLAUDE_CONFIG_DIR"] == "/home/node/.claude"


def test_al720_fix_creates_container_env(check_text) -> None:
    text = devcontainer(
        '  "mounts": ["source=claude-home,target=/home/vscode/.claude,type=volume"]'
    )
    (found,) = check_text(DEVCONTAINER, text, "AL720")
    assert json.loads(fixed(text, found))["containerEnv"] == {
        "CLAUDE_CONFIG_DIR": "/home/vscode/.claude"
    }


def test_al720_reference_devcontainer_is_silent(check_text) -> None:
    text = devcontainer(
        '  "mounts": ["source=claude-code-config-${devcontainerId},target=/home/node/.claude,'
        'type=volume"]',
        '  "containerEnv": {"CLAUDE_CONFIG_DIR": "/home/node/.claude"}',
    )
    assert check_text(DEVCONTAINER, text, ("AL719", "AL720")) == []


# --- AL717 compose-service-without-anthropic-environment / AL718 empty-anthropic-variable --


def agent_project(tmp_path: Path, dotenv: str = f"ANTHROPIC_API_KEY={KEY}\n") -> None:
    """A project whose ``agent/`` image installs Claude Code, and a ``.env`` beside compose."""
    (tmp_path / "agent").mkdir(exist_ok=True)
    (tmp_path / "agent" / "Dockerfile").write_text(
        "FROM node:22-slim\nRUN npm install -g @anthropic-ai/claude-code\n"
    )
    (tmp_path / ".env").write_text(dotenv)


AGENT = (
    "services:\n"
    "  agent:\n"
    "    build: ./agent\n"
    '    command: claude -p "triage the open issues"\n'
    "  redis:\n"
    "    image: redis:7\n"
)


def test_al717_service_without_the_env_variables(check_text, tmp_path) -> None:
    agent_project(tmp_path)
    found = codes(check_text("compose.yaml", AGENT, "AL717"), "AL717")
    assert len(found) == 1
    assert found[0].span == Span.at(1, 2, 7)
    no_secret(found, KEY)
    after = fixed(AGENT, found[0])
    assert "    environment:\n      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n    build:" in after


def test_al717_fix_appends_to_a_list_environment(check_text, tmp_path) -> None:
    agent_project(tmp_path)
    text = AGENT.replace(
        "    build: ./agent\n", "    build: ./agent\n    environment:\n      - TZ=UTC\n"
    )
    (found,) = check_text("compose.yaml", text, "AL717")
    assert "      - TZ=UTC\n      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n" in fixed(text, found)


@pytest.mark.parametrize(
    "extra",
    [
        "    env_file: .env\n",
        "    environment:\n      - ANTHROPIC_API_KEY\n",
        "    environment:\n      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n",
        "    volumes:\n      - ~/.claude:/home/node/.claude\n",
    ],
)
def test_al717_look_alikes(check_text, tmp_path, extra) -> None:
    agent_project(tmp_path)
    text = AGENT.replace("    build: ./agent\n", "    build: ./agent\n" + extra)
    assert check_text("compose.yaml", text, "AL717") == []


def test_al717_needs_evidence_and_a_dotenv(check_text, tmp_path) -> None:
    agent_project(tmp_path, dotenv="POSTGRES_PASSWORD=local\n")
    assert check_text("compose.yaml", AGENT, "AL717") == []
    agent_project(tmp_path)
    plain = "services:\n  web:\n    image: nginx:1.27\n"
    assert check_text("compose.yaml", plain, "AL717") == []


def python_api(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir(exist_ok=True)
    (tmp_path / "api" / "requirements.txt").write_text("fastapi==0.115.0\nanthropic>=0.40\n")


API = (
    "services:\n"
    "  api:\n"
    "    build: ./api\n"
    "    environment:\n"
    "      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n"
    "      ANTHROPIC_BASE_URL: ${ANTHROPIC_BASE_URL:-}\n"
)


def test_al718_empty_default_for_a_python_sdk_service(check_text, tmp_path) -> None:
    python_api(tmp_path)
    found = codes(check_text("compose.yaml", API, "AL718"), "AL718")
    assert [(f.span, f.severity) for f in found] == [(Span.at(5, 26, 49), Severity.WARNING)]
    assert fixed(API, found[0]).endswith("      ANTHROPIC_BASE_URL:\n")


def test_al718_list_form_and_empty_literal(check_text, tmp_path) -> None:
    python_api(tmp_path)
    text = (
        "services:\n  api:\n    build: ./api\n    environment:\n"
        "      - ANTHROPIC_AUTH_TOKEN=\n"
        '      - ANTHROPIC_BASE_URL=${ANTHROPIC_BASE_URL-""}\n'
        "      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n"
    )
    found = codes(check_text("compose.yaml", text, "AL718"), "AL718")
    assert [(f.span.start.line, f.severity) for f in found] == [
        (4, Severity.INFO),
        (5, Severity.WARNING),
    ]
    assert "      - ANTHROPIC_BASE_URL\n      - ANTHROPIC_API_KEY=" in fixed(text, found[1])


@pytest.mark.parametrize(
    ("dotenv", "text"),
    [
        ("ANTHROPIC_BASE_URL=https://llm-gw.corp.example.com\n", API),
        (
            "",
            API.replace(
                "${ANTHROPIC_BASE_URL:-}", "${ANTHROPIC_BASE_URL:-https://api.anthropic.com}"
            ),
        ),
        ("", API.replace("${ANTHROPIC_BASE_URL:-}", "")),
        # A multi-provider app: an empty key alone fails no differently from a missing one.
        (
            "",
            "services:\n  api:\n    build: ./api\n    command: [python, /app/api_server.py]\n"
            "    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY:-}\n"
            "      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY:-}\n",
        ),
        # Claude Code treats "" as unset: the "use ONE of these" pattern is harmless there.
        (
            "",
            "services:\n  bot:\n    image: ghcr.io/acme/claude-bot:1\n    command: claude\n"
            "    environment:\n      - CLAUDE_CODE_OAUTH_TOKEN=${CLAUDE_CODE_OAUTH_TOKEN:-}\n"
            "      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY:-}\n",
        ),
    ],
)
def test_al718_look_alikes(check_text, tmp_path, dotenv, text) -> None:
    python_api(tmp_path)
    (tmp_path / ".env").write_text(dotenv)
    assert check_text("compose.yaml", text, "AL718") == []


# --- severities from the outcome layer -------------------------------------------------


def test_al109_is_an_error_where_a_context_in_use_reads_it(tmp_path: Path) -> None:
    from authlint.core.context import Platform
    from environment import Setup

    setup = Setup(tmp_path)
    setup.write(".env", f"ANTHROPIC_API_KEY={OP_REF}\n")
    setup.write(
        "app.py",
        "import anthropic\nfrom dotenv import load_dotenv\nload_dotenv(override=True)\n"
        "client = anthropic.Anthropic()\n",
    )
    found = codes(setup.findings(".env", Platform.LINUX, "bash", ("AL109",)), "AL109")
    assert [f.severity for f in found] == [Severity.ERROR]
    assert "python" in found[0].message
    setup.write("Makefile", "run:\n\top run --env-file=.env -- python app.py\n")
    assert codes(setup.findings(".env", Platform.LINUX, "bash", ("AL109",)), "AL109") == []


def test_al110_is_at_most_a_warning_when_nothing_reads_it(tmp_path: Path) -> None:
    from authlint.core.context import Platform
    from environment import Setup

    setup = Setup(tmp_path)
    setup.write(".env", "ANTHROPIC_ORGANIZATION_ID=acme\n")
    found = codes(setup.findings(".env", Platform.LINUX, "bash", ("AL110",)), "AL110")
    assert [f.severity for f in found] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        (".claude/settings.json", '{"env": {"ANTHROPIC_API_KEY": "' + OP_REF + '"}}\n', "AL802"),
        (
            ".devcontainer/devcontainer.json",
            '{"containerEnv": {"ANTHROPIC_API_KEY": "' + OP_REF + '"}}\n',
            "AL708",
        ),
        (
            ".vscode/settings.json",
            '{"terminal.integrated.env.linux": {"ANTHROPIC_API_KEY": "' + OP_REF + '"}}\n',
            "AL702",
        ),
        (
            "compose.yaml",
            "services:\n  app:\n    image: python:3.12\n    environment:\n"
            f"      ANTHROPIC_API_KEY: {OP_REF}\n",
            "AL710",
        ),
    ],
)
def test_a_secret_reference_is_not_a_committed_credential(check_text, repo, name, text, code):
    assert codes(check_text(name, text, code), code) == []


CLAUDE_SERVICE = (
    "services:\n"
    "  claude:\n"
    "    build: ./sandbox\n"
    "    tty: true\n"
    "    stdin_open: true\n"
    "    environment:\n"
    "      - CLAUDE_CODE_OAUTH_TOKEN=${CLAUDE_CODE_OAUTH_TOKEN}\n"
    "    volumes:\n"
    "      - ./:/workspace\n"
)


def sandbox(tmp_path: Path, extra: str = "") -> None:
    (tmp_path / "sandbox").mkdir(exist_ok=True)
    (tmp_path / "sandbox" / "Dockerfile").write_text(
        "FROM node:22\nRUN npm install -g @anthropic-ai/claude-code\n" + extra + "USER node\n"
    )


def test_al719_interactive_compose_service(check_text, tmp_path) -> None:
    sandbox(tmp_path)
    found = codes(check_text("compose.yaml", CLAUDE_SERVICE, "AL719"), "AL719")
    assert [f.span for f in found] == [Span.at(6, 8, 31)]
    assert found[0].fix is None


@pytest.mark.parametrize(
    ("dockerfile", "text"),
    [
        (
            "RUN echo '{\"hasCompletedOnboarding\":true}' > /home/node/.claude.json\n",
            CLAUDE_SERVICE,
        ),
        ("", CLAUDE_SERVICE.replace("    tty: true\n    stdin_open: true\n", "")),
        ("", CLAUDE_SERVICE + '    command: claude -p "summarise the changes"\n'),
        ("", CLAUDE_SERVICE + "      - claude-state:/home/node/.claude.json\n"),
        ("", CLAUDE_SERVICE.replace("build: ./sandbox", "image: ghcr.io/acme/claude:1")),
    ],
)
def test_al719_compose_look_alikes(check_text, tmp_path, dockerfile, text) -> None:
    sandbox(tmp_path, dockerfile)
    assert check_text("compose.yaml", text, "AL719") == []


def test_al718_ai_sdk_service_with_an_empty_base_url_default(check_text, tmp_path) -> None:
    (tmp_path / "apps" / "agent").mkdir(parents=True)
    (tmp_path / "apps" / "agent" / "package.json").write_text(
        '{"dependencies": {"ai": "^5.0.0", "@ai-sdk/anthropic": "^2.0.0"}}\n'
    )
    (tmp_path / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    text = (
        "services:\n  agent:\n    build:\n      context: ./apps/agent\n    env_file: .env\n"
        "    environment:\n      ANTHROPIC_BASE_URL: ${ANTHROPIC_BASE_URL:-}\n"
        "      ANTHROPIC_CUSTOM_HEADERS: ${ANTHROPIC_CUSTOM_HEADERS:-}\n"
    )
    found = check_text("docker-compose.yml", text, ("AL717", "AL718"))
    assert [(f.code, f.span.start.line, f.severity) for f in found] == [
        ("AL718", 6, Severity.WARNING)
    ]
