"""AL701–AL707: VS Code settings (user ``settings.json``, ``.vscode/settings.json``, workspaces).

Every case writes a realistic settings file (comments, trailing commas,
unrelated settings) with ``check_text`` and runs the real JSONC scanner and
rules. A test that needs a git work tree creates ``tmp_path/.git``; env files
the settings point at are written next to them in ``tmp_path``. Fixes are
applied with the real fixer and compared byte for byte. Keys come from
``tests/keys.py``.
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

KEY = api_key("editor")
OAT = oauth_token("editor")
GATEWAY_TOKEN = "gw-Q7f3aZk29LmX0pTbR4cVn8Ws"  # a gateway's own token: no vendor shape

WORKSPACE = ".vscode/settings.json"
LINUX_USER = ".config/Code/User/settings.json"
MACOS_USER = "Library/Application Support/Code/User/settings.json"
WINDOWS_USER = "AppData/Roaming/Code/User/settings.json"


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
    """No message, fix title or edit carries a long piece of a secret."""
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix is not None:
            texts.append(finding.fix.title)
            texts.extend(edit.new_text for edit in finding.fix.edits)
        for secret in secrets:
            body = secret[13:]
            for text in texts:
                assert body[:12] not in text and body[-12:] not in text, finding.code


# --- AL701 terminal-inherit-env-disabled ------------------------------------------------

INHERIT_OFF = """\
{
    // Appearance
    "editor.fontSize": 13,
    "workbench.colorTheme": "Default Dark Modern",
    "terminal.integrated.inheritEnv": false,
    "files.trimTrailingWhitespace": true, // keep diffs clean
}
"""


@pytest.mark.parametrize(
    ("name", "platform", "expected"),
    [
        (WORKSPACE, "linux", [("AL701", 5)]),
        (WORKSPACE, "macos", [("AL701", 5)]),
        (WORKSPACE, "windows", []),  # "This has no effect on Windows."
        (LINUX_USER, "linux", [("AL701", 5)]),
        # The user-settings folder says which OS the file is for, whatever checks it.
        (MACOS_USER, "windows", [("AL701", 5)]),
        (LINUX_USER, "windows", [("AL701", 5)]),
        (WINDOWS_USER, "linux", []),
        (WINDOWS_USER, "macos", []),
    ],
)
def test_al701_reports_inherit_env_false_where_it_has_an_effect(
    check_text, name, platform, expected
) -> None:
    findings = check_text(name, INHERIT_OFF, select="AL701", platform=platform)
    assert summary(findings) == expected


def test_al701_finding_shape(check_text) -> None:
    [finding] = check_text(MACOS_USER, INHERIT_OFF, select="AL701", platform="linux")
    assert (finding.code, finding.name, finding.severity) == (
        "AL701",
        "terminal-inherit-env-disabled",
        Severity.INFO,
    )
    assert finding.span == Span.at(4, 4, 43)
    assert "on macOS" in finding.message and "ANTHROPIC_API_KEY" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


@pytest.mark.parametrize(
    "text",
    [
        '{\n    "terminal.integrated.inheritEnv": true,\n}\n',
        '{\n    // "terminal.integrated.inheritEnv": false,\n    "editor.tabSize": 2\n}\n',
        # VS Code reads the last duplicate.
        '{\n  "terminal.integrated.inheritEnv": false,\n'
        '  "terminal.integrated.inheritEnv": true\n}\n',
        # Not a boolean: VS Code falls back to the default (true).
        '{\n  "terminal.integrated.inheritEnv": "false"\n}\n',
        # Terminal settings cannot be language-specific.
        '{\n  "[python]": { "terminal.integrated.inheritEnv": false },\n}\n',
        # A mention in another setting's value.
        '{\n  "todo.note": "terminal.integrated.inheritEnv: false",\n}\n',
    ],
)
def test_al701_is_silent_on_look_alikes(check_text, text) -> None:
    assert check_text(WORKSPACE, text, select="AL701") == []


def test_al701_reads_the_settings_of_a_code_workspace(check_text) -> None:
    text = (
        "{\n"
        '\t"folders": [{ "path": "." }],\n'
        '\t"terminal.integrated.inheritEnv": false, // outside "settings": not a setting\n'
        '\t"settings": {\n'
        '\t\t"terminal.integrated.inheritEnv": false,\n'
        "\t},\n"
        "}\n"
    )
    assert summary(check_text("app.code-workspace", text, select="AL701")) == [("AL701", 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # In the middle: the member, its comma and its line go.
        (
            INHERIT_OFF,
            INHERIT_OFF.replace('    "terminal.integrated.inheritEnv": false,\n', ""),
        ),
        # Last member without a comma: the previous comma goes, its comment stays.
        (
            '{\n    "editor.tabSize": 2, // two\n    "terminal.integrated.inheritEnv": false\n}\n',
            '{\n    "editor.tabSize": 2 // two\n}\n',
        ),
        # Last member with a trailing comma (JSONC).
        (
            '{\n\t"a": 1,\n\t"terminal.integrated.inheritEnv": false,\n}\n',
            '{\n\t"a": 1,\n}\n',
        ),
        # The only member, on one line with the braces.
        ('{ "terminal.integrated.inheritEnv": false }\n', "{  }\n"),
        # Sharing a line with other members.
        (
            '{ "a": 1, "terminal.integrated.inheritEnv": false, "b": 2 }\n',
            '{ "a": 1, "b": 2 }\n',
        ),
        # A comment between the value and its comma.
        (
            '{\n  "terminal.integrated.inheritEnv": false /* why */,\n  "b": 2\n}\n',
            '{\n  "b": 2\n}\n',
        ),
        # CRLF line endings survive.
        (
            '{\r\n  "a": 1,\r\n  "terminal.integrated.inheritEnv": false,\r\n  "b": 2\r\n}\r\n',
            '{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n',
        ),
    ],
)
def test_al701_fix_removes_the_member_and_its_comma(check_text, text, expected) -> None:
    [finding] = check_text(WORKSPACE, text, select="AL701")
    assert fixed(text, finding) == expected


def test_al701_fixed_file_is_clean(check_text) -> None:
    [finding] = check_text(WORKSPACE, INHERIT_OFF, select="AL701")
    again = fixed(INHERIT_OFF, finding)
    assert check_text(WORKSPACE, again) == []


# --- AL702 credential-in-workspace-settings ---------------------------------------------


def terminal_env(os_key: str, body: str) -> str:
    return (
        "{\n"
        '    "editor.formatOnSave": true,\n'
        "    // Variables for integrated terminals\n"
        f'    "terminal.integrated.env.{os_key}": {{\n'
        f"{body}"
        "    },\n"
        '    "python.analysis.typeCheckingMode": "basic",\n'
        "}\n"
    )


def claude_env(items: str) -> str:
    return (
        "{\n"
        '  "claudeCode.preferredLocation": "panel",\n'
        '  "claudeCode.environmentVariables": [\n'
        f"{items}"
        "  ],\n"
        '  "git.autofetch": true\n'
        "}\n"
    )


@pytest.mark.parametrize(
    ("name", "text", "secret", "span"),
    [
        (
            WORKSPACE,
            terminal_env("osx", f'        "ANTHROPIC_API_KEY": "{KEY}",\n'),
            KEY,
            Span.at(4, 30, 30 + len(KEY)),
        ),
        (
            WORKSPACE,
            terminal_env(
                "windows",
                f'        "PATH": "C:\\\\bin",\n        "CLAUDE_CODE_OAUTH_TOKEN": "{OAT}"\n',
            ),
            OAT,
            Span.at(5, 36, 36 + len(OAT)),
        ),
        (
            WORKSPACE,
            claude_env(
                '    { "name": "ANTHROPIC_BASE_URL", "value": "https://llm.example.com" },\n'
                f'    {{ "name": "ANTHROPIC_AUTH_TOKEN", "value": "{GATEWAY_TOKEN}" }},\n'
            ),
            GATEWAY_TOKEN,
            Span.at(4, 48, 48 + len(GATEWAY_TOKEN)),
        ),
        # Another vendor's key in any variable is a credential too.
        (
            WORKSPACE,
            terminal_env("linux", f'        "OPENAI_API_KEY": "{openai_key()}",\n'),
            openai_key(),
            Span.at(4, 27, 27 + len(openai_key())),
        ),
        (
            "team.code-workspace",
            '{\n  "folders": [{ "path": "." }],\n  "settings": {\n'
            f'    "terminal.integrated.env.linux": {{ "ANTHROPIC_API_KEY": "{KEY}" }},\n'
            "  },\n}\n",
            KEY,
            Span.at(3, 61, 61 + len(KEY)),
        ),
    ],
)
def test_al702_reports_a_credential_in_committable_workspace_settings(
    check_text, repo, name, text, secret, span
) -> None:
    findings = check_text(name, text, select="AL702")
    assert summary(findings) == [("AL702", span.start.line + 1)]
    [finding] = findings
    assert (finding.name, finding.severity, finding.fix) == (
        "credential-in-workspace-settings",
        Severity.ERROR,
        None,
    )
    assert finding.span == span
    assert mask(secret) in finding.message and "user settings" in finding.message
    assert_no_secret(findings, secret)


@pytest.mark.parametrize(
    ("name", "text", "ignore"),
    [
        # User settings are not committed with a project (even in a dotfiles repo).
        (LINUX_USER, terminal_env("linux", f'        "ANTHROPIC_API_KEY": "{KEY}",\n'), None),
        (
            MACOS_USER,
            claude_env(f'    {{ "name": "ANTHROPIC_API_KEY", "value": "{KEY}" }}\n'),
            None,
        ),
        ("vscode/settings.json", terminal_env("osx", f'  "ANTHROPIC_API_KEY": "{KEY}"\n'), None),
        # Ignored by git.
        (WORKSPACE, terminal_env("osx", f'        "ANTHROPIC_API_KEY": "{KEY}",\n'), ".vscode/\n"),
        # Not written out: substitutions, empty, placeholders, too short to be a secret.
        (
            WORKSPACE,
            terminal_env("osx", '  "ANTHROPIC_API_KEY": "${env:ANTHROPIC_API_KEY}"\n'),
            None,
        ),
        (WORKSPACE, terminal_env("osx", '  "ANTHROPIC_API_KEY": ""\n'), None),
        (WORKSPACE, terminal_env("osx", '  "ANTHROPIC_API_KEY": null\n'), None),
        (WORKSPACE, terminal_env("osx", '  "ANTHROPIC_API_KEY": "sk-ant-..."\n'), None),
        (WORKSPACE, terminal_env("osx", '  "ANTHROPIC_API_KEY": "your-api-key-here"\n'), None),
        (WORKSPACE, terminal_env("osx", '  "ANTHROPIC_AUTH_TOKEN": "sk-1234"\n'), None),
        # Dummy token for a router on loopback (corpus README "should NOT flag" 6).
        (
            WORKSPACE,
            claude_env(
                '    { "name": "ANTHROPIC_BASE_URL", "value": "http://127.0.0.1:3456" },\n'
                f'    {{ "name": "ANTHROPIC_AUTH_TOKEN", "value": "{GATEWAY_TOKEN}" }},\n'
                '    { "name": "ANTHROPIC_API_KEY", "value": "" }\n'
            ),
            None,
        ),
        # Not a credential.
        (
            WORKSPACE,
            terminal_env("linux", '  "ANTHROPIC_BASE_URL": "https://llm.example.com"\n'),
            None,
        ),
        (
            WORKSPACE,
            terminal_env("linux", '  "PYTHONPATH": "${workspaceFolder}/src/lib/pkg"\n'),
            None,
        ),
        # Commented out (AL501 reports a complete key in a comment; this rule does not).
        (WORKSPACE, terminal_env("linux", f'  // "ANTHROPIC_API_KEY": "{KEY}"\n'), None),
        # Outside the two env settings.
        (WORKSPACE, f'{{\n  "some.extension.apiKey": "{KEY}",\n}}\n', None),
    ],
)
def test_al702_is_silent_on_look_alikes(check_text, repo, name, text, ignore) -> None:
    if ignore is not None:
        (repo / ".gitignore").write_text(ignore)
    assert check_text(name, text, select="AL702") == []


def test_al702_is_silent_outside_a_git_work_tree(check_text) -> None:
    text = terminal_env("osx", f'        "ANTHROPIC_API_KEY": "{KEY}",\n')
    assert check_text(WORKSPACE, text, select="AL702") == []


# --- AL703 terminal-env-cancels-credential ----------------------------------------------


@pytest.mark.parametrize(
    ("os_key", "platform", "body", "expected", "word"),
    [
        (
            "linux",
            "linux",
            '        "ANTHROPIC_API_KEY": null,\n',
            [("AL703", 5)],
            "`null` deletes",
        ),
        ("osx", "macos", '        "ANTHROPIC_API_KEY": "",\n', [("AL703", 5)], "empty"),
        ("windows", "windows", '        "CLAUDE_CODE_OAUTH_TOKEN": ""\n', [("AL703", 5)], "empty"),
        ("linux", "linux", '        "ANTHROPIC_AUTH_TOKEN": null\n', [("AL703", 5)], "deletes"),
        (
            "linux",
            "linux",
            '        "ANTHROPIC_BASE_URL": null\n',
            [("AL703", 5)],
            "api.anthropic.com",
        ),
        ("linux", "linux", '        "ANTHROPIC_BASE_URL": ""\n', [("AL703", 5)], "relative URL"),
        # Another platform's block does not apply here.
        ("osx", "linux", '        "ANTHROPIC_API_KEY": null,\n', [], ""),
        ("linux", "windows", '        "ANTHROPIC_API_KEY": null,\n', [], ""),
    ],
)
def test_al703_reports_a_cancelled_credential_for_this_platform(
    check_text, os_key, platform, body, expected, word
) -> None:
    findings = check_text(WORKSPACE, terminal_env(os_key, body), select="AL703", platform=platform)
    assert summary(findings) == expected
    if expected:
        [finding] = findings
        assert finding.severity is Severity.WARNING and finding.fix is None
        assert word in finding.message and f"terminal.integrated.env.{os_key}" in finding.message
        line = body.rstrip("\n,")
        assert finding.span == Span.at(4, 8, len(line))


def test_al703_reports_each_variable_and_only_the_last_duplicate(check_text) -> None:
    body = (
        '        "ANTHROPIC_API_KEY": "${env:ANTHROPIC_API_KEY}",\n'
        '        "ANTHROPIC_API_KEY": null,\n'
        '        "ANTHROPIC_BASE_URL": "",\n'
        '        "LD_PRELOAD": null\n'
    )
    findings = check_text(WORKSPACE, terminal_env("linux", body), select="AL703")
    assert summary(findings) == [("AL703", 6), ("AL703", 7)]


@pytest.mark.parametrize(
    "body",
    [
        # The OpenRouter recipe: the block chooses AUTH_TOKEN and empties API_KEY on purpose.
        '  "ANTHROPIC_AUTH_TOKEN": "${env:OPENROUTER_API_KEY}",\n  "ANTHROPIC_API_KEY": ""\n',
        '  "ANTHROPIC_API_KEY": "sk-local-1234567",\n  "ANTHROPIC_AUTH_TOKEN": null\n',
        # Unrelated variables.
        '  "LD_PRELOAD": null,\n  "FIG_NEW_SESSION": "1"\n',
        '  "PATH": "${env:PATH}"\n',
        # A later definition puts the value back.
        '  "ANTHROPIC_API_KEY": null,\n  "ANTHROPIC_API_KEY": "${env:MY_KEY}"\n',
        # Commented out.
        '  // "ANTHROPIC_API_KEY": null\n',
    ],
)
def test_al703_is_silent_on_look_alikes(check_text, body) -> None:
    assert check_text(WORKSPACE, terminal_env("linux", body), select="AL703") == []


def test_al703_uses_the_platform_of_a_user_settings_folder(check_text) -> None:
    text = (
        "{\n"
        '  "terminal.integrated.env.windows": { "ANTHROPIC_API_KEY": null },\n'
        '  "terminal.integrated.env.linux": { "ANTHROPIC_API_KEY": null },\n'
        "}\n"
    )
    assert summary(check_text(WINDOWS_USER, text, select="AL703")) == [("AL703", 2)]
    assert summary(check_text(LINUX_USER, text, select="AL703", platform="windows")) == [
        ("AL703", 3)
    ]


# --- AL704 removed-terminal-shell-setting -----------------------------------------------

LEGACY = """\
{
    "editor.minimap.enabled": false,
    // Login shell so ~/.bash_profile is read
    "terminal.integrated.shell.linux": "/bin/bash",
    "terminal.integrated.shellArgs.linux": ["-l"],
    "terminal.integrated.fontSize": 12,
}
"""


def test_al704_reports_the_shell_setting_and_the_dropped_login_argument(check_text) -> None:
    [finding] = check_text(LINUX_USER, LEGACY, select="AL704")
    assert (finding.code, finding.name, finding.severity) == (
        "AL704",
        "removed-terminal-shell-setting",
        Severity.INFO,
    )
    assert finding.span == Span.at(3, 4, 50)
    assert "`-l` argument is no longer applied" in finding.message
    assert "terminal.integrated.profiles.linux" in finding.message
    assert [(r.span.start.line, r.message) for r in finding.related] == [
        (4, "`terminal.integrated.shellArgs.linux` is ignored too")
    ]
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_al704_fix_moves_path_and_arguments_into_a_default_profile(check_text) -> None:
    [finding] = check_text(LINUX_USER, LEGACY, select="AL704")
    assert fixed(LEGACY, finding) == (
        "{\n"
        '    "editor.minimap.enabled": false,\n'
        "    // Login shell so ~/.bash_profile is read\n"
        '    "terminal.integrated.profiles.linux": { "bash": { "path": "/bin/bash", '
        '"args": ["-l"] } },\n'
        '    "terminal.integrated.defaultProfile.linux": "bash",\n'
        '    "terminal.integrated.fontSize": 12,\n'
        "}\n"
    )


def test_al704_fix_when_the_arguments_come_last(check_text) -> None:
    text = (
        "{\r\n"
        '\t"terminal.integrated.shell.windows": '
        '"C:\\\\Program Files\\\\Git\\\\bin\\\\bash.exe",\r\n'
        '\t"terminal.integrated.shellArgs.windows": ["--login", "-i"]\r\n'
        "}\r\n"
    )
    [finding] = check_text(WINDOWS_USER, text, select="AL704")
    assert "argument is no longer applied" in finding.message
    assert fixed(text, finding) == (
        "{\r\n"
        '\t"terminal.integrated.profiles.windows": { "bash": { "path": '
        '"C:\\\\Program Files\\\\Git\\\\bin\\\\bash.exe", '
        '"args": ["--login", "-i"] } },\r\n'
        '\t"terminal.integrated.defaultProfile.windows": "bash"\r\n'
        "}\r\n"
    )


@pytest.mark.parametrize(
    ("text", "expected", "has_fix"),
    [
        # One finding per platform whose removed arguments asked for a login shell.
        (
            '{\n  "terminal.integrated.shell.windows": "bash.exe",\n'
            '  "terminal.integrated.shellArgs.windows": ["-l"],\n'
            '  "terminal.integrated.shell.linux": "zsh",\n'
            '  "terminal.integrated.shellArgs.linux": ["--login"],\n}\n',
            [("AL704", 2), ("AL704", 4)],
            True,
        ),
        # shellArgs alone: reported, but there is no path to build a profile from.
        ('{\n  "terminal.integrated.shellArgs.linux": ["--login"],\n}\n', [("AL704", 2)], False),
        # Deprecated but harmless for authentication: no login argument is lost.
        (
            '{\n  "terminal.integrated.shell.windows": "powershell.exe",\n'
            '  "terminal.integrated.shell.linux": "zsh",\n}\n',
            [],
            False,
        ),
        # macOS default profiles already start login shells.
        (
            '{\n  "terminal.integrated.shell.osx": "/bin/zsh",\n'
            '  "terminal.integrated.shellArgs.osx": ["-l"],\n}\n',
            [],
            False,
        ),
    ],
)
def test_al704_cases(check_text, text, expected, has_fix) -> None:
    findings = check_text(WORKSPACE, text, select="AL704")
    assert summary(findings) == expected
    assert all((f.fix is not None) is has_fix for f in findings)


def test_al704_login_argument_is_named(check_text) -> None:
    text = '{\n  "terminal.integrated.shellArgs.linux": ["--login"],\n}\n'
    [finding] = check_text(WORKSPACE, text, select="AL704")
    assert "`--login` argument is no longer applied" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        '{\n  "terminal.integrated.shellIntegration.enabled": false,\n}\n',
        '{\n  "terminal.integrated.shellIntegration.history": 9001\n}\n',
        '{\n  "terminal.integrated.profiles.osx": { "zsh": { "path": "zsh", "args": ["-l"] } },\n'
        '  "terminal.integrated.defaultProfile.osx": "zsh",\n}\n',
        '{\n  "terminal.integrated.automationProfile.linux": { "path": "/bin/bash" }\n}\n',
        '{\n  // "terminal.integrated.shell.osx": "/bin/zsh",\n  "a": 1\n}\n',
    ],
)
def test_al704_is_silent_on_current_settings(check_text, text) -> None:
    assert check_text(WORKSPACE, text, select="AL704") == []


# --- AL705 python-env-file-not-injected -------------------------------------------------

PYTHON_SETTINGS = """\
{
    // Python
    "python.defaultInterpreterPath": "${workspaceFolder}/.venv/bin/python",
    "python.testing.pytestEnabled": true,
    "editor.rulers": [100],
}
"""


def test_al705_reports_anthropic_variables_kept_out_of_terminals(check_text, tmp_path) -> None:
    (tmp_path / ".env").write_text(f"DEBUG=1\nANTHROPIC_API_KEY={KEY}\n")
    [finding] = check_text(WORKSPACE, PYTHON_SETTINGS, select="AL705")
    assert (finding.code, finding.name, finding.severity) == (
        "AL705",
        "python-env-file-not-injected",
        Severity.INFO,
    )
    assert finding.span == Span.at(2, 4, 35)  # the first python.* setting
    assert ".env defines ANTHROPIC_API_KEY" in finding.message
    assert "`python.terminal.useEnvFile` is not set" in finding.message
    [related] = finding.related
    assert related.path == tmp_path / ".env" and related.span == Span.at(1, 0, 17)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert_no_secret([finding], KEY)


def test_al705_reads_the_file_python_env_file_names(check_text, tmp_path) -> None:
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / ".env").write_text(f"CLAUDE_CODE_OAUTH_TOKEN={OAT}\n")
    (tmp_path / ".env").write_text("UNRELATED=1\n")
    text = '{\n  "python.envFile": "${workspaceFolder}/backend/.env",\n  "files.eol": "\\n",\n}\n'
    [finding] = check_text(WORKSPACE, text, select="AL705")
    assert finding.span == Span.at(1, 2, 18)
    assert "backend/.env defines CLAUDE_CODE_OAUTH_TOKEN" in finding.message


@pytest.mark.parametrize(
    ("env", "text"),
    [
        # Injection is on.
        (
            f"ANTHROPIC_API_KEY={KEY}\n",
            PYTHON_SETTINGS.replace("    //", '    "python.terminal.useEnvFile": true,\n    //'),
        ),
        # No Python in this project's settings.
        (f"ANTHROPIC_API_KEY={KEY}\n", '{\n  "editor.tabSize": 2,\n  "eslint.enable": true\n}\n'),
        # Nothing Anthropic in the env file, or only commented out / empty.
        ("DATABASE_URL=postgres://localhost/db\n", PYTHON_SETTINGS),
        (f"# ANTHROPIC_API_KEY={KEY}\n", PYTHON_SETTINGS),
        ("ANTHROPIC_API_KEY=\n", PYTHON_SETTINGS),
        # No env file at all.
        (None, PYTHON_SETTINGS),
    ],
)
def test_al705_is_silent_when_nothing_is_lost(check_text, tmp_path, env, text) -> None:
    if env is not None:
        (tmp_path / ".env").write_text(env)
    assert check_text(WORKSPACE, text, select="AL705") == []


def test_al705_is_silent_for_user_settings(check_text, tmp_path) -> None:
    (tmp_path / ".config" / "Code" / "User").mkdir(parents=True)
    (tmp_path / ".config" / "Code" / "User" / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    assert check_text(LINUX_USER, PYTHON_SETTINGS, select="AL705") == []


def test_al705_honours_use_env_file_in_user_settings(check_text, tmp_path) -> None:
    (tmp_path / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    user = tmp_path / "home" / ".config" / "Code" / "User"
    user.mkdir(parents=True)
    (user / "settings.json").write_text(
        '{\n  // global\n  "python.terminal.useEnvFile": true,\n}\n'
    )
    assert check_text(WORKSPACE, PYTHON_SETTINGS, select="AL705") == []
    # The same user file does not count on macOS, where it lives elsewhere.
    assert summary(check_text(WORKSPACE, PYTHON_SETTINGS, select="AL705", platform="macos")) == [
        ("AL705", 3)
    ]


def test_al705_explicit_false_gets_an_unsafe_fix(check_text, tmp_path) -> None:
    (tmp_path / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    text = (
        '{\n  "python.terminal.useEnvFile": false, // noisy\n'
        '  "python.analysis.autoImportCompletions": true\n}\n'
    )
    [finding] = check_text(WORKSPACE, text, select="AL705")
    assert "is false" in finding.message and finding.span == Span.at(1, 2, 37)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert fixed(text, finding) == text.replace('useEnvFile": false', 'useEnvFile": true')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Trailing comma kept, indentation copied.
        (
            PYTHON_SETTINGS,
            PYTHON_SETTINGS.replace(
                '    "editor.rulers": [100],\n',
                '    "editor.rulers": [100],\n    "python.terminal.useEnvFile": true,\n',
            ),
        ),
        # No trailing comma, a comment after the last member: the comment stays on its line.
        (
            '{\n\t"python.languageServer": "Pylance" // fast\n}\n',
            '{\n\t"python.languageServer": "Pylance", // fast\n'
            '\t"python.terminal.useEnvFile": true\n}\n',
        ),
        # Closing brace on the last member's line.
        (
            '{ "python.languageServer": "Pylance" }',
            '{ "python.languageServer": "Pylance", "python.terminal.useEnvFile": true }',
        ),
        # CRLF.
        (
            '{\r\n  "python.languageServer": "Pylance"\r\n}\r\n',
            '{\r\n  "python.languageServer": "Pylance",\r\n'
            '  "python.terminal.useEnvFile": true\r\n}\r\n',
        ),
    ],
)
def test_al705_fix_inserts_the_setting_minimally(check_text, tmp_path, text, expected) -> None:
    (tmp_path / ".env").write_text("ANTHROPIC_BASE_URL=https://llm.example.com\n")
    [finding] = check_text(WORKSPACE, text, select="AL705")
    after = fixed(text, finding)
    assert after == expected
    assert check_text(WORKSPACE, after, select="AL705") == []


def test_al705_fix_in_a_code_workspace(check_text, tmp_path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / ".env").write_text("ANTHROPIC_API_KEY=x1\n")
    text = (
        "{\n"
        '  "folders": [{ "path": "api" }],\n'
        '  "settings": {\n'
        '    "python.analysis.typeCheckingMode": "strict",\n'
        "  },\n"
        "}\n"
    )
    [finding] = check_text("dev.code-workspace", text, select="AL705")
    assert fixed(text, finding) == text.replace(
        '"strict",\n', '"strict",\n    "python.terminal.useEnvFile": true,\n'
    )


# --- AL706 python-env-file-missing ------------------------------------------------------


def env_file_setting(path: str) -> str:
    return (
        "{\n"
        "  // Run/Debug configuration\n"
        f'  "python.envFile": "{path}",\n'
        '  "python.testing.unittestEnabled": false,\n'
        "}\n"
    )


@pytest.mark.parametrize(
    ("path", "end"),
    [
        ("${workspaceFolder}/.env.local", 50),
        (".env.dev", 29),
    ],
)
def test_al706_reports_a_missing_env_file(check_text, tmp_path, path, end) -> None:
    (tmp_path / ".env").write_text("ANTHROPIC_API_KEY=x\n")  # the file that was meant
    [finding] = check_text(WORKSPACE, env_file_setting(path), select="AL706")
    assert (finding.code, finding.name, finding.severity, finding.fix) == (
        "AL706",
        "python-env-file-missing",
        Severity.WARNING,
        None,
    )
    assert finding.span == Span.at(2, 21, end)
    assert "does not exist" in finding.message and "create it from" not in finding.message


def test_al706_absolute_path_and_template_hint(check_text, tmp_path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / ".env.example").write_text("ANTHROPIC_API_KEY=\n")
    target = (tmp_path / "svc" / ".env").as_posix()
    [finding] = check_text(WORKSPACE, env_file_setting(target), select="AL706")
    assert finding.message.endswith("create it from .env.example")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        (WORKSPACE, "${workspaceFolder}/.env"),  # exists
        (WORKSPACE, "${env:HOME}/secrets/.env"),  # another variable
        (WORKSPACE, "${userHome}/.env"),
        (WORKSPACE, "~/.env.missing"),
        (WORKSPACE, "${workspaceFolder}/backend/.env"),  # folder not in this checkout
        (LINUX_USER, "/opt/project/.env.missing"),  # user settings: another machine's paths
    ],
)
def test_al706_is_silent_when_it_cannot_judge_or_the_file_exists(
    check_text, tmp_path, name, path
) -> None:
    (tmp_path / ".env").write_text("ANTHROPIC_API_KEY=x\n")
    assert check_text(name, env_file_setting(path), select="AL706") == []


def test_al706_default_env_file_missing_is_not_reported(check_text) -> None:
    assert check_text(WORKSPACE, PYTHON_SETTINGS, select="AL706") == []


# --- AL707 claude-code-environment-variables-shape --------------------------------------

MAP_FORM = """\
{
  "claudeCode.preferredLocation": "panel",
  // Gateway for the Claude Code extension
  "claudeCode.environmentVariables": {
    "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com", // company gateway
    "ANTHROPIC_AUTH_TOKEN": "@TOKEN@"
  },
  "editor.wordWrap": "on",
}
"""


def test_al707_reports_an_object_map_and_rewrites_it_in_place(check_text) -> None:
    text = MAP_FORM.replace("@TOKEN@", GATEWAY_TOKEN)
    [finding] = check_text(MACOS_USER, text, select="AL707")
    assert (finding.code, finding.name, finding.severity) == (
        "AL707",
        "claude-code-environment-variables-shape",
        Severity.ERROR,
    )
    assert finding.span.start == Span.at(3, 2, 2).start and finding.span.end.line == 6
    assert "is an object (ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN)" in finding.message
    assert "login screen" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert fixed(text, finding) == (
        MAP_FORM.replace(
            '{\n    "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com", // company gateway\n'
            '    "ANTHROPIC_AUTH_TOKEN": "@TOKEN@"\n  },',
            '[\n    { "name": "ANTHROPIC_BASE_URL", "value": "https://llm-gateway.example.com" },'
            " // company gateway\n"
            '    { "name": "ANTHROPIC_AUTH_TOKEN", "value": "@TOKEN@" }\n  ],',
        ).replace("@TOKEN@", GATEWAY_TOKEN)
    )
    assert_no_secret([finding], "xx" + GATEWAY_TOKEN[:11] + GATEWAY_TOKEN)


def test_al707_fixed_map_is_read_by_the_scanner(check_text) -> None:
    text = MAP_FORM.replace("@TOKEN@", GATEWAY_TOKEN)
    [finding] = check_text(MACOS_USER, text, select="AL707")
    after = fixed(text, finding)
    assert check_text(MACOS_USER, after, select="AL707") == []
    # The rewritten entries are assignments now: the value rules see them (here AL201,
    # a trailing space inside the token).
    broken = after.replace(f'"{GATEWAY_TOKEN}"', f'"{GATEWAY_TOKEN} "')
    assert summary(check_text(MACOS_USER, broken, select="AL201")) == [("AL201", 6)]
    assert (
        check_text(MACOS_USER, text.replace(GATEWAY_TOKEN, GATEWAY_TOKEN + " "), select="AL201")
        == []
    )


def test_al707_reports_each_bad_item_and_fixes_the_unambiguous_ones(check_text) -> None:
    text = (
        "{\n"
        '  "claudeCode.environmentVariables": [\n'
        f'    "ANTHROPIC_API_KEY={KEY}",\n'
        '    { "name": "ANTHROPIC_BASE_URL", "value": "https://llm.example.com" },\n'
        '    { "ANTHROPIC_MODEL": "claude-sonnet-4-5" },\n'
        '    { "name": "CLAUDE_CODE_USE_BEDROCK" },\n'
        '    { "value": "1" },\n'
        "    42,\n"
        "  ],\n"
        "}\n"
    )
    findings = check_text(WORKSPACE, text, select="AL707")
    assert summary(findings) == [
        ("AL707", 3),
        ("AL707", 5),
        ("AL707", 6),
        ("AL707", 7),
        ("AL707", 8),
    ]
    messages = [f.message for f in findings]
    assert 'the string "ANTHROPIC_API_KEY=…"' in messages[0]
    assert 'has no "name" and "value"' in messages[1]
    assert 'item for "CLAUDE_CODE_USE_BEDROCK" has no "value"' in messages[2]
    assert 'item has no "name"' in messages[3]
    assert "item is a number" in messages[4]
    assert [f.fix is not None for f in findings] == [True, True, False, False, False]
    assert findings[0].span == Span.at(2, 4, 4 + len(KEY) + 20)
    assert fixed(text, *findings) == text.replace(
        f'"ANTHROPIC_API_KEY={KEY}"', f'{{ "name": "ANTHROPIC_API_KEY", "value": "{KEY}" }}'
    ).replace(
        '{ "ANTHROPIC_MODEL": "claude-sonnet-4-5" }',
        '{ "name": "ANTHROPIC_MODEL", "value": "claude-sonnet-4-5" }',
    )
    assert_no_secret(findings, KEY)


def test_al707_reports_a_value_that_is_neither_array_nor_object(check_text) -> None:
    text = f'{{\n  "claudeCode.environmentVariables": "ANTHROPIC_API_KEY={KEY}",\n}}\n'
    [finding] = check_text(WORKSPACE, text, select="AL707")
    assert "is a string" in finding.message and finding.fix is None
    assert_no_secret([finding], KEY)


@pytest.mark.parametrize(
    "value",
    [
        '[\n    { "name": "ANTHROPIC_BASE_URL", "value": "https://llm.example.com" },\n  ]',
        '[{ "name": "ANTHROPIC_API_KEY", "value": "" }]',
        "[]",
        "{}",
        "null",
    ],
)
def test_al707_is_silent_on_the_documented_shape(check_text, value) -> None:
    text = (
        f'{{\n  "claudeCode.useTerminal": false,\n'
        f'  "claudeCode.environmentVariables": {value},\n}}\n'
    )
    assert check_text(WORKSPACE, text, select="AL707") == []


def test_al707_only_the_last_duplicate_counts(check_text) -> None:
    text = (
        "{\n"
        '  "claudeCode.environmentVariables": { "ANTHROPIC_API_KEY": "x" },\n'
        '  "claudeCode.environmentVariables": [{ "name": "ANTHROPIC_API_KEY", "value": "x" }],\n'
        "}\n"
    )
    assert check_text(WORKSPACE, text, select="AL707") == []
