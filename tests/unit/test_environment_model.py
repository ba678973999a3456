"""The environment model: which definition wins in each launch context, on realistic setups."""

from __future__ import annotations

import pytest

from authlint.core.context import Platform
from authlint.core.environment import Verdict
from authlint.core.environment.render import chain_lines, resolution_dict, summary
from authlint.core.secrets import mask, redact
from environment import Setup
from keys import api_key, oauth_token, openrouter_key

OLD, NEW, THIRD = api_key("old"), api_key("new"), api_key("third")


def shown(value: str | None) -> str | None:
    """A value as assertions may print it: keys masked, so a failing test leaks nothing."""
    return redact(value) if value else value


# The masked forms must still tell the keys apart, or the comparisons below prove nothing.
assert len({shown(OLD), shown(NEW), shown(THIRD)}) == 3
VAR = "ANTHROPIC_API_KEY"


@pytest.fixture
def setup(tmp_path):
    return Setup(tmp_path)


def winner(setup: Setup, context: str, platform=Platform.LINUX, shell="bash", variable=VAR):
    """(display of the winning file:line, its value) in ``context``."""
    model = setup.model(platform, shell)
    (ctx,) = model.find_contexts(context)
    resolution = model.resolve(ctx, variable)
    found = resolution.winner
    if found is None:
        return None
    return f"{model.workspace.display(found.path)}:{found.line}", shown(resolution.value)


# --- shells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "context", "platform", "shell", "expected"),
    [
        # zsh: .zshenv always, .zprofile login, .zshrc interactive, .zlogin login (last).
        (
            {"~/.zshenv": OLD, "~/.zshrc": NEW},
            "macos-terminal",
            "macos",
            "zsh",
            ("~/.zshrc:1", shown(NEW)),
        ),
        (
            {"~/.zshenv": OLD, "~/.zshrc": NEW},
            "non-interactive-shell",
            "macos",
            "zsh",
            ("~/.zshenv:1", shown(OLD)),
        ),
        (
            {"~/.zprofile": OLD, "~/.zshrc": NEW},
            "macos-terminal",
            "macos",
            "zsh",
            ("~/.zshrc:1", shown(NEW)),
        ),
        (
            {"~/.zshrc": OLD, "~/.zlogin": NEW},
            "macos-terminal",
            "macos",
            "zsh",
            ("~/.zlogin:1", shown(NEW)),
        ),
        ({"~/.zprofile": OLD}, "linux-terminal", "linux", "zsh", None),
        # bash: login reads the first of .bash_profile/.bash_login/.profile; tabs read .bashrc.
        ({"~/.bashrc": OLD}, "macos-terminal", "macos", "bash", None),
        ({"~/.bashrc": OLD}, "linux-terminal", "linux", "bash", ("~/.bashrc:1", shown(OLD))),
        ({"~/.profile": OLD}, "linux-terminal", "linux", "bash", None),
        ({"~/.profile": OLD}, "macos-terminal", "macos", "bash", ("~/.profile:1", shown(OLD))),
        (
            {"~/.bash_profile": NEW, "~/.profile": OLD},
            "macos-terminal",
            "macos",
            "bash",
            ("~/.bash_profile:1", shown(NEW)),
        ),
        ({"~/.bashrc": OLD}, "non-interactive-shell", "linux", "bash", None),
    ],
)
def test_shell_startup_files(setup, files, context, platform, shell, expected):
    for where, key in files.items():
        setup.write(where, f"export {VAR}={key}\n")
    assert winner(setup, context, Platform(platform), shell) == expected


@pytest.mark.parametrize(
    "source_line",
    [
        "[ -f ~/.bashrc ] && . ~/.bashrc",
        'if [ -f "$HOME/.bashrc" ]; then\n  source "$HOME/.bashrc"\nfi',
    ],
)
def test_bash_profile_that_sources_bashrc(setup, source_line):
    setup.write("~/.bash_profile", f"export {VAR}={OLD}\n{source_line}\n")
    setup.write("~/.bashrc", f"export {VAR}={NEW}\n")
    assert winner(setup, "macos-terminal", Platform.MACOS, "bash") == ("~/.bashrc:1", shown(NEW))


def test_sourced_secrets_file_and_unset(setup):
    setup.write("~/.zshrc", "source ~/.secrets\n")
    setup.write("~/.secrets", f"export {VAR}={NEW}\n")
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh") == ("~/.secrets:1", shown(NEW))
    setup.write("~/.zshrc", f"source ~/.secrets\nunset {VAR}\n")
    assert winner(setup, "macos-terminal", Platform.MACOS, "zsh") is None


def test_not_exported_never_reaches_programs(setup):
    setup.write("~/.bashrc", f"{VAR}={OLD}\n")
    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("linux-terminal")
    resolution = model.resolve(ctx, VAR)
    assert resolution.winner is None
    assert [s.verdict for s in resolution.steps] == [Verdict.NOT_EXPORTED]


