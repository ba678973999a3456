"""Rules for field causes (issue 12): AL411-AL414, AL311-AL313, AL712, AL815, AL817, and the
AL805 / AL307 / AL108 extensions.

Each setup is built on disk (home + project) and checked through the real engine with the
environment model, as ``authlint check`` does; each rule has a positive case with its exact
span and a look-alike of a working setup that stays silent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authlint.core.context import CheckContext, Platform
from authlint.core.findings import Finding
from authlint.core.fixes import apply_edits
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import check_scanned
from authlint.scanners import kind_from_name, scan
from environment import Setup
from keys import oauth_token

LINUX, MACOS = Platform.LINUX, Platform.MACOS
GATEWAY_TOKEN = "sk-litellm-" + "Q7w" * 8


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def check(
    setup: Setup,
    where: str,
    select: tuple[str, ...],
    platform: Platform = LINUX,
    shell: str = "bash",
    model: bool = True,
) -> list[Finding]:
    path = setup.home / where[2:] if where.startswith("~/") else setup.project / where
    kind = kind_from_name(path)
    assert kind is not None
    environment = setup.model(platform, shell) if model else None
    context = CheckContext(platform=platform, home=setup.home, environment=environment)
    return check_scanned(scan(SourceFile.read(path), kind), context, Settings(select=select))


def only(findings: list[Finding], code: str) -> Finding:
    (found,) = [f for f in findings if f.code == code]
    return found


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def fixed(setup: Setup, where: str, finding: Finding) -> str:
    path = setup.home / where[2:] if where.startswith("~/") else setup.project / where
    assert finding.fix is not None
    return apply_edits(SourceFile.read(path), finding.fix.edits).text


def settings(env: dict[str, str], **extra: object) -> str:
    return json.dumps({"env": env, **extra}, indent=2) + "\n"


# --- AL411 experimental-betas-sent-to-gateway ----------------------------------------------------


def test_al411_gateway_in_user_settings_without_the_betas_switch(setup) -> None:
    text = settings(
        {"ANTHROPIC_BASE_URL": "https://llm.corp.example", "ANTHROPIC_AUTH_TOKEN": GATEWAY_TOKEN}
    )
    setup.write("~/.claude/settings.json", text)
    finding = only(check(setup, "~/.claude/settings.json", ("AL411",)), "AL411")
    assert finding.severity.value == "warning"
    assert (finding.span.start.line, finding.span.start.character) == (2, 4)
    assert "claude-code" in finding.contexts and "read by claude" in finding.message
    repaired = json.loads(fixed(setup, "~/.claude/settings.json", finding))
    assert repaired["env"]["CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"] == "1"
    assert repaired["env"]["ANTHROPIC_AUTH_TOKEN"] == GATEWAY_TOKEN


def test_al411_profile_gateway_gets_a_line_added(setup) -> None:
    setup.write("~/.bashrc", "export ANTHROPIC_BASE_URL=https://ai-gw.example.net/anthropic\n")
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    finding = only(check(setup, "~/.bashrc", ("AL411",)), "AL411")
    assert finding.span.start.line == 0
    assert fixed(setup, "~/.bashrc", finding).splitlines()[1] == (
        "export CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1"
    )


def test_al411_silent_when_the_switch_is_set_anywhere_claude_code_reads(setup) -> None:
    setup.write("~/.bashrc", "export ANTHROPIC_BASE_URL=https://ai-gw.example.net/anthropic\n")
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    setup.write(
        "~/.claude/settings.json", settings({"CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1"})
    )
    assert check(setup, "~/.bashrc", ("AL411",)) == []


def test_al411_silent_for_known_providers_local_routers_and_dotenv(setup) -> None:
    # OpenRouter's documented recipe, a local router, and a .env Claude Code never reads.
    setup.write(
        "~/.claude/settings.json",
        settings({"ANTHROPIC_BASE_URL": "https://openrouter.ai/api", "ANTHROPIC_API_KEY": ""}),
    )
    assert check(setup, "~/.claude/settings.json", ("AL411",)) == []
    setup.write(
        "~/.claude/settings.json", settings({"ANTHROPIC_BASE_URL": "http://127.0.0.1:3456"})
    )
    assert check(setup, "~/.claude/settings.json", ("AL411",)) == []
    setup.write(".env", "ANTHROPIC_BASE_URL=https://llm.corp.example\n")
    assert check(setup, ".env", ("AL411",)) == []


def test_al411_silent_without_a_model(setup) -> None:
    setup.write(
        "~/.claude/settings.json", settings({"ANTHROPIC_BASE_URL": "https://llm.corp.example"})
    )
    assert check(setup, "~/.claude/settings.json", ("AL411",), model=False) == []


# --- AL412 foundry-base-url-without-anthropic-path -----------------------------------------------

FOUNDRY_HOST = "https://my-resource.services.ai.azure.com"


def test_al412_bare_foundry_resource_url(setup) -> None:
    text = settings({"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_BASE_URL": FOUNDRY_HOST})
    setup.write("~/.claude/settings.json", text)
    finding = only(check(setup, "~/.claude/settings.json", ("AL412",)), "AL412")
    assert (finding.span.start.line, finding.span.start.character) == (3, 4)
    assert finding.fix is not None and finding.fix.applicability.value == "safe"
    repaired = json.loads(fixed(setup, "~/.claude/settings.json", finding))
    assert repaired["env"]["ANTHROPIC_FOUNDRY_BASE_URL"] == FOUNDRY_HOST + "/anthropic"


def test_al412_silent_with_the_documented_url_a_gateway_or_the_switch_off(setup) -> None:
    for env in (
        {
            "CLAUDE_CODE_USE_FOUNDRY": "1",
            "ANTHROPIC_FOUNDRY_BASE_URL": FOUNDRY_HOST + "/anthropic/",
        },
        {
            "CLAUDE_CODE_USE_FOUNDRY": "1",
            "ANTHROPIC_FOUNDRY_BASE_URL": "https://gw.example/foundry",
        },
        {"ANTHROPIC_FOUNDRY_BASE_URL": FOUNDRY_HOST},
    ):
        setup.write("~/.claude/settings.json", settings(env))
        assert check(setup, "~/.claude/settings.json", ("AL412",)) == [], env


# --- AL413 custom-headers-dropped-by-router -----------------------------------------------------


def test_al413_custom_headers_with_claude_code_router(setup) -> None:
    text = settings(
        {
            "ANTHROPIC_BASE_URL": "http://127.0.0.1:3456",
            "ANTHROPIC_AUTH_TOKEN": "test",
            "ANTHROPIC_CUSTOM_HEADERS": "X-Org-Id: 42",
        }
    )
    setup.write("~/.claude/settings.json", text)
    finding = only(check(setup, "~/.claude/settings.json", ("AL413",)), "AL413")
    assert finding.severity.value == "info" and finding.span.start.line == 4
    assert finding.related and finding.related[0].span.start.line == 2


def test_al413_silent_for_headers_sent_to_a_gateway(setup) -> None:
    text = settings(
        {
            "ANTHROPIC_BASE_URL": "https://llm.corp.example",
            "ANTHROPIC_CUSTOM_HEADERS": "X-Org-Id: 42",
        }
    )
    setup.write("~/.claude/settings.json", text)
    assert check(setup, "~/.claude/settings.json", ("AL413",)) == []


# --- AL414 proxy-sentinel-credential-without-proxy ----------------------------------------------


def test_al414_sentinel_with_an_edited_base_url(setup) -> None:
    text = settings(
        {
            "ANTHROPIC_AUTH_TOKEN": "PROXY_MANAGED",
            "ANTHROPIC_BASE_URL": "https://api.provider.example/anthropic",
        }
    )
    setup.write("~/.claude/settings.json", text)
    finding = only(check(setup, "~/.claude/settings.json", ("AL414",)), "AL414")
    assert finding.severity.value == "error" and finding.contexts[0] == "claude-code"
    assert (finding.span.start.line, finding.span.start.character) == (2, 4)
    assert "api.provider.example" in finding.message and finding.related


def test_al414_sentinel_with_no_base_url_goes_to_anthropic(setup) -> None:
    setup.write("~/.claude/settings.json", settings({"ANTHROPIC_API_KEY": "PROXY_MANAGED"}))
    finding = only(check(setup, "~/.claude/settings.json", ("AL414",)), "AL414")
    assert "api.anthropic.com" in finding.message


def test_al414_al108_al406_silent_for_the_cc_switch_setup(setup) -> None:
    # What cc-switch writes: the sentinel next to its proxy. A placeholder? No; a gateway key in
    # the x-api-key variable? No: the proxy puts the real key in.
    for variable in ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"):
        text = settings({variable: "PROXY_MANAGED", "ANTHROPIC_BASE_URL": "http://127.0.0.1:15721"})
        setup.write("~/.claude/settings.json", text)
        found = check(setup, "~/.claude/settings.json", ("AL414", "AL108", "AL406"))
        assert found == [], variable


# --- AL815 tls-variable-only-in-claude-settings --------------------------------------------------


def test_al815_ca_only_in_user_settings_env(setup) -> None:
    setup.write(
        "~/certs/corp.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    )
    text = settings({"NODE_EXTRA_CA_CERTS": str(setup.home / "certs/corp.pem")})
    setup.write("~/.claude/settings.json", text)
    finding = only(check(setup, "~/.claude/settings.json", ("AL815", "AL311")), "AL815")
    assert finding.severity.value == "warning" and "claude-code" in finding.contexts
    assert (finding.span.start.line, finding.span.start.character) == (2, 4)


def test_al815_use_system_ca_in_node_options(setup) -> None:
    setup.write("~/.claude/settings.json", settings({"NODE_OPTIONS": "--use-system-ca"}))
    finding = only(check(setup, "~/.claude/settings.json", ("AL815",)), "AL815")
    assert "CA flag in NODE_OPTIONS" in finding.message


def test_al815_silent_when_the_profile_exports_it_too(setup) -> None:
    setup.write("~/.bashrc", 'export NODE_EXTRA_CA_CERTS="$HOME/certs/corp.pem"\n')
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    setup.write(
        "~/.claude/settings.json",
        settings(
            {
                "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem",
                "NODE_OPTIONS": "--max-old-space-size=8192",
            }
        ),
    )
    assert check(setup, "~/.claude/settings.json", ("AL815",)) == []


# --- AL311 unusable-ca-certificate-file ----------------------------------------------------------


def test_al311_der_certificate_and_missing_file(setup) -> None:
    (setup.home / "certs").mkdir(parents=True)
    (setup.home / "certs/corp.cer").write_bytes(b"\x30\x82\x03\x1a\x30\x82\x02\x02" + b"\x00" * 40)
    setup.write(
        "~/.bashrc",
        'export NODE_EXTRA_CA_CERTS="$HOME/certs/corp.cer"\n'
        "export SSL_CERT_FILE=~/certs/gone.pem\n",
    )
    found = check(setup, "~/.bashrc", ("AL311",))
    assert [(f.span.start.line, f.span.start.character) for f in found] == [(0, 28), (1, 21)]
    assert "binary (DER)" in found[0].message and "does not exist" in found[1].message


def test_al311_silent_for_pem_files_and_paths_on_other_machines(setup) -> None:
    setup.write("~/certs/corp.crt", "subject=CN\n-----BEGIN CERTIFICATE-----\nMIIB\n")
    setup.write(
        "~/.bashrc",
        'export NODE_EXTRA_CA_CERTS="$HOME/certs/corp.crt"\n'
        "export SSL_CERT_FILE=/Users/someone-else/certs/corp.pem\n",
    )
    assert check(setup, "~/.bashrc", ("AL311",)) == []


# --- AL312 tls-verification-disabled -------------------------------------------------------------


def test_al312_tls_checks_turned_off(setup) -> None:
    setup.write("~/.zshrc", "export NODE_TLS_REJECT_UNAUTHORIZED=0\n")
    finding = only(check(setup, "~/.zshrc", ("AL312",), MACOS, "zsh"), "AL312")
    assert finding.severity.value == "warning" and finding.span.start.character == 36
    setup.write("~/.zshrc", "export NODE_TLS_REJECT_UNAUTHORIZED=1\n")
    assert check(setup, "~/.zshrc", ("AL312",), MACOS, "zsh") == []


# --- AL712 extension-login-prompt-with-gateway ---------------------------------------------------

VSCODE_USER = "~/.config/Code/User/settings.json"
KEY_OFF = "claudeCode.disableLoginPrompt"


def vscode(env: dict[str, str], **extra: object) -> str:
    items = [{"name": k, "value": v} for k, v in env.items()]
    return (
        json.dumps(
            {"editor.fontSize": 13, "claudeCode.environmentVariables": items, **extra}, indent=2
        )
        + "\n"
    )


def test_al712_gateway_in_extension_env_without_disable_login_prompt(setup) -> None:
    text = vscode(
        {
            "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com",
            "ANTHROPIC_AUTH_TOKEN": GATEWAY_TOKEN,
        }
    )
    setup.write(VSCODE_USER, text)
    finding = only(check(setup, VSCODE_USER, ("AL712",)), "AL712")
    assert finding.severity.value == "warning" and finding.contexts == ("claude-code-vscode",)
    assert finding.span.start.line == 3
    repaired = json.loads(fixed(setup, VSCODE_USER, finding))
    assert repaired["claudeCode.disableLoginPrompt"] is True
    assert repaired["claudeCode.environmentVariables"][0]["name"] == "ANTHROPIC_BASE_URL"


def test_al712_bedrock_in_claude_settings_while_vscode_is_in_use(setup) -> None:
    setup.write(VSCODE_USER, '{"editor.fontSize": 13}\n')
    setup.write(
        "~/.claude/settings.json",
        settings({"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"}),
    )
    finding = only(check(setup, "~/.claude/settings.json", ("AL712",)), "AL712")
    assert finding.fix is None and "CLAUDE_CODE_USE_BEDROCK" in finding.message


def test_al712_silent_with_disable_login_prompt_or_without_vscode(setup) -> None:
    text = vscode(
        {"ANTHROPIC_BASE_URL": "https://llm-gateway.example.com"},
        **{"claudeCode.disableLoginPrompt": True},
    )
    setup.write(VSCODE_USER, text)
    assert check(setup, VSCODE_USER, ("AL712",)) == []
    setup.write(
        "~/.claude/settings.json",
        settings({"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"}),
    )
    assert check(setup, "~/.claude/settings.json", ("AL712",)) == []
    (setup.home / VSCODE_USER[2:]).unlink()
    assert check(setup, "~/.claude/settings.json", ("AL712",)) == []


# --- AL817 config-dir-hides-stored-login ---------------------------------------------------------


def test_al817_default_folder_on_macos_is_a_warning(setup) -> None:
    setup.write(
        "~/.zshrc", 'export PATH="$HOME/bin:$PATH"\nexport CLAUDE_CONFIG_DIR="$HOME/.claude"\n'
    )
    finding = only(check(setup, "~/.zshrc", ("AL817",), MACOS, "zsh"), "AL817")
    assert finding.severity.value == "warning" and "claude-code" in finding.contexts
    assert (finding.span.start.line, finding.span.start.character) == (1, 0)
    assert "Keychain" in finding.message


def test_al817_another_folder_on_macos_is_information(setup) -> None:
    setup.write("~/.zshrc", "export CLAUDE_CONFIG_DIR=~/.claude-work\n")
    finding = only(check(setup, "~/.zshrc", ("AL817",), MACOS, "zsh"), "AL817")
    assert finding.severity.value == "info"


def test_al817_linux_folder_without_the_login(setup) -> None:
    setup.write(
        "~/.claude/.credentials.json",
        '{"claudeAiOauth": {"accessToken": "' + oauth_token() + '"}}\n',
    )
    setup.write("~/.bashrc", "export CLAUDE_CONFIG_DIR=$HOME/.config/claude\n")
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    finding = only(check(setup, "~/.bashrc", ("AL817",)), "AL817")
    assert ".credentials.json" in finding.message


def test_al817_silent_on_linux_for_the_default_folder_or_a_folder_with_its_login(setup) -> None:
    login = '{"claudeAiOauth": {"accessToken": "' + oauth_token() + '"}}\n'
    setup.write("~/.claude/.credentials.json", login)
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    setup.write("~/.bashrc", 'export CLAUDE_CONFIG_DIR="$HOME/.claude"\n')
    assert check(setup, "~/.bashrc", ("AL817",)) == []
    setup.write("~/.config/claude/.credentials.json", login)
    setup.write("~/.bashrc", "export CLAUDE_CONFIG_DIR=$HOME/.config/claude\n")
    assert check(setup, "~/.bashrc", ("AL817",)) == []


# --- AL307 provider look-alikes, AL313 provider-switch-only-in-dotenv ----------------------------


def test_al307_vertex_look_alikes(setup) -> None:
    setup.write(
        ".env",
        "CLAUDE_CODE_USE_VERTEX=1\nANTHROPIC_VERTEXAI_REGION=us-east5\nPROJECT_ID=my-project\n",
    )
    found = check(setup, ".env", ("AL307",))
    assert [(f.span.start.line, f.severity.value) for f in found] == [
        (1, "warning"),
        (2, "warning"),
    ]
    assert "CLOUD_ML_REGION" in found[0].message
    assert "ANTHROPIC_VERTEX_PROJECT_ID" in found[1].message
    assert found[0].fix is not None and found[0].fix.edits[0].new_text == "CLOUD_ML_REGION"


def test_al307_generic_names_without_the_switch_are_the_apps_own(setup) -> None:
    setup.write(".env", "PROJECT_ID=my-project\nGOOGLE_CLOUD_LOCATION=us-central1\n")
    assert check(setup, ".env", ("AL307",)) == []
    setup.write(
        ".env",
        "CLAUDE_CODE_USE_VERTEX=1\nCLOUD_ML_REGION=us-east5\n"
        "ANTHROPIC_VERTEX_PROJECT_ID=p\nPROJECT_ID=p\n",
    )
    assert check(setup, ".env", ("AL307",)) == []


def test_al313_vertex_switch_in_a_dotenv_nothing_loads(setup) -> None:
    setup.write(
        ".env",
        "CLAUDE_CODE_USE_VERTEX=1\nCLOUD_ML_REGION=us-east5\nANTHROPIC_VERTEX_PROJECT_ID=p\n",
    )
    finding = only(check(setup, ".env", ("AL313",)), "AL313")
    assert finding.severity.value == "warning" and finding.span.start.line == 0


def test_al313_silent_when_direnv_loads_it_or_for_a_template(setup) -> None:
    text = "CLAUDE_CODE_USE_VERTEX=1\nCLOUD_ML_REGION=us-east5\nANTHROPIC_VERTEX_PROJECT_ID=p\n"
    setup.write(".env.example", text)
    assert check(setup, ".env.example", ("AL313",)) == []
    setup.write(".env", text)
    setup.write(".envrc", "dotenv\n")
    assert check(setup, ".env", ("AL313",)) == []


# --- AL411 in the VS Code extension's settings, and weighing when Claude Code is not in use ------


def test_al411_in_extension_environment_variables_gets_an_item_added(setup) -> None:
    text = vscode({"ANTHROPIC_BASE_URL": "https://llm.corp.example"}, **{KEY_OFF: True})
    setup.write(VSCODE_USER, text)
    finding = only(check(setup, VSCODE_USER, ("AL411",)), "AL411")
    assert finding.contexts == ("claude-code-vscode",) and finding.span.start.line == 3
    items = json.loads(fixed(setup, VSCODE_USER, finding))["claudeCode.environmentVariables"]
    assert items[1] == {"name": "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS", "value": "1"}


def test_read_rules_drop_a_step_when_claude_code_is_not_in_use(setup) -> None:
    # No home folder checked: Claude Code reads the project's settings, but is not in use here.
    from authlint.core.environment import EnvironmentModel
    from authlint.model import collect

    setup.write(
        ".claude/settings.json",
        settings(
            {"ANTHROPIC_AUTH_TOKEN": "PROXY_MANAGED", "ANTHROPIC_BASE_URL": "https://gw.example"}
        ),
    )
    (setup.project / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    model = EnvironmentModel(collect(setup.project, None, LINUX, shell="bash"))
    path = setup.project / ".claude/settings.json"
    context = CheckContext(platform=LINUX, home=None, environment=model)
    found = check_scanned(
        scan(SourceFile.read(path), kind_from_name(path)),
        context,
        Settings(select=("AL411", "AL414")),
    )
    assert sorted((f.code, f.severity.value) for f in found) == [
        ("AL411", "info"),
        ("AL414", "warning"),
    ]
    assert all("(not in use here)" in f.message for f in found)


def test_al411_fix_in_a_fish_config_uses_set_gx(setup) -> None:
    setup.write(
        "~/.config/fish/config.fish",
        "if status is-interactive\n    set -gx ANTHROPIC_BASE_URL https://llm.corp.example\nend\n",
    )
    finding = only(check(setup, "~/.config/fish/config.fish", ("AL411",), shell="fish"), "AL411")
    lines = fixed(setup, "~/.config/fish/config.fish", finding).splitlines()
    assert lines[2] == "    set -gx CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS 1" and lines[3] == "end"
