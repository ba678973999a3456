"""``authlint env`` end to end: the real command in a subprocess, on a temporary home and project.

Each workspace is ``tmp_path/home`` (``$HOME`` of the subprocess) and
``tmp_path/proj`` (a project: it has a ``pyproject.toml``). Every run is also
checked for leaks: no key written to a file may appear in stdout or stderr.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import keys
from authlint.core.secrets import mask

STALE = keys.api_key("stale")
FRESH = keys.api_key("fresh")
ZPROFILE = keys.api_key("zprofile")
BASHRC = keys.api_key("bashrc")
SETTINGS = keys.api_key("settings")
TOKEN = keys.oauth_token("env-oat")
PRIMARY = keys.api_key("primary")
LOGIN = keys.oauth_token("login")
REFRESH = keys.refresh_token("login")
HEADER = keys.api_key("header")
EVERY_KEY = (STALE, FRESH, ZPROFILE, BASHRC, SETTINGS, TOKEN, PRIMARY, LOGIN, REFRESH, HEADER)
KEPT_OUT = "the variable is already set, and the loader keeps existing variables"
MACOS_TERMINAL = "macOS terminal (Terminal.app, iTerm: a login interactive shell)"

Write = Callable[[str, str], Path]


def assert_no_leak(result: subprocess.CompletedProcess[str]) -> None:
    """No key, nor a long piece of one, is in the output."""
    output = result.stdout + result.stderr
    for key in EVERY_KEY:
        assert key not in output
        assert key[13:40] not in output


@pytest.fixture
def env(
    tmp_path: Path, authlint, cli_env: dict[str, str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``env(*args, shell=None)``: ``authlint env`` run in ``proj`` with ``$HOME`` = ``home``."""
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "proj").mkdir(exist_ok=True)
    (tmp_path / "proj/pyproject.toml").write_text("[project]\nname = 'demo'\n")

    def run(*args: str, shell: str | None = None) -> subprocess.CompletedProcess[str]:
        variables = dict(cli_env)
        variables["HOME"] = str(tmp_path / "home")
        variables.pop("SHELL", None)
        if shell is not None:
            variables["SHELL"] = shell
        result = authlint("env", *args, cwd=tmp_path / "proj", env=variables)
        assert_no_leak(result)
        return result

    return run


def python_project(write: Write, call: str) -> None:
    write("home/.zshrc", f'export ANTHROPIC_API_KEY="{STALE}"\n')
    write("proj/.env", f"ANTHROPIC_API_KEY={FRESH}\n")
    write("proj/app.py", f"from dotenv import load_dotenv\n\n{call}\n")


# --- (1) the must-show: a stale shell key beats the project's .env ----------------------------


def test_stale_shell_key_keeps_the_dotenv_key_out(tmp_path: Path, write: Write, env) -> None:
    python_project(write, "load_dotenv()")
    args = ("ANTHROPIC_API_KEY", "--context", "python", "--platform", "macos", "--shell", "zsh")
    result = env(*args)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"project: {tmp_path / 'proj'}\n"
        f"home: {tmp_path / 'home'}\n"
        "platform: macos, shell: zsh (--shell)\n"
        "\n"
        "ANTHROPIC_API_KEY — Python program app.py (started from the terminal)\n"
        f"  ✓ ~/.zshrc:1  {mask(STALE)}  wins\n"
        f"  ✗ .env:1      {mask(FRESH)}  kept out by ~/.zshrc:1: {KEPT_OUT}\n"
        f"  note: started from a {MACOS_TERMINAL}\n"
        "\n"
        "Outcome (contexts in use marked *):\n"
        "    python app.py: works\n"
    )


def test_override_true_lets_the_dotenv_key_win(write: Write, env) -> None:
    python_project(write, "load_dotenv(override=True)")
    args = ("ANTHROPIC_API_KEY", "--context", "python", "--platform", "macos", "--shell", "zsh")
    result = env(*args)
    assert result.returncode == 0
    assert result.stdout.splitlines()[4:7] == [
        "ANTHROPIC_API_KEY — Python program app.py (started from the terminal)",
        f"  ✗ ~/.zshrc:1  {mask(STALE)}  overridden by .env:1",
        f"  ✓ .env:1      {mask(FRESH)}  wins",
    ]