def test_fish_and_other_shells_files_are_listed_as_not_read(setup):
    setup.write("~/.config/fish/config.fish", f"set -gx {VAR} {OLD}\n")
    setup.write("~/.zshrc", f"export {VAR}={NEW}\n")
    model = setup.model(Platform.LINUX, "fish")
    (ctx,) = model.find_contexts("linux-terminal")
    resolution = model.resolve(ctx, VAR)
    assert shown(resolution.value) == shown(OLD)
    not_read = [s for s in resolution.steps if s.verdict is Verdict.NOT_READ]
    assert [model.workspace.display(s.definition.path) for s in not_read] == ["~/.zshrc"]
    assert "fish shell does not read ~/.zshrc" in not_read[0].reason


# --- programs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected_line", "expected"),
    [
        ("load_dotenv()", "~/.bashrc:1", shown(OLD)),
        ("load_dotenv(override=True)", ".env:1", shown(NEW)),
    ],
)
def test_python_load_dotenv_and_override(setup, call, expected_line, expected):
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    setup.write(".env", f"{VAR}={NEW}\n")
    setup.write("app.py", f"from dotenv import load_dotenv\n{call}\n")
    assert winner(setup, "python:app.py") == (expected_line, expected)


def test_python_finds_the_env_next_to_the_script_first(setup):
    setup.write(".env", f"{VAR}={OLD}\n")
    setup.write("svc/.env", f"{VAR}={NEW}\n")
    setup.write("svc/main.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    assert winner(setup, "python:svc/main.py") == ("svc/.env:1", shown(NEW))


def test_empty_export_still_blocks_dotenv(setup):
    setup.write("~/.bashrc", f"export {VAR}=\n")
    setup.write(".env", f"{VAR}={NEW}\n")
    setup.write("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    assert winner(setup, "python:app.py") == ("~/.bashrc:1", "")


def test_node_dotenv_and_env_file(setup):
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    setup.write(".env", f"{VAR}={NEW}\n")
    setup.write("index.js", 'require("dotenv").config({ override: true });\n')
    setup.write("package.json", '{"scripts": {"start": "node --env-file=.env index.js"}}')
    assert winner(setup, "node:index.js") == (".env:1", shown(NEW))
    assert winner(setup, "node:--env-file=.env") == ("~/.bashrc:1", shown(OLD))


# --- VS Code -----------------------------------------------------------------------------------


def test_vscode_terminal_env_setting_then_shell_rc(setup):
    settings = "~/.config/Code/User/settings.json"
    setup.write(settings, f'{{"terminal.integrated.env.linux": {{"{VAR}": "{THIRD}"}}}}')
    assert winner(setup, "vscode-terminal") == ("~/.config/Code/User/settings.json:1", shown(THIRD))
    setup.write("~/.bashrc", f"export {VAR}={NEW}\n")
    assert winner(setup, "vscode-terminal") == ("~/.bashrc:1", shown(NEW))


def test_vscode_terminal_inherits_login_env_unless_disabled(setup):
    setup.write("~/.profile", f"export {VAR}={OLD}\n")
    assert winner(setup, "vscode-terminal") == ("~/.profile:1", shown(OLD))
    setup.write("~/.config/Code/User/settings.json", '{"terminal.integrated.inheritEnv": false}')
    assert winner(setup, "vscode-terminal") is None


def test_vscode_terminal_use_env_file_is_overridden_by_rc(setup):
    setup.write(".env", f"{VAR}={NEW}\n")
    setup.write(".vscode/settings.json", '{"python.terminal.useEnvFile": true}')
    assert winner(setup, "vscode-terminal") == (".env:1", shown(NEW))
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    assert winner(setup, "vscode-terminal") == ("~/.bashrc:1", shown(OLD))


def test_vscode_login_profile_args_on_linux(setup):
    setup.write("~/.bash_profile", f"export {VAR}={OLD}\n")
    setup.write(
        ".vscode/settings.json",
        '{"terminal.integrated.inheritEnv": false, "terminal.integrated.defaultProfile.linux": "b",'
        ' "terminal.integrated.profiles.linux": {"b": {"path": "bash", "args": ["-l"]}}}',
    )
    # inheritEnv is an application setting: the workspace file cannot turn it off.
    assert winner(setup, "vscode-terminal") == ("~/.bash_profile:1", shown(OLD))


# --- Claude Code -------------------------------------------------------------------------------


def test_claude_settings_precedence(setup):
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    setup.write("~/.claude/settings.json", f'{{"env": {{"{VAR}": "{NEW}"}}}}')
    assert winner(setup, "claude-code") == ("~/.claude/settings.json:1", shown(NEW))
    setup.write(".claude/settings.json", f'{{"env": {{"{VAR}": "{THIRD}"}}}}')
    assert winner(setup, "claude-code") == (".claude/settings.json:1", shown(THIRD))
    setup.write(".claude/settings.local.json", f'{{"env": {{"{VAR}": ""}}}}')
    assert winner(setup, "claude-code") == (".claude/settings.local.json:1", "")


def test_invalid_settings_file_is_ignored_whole(setup):
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    setup.write("~/.claude/settings.json", f'{{"env": {{"{VAR}": "{NEW}",}}}}')
    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("claude-code")
    resolution = model.resolve(ctx, VAR)
    assert shown(resolution.value) == shown(OLD)
    assert [s.verdict for s in resolution.steps] == [Verdict.WINS, Verdict.IGNORED]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"~/.bashrc": f"export ANTHROPIC_AUTH_TOKEN=gw\nexport {VAR}={OLD}\n"},
            "ANTHROPIC_AUTH_TOKEN",
        ),
        (
            {"~/.bashrc": f"export {VAR}={OLD}\nexport CLAUDE_CODE_OAUTH_TOKEN={oauth_token()}\n"},
            VAR,
        ),
        (
            {
                "~/.claude/settings.json": '{"apiKeyHelper": "echo k"}',
                "~/.bashrc": f"export CLAUDE_CODE_OAUTH_TOKEN={oauth_token()}\n",
            },
            "apiKeyHelper",
        ),
        ({"~/.claude.json": f'{{"primaryApiKey": "{OLD}"}}'}, "primaryApiKey"),
        ({"~/.bashrc": f"export {VAR}=\n"}, None),
        (
            {"~/.bashrc": "export CLAUDE_CODE_USE_BEDROCK=1\nexport ANTHROPIC_API_KEY=k\n"},
            "CLAUDE_CODE_USE_BEDROCK",
        ),
    ],
)
def test_claude_credential_precedence(setup, files, expected):
    from authlint.core.environment import claude_credential

    for where, text in files.items():
        setup.write(where, text)
    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("claude-code")
    assert claude_credential(model, ctx).source == expected


