"""Severities from predicted outcomes, and the model-level rules AL900 and AL908-AL910.

Each setup is built on disk (home + project) and checked through the real engine with the
environment model, as ``authlint check`` does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from authlint.core.context import CheckContext, Platform
from authlint.core.environment import EnvironmentModel
from authlint.core.environment.workspace import choose_shell
from authlint.core.findings import Finding
from authlint.core.outcomes import OutcomeKind
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import check_scanned
from authlint.model import collect
from authlint.outcome import outcomes
from authlint.scanners import kind_from_name, scan
from environment import Setup
from keys import api_key, oauth_token

KEY = api_key("outcome")
KEY_NAME = "ANTHROPIC_API_KEY"
LINUX, MACOS = Platform.LINUX, Platform.MACOS
SDK_APP = "import anthropic\nclient = anthropic.Anthropic()\n"
DOTENV_APP = "import anthropic\nfrom dotenv import load_dotenv\nload_dotenv()\n"
NULL_KEY = '{"terminal.integrated.env.linux": {"ANTHROPIC_API_KEY": null}}\n'


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def check(
    setup: Setup, where: str, platform: Platform = LINUX, shell: str = "bash", select=("ALL",)
) -> list[Finding]:
    path = setup.home / where[2:] if where.startswith("~/") else setup.project / where
    model = setup.model(platform, shell)
    kind = kind_from_name(path)
    assert kind is not None
    context = CheckContext(platform=platform, home=setup.home, environment=model)
    found = check_scanned(scan(SourceFile.read(path), kind), context, Settings(select=select))
    for finding in found:
        assert KEY not in finding.message and KEY[20:60] not in finding.message
    return found


def by_code(findings: list[Finding], code: str) -> Finding:
    (found,) = [f for f in findings if f.code == code]
    return found


def predicted(setup: Setup, name: str, platform: Platform = LINUX, shell: str = "bash"):
    model = setup.model(platform, shell)
    (found,) = [o for o in outcomes(model) if o.name == name]
    return found


# --- severities follow the outcome -------------------------------------------------------------


def test_trailing_space_is_an_error_when_a_python_program_in_use_reads_it(setup) -> None:
    setup.write("~/.bashrc", f'export {KEY_NAME}="{KEY} "\n')
    setup.write("app.py", SDK_APP)
    finding = by_code(check(setup, "~/.bashrc"), "AL201")
    assert finding.severity.value == "error"
    assert "python" in finding.contexts
    assert "breaks python (no request)" in finding.message
    outcome = predicted(setup, "python")
    assert outcome.in_use and outcome.kind is OutcomeKind.NO_REQUEST


def test_trailing_space_is_a_warning_when_only_a_context_not_in_use_fails(setup) -> None:
    # No Python program here: Claude Code (in use) trims the space; a Python program started
    # from this shell would fail, but none is in use.
    setup.write("~/.bashrc", f'export {KEY_NAME}="{KEY} "\n')
    finding = by_code(check(setup, "~/.bashrc"), "AL201")
    assert finding.severity.value == "warning" and finding.contexts == ("python",)
    assert "(not in use here)" in finding.message
    assert predicted(setup, "claude-code").kind is OutcomeKind.WORKS


def test_trailing_space_is_information_when_only_trimming_clients_read_it(setup) -> None:
    # Only Claude Code reads its settings `env`, and it trims the space.
    setup.write("~/.claude/settings.json", '{"env": {"' + KEY_NAME + '": "' + KEY + ' "}}\n')
    finding = by_code(check(setup, "~/.claude/settings.json"), "AL201")
    assert finding.severity.value == "info" and finding.contexts == ()
    assert "harmless where it is read (claude" in finding.message


def test_crlf_dotenv_read_only_by_python_dotenv_is_information(setup) -> None:
    # python-dotenv strips the CR: the setup works, so no warning or error.
    setup.write(".env", f"{KEY_NAME}={KEY}\r\n")
    setup.write("app.py", DOTENV_APP)
    found = check(setup, ".env", select=("AL2",))
    assert [(f.code, f.severity.value) for f in found] == [("AL202", "info")]
    assert predicted(setup, "python:app.py").kind is OutcomeKind.WORKS


def test_base_url_ending_in_v1_breaks_claude_code(setup) -> None:
    setup.write("~/.bashrc", "export ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n")
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    finding = by_code(check(setup, "~/.bashrc", select=("AL4",)), "AL401")
    assert finding.severity.value == "error" and "claude-code" in finding.contexts
    assert predicted(setup, "claude-code").kind is OutcomeKind.NOT_FOUND


def test_load_dotenv_without_override_keeping_a_broken_exported_key_is_an_error(setup) -> None:
    setup.write("~/.bashrc", f'export {KEY_NAME}="{KEY} "\n')
    setup.write(".env", f"{KEY_NAME}={api_key('fresh')}\n")
    setup.write("app.py", DOTENV_APP)
    finding = by_code(check(setup, "app.py"), "AL609")
    assert finding.severity.value == "error" and finding.contexts == ("python:app.py",)


def test_null_in_terminal_env_so_the_dotenv_key_wins_is_not_reported(setup) -> None:
    setup.write(".env", f"{KEY_NAME}={KEY}\n")
    setup.write(
        ".vscode/settings.json", '{"terminal.integrated.env.linux": {"' + KEY_NAME + '": null}}\n'
    )
    assert [f.code for f in check(setup, ".vscode/settings.json")] == []


def test_null_in_terminal_env_without_a_dotenv_key_is_still_reported(setup) -> None:
    setup.write(
        ".vscode/settings.json", '{"terminal.integrated.env.linux": {"' + KEY_NAME + '": null}}\n'
    )
    assert "AL703" in [f.code for f in check(setup, ".vscode/settings.json")]


def test_a_dotenv_nobody_loads_is_at_most_a_warning(setup) -> None:
    # Only a plausible context (a shell sourcing it, a loader not found) would fail.
    setup.write(".env", f'{KEY_NAME}="{KEY} "\n')
    finding = by_code(check(setup, ".env", select=("AL201",)), "AL201")
    assert finding.severity.value == "warning"


# --- AL900 predicted-request-failure -----------------------------------------------------------


def test_al900_reports_the_line_a_context_in_use_never_reads(setup) -> None:
    # macOS terminals start login shells: bash reads ~/.bash_profile, never ~/.bash_login here.
    setup.write("~/.bash_profile", "export PATH=$PATH:/opt/bin\n")
    setup.write("~/.bash_login", f"export {KEY_NAME}={KEY}\n")
    finding = by_code(check(setup, "~/.bash_login", MACOS, "bash", ("AL900",)), "AL900")
    assert finding.severity.value == "error" and finding.contexts[0] == "claude-code"
    assert "login prompt" in finding.message and "not read" in finding.message
    assert predicted(setup, "claude-code", MACOS, "bash").kind is OutcomeKind.LOGIN_PROMPT


def test_al900_is_dropped_where_another_rule_reports_the_line(setup) -> None:
    setup.write("~/.bash_profile", "export PATH=$PATH:/opt/bin\n")
    setup.write("~/.bash_login", f"export {KEY_NAME}={KEY}\n")
    codes = [f.code for f in check(setup, "~/.bash_login", MACOS, "bash", ("AL9",))]
    assert "AL903" in codes and "AL900" not in codes


def test_al900_is_silent_for_a_zsh_users_leftover_bashrc(setup) -> None:
    setup.write("~/.bashrc", f"export {KEY_NAME}={KEY}\n")
    assert check(setup, "~/.bashrc", MACOS, "zsh", ("AL900",)) == []


def test_no_credential_anywhere_is_not_a_login_prompt_claim(setup) -> None:
    # A /login kept in the macOS keychain is not visible: nothing to blame, nothing claimed.
    setup.write("~/.zshrc", "export PATH=$PATH:/opt/bin\n")
    assert predicted(setup, "claude-code", MACOS, "zsh").kind is OutcomeKind.UNKNOWN


# --- AL908 gateway-base-url-without-gateway-credential ----------------------------------------


def test_al908_gateway_url_with_only_the_subscription_login(setup) -> None:
    setup.write(
        "~/.claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://openrouter.ai/api"}}\n'
    )
    setup.write(
        "~/.claude/.credentials.json",
        '{"claudeAiOauth": {"accessToken": "' + oauth_token() + '"}}\n',
    )
    finding = by_code(check(setup, "~/.claude/settings.json"), "AL908")
    assert finding.severity.value == "error" and "claude-code" in finding.contexts
    assert predicted(setup, "claude-code").kind is OutcomeKind.FOREIGN_HOST


def test_al908_silent_with_a_gateway_token_or_a_local_proxy(setup) -> None:
    setup.write(
        "~/.claude/.credentials.json",
        '{"claudeAiOauth": {"accessToken": "' + oauth_token() + '"}}\n',
    )
    setup.write(
        "~/.claude/settings.json",
        '{"env": {"ANTHROPIC_BASE_URL": "https://openrouter.ai/api", '
        '"ANTHROPIC_AUTH_TOKEN": "sk-or-v1-' + "a" * 64 + '", "ANTHROPIC_API_KEY": ""}}\n',
    )
    assert "AL908" not in [f.code for f in check(setup, "~/.claude/settings.json")]
    setup.write(
        "~/.claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:8082"}}\n'
    )
    assert "AL908" not in [f.code for f in check(setup, "~/.claude/settings.json")]


# --- AL909 api-key-helper-overrides-subscription-login ----------------------------------------


def test_al909_api_key_helper_next_to_a_subscription_login(setup) -> None:
    setup.write("~/.claude/settings.json", '{"apiKeyHelper": "~/bin/key.sh"}\n')
    setup.write(
        "~/.claude/.credentials.json",
        '{"claudeAiOauth": {"accessToken": "' + oauth_token() + '"}}\n',
    )
    finding = by_code(check(setup, "~/.claude/settings.json"), "AL909")
    assert finding.severity.value == "warning"
    assert finding.related[0].path == setup.home / ".claude/.credentials.json"


def test_al909_silent_without_a_login(setup) -> None:
    setup.write("~/.claude/settings.json", '{"apiKeyHelper": "~/bin/key.sh"}\n')
    assert "AL909" not in [f.code for f in check(setup, "~/.claude/settings.json")]


# --- AL910 credential-below-interactive-guard --------------------------------------------------

GUARDS = [
    '[ -z "$PS1" ] && return\n',
    "[[ $- != *i* ]] && return\n",
    "case $- in\n    *i*) ;;\n      *) return;;\nesac\n",
    'if [ -z "$PS1" ]; then\n    return\nfi\n',
]


@pytest.mark.parametrize("guard", GUARDS)
def test_al910_export_below_the_guard_of_a_sourced_bashrc(setup, guard) -> None:
    setup.write("~/.profile", '[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"\n')
    setup.write("~/.bashrc", f"# ~/.bashrc\n{guard}export {KEY_NAME}={KEY}\n")
    finding = by_code(check(setup, "~/.bashrc", select=("AL910",)), "AL910")
    assert finding.span.start.line == 1 + guard.count("\n")
    assert "interactive guard at ~/.bashrc:" in finding.message


def test_al910_silent_above_the_guard_and_without_one(setup) -> None:
    setup.write("~/.profile", ". ~/.bashrc\n")
    setup.write("~/.bashrc", f'export {KEY_NAME}={KEY}\n[ -z "$PS1" ] && return\nalias ll=ls\n')
    assert check(setup, "~/.bashrc", select=("AL910",)) == []
    setup.write("~/.bashrc", f"export {KEY_NAME}={KEY}\n")
    assert check(setup, "~/.bashrc", select=("AL910",)) == []


def test_al910_is_an_error_when_the_project_shows_non_interactive_jobs(setup) -> None:
    setup.write("~/.profile", ". ~/.bashrc\n")
    setup.write("~/.bashrc", f'[ -z "$PS1" ] && return\nexport {KEY_NAME}={KEY}\n')
    setup.write(".github/workflows/ci.yml", "on: push\n")
    finding = by_code(check(setup, "~/.bashrc", select=("AL910",)), "AL910")
    assert finding.severity.value == "error"
    assert finding.contexts == ("login-non-interactive-shell/claude",)


# --- AL810 reads the key the model resolves ---------------------------------------------------


def test_al810_declined_key_resolved_from_the_profiles_not_the_process(setup) -> None:
    setup.write("~/.bashrc", f"export {KEY_NAME}={KEY}\n")
    setup.write("~/.bash_profile", ". ~/.bashrc\n")
    setup.write(
        "~/.claude.json", '{"customApiKeyResponses": {"rejected": ["' + KEY[-20:] + '"]}}\n'
    )
    finding = by_code(check(setup, "~/.claude.json", select=("AL810",)), "AL810")
    assert "~/.bashrc:1" in finding.message
    assert finding.severity.value == "error" and "claude-code" in finding.contexts


# --- the shell -----------------------------------------------------------------------------


def test_another_homes_shell_comes_from_its_profiles(tmp_path) -> None:
    (tmp_path / ".zshrc").write_text("export A=1\n")
    assert choose_shell(MACOS, tmp_path, {"SHELL": "/bin/bash"}) == ("zsh", "~/.zshrc exists")
    assert choose_shell(MACOS, tmp_path, {}, "fish") == ("fish", "--shell")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert choose_shell(MACOS, empty, {"SHELL": "/bin/bash"}) == ("zsh", "the macOS default")


def test_own_home_uses_dollar_shell(tmp_path) -> None:
    home = Path(os.path.expanduser("~"))
    shell, reason = choose_shell(Platform.current(), home, {"SHELL": "/usr/bin/fish"})
    assert (shell, reason) == ("fish", "$SHELL")


def test_macos_home_with_only_zshrc_is_judged_as_zsh(tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".zshrc").write_text(f"export {KEY_NAME}={KEY}\n")
    model = EnvironmentModel(collect(None, home, MACOS, environ={"SHELL": "/bin/bash"}))
    claude = next(o for o in outcomes(model) if o.name == "claude-code")
    assert model.workspace.shell == "zsh" and claude.kind is OutcomeKind.WORKS


# --- the Python extension's env file in VS Code terminals ---------------------------------------


def test_env_file_not_injected_is_an_error_when_the_terminal_program_needs_it(setup) -> None:
    setup.write(".env", f"{KEY_NAME}={KEY}\n")
    setup.write("app.py", SDK_APP)
    setup.write(".vscode/settings.json", '{"python.defaultInterpreterPath": ".venv/bin/python"}\n')
    finding = by_code(check(setup, ".vscode/settings.json"), "AL705")
    assert finding.severity.value == "error"
    assert finding.contexts == ("vscode-terminal/python",)
    assert predicted(setup, "vscode-terminal/python").kind is OutcomeKind.NO_REQUEST


def test_env_file_injected_or_loaded_by_the_program_is_fine(setup) -> None:
    setup.write(".env", f"{KEY_NAME}={KEY}\n")
    setup.write("app.py", DOTENV_APP)  # the program loads .env itself
    setup.write(".vscode/settings.json", '{"python.defaultInterpreterPath": ".venv/bin/python"}\n')
    finding = by_code(check(setup, ".vscode/settings.json"), "AL705")
    assert finding.severity.value == "info" and finding.contexts == ()


def test_a_key_passed_in_code_is_not_judged_from_the_environment(setup) -> None:
    setup.write("~/.bashrc", f'export {KEY_NAME}="{KEY} "\n')
    setup.write("app.py", 'import anthropic\nclient = anthropic.Anthropic(api_key="sk-ant-x")\n')
    assert predicted(setup, "python").kind is OutcomeKind.UNKNOWN
    setup.write(
        "app.py",
        "import os, anthropic\nanthropic.Anthropic(api_key=os.environ['ANTHROPIC_API_KEY'])\n",
    )
    assert predicted(setup, "python").kind is OutcomeKind.NO_REQUEST


def test_no_credential_in_any_file_read_is_not_a_claim(setup) -> None:
    setup.write("app.py", SDK_APP)
    assert predicted(setup, "python").kind is OutcomeKind.UNKNOWN