def test_another_homes_shell_comes_from_its_profiles_not_dollar_shell(write: Write, env) -> None:
    # $SHELL describes the running user, not the home under --home: a home with only
    # ~/.zshrc is a zsh user's, whatever $SHELL says; --shell overrides.
    python_project(write, "load_dotenv()")
    zsh = env("--context", "macos-terminal", "--platform", "macos", shell="/bin/bash")
    bash = env("--context", "macos-terminal", "--platform", "macos", "--shell", "bash")
    assert "platform: macos, shell: zsh (~/.zshrc exists)" in zsh.stdout
    assert f"  ✓ ~/.zshrc:1  {mask(STALE)}  wins" in zsh.stdout
    assert "platform: macos, shell: bash (--shell)" in bash.stdout
    assert f"  · ~/.zshrc:1  {mask(STALE)}  not read: a bash shell does not read ~/.zshrc" in (
        bash.stdout
    )


# --- (2) shell profiles: which one a macOS terminal reads last -------------------------------


def test_macos_terminal_zshrc_beats_zprofile(write: Write, env) -> None:
    write("home/.zprofile", f'export ANTHROPIC_API_KEY="{ZPROFILE}"\n')
    write("home/.zshrc", f'export ANTHROPIC_API_KEY="{STALE}"\n')
    write("home/.bashrc", f'export ANTHROPIC_API_KEY="{BASHRC}"\n')
    result = env("--context", "macos-terminal", "--platform", "macos", "--shell", "zsh")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[3:] == [
        "",
        f"ANTHROPIC_API_KEY — {MACOS_TERMINAL}",
        f"  ✗ ~/.zprofile:1  {mask(ZPROFILE)}  overridden by ~/.zshrc:1",
        f"  ✓ ~/.zshrc:1     {mask(STALE)}  wins",
        f"  · ~/.bashrc:1    {mask(BASHRC)}  not read: a zsh shell does not read ~/.bashrc",
    ]


# --- (3) JSON ---------------------------------------------------------------------------------