def test_declined_key_is_passed_over(setup):
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    setup.write(
        "~/.claude/.credentials.json", f'{{"claudeAiOauth": {{"accessToken": "{oauth_token()}"}}}}'
    )
    setup.write("~/.claude.json", f'{{"customApiKeyResponses": {{"rejected": ["{OLD[-20:]}"]}}}}')
    from authlint.core.environment import claude_credential

    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("claude-code")
    choice = claude_credential(model, ctx)
    assert choice.source == "/login"
    assert any("declined" in why for _, _, why in choice.passed_over)


def test_claude_extension_reads_claude_code_environment_variables(setup):
    settings = "~/.config/Code/User/settings.json"
    setup.write(
        settings,
        '{"claudeCode.environmentVariables": '
        '[{"name": "ANTHROPIC_AUTH_TOKEN", "value": "gw-token"}]}',
    )
    assert winner(setup, "claude-code-vscode", variable="ANTHROPIC_AUTH_TOKEN") == (
        "~/.config/Code/User/settings.json:1",
        "gw-token",
    )
    assert winner(setup, "claude-code", variable="ANTHROPIC_AUTH_TOKEN") is None


# --- Docker ------------------------------------------------------------------------------------


def test_docker_run_env_file_keeps_quotes_and_compose_interpolates_shell_first(setup):
    setup.write(".env", f'{VAR}="{NEW}"\n')
    setup.write(".devcontainer/devcontainer.json", '{"runArgs": ["--env-file", "../.env"]}')
    assert winner(setup, "docker-run") == (".env:1", shown(f'"{NEW}"'))
    setup.write("compose.yaml", f"services:\n  app:\n    environment:\n      - {VAR}=${{{VAR}}}\n")
    assert winner(setup, "compose:app") == ("compose.yaml:4", shown(NEW))
    setup.write("~/.bashrc", f"export {VAR}={OLD}\n")
    model = setup.model(Platform.LINUX, "bash")
    (ctx,) = model.find_contexts("compose:app")
    resolution = model.resolve(ctx, VAR)
    assert shown(resolution.value) == shown(OLD)
    assert [s.verdict for s in resolution.steps] == [
        Verdict.WINS,
        Verdict.SUPPLIES,
        Verdict.KEPT_OUT,
    ]


# --- rendering ---------------------------------------------------------------------------------


def test_rendering_is_masked_and_names_places(setup):
    setup.write("~/.zshrc", f"export {VAR}={OLD}\n")
    setup.write(".env", f"{VAR}={NEW}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n")
    setup.write("~/.bashrc", f"export ANTHROPIC_AUTH_TOKEN={openrouter_key()}\n")
    setup.write("app.py", "from dotenv import load_dotenv\nload_dotenv()\n")
    model = setup.model(Platform.MACOS, "zsh")
    text = []
    for ctx in model.contexts():
        for variable in (VAR, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"):
            resolution = model.resolve(ctx, variable)
            text += [
                summary(resolution, model.workspace),
                *chain_lines(resolution, model.workspace),
            ]
            text.append(str(resolution_dict(resolution, model.workspace)))
    joined = "\n".join(text)
    for secret in (OLD, NEW, openrouter_key()):
        assert secret not in joined
    assert f"Python program app.py: `~/.zshrc:1` → `{mask(OLD)}`" in joined
    assert "kept out by ~/.zshrc:1" in joined
    assert "https://openrouter.ai/api" in joined
