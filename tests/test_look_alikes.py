"""Setups that work must produce no finding from any rule (issue "Must show", second item).

Each case runs every rule of the registry, so a new rule that misfires on a
working setup fails here too.
"""

from __future__ import annotations

import pytest

from keys import api_key, openrouter_key

KEY = api_key("look-alike")
OR_KEY = openrouter_key("look-alike")

CASES = [
    # Single-quoted keys containing `$`: the shell keeps `$` literally.
    (".zshrc", "export ANTHROPIC_AUTH_TOKEN='gw-$ecret-t0ken-9f8e7d6c5b4a'\n"),
    (".env", "ANTHROPIC_AUTH_TOKEN='gw-$ecret-t0ken-9f8e7d6c5b4a'\n"),
    # Keys read from a password manager at run time.
    (".zshrc", 'export ANTHROPIC_API_KEY="$(security find-generic-password -w -s anthropic)"\n'),
    (".zshrc", "export ANTHROPIC_API_KEY=$(op read op://Private/Anthropic/credential)\n"),
    (
        ".bash_profile",
        'export ANTHROPIC_API_KEY="$(op read "op://Private/Anthropic/credential")"\n',
    ),
    ("config.fish", "set -gx ANTHROPIC_API_KEY (security find-generic-password -w -s anthropic)\n"),
    # Placeholders in templates.
    (".env.example", "ANTHROPIC_API_KEY=sk-ant-...\nANTHROPIC_BASE_URL=\n"),
    (".env.sample", "ANTHROPIC_API_KEY=your-api-key\nCLAUDE_CODE_OAUTH_TOKEN=<YOUR_TOKEN>\n"),
    (".env.template", 'ANTHROPIC_API_KEY="sk-ant-api03-your-api-key-here"\n'),
    # A base URL with a harmless trailing slash.
    (".env", "ANTHROPIC_BASE_URL=https://api.anthropic.com/\n"),
    (".zshrc", "export ANTHROPIC_BASE_URL=https://gateway.example.com/anthropic/\n"),
    # The documented OpenRouter recipe.
    (
        ".env",
        f'ANTHROPIC_AUTH_TOKEN={OR_KEY}\nANTHROPIC_API_KEY=""\n'
        "ANTHROPIC_BASE_URL=https://openrouter.ai/api\n",
    ),
    (
        ".zshrc",
        f'export ANTHROPIC_BASE_URL="https://openrouter.ai/api"\n'
        f'export ANTHROPIC_AUTH_TOKEN="{OR_KEY}"\nexport ANTHROPIC_API_KEY=""\n',
    ),
    # LiteLLM on loopback with a virtual key.
    (".env", "ANTHROPIC_BASE_URL=http://localhost:4000\nANTHROPIC_AUTH_TOKEN=sk-1234\n"),
    # A correct key, correctly exported, in an ignored-or-not-in-git file.
    (".zshrc", f'export ANTHROPIC_API_KEY="{KEY}"\n'),
    (".env", f"ANTHROPIC_API_KEY={KEY}\n"),
    ("config.fish", f"set -gx ANTHROPIC_API_KEY {KEY}\n"),
    ("Microsoft.PowerShell_profile.ps1", f'$env:ANTHROPIC_API_KEY = "{KEY}"\n'),
    # `set -a` exports plain assignments; an export after the assignment counts too.
    (".zshrc", f"set -a\nANTHROPIC_API_KEY={KEY}\nset +a\n"),
    (".bashrc", f"ANTHROPIC_API_KEY={KEY}\nexport ANTHROPIC_API_KEY\n"),
    # A one-command prefix assignment is not a definition.
    (".bashrc", "alias cc='ANTHROPIC_API_KEY= claude'\n"),
    # Commented-out lines are not configuration.
    (".env", f"# ANTHROPIC_API_KEY = {KEY} \n# ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n"),
    # Issue 12 kinds. Streamlit secrets outside git, quoted, read by name (any case).
    (
        ".streamlit/secrets.toml",
        f'ANTHROPIC_API_KEY = "{KEY}"\n[anthropic]\napi_key = "{KEY}"\nmax_tokens = 1024\n',
    ),
    # MCP servers: a key taken from the environment, a working key outside git.
    (
        ".mcp.json",
        '{"mcpServers": {"claude": {"command": "npx", "args": ["-y", "server"],\n'
        '"env": {"ANTHROPIC_API_KEY": "${ANTHROPIC_API_KEY}"}}}}\n',
    ),
    (
        "claude_desktop_config.json",
        f'{{"mcpServers": {{"s": {{"command": "uvx",\n'
        f'"env": {{"ANTHROPIC_API_KEY": "{KEY}"}}}}}}}}\n',
    ),
    # Notebooks reading the key from Colab secrets or the environment.
    (
        "colab.ipynb",
        '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": [\n'
        '"from google.colab import userdata\\n",\n'
        "\"client = anthropic.Anthropic(api_key=userdata.get('ANTHROPIC_API_KEY'))\"]}],\n"
        '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    ),
    # A server-only name next to public, non-secret ones.
    (
        ".env.local",
        f"ANTHROPIC_API_KEY={KEY}\nNEXT_PUBLIC_APP_NAME=chat\nVITE_ANTHROPIC_MODEL=claude-sonnet-4-5\n",
    ),
    # A transcript that mentions the variable, not the key.
    (
        ".claude/projects/-app/s.jsonl",
        '{"type":"user","message":{"content":"echo $ANTHROPIC_API_KEY"}}\n',
    ),
]


@pytest.mark.parametrize(("name", "text"), CASES)
def test_a_working_setup_has_no_findings(check_text, name: str, text: str) -> None:
    findings = check_text(name, text)
    assert [(f.code, f.span.start.line + 1, f.message) for f in findings] == []


# --- issue 3: settings files and SDK code ------------------------------------------------------

SETTINGS_CASES = [
    # The documented OpenRouter and LiteLLM setups in Claude Code settings.
    (
        ".claude/settings.local.json",
        "{\n"
        '  "env": {\n'
        f'    "ANTHROPIC_AUTH_TOKEN": "{OR_KEY}",\n'
        '    "ANTHROPIC_API_KEY": "",\n'
        '    "ANTHROPIC_BASE_URL": "https://openrouter.ai/api"\n'
        "  }\n"
        "}\n",
        "linux",
    ),
    (
        ".claude/settings.json",
        '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "http://localhost:4000",\n'
        '    "ANTHROPIC_AUTH_TOKEN": "sk-1234"\n  }\n}\n',
        "linux",
    ),
    # inheritEnv has no effect on Windows.
    (
        ".vscode/settings.json",
        '{\n  // terminals\n  "terminal.integrated.inheritEnv": false,\n'
        '  "editor.tabSize": 2,\n}\n',
        "windows",
    ),
    # Keys forwarded from the host, not written down.
    (
        ".devcontainer/devcontainer.json",
        '{\n  "name": "app",\n  "remoteEnv": {\n'
        '    "ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}"\n  },\n}\n',
        "linux",
    ),
    (
        "docker-compose.yml",
        "services:\n  app:\n    image: app\n    environment:\n"
        "      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n",
        "linux",
    ),
    # SDK code that reads the key from the environment and lets .env override stale values.
    (
        "app.py",
        "import os\n\nimport anthropic\nfrom dotenv import load_dotenv\n\n"
        "load_dotenv(override=True)\n"
        'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n',
        "linux",
    ),
    (
        "src/client.ts",
        'import Anthropic from "@anthropic-ai/sdk";\n'
        'import "dotenv/config";\n\n'
        "export const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n",
        "linux",
    ),
]


@pytest.mark.parametrize(("name", "text", "platform"), SETTINGS_CASES)
def test_a_working_settings_file_has_no_findings(
    check_text, name: str, text: str, platform: str
) -> None:
    findings = check_text(name, text, platform=platform)
    assert [(f.code, f.span.start.line + 1, f.message) for f in findings] == []


def test_an_ignored_settings_local_json_with_a_key_is_fine(check_text, tmp_path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".gitignore").write_text(".claude/settings.local.json\n")
    text = f'{{\n  "env": {{\n    "ANTHROPIC_API_KEY": "{KEY}"\n  }}\n}}\n'
    assert check_text(".claude/settings.local.json", text) == []
    # The same file, committable, is reported: the test above can fail.
    (tmp_path / ".gitignore").write_text("")
    from authlint.core import git

    git.clear_caches()
    assert [f.code for f in check_text(".claude/settings.local.json", text)] == ["AL802"]


# --- whole setups (home + project), judged with the environment model and the outcomes -----

from authlint.core.context import Platform  # noqa: E402
from environment import Setup  # noqa: E402
from keys import oauth_token  # noqa: E402

STALE = api_key("look-alike-stale")
LOGIN = '{"claudeAiOauth": {"accessToken": "' + oauth_token("look-alike") + '"}}\n'
SETUPS = {
    # `null` in the terminal env drops a stale key VS Code inherited from the login shell
    # (~/.profile), so the project's .env wins in VS Code's terminals.
    "null-lets-dotenv-win": {
        "~/.profile": f"export ANTHROPIC_API_KEY={STALE}\n",
        ".env": f"ANTHROPIC_API_KEY={KEY}\n",
        ".vscode/settings.json": '{"terminal.integrated.env.linux": {"ANTHROPIC_API_KEY": null}}\n',
        "app.py": "import anthropic\nfrom dotenv import load_dotenv\nload_dotenv()\n",
    },
    # A CRLF .env read only by python-dotenv, which strips the CR.
    "crlf-dotenv-read-by-load-dotenv": {
        ".env": f"ANTHROPIC_API_KEY={KEY}\r\nANTHROPIC_BASE_URL=https://api.anthropic.com\r\n",
        "app.py": "import anthropic\nfrom dotenv import load_dotenv\nload_dotenv()\n",
    },
    # Claude Code's settings `env` cancels the shell's key so the subscription login is used.
    "settings-env-cancels-a-stale-key": {
        "~/.bashrc": f"export ANTHROPIC_API_KEY={STALE}\n",
        "~/.bash_profile": ". ~/.bashrc\n",
        "~/.claude/settings.json": '{"env": {"ANTHROPIC_API_KEY": ""}}\n',
        "~/.claude/.credentials.json": LOGIN,
    },
    # The documented gateway recipe in Claude Code's settings, next to a subscription login.
    "gateway-recipe-in-claude-settings": {
        "~/.claude/settings.json": (
            '{"env": {"ANTHROPIC_BASE_URL": "https://openrouter.ai/api", '
            f'"ANTHROPIC_AUTH_TOKEN": "{OR_KEY}", "ANTHROPIC_API_KEY": ""}}}}\n'
        ),
        "~/.claude/.credentials.json": LOGIN,
    },
    # Issue 12: the working versions of the field causes AL411-AL414, AL712, AL815, AL817.
    "gateway-with-the-betas-switch": {
        "~/.claude/settings.json": (
            '{"env": {"ANTHROPIC_BASE_URL": "https://llm.corp.example", '
            '"ANTHROPIC_AUTH_TOKEN": "sk-litellm-Q7wQ7wQ7wQ7wQ7wQ7w", '
            '"CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1"}}\n'
        ),
    },
    "cc-switch-sentinel-next-to-its-proxy": {
        "~/.claude/settings.json": (
            '{"env": {"ANTHROPIC_AUTH_TOKEN": "PROXY_MANAGED", '
            '"ANTHROPIC_BASE_URL": "http://127.0.0.1:15721"}}\n'
        ),
    },
    "vscode-extension-gateway-with-disable-login-prompt": {
        "~/.config/Code/User/settings.json": (
            '{"claudeCode.disableLoginPrompt": true, "claudeCode.environmentVariables": ['
            '{"name": "ANTHROPIC_BASE_URL", "value": "https://llm.corp.example"}, '
            '{"name": "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS", "value": "1"}]}\n'
        ),
    },
    "ca-exported-in-the-profile-and-in-settings": {
        "~/certs/corp.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "~/.bashrc": 'export NODE_EXTRA_CA_CERTS="$HOME/certs/corp.pem"\n',
        "~/.bash_profile": ". ~/.bashrc\n",
        "~/.claude/settings.json": '{"env": {"NODE_EXTRA_CA_CERTS": "~/certs/corp.pem"}}\n',
    },
    "foundry-documented-resource": {
        "~/.claude/settings.json": (
            '{"env": {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "my-res", '
            '"ANTHROPIC_FOUNDRY_BASE_URL": "https://my-res.services.ai.azure.com/anthropic"}}\n'
        ),
    },
    "vertex-in-claude-settings": {
        "~/.claude/settings.json": (
            '{"env": {"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "us-east5", '
            '"ANTHROPIC_VERTEX_PROJECT_ID": "my-project"}}\n'
        ),
    },
}


@pytest.mark.parametrize("files", SETUPS.values(), ids=SETUPS.keys())
def test_a_working_setup_across_files_has_no_warning_or_error(tmp_path, files) -> None:
    setup = Setup(tmp_path)
    for where, text in files.items():
        path = setup.write(where, text)
        if path.name == ".credentials.json":
            path.chmod(0o600)  # as Claude Code writes it
    from authlint.scanners import kind_from_name

    for where in files:
        if (
            kind_from_name(
                setup.home / where[2:] if where.startswith("~/") else setup.project / where
            )
            is None
        ):
            continue  # a certificate, not a file authlint checks
        found = setup.findings(where, Platform.LINUX, "bash", select=("ALL",))
        loud = [(f.code, f.severity.value, f.message) for f in found if f.severity.value != "info"]
        assert loud == [], where