def test_json_shape_and_values(tmp_path: Path, write: Write, env) -> None:
    python_project(write, "load_dotenv()")
    result = env("--context", "python", "--platform", "macos", "--shell", "zsh", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert list(document) == [
        "project",
        "home",
        "platform",
        "shell",
        "shell_reason",
        "contexts",
        "outcomes",
    ]
    assert document["project"] == str(tmp_path / "proj")
    assert document["home"] == str(tmp_path / "home")
    assert (document["platform"], document["shell"]) == ("macos", "zsh")
    [context] = document["contexts"]
    assert list(context) == ["name", "title", "variables", "credential"]
    assert context["name"] == "python:app.py"
    assert context["title"] == "Python program app.py (started from the terminal)"
    assert context["credential"] is None
    [variable] = context["variables"]
    assert {k: variable[k] for k in ("context", "variable", "set", "value", "from", "notes")} == {
        "context": "python:app.py",
        "variable": "ANTHROPIC_API_KEY",
        "set": True,
        "value": mask(STALE),
        "from": "~/.zshrc:1",
        "notes": [f"started from a {MACOS_TERMINAL}"],
    }
    assert [
        (s["file"], s["line"], s["value"], s["verdict"], s["by"]) for s in variable["chain"]
    ] == [
        ("~/.zshrc", 1, mask(STALE), "wins", None),
        (".env", 1, mask(FRESH), "kept out", "~/.zshrc:1"),
    ]
    assert variable["chain"][1]["reason"] == KEPT_OUT


def test_json_credential_of_claude_code(write: Write, env) -> None:
    write(
        "home/.zshrc",
        f'export ANTHROPIC_API_KEY="{STALE}"\nexport CLAUDE_CODE_OAUTH_TOKEN={TOKEN}\n',
    )
    result = env(
        "--context", "claude-code", "--platform", "macos", "--shell", "zsh", "--format", "json"
    )
    [context] = json.loads(result.stdout)["contexts"]
    assert context["credential"] == {
        "source": "ANTHROPIC_API_KEY",
        "from": "~/.zshrc:1",
        "line": "Claude Code CLI started from the terminal uses ANTHROPIC_API_KEY from "
        "`~/.zshrc:1`",
        "passed_over": [
            {
                "source": "CLAUDE_CODE_OAUTH_TOKEN",
                "from": "~/.zshrc:2",
                "reason": "ANTHROPIC_API_KEY comes first",
            }
        ],
    }
    assert [v["variable"] for v in context["variables"]] == [
        "ANTHROPIC_API_KEY",
        "CLAUDE_CODE_OAUTH_TOKEN",
    ]


def test_default_variables_are_the_defined_auth_ones_in_order(write: Write, env) -> None:
    write(
        "home/.zshrc",
        "export ANTHROPIC_MODEL=claude-sonnet-4-5\n"
        "export CLAUDE_CODE_USE_VERTEX=1\n"
        "export ANTHROPIC_BASE_URL=https://gateway.example.com\n"
        f'export ANTHROPIC_API_KEY="{STALE}"\n'
        "export CLAUDE_CODE_USE_BEDROCK=1\n",
    )
    write("home/.claude/settings.json", '{"apiKeyHelper": "~/bin/get-key.sh"}\n')
    write("home/.claude.json", f'{{"primaryApiKey": "{PRIMARY}"}}\n')
    result = env("--platform", "macos", "--shell", "zsh", "--format", "json")
    shown = {
        c["name"]: [v["variable"] for v in c["variables"]]
        for c in json.loads(result.stdout)["contexts"]
    }
    shell_ones = [
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_BASE_URL",
        "CLAUDE_CODE_USE_BEDROCK",
        "CLAUDE_CODE_USE_VERTEX",
    ]
    # Claude Code's own sources only where Claude Code runs.
    assert shown["claude-code"] == [*shell_ones, "apiKeyHelper", "primaryApiKey"]
    assert shown["claude-code-vscode"] == [*shell_ones, "apiKeyHelper", "primaryApiKey"]
    assert shown["macos-terminal"] == shell_ones
    assert shown["node"] == shell_ones
    # Named variables come in the order given, whether any file sets them or not.
    named = env(
        "ANTHROPIC_MODEL",
        "NOT_SET_ANYWHERE",
        "ANTHROPIC_API_KEY",
        "--context",
        "claude-code",
        "--platform",
        "macos",
        "--shell",
        "zsh",
        "--format",
        "json",
    )
    [context] = json.loads(named.stdout)["contexts"]
    assert [(v["variable"], v["set"]) for v in context["variables"]] == [
        ("ANTHROPIC_MODEL", True),
        ("NOT_SET_ANYWHERE", False),
        ("ANTHROPIC_API_KEY", True),
    ]


def test_default_contexts_are_the_platforms(write: Write, env) -> None:
    python_project(write, "load_dotenv()")
    result = env("--platform", "linux", "--shell", "bash", "--format", "json")
    names = [c["name"] for c in json.loads(result.stdout)["contexts"]]
    assert names == [
        "linux-terminal",
        "non-interactive-shell",
        "vscode-terminal",
        "python:app.py",
        "node",
        "claude-code",
        "claude-code-vscode",
    ]


def test_nothing_defined(env) -> None:
    result = env("--context", "linux-terminal", "--platform", "linux", "--no-home")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:] == [
        "home: (not read)",
        "platform: linux, shell: bash (the Linux default)",
        "",
        "No file read sets an auth variable (name one: `authlint env VAR`).",
    ]


# --- (4) usage errors -------------------------------------------------------------------------


