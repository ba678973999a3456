"""The cross-file rules (AL9xx) on realistic home + project setups, through the real engine."""

from __future__ import annotations

import pytest

from authlint.core.context import Platform
from environment import Setup
from keys import api_key, oauth_token, openrouter_key

OLD, NEW = api_key("old"), api_key("new")
KEY = "ANTHROPIC_API_KEY"
LINUX, MACOS = Platform.LINUX, Platform.MACOS


@pytest.fixture
def setup(tmp_path):
    return Setup(tmp_path)


def codes(setup: Setup, where: str, platform=LINUX, shell="bash") -> list[tuple[str, int]]:
    return [(f.code, f.span.start.line + 1) for f in setup.findings(where, platform, shell)]


def only(setup: Setup, where: str, platform=LINUX, shell="bash"):
    (finding,) = setup.findings(where, platform, shell)
    for secret in (OLD, NEW):
        assert secret not in finding.message
        assert all(secret not in r.message for r in finding.related)
    return finding


# --- AL901 shadowed-definition -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "shell", "profile"), [(MACOS, "zsh", "~/.zshrc"), (LINUX, "bash", "~/.bashrc")]
)
def test_stale_profile_key_shadows_dotenv_for_load_dotenv(setup, platform, shell, profile):
    setup.write(profile, f"export {KEY}={OLD}\n")
    setup.write(".env", f"# app settings\n{KEY}={NEW}\n")
    setup.write("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    finding = only(setup, ".env", platform, shell)
    assert (finding.code, finding.span.start.line) == ("AL901", 1)
    assert "Python program app.py" in finding.message and f"{profile}:1" in finding.message
    assert [r.path for r in finding.related] == [setup.home / profile[2:]]
    assert codes(setup, profile, platform, shell) == []


def test_override_true_is_silent(setup):
    setup.write("~/.bashrc", f"export {KEY}={OLD}\n")
    setup.write(".env", f"{KEY}={NEW}\n")
    setup.write("app.py", "from dotenv import load_dotenv\nload_dotenv(override=True)\n")
    assert codes(setup, ".env") == []
    assert codes(setup, "~/.bashrc") == []


@pytest.mark.parametrize(
    "profile_line",
    [
        f"export {KEY}={NEW}\n",  # same value: every context agrees
        "export OTHER=1\n",  # nothing to shadow
        f"export {KEY}=$(cat ~/.anthropic_key)\n",  # computed: cannot compare
    ],
)
def test_no_shadowing_when_values_agree_or_are_unknown(setup, profile_line):
    setup.write("~/.bashrc", profile_line)
    setup.write(".env", f"{KEY}={NEW}\n")
    setup.write("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    assert codes(setup, ".env") == []


def test_dotenv_nobody_loads_is_not_judged(setup):
    setup.write("~/.bashrc", f"export {KEY}={OLD}\n")
    setup.write(".env", f"{KEY}={NEW}\n")
    assert codes(setup, ".env") == []


def test_node_dotenv_config_is_shadowed_too(setup):
    setup.write("~/.bashrc", f"export {KEY}={OLD}\n")
    setup.write(".env", f"{KEY}={NEW}\n")
    setup.write("server.js", 'require("dotenv").config();\n')
    finding = only(setup, ".env")
    assert finding.code == "AL901" and "Node program server.js" in finding.message


def test_project_settings_shadowed_by_local_settings(setup):
    setup.write(
        ".claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://gw.example.com"}}'
    )
    setup.write(
        ".claude/settings.local.json",
        '{"env": {"ANTHROPIC_BASE_URL": "https://other.example.com"}}',
    )
    finding = only(setup, ".claude/settings.json")
    assert finding.code == "AL901" and ".claude/settings.local.json:1" in finding.message


def test_zprofile_replaced_by_zshrc_in_every_terminal(setup):
    setup.write("~/.zprofile", f"export {KEY}={OLD}\n")
    setup.write("~/.zshrc", f"export {KEY}={NEW}\n")
    assert [f.code for f in setup.findings("~/.zprofile", MACOS, "zsh")] == ["AL901"]


def test_user_settings_beaten_only_by_project_settings_is_silent(setup):
    setup.write(
        "~/.claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://a.example.com"}}'
    )
    setup.write(".claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://b.example.com"}}')
    assert codes(setup, "~/.claude/settings.json") == []


# --- AL902 conflicting-definitions -------------------------------------------------------------


