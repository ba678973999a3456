"""AL708–AL710: dev containers, ``docker run --env-file`` and Compose files.

Files are written by ``check_text`` under ``tmp_path`` (a test that needs a
git work tree creates ``tmp_path/.git``); env files a devcontainer points at
are written next to them. Fixes are applied with the real fixer and compared
byte for byte. Keys come from ``tests/keys.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.secrets import mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from keys import api_key, oauth_token, openai_key

KEY = api_key("containers")
OAT = oauth_token("containers")
GATEWAY_TOKEN = "gw-Q7f3aZk29LmX0pTbR4cVn8Ws"

DEVCONTAINER = ".devcontainer/devcontainer.json"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Make ``tmp_path`` (where ``check_text`` writes) a git work tree."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


def summary(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def fixed(text: str, *findings: Finding) -> str:
    """``text`` after applying the findings' fixes with the real fixer."""
    source = SourceFile.from_bytes(text.encode("utf-8"))
    fixes = [f.fix for f in findings if f.fix is not None]
    assert fixes, "no fix offered"
    return apply_fixes(source, fixes).source.text


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message, related message, fix title or edit carries a long piece of a secret."""
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts.append(finding.fix.title)
            texts.extend(edit.new_text for edit in finding.fix.edits)
        for secret in secrets:
            body = secret[13:]
            for text in texts:
                assert body[:12] not in text and body[-12:] not in text, finding.code


def devcontainer(env: str, extra: str = "") -> str:
    """A realistic devcontainer.json (comments, features, trailing commas) with ``env`` blocks."""
    return (
        "// For format details, see https://aka.ms/devcontainer.json.\n"
        "{\n"
        '\t"name": "Claude Code Sandbox",\n'
        '\t"build": { "dockerfile": "Dockerfile", "args": { "TZ": "${localEnv:TZ:UTC}" } },\n'
        '\t"features": {\n'
        '\t\t"ghcr.io/devcontainers/features/github-cli:1": {},\n'
        "\t},\n"
        f"{extra}"
        f"{env}"
        '\t"remoteUser": "node",\n'
        "}\n"
    )


# --- AL708 credential-literal-in-devcontainer -------------------------------------------


@pytest.mark.parametrize(
    ("name", "env", "secret", "span", "after"),
    [
        (
            DEVCONTAINER,
            '\t"containerEnv": {\n'
            '\t\t"CLAUDE_CONFIG_DIR": "/home/node/.claude",\n'
            f'\t\t"ANTHROPIC_API_KEY": "{KEY}",\n'
            "\t},\n",
            KEY,
            Span.at(9, 24, 24 + len(KEY)),
            '\t\t"ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}",\n',
        ),
        (
            ".devcontainer.json",
            f'\t"remoteEnv": {{ "CLAUDE_CODE_OAUTH_TOKEN": "{OAT}" }},\n',
            OAT,
            Span.at(7, 44, 44 + len(OAT)),
            '\t"remoteEnv": { "CLAUDE_CODE_OAUTH_TOKEN": '
            '"${localEnv:CLAUDE_CODE_OAUTH_TOKEN}" },\n',
        ),
        (
            ".devcontainer/python/devcontainer.json",
            f'\t"containerEnv": {{ "ANTHROPIC_AUTH_TOKEN": "{GATEWAY_TOKEN}" }},\n',
            GATEWAY_TOKEN,
            Span.at(7, 44, 44 + len(GATEWAY_TOKEN)),
            '\t"containerEnv": { "ANTHROPIC_AUTH_TOKEN": "${localEnv:ANTHROPIC_AUTH_TOKEN}" },\n',
        ),
        (
            DEVCONTAINER,
            f'\t"containerEnv": {{ "OPENAI_API_KEY": "{openai_key()}" }},\n',
            openai_key(),
            Span.at(7, 38, 38 + len(openai_key())),
            '\t"containerEnv": { "OPENAI_API_KEY": "${localEnv:OPENAI_API_KEY}" },\n',
        ),
    ],
)
def test_al708_reports_a_credential_and_takes_it_from_the_host(
    check_text, repo, name, env, secret, span, after
) -> None:
    text = devcontainer(env)
    findings = check_text(name, text, select="AL708")
    assert summary(findings) == [("AL708", span.start.line + 1)]
    [finding] = findings
    assert (finding.name, finding.severity) == (
        "credential-literal-in-devcontainer",
        Severity.ERROR,
    )
    assert finding.span == span
    assert mask(secret) in finding.message and "${localEnv:" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    result = fixed(text, finding)
    assert after in result
    variable = after.split("${localEnv:")[1].split("}")[0]
    assert result == text.replace(secret, f"${{localEnv:{variable}}}")
    assert check_text(name, result, select="AL708") == []
    assert_no_secret(findings, secret)


def test_al708_fix_keeps_every_other_byte(check_text, repo) -> None:
    env = f'\t"containerEnv": {{\r\n\t\t"ANTHROPIC_API_KEY": "{KEY}", // mine\r\n\t}},\r\n'
    text = devcontainer(env).replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    [finding] = check_text(DEVCONTAINER, text, select="AL708")
    assert fixed(text, finding) == text.replace(KEY, "${localEnv:ANTHROPIC_API_KEY}")


@pytest.mark.parametrize(
    ("env", "ignore"),
    [
        # The documented forms: the host's value, with or without an empty default.
        ('\t"containerEnv": { "ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}" },\n', None),
        (
            '\t"remoteEnv": { "CLAUDE_CODE_OAUTH_TOKEN": '
            '"${localEnv:CLAUDE_CODE_OAUTH_TOKEN:}" },\n',
            None,
        ),
        ('\t"remoteEnv": { "ANTHROPIC_API_KEY": "${containerEnv:ANTHROPIC_API_KEY}" },\n', None),
        # Settings, not credentials (corpus README "should NOT flag" 9).
        (
            '\t"containerEnv": { "CLAUDE_CONFIG_DIR": "/home/node/.claude", '
            '"NODE_OPTIONS": "--max-old-space-size=4096" },\n',
            None,
        ),
        # Empty, null and placeholders.
        ('\t"containerEnv": { "ANTHROPIC_API_KEY": "" },\n', None),
        ('\t"containerEnv": { "ANTHROPIC_API_KEY": null },\n', None),
        ('\t"containerEnv": { "ANTHROPIC_API_KEY": "sk-ant-api03-your-key-here" },\n', None),
        # A router inside the container network.
        (
            '\t"containerEnv": { "ANTHROPIC_BASE_URL": "http://host.docker.internal:4000", '
            f'"ANTHROPIC_AUTH_TOKEN": "{GATEWAY_TOKEN}" }},\n',
            None,
        ),
        # Commented out (AL501 covers complete keys anywhere in a committed file).
        (f'\t// "containerEnv": {{ "ANTHROPIC_API_KEY": "{KEY}" }},\n', None),
        # Ignored by git.
        (f'\t"containerEnv": {{ "ANTHROPIC_API_KEY": "{KEY}" }},\n', ".devcontainer/\n"),
    ],
)
def test_al708_is_silent_on_look_alikes(check_text, repo, env, ignore) -> None:
    if ignore is not None:
        (repo / ".gitignore").write_text(ignore)
    assert check_text(DEVCONTAINER, devcontainer(env), select="AL708") == []


def test_al708_is_silent_outside_a_git_work_tree(check_text) -> None:
    env = f'\t"containerEnv": {{ "ANTHROPIC_API_KEY": "{KEY}" }},\n'
    assert check_text(DEVCONTAINER, devcontainer(env), select="AL708") == []


# --- AL709 quoted-value-in-docker-env-file ----------------------------------------------


def run_args(*args: str) -> str:
    items = ", ".join(f'"{a}"' for a in args)
    return f'\t"runArgs": [{items}],\n'


@pytest.mark.parametrize(
    ("args", "env_name", "span"),
    [
        (("--env-file", ".env"), ".env", Span.at(7, 28, 32)),
        (
            ("--init", "--env-file", ".devcontainer/devcontainer.env"),
            ".devcontainer/devcontainer.env",
            Span.at(7, 38, 68),
        ),
        (("--env-file=.devcontainer/.env",), ".devcontainer/.env", Span.at(7, 25, 43)),
        (("--env-file", "${localWorkspaceFolder}/.env"), ".env", Span.at(7, 28, 56)),
    ],
)
def test_al709_reports_a_quoted_credential_in_a_docker_env_file(
    check_text, tmp_path, args, env_name, span
) -> None:
    (tmp_path / ".devcontainer").mkdir(exist_ok=True)
    (tmp_path / env_name).write_text(f'# secrets\nDEBUG=1\nANTHROPIC_API_KEY="{KEY}"\n')
    findings = check_text(DEVCONTAINER, devcontainer("", run_args(*args)), select="AL709")
    assert summary(findings) == [("AL709", 8)]
    [finding] = findings
    assert (finding.name, finding.severity, finding.fix) == (
        "quoted-value-in-docker-env-file",
        Severity.ERROR,
        None,
    )
    assert finding.span == span
    assert f'`"{mask(KEY)}"`' in finding.message and "docker/cli#3630" in finding.message
    [related] = finding.related
    assert related.path == tmp_path / env_name
    assert related.span == Span.at(2, 18, 18 + len(KEY) + 2)
    assert_no_secret(findings, KEY)


def test_al709_lists_every_quoted_credential(check_text, tmp_path) -> None:
    (tmp_path / ".env").write_text(
        'ANTHROPIC_BASE_URL="https://llm.example.com"\r\n'
        f"  ANTHROPIC_AUTH_TOKEN='{GATEWAY_TOKEN}'\r\n"
        f'CLAUDE_CODE_OAUTH_TOKEN="{OAT}" # from setup-token\r\n'
        f"ANTHROPIC_API_KEY={KEY}\r\n"
    )
    [finding] = check_text(
        DEVCONTAINER, devcontainer("", run_args("--env-file", ".env")), select="AL709"
    )
    assert "ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN reach" in finding.message
    assert [r.span.start.line for r in finding.related] == [1, 2]
    assert finding.related[0].span == Span.at(1, 23, 23 + len(GATEWAY_TOKEN) + 2)
    assert_no_secret([finding], OAT, GATEWAY_TOKEN + "x" * 20)


@pytest.mark.parametrize(
    ("env", "args", "extra"),
    [
        # Unquoted: docker passes it as written, correctly.
        (f"ANTHROPIC_API_KEY={KEY}\n", ("--env-file", ".env"), ""),
        # Quoted, but not a credential, empty, or a placeholder.
        (
            'APP_NAME="My App"\nANTHROPIC_BASE_URL="https://llm.example.com"\n',
            ("--env-file", ".env"),
            "",
        ),
        ('ANTHROPIC_API_KEY=""\n', ("--env-file", ".env"), ""),
        ('ANTHROPIC_API_KEY="your-anthropic-api-key"\n', ("--env-file", ".env"), ""),
        # Comments are skipped by docker too.
        (f'#ANTHROPIC_API_KEY="{KEY}"\n', ("--env-file", ".env"), ""),
        # `export NAME=` makes docker refuse the whole file: another problem.
        (f'export ANTHROPIC_API_KEY="{KEY}"\n', ("--env-file", ".env"), ""),
        # The file is not passed to docker run, or not in a way authlint can resolve.
        (f'ANTHROPIC_API_KEY="{KEY}"\n', ("--init",), ""),
        (f'ANTHROPIC_API_KEY="{KEY}"\n', ("--env-file",), ""),
        (f'ANTHROPIC_API_KEY="{KEY}"\n', ("--env-file", "${localEnv:HOME}/.env"), ""),
        (f'ANTHROPIC_API_KEY="{KEY}"\n', ("--env-file", "missing.env"), ""),
        # Compose-based definitions do not use runArgs.
        (
            f'ANTHROPIC_API_KEY="{KEY}"\n',
            ("--env-file", ".env"),
            '\t"dockerComposeFile": "../docker-compose.yml",\n\t"service": "app",\n',
        ),
    ],
)
def test_al709_is_silent_on_look_alikes(check_text, tmp_path, env, args, extra) -> None:
    (tmp_path / ".env").write_text(env)
    text = devcontainer("", extra + run_args(*args))
    assert check_text(DEVCONTAINER, text, select="AL709") == []


def test_al709_resolves_paths_from_the_workspace_folder(check_text, tmp_path) -> None:
    # Relative to the folder holding .devcontainer/, not to devcontainer.json.
    (tmp_path / ".devcontainer").mkdir()
    (tmp_path / ".devcontainer" / ".env").write_text(f'ANTHROPIC_API_KEY="{KEY}"\n')
    text = devcontainer("", run_args("--env-file", ".env"))
    assert check_text(DEVCONTAINER, text, select="AL709") == []
    (tmp_path / ".env").write_text(f'ANTHROPIC_API_KEY="{KEY}"\n')
    assert summary(check_text(DEVCONTAINER, text, select="AL709")) == [("AL709", 8)]


# --- AL710 credential-literal-in-compose ------------------------------------------------

COMPOSE = """\
# Local stack
services:
  api:
    build: .
    ports:
      - "8000:8000"
    environment:
      LOG_LEVEL: info
      ANTHROPIC_API_KEY: @KEY@
    depends_on: [db]
  db:
    image: postgres:16
    environment:
      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?set it}