def test_unknown_context_is_a_usage_error_listing_the_names(write: Write, env) -> None:
    python_project(write, "load_dotenv()")
    result = env("--context", "vscode", "--platform", "macos")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "authlint: error: unknown context 'vscode'; available: macos-terminal, linux-terminal, "
        "windows-terminal, non-interactive-shell, login-non-interactive-shell, vscode-terminal, "
        "python:app.py, node, "
        "claude-code, claude-code-vscode, python\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "missing"], "--project missing is not a folder"),
        (["--home", "pyproject.toml"], "--home pyproject.toml is not a folder"),
        (["--home", ".", "--no-home"], "not allowed with argument"),
        (["--shell", "tcsh"], "invalid choice: 'tcsh'"),
    ],
)
def test_usage_errors_exit_2(env, args: list[str], message: str) -> None:
    result = env(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr


# --- (5) Claude Code: settings env beats the shell --------------------------------------------


def test_claude_settings_env_beats_the_shell(write: Write, env) -> None:
    write("home/.zshrc", f'export ANTHROPIC_API_KEY="{STALE}"\n')
    write("home/.claude/settings.json", f'{{"env": {{"ANTHROPIC_API_KEY": "{SETTINGS}"}}}}\n')
    result = env("--context", "claude-code", "--platform", "macos", "--shell", "zsh")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[3:] == [
        "",
        "ANTHROPIC_API_KEY — Claude Code CLI started from the terminal",
        f"  ✗ ~/.zshrc:1                 {mask(STALE)}  overridden by ~/.claude/settings.json:1",
        f"  ✓ ~/.claude/settings.json:1  {mask(SETTINGS)}  wins",
        "",
        "Claude Code CLI started from the terminal uses ANTHROPIC_API_KEY from "
        "`~/.claude/settings.json:1`",
        "",
        "Outcome (contexts in use marked *):",
        "  * claude: works",
    ]


# --- (6) nothing leaks, whatever is shown -----------------------------------------------------


@pytest.fixture
def every_credential(write: Write) -> None:
    """A home and project holding every kind of credential authlint env can show."""
    python_project(write, "load_dotenv()")
    write("home/.zprofile", f'export ANTHROPIC_API_KEY="{ZPROFILE}"\n')
    write("home/.bashrc", f'export ANTHROPIC_AUTH_TOKEN="{BASHRC}"\n')
    write(
        "home/.zshenv",
        f"export CLAUDE_CODE_OAUTH_TOKEN={TOKEN}\n"
        f"export ANTHROPIC_CUSTOM_HEADERS='x-api-key: {HEADER}'\n"
        f"export ANTHROPIC_BASE_URL=https://gateway.example.com/{HEADER}\n",
    )
    write("home/.claude/settings.json", f'{{"env": {{"ANTHROPIC_API_KEY": "{SETTINGS}"}}}}\n')
    write("home/.claude.json", f'{{"primaryApiKey": "{PRIMARY}"}}\n')
    write(
        "home/.claude/.credentials.json",
        f'{{"claudeAiOauth": {{"accessToken": "{LOGIN}", "refreshToken": "{REFRESH}"}}}}\n',
    )
    write("proj/.env.local", f"ANTHROPIC_AUTH_TOKEN={FRESH}\n")
    write(
        "proj/compose.yaml",
        f"services:\n  api:\n    environment:\n      ANTHROPIC_API_KEY: {FRESH}\n",
    )


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize("platform", ["macos", "linux", "windows"])
def test_no_key_leaks(every_credential: None, env, output_format: str, platform: str) -> None:
    result = env("--platform", platform, "--format", output_format)  # env checks the leak
    assert (result.returncode, result.stderr) == (0, "")
    assert mask(STALE) in result.stdout and mask(FRESH) in result.stdout
    assert "compose:api" in result.stdout or output_format == "text"


def test_the_leak_check_would_see_a_key(every_credential: None, env) -> None:
    # assert_no_leak is not vacuous: a raw key in the output fails it.
    leaked = subprocess.CompletedProcess([], 0, stdout=f"x {SETTINGS} y", stderr="")
    with pytest.raises(AssertionError):
        assert_no_leak(leaked)
    # A key pasted as the context name comes back masked in the error.
    result = env("--context", SETTINGS)
    assert result.returncode == 2 and f"unknown context '{mask(SETTINGS)}'" in result.stderr


def test_env_does_not_load_the_lsp_stack(
    tmp_path: Path, write: Write, cli_env: dict[str, str]
) -> None:
    python_project(write, "load_dotenv()")
    (tmp_path / "proj/pyproject.toml").write_text("")
    probe = (
        "import io, sys\n"
        "from contextlib import redirect_stdout\n"
        "from authlint.cli import main\n"
        "with redirect_stdout(io.StringIO()) as out:\n"
        "    status = main(['env', '--project', sys.argv[1], '--home', sys.argv[2]])\n"
        "assert status == 0 and 'wins' in out.getvalue(), out.getvalue()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "proj"), str(tmp_path / "home")],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "[]\n", "")