def test_settings_env_and_shell_disagree(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write("~/.claude/settings.json", f'{{"env": {{"{KEY}": "{OLD}"}}}}')
    finding = only(setup, "~/.bashrc")
    assert finding.code == "AL902" and finding.severity.value == "info"
    assert "Claude Code CLI" in finding.message and "~/.claude/settings.json:1" in finding.message
    assert codes(setup, "~/.claude/settings.json") == []


def test_zshenv_and_zshrc_disagree(setup):
    setup.write("~/.zshenv", f"export {KEY}={OLD}\n")
    setup.write("~/.zshrc", f"export {KEY}={NEW}\n")
    finding = only(setup, "~/.zshenv", MACOS, "zsh")
    assert finding.code == "AL902" and finding.severity.value == "warning"
    assert "non-interactive shell" in finding.message


def test_settings_env_with_the_same_value_is_silent(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write("~/.claude/settings.json", f'{{"env": {{"{KEY}": "{NEW}"}}}}')
    assert codes(setup, "~/.bashrc") == []


# --- AL903 credential-not-read-by-terminal -----------------------------------------------------


def test_bashrc_only_on_macos_bash(setup):
    # macOS terminals start login shells, which skip ~/.bashrc: Claude Code (in use, since a
    # home is checked) gets no key, so the outcome layer makes this an error.
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    finding = only(setup, "~/.bashrc", MACOS, "bash")
    assert finding.code == "AL903" and finding.severity.value == "error"
    assert finding.contexts[0] == "claude-code"
    assert "~/.bash_profile" in finding.message


def test_bashrc_sourced_from_bash_profile_is_silent(setup):
    setup.write("~/.bash_profile", "[ -f ~/.bashrc ] && . ~/.bashrc\n")
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    assert codes(setup, "~/.bashrc", MACOS, "bash") == []


def test_profile_only_on_linux_is_information(setup):
    setup.write("~/.profile", f"export {KEY}={NEW}\n")
    finding = only(setup, "~/.profile", LINUX, "bash")
    assert finding.code == "AL903" and finding.severity.value == "info"


def test_leftover_bashrc_of_a_zsh_user_is_silent(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    assert codes(setup, "~/.bashrc", MACOS, "zsh") == []


# --- AL904 api-key-overrides-subscription-login ------------------------------------------------


def test_api_key_with_subscription_login(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write(
        "~/.claude/.credentials.json", f'{{"claudeAiOauth": {{"accessToken": "{oauth_token()}"}}}}'
    )
    finding = only(setup, "~/.bashrc")
    assert finding.code == "AL904" and finding.severity.value == "info"
    assert finding.related[0].path == setup.home / ".claude/.credentials.json"


def test_api_key_without_login_or_declined_is_silent(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    assert codes(setup, "~/.bashrc") == []
    setup.write(
        "~/.claude.json",
        '{"oauthAccount": {"emailAddress": "a@b.c"}, '
        f'"customApiKeyResponses": {{"rejected": ["{NEW[-20:]}"]}}}}',
    )
    assert codes(setup, "~/.bashrc") == []


# --- AL905, AL906, AL907 -----------------------------------------------------------------------


def test_anthropic_key_meets_third_party_base_url_from_another_file(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write(
        "~/.claude/settings.json",
        '{"env": {"ANTHROPIC_BASE_URL": "https://api.deepseek.com/anthropic"}}',
    )
    finding = only(setup, "~/.bashrc")
    assert finding.code == "AL905" and "DeepSeek" in finding.message


def test_company_gateway_is_not_a_third_party(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write(
        "~/.claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://llm.corp.example.com"}}'
    )
    assert codes(setup, "~/.bashrc") == []


def test_api_key_and_auth_token_from_two_files(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write(
        ".claude/settings.local.json", '{"env": {"ANTHROPIC_AUTH_TOKEN": "gateway-token-123"}}'
    )
    finding = only(setup, ".claude/settings.local.json")
    assert finding.code == "AL906" and "~/.bashrc:1" in finding.message


def test_openrouter_recipe_broken_by_a_profile_key(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write(
        "~/.claude/settings.json",
        '{"env": {"ANTHROPIC_BASE_URL": "https://openrouter.ai/api",\n'
        f'         "ANTHROPIC_AUTH_TOKEN": "{openrouter_key()}"}}}}',
    )
    assert [f.code for f in setup.findings("~/.claude/settings.json", LINUX, "bash")] == ["AL907"]
    assert [f.code for f in setup.findings("~/.bashrc", LINUX, "bash")] == ["AL905"]


def test_complete_openrouter_recipe_is_silent(setup):
    setup.write("~/.bashrc", f"export {KEY}={NEW}\n")
    setup.write(
        "~/.claude/settings.json",
        '{"env": {"ANTHROPIC_BASE_URL": "https://openrouter.ai/api",\n'
        f'         "ANTHROPIC_AUTH_TOKEN": "{openrouter_key()}", "{KEY}": ""}}}}',
    )
    assert codes(setup, "~/.claude/settings.json") == []
    assert codes(setup, "~/.bashrc") == []  # "" in the settings cancels it on purpose