"""


@pytest.mark.parametrize(
    ("line", "value", "secret", "start", "after"),
    [
        (
            "      ANTHROPIC_API_KEY: @KEY@\n",
            KEY,
            KEY,
            25,
            "      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n",
        ),
        (
            '      ANTHROPIC_API_KEY: "@KEY@"\n',
            KEY,
            KEY,
            26,
            '      ANTHROPIC_API_KEY: "${ANTHROPIC_API_KEY}"\n',
        ),
        (
            "      'ANTHROPIC_API_KEY': '@KEY@'\n",
            KEY,
            KEY,
            28,
            "      'ANTHROPIC_API_KEY': '${ANTHROPIC_API_KEY}'\n",
        ),
        (
            "      CLAUDE_CODE_OAUTH_TOKEN: @KEY@\n",
            OAT,
            OAT,
            31,
            "      CLAUDE_CODE_OAUTH_TOKEN: ${CLAUDE_CODE_OAUTH_TOKEN}\n",
        ),
    ],
)
def test_al710_reports_a_credential_in_the_mapping_form(
    check_text, repo, line, value, secret, start, after
) -> None:
    text = COMPOSE.replace("      ANTHROPIC_API_KEY: @KEY@\n", line).replace("@KEY@", value)
    findings = check_text("docker-compose.yml", text, select="AL710")
    assert summary(findings) == [("AL710", 9)]
    [finding] = findings
    assert (finding.name, finding.severity) == ("credential-literal-in-compose", Severity.ERROR)
    assert finding.span == Span.at(8, start, start + len(secret))
    assert "service `api`" in finding.message and mask(secret) in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    result = fixed(text, finding)
    assert result == text.replace(line.replace("@KEY@", value), after)
    assert check_text("docker-compose.yml", result, select="AL710") == []
    assert_no_secret(findings, secret)


def test_al710_reports_the_list_form_with_and_without_quotes(check_text, repo) -> None:
    text = (
        "services:\n"
        "  worker:\n"
        "    image: ghcr.io/acme/worker:latest\n"
        "    environment:\n"
        f"      - ANTHROPIC_API_KEY={KEY}\n"
        f'      - "ANTHROPIC_AUTH_TOKEN={GATEWAY_TOKEN}"\n'
        f'      - CLAUDE_CODE_OAUTH_TOKEN="{OAT}"\n'
    )
    findings = check_text("compose.yaml", text, select="AL710")
    assert summary(findings) == [("AL710", 5), ("AL710", 6), ("AL710", 7)]
    assert findings[0].span == Span.at(4, 26, 26 + len(KEY))
    assert fixed(text, *findings) == (
        "services:\n"
        "  worker:\n"
        "    image: ghcr.io/acme/worker:latest\n"
        "    environment:\n"
        "      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n"
        '      - "ANTHROPIC_AUTH_TOKEN=${ANTHROPIC_AUTH_TOKEN}"\n'
        "      - CLAUDE_CODE_OAUTH_TOKEN=${CLAUDE_CODE_OAUTH_TOKEN}\n"
    )
    assert_no_secret(findings, KEY, OAT)


@pytest.mark.parametrize(
    "line",
    [
        # Interpolation and pass-through (corpus README "should NOT flag" 2).
        "      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n",
        "      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY:-}\n",
        "      ANTHROPIC_API_KEY: $ANTHROPIC_API_KEY\n",
        "      ANTHROPIC_API_KEY:\n",
        # Empty and placeholders.
        '      ANTHROPIC_API_KEY: ""\n',
        "      ANTHROPIC_API_KEY: sk-ant-xxxx\n",
        "      ANTHROPIC_API_KEY: your_anthropic_api_key_here\n",
        "      ANTHROPIC_AUTH_TOKEN: test\n",
        # Not credentials.
        "      CLAUDE_CONFIG_DIR: /home/node/.claude\n",
        "      ANTHROPIC_MODEL: claude-sonnet-4-5-20250929\n",
        # Commented out.
        f"      # ANTHROPIC_API_KEY: {KEY}\n",
    ],
)
def test_al710_is_silent_on_look_alikes(check_text, repo, line) -> None:
    text = COMPOSE.replace("      ANTHROPIC_API_KEY: @KEY@\n", line)
    assert check_text("docker-compose.yml", text, select="AL710") == []


def test_al710_list_form_pass_through_is_silent(check_text, repo) -> None:
    text = (
        "services:\n  app:\n    environment:\n"
        "      - ANTHROPIC_API_KEY\n"
        "      - ANTHROPIC_AUTH_TOKEN=${ANTHROPIC_AUTH_TOKEN:-}\n"
    )
    assert check_text("docker-compose.yml", text, select="AL710") == []


def test_al710_local_router_exempts_only_its_own_service(check_text, repo) -> None:
    text = (
        "services:\n"
        "  claude:\n"
        "    environment:\n"
        "      ANTHROPIC_BASE_URL: http://litellm:4000\n"
        f"      ANTHROPIC_AUTH_TOKEN: {GATEWAY_TOKEN}\n"
        "  litellm:\n"
        "    image: ghcr.io/berriai/litellm:main-stable\n"
        "    environment:\n"
        f"      ANTHROPIC_API_KEY: {KEY}\n"
    )
    findings = check_text("docker-compose.yml", text, select="AL710")
    assert summary(findings) == [("AL710", 9)]
    assert "service `litellm`" in findings[0].message


def test_al710_merged_environment_is_reported_once(check_text, repo) -> None:
    text = (
        "x-env: &env\n"
        f"  ANTHROPIC_API_KEY: {KEY}\n"
        "services:\n"
        "  a:\n    environment: *env\n"
        "  b:\n    environment:\n      <<: *env\n      DEBUG: '1'\n"
    )
    findings = check_text("docker-compose.yml", text, select="AL710")
    assert summary(findings) == [("AL710", 2)]


def test_al710_block_scalar_has_no_fix(check_text, repo) -> None:
    text = f"services:\n  app:\n    environment:\n      ANTHROPIC_API_KEY: >-\n        {KEY}\n"
    [finding] = check_text("docker-compose.yml", text, select="AL710")
    assert finding.fix is None


@pytest.mark.parametrize("ignore", [None, "docker-compose.yml\n"])
def test_al710_is_silent_when_git_would_not_commit_the_file(check_text, tmp_path, ignore) -> None:
    if ignore is not None:
        (tmp_path / ".git").mkdir()
        (tmp_path / ".gitignore").write_text(ignore)
    text = COMPOSE.replace("@KEY@", KEY)
    assert check_text("docker-compose.yml", text, select="AL710") == []
