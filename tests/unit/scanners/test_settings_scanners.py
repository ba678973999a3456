"""The JSON kind scanners: Claude Code settings/state/credentials, VS Code settings, devcontainers.

Each test writes a real file under its real name, lets ``detect_kind`` pick the
kind and runs the real scanner, as the CLI does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import LineIndex, Span
from authlint.scanners import detect_kind, scan
from keys import api_key, oauth_token, refresh_token

ScanFile = Callable[[str, "str | bytes"], ScannedFile]


def at(line: int, start: int, end: int) -> Span:
    return Span.at(line, start, end)


@pytest.fixture
def scan_file(tmp_path: Path) -> ScanFile:
    def run(name: str, text: str | bytes) -> ScannedFile:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        source = SourceFile.read(path)
        kind = detect_kind(path, source.text)
        assert kind is not None, name
        return scan(source, kind)

    return run


def described(result: ScannedFile) -> list[tuple[str, str | None]]:
    return [(a.name, a.value) for a in result.assignments]


def check_slices(result: ScannedFile, assignment: Assignment) -> None:
    """Spans cover what they claim: the name, the JSON token, the text inside the quotes."""
    index = result.source.index
    assert index.slice(assignment.name_span) == assignment.name
    assert index.slice(assignment.value_span) == assignment.raw_value
    assert index.slice(assignment.content_span) == assignment.raw_content
    assert assignment.statement_span.contains(assignment.name_span)
    assert assignment.statement_span.contains(assignment.value_span)
    assert assignment.exported and assignment.top_level


# --- Claude Code settings --------------------------------------------------------------------

CLAUDE_SETTINGS = """{
  "permissions": {"allow": ["Bash(ls)"]},
  "env": {
    "ANTHROPIC_BASE_URL": "https://gateway.example.com",
    "CLAUDE_CODE_MAX_OUTPUT_TOKENS": 8192,
    "DISABLE_TELEMETRY": true,
    "UNSET_ME": null,
    "FROM_SHELL": "${HOME}/x",
    "ESCAPED": "a\\u0041"
  },
  "hooks": {"env": {"NOT_AN_ENV_BLOCK": "x"}}
}
"""


def test_claude_settings_env_block(scan_file: ScanFile) -> None:
    result = scan_file(".claude/settings.json", CLAUDE_SETTINGS)
    assert result.kind is FileKind.CLAUDE_SETTINGS
    assert result.json is not None and result.json.strictly_valid
    assert described(result) == [
        ("ANTHROPIC_BASE_URL", "https://gateway.example.com"),
        ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "8192"),
        ("DISABLE_TELEMETRY", "true"),
        ("UNSET_ME", None),
        ("FROM_SHELL", None),
        ("ESCAPED", "aA"),
    ]
    base = result.assignments[0]
    assert base.name_span == at(3, 5, 23)
    assert base.value_span == at(3, 26, 55)
    assert base.content_span == at(3, 27, 54)
    assert base.statement_span == at(3, 4, 55)
    assert base.quote == '"' and base.maps_one_to_one
    for assignment in result.assignments:
        check_slices(result, assignment)
    escaped = result.effective("ESCAPED")
    assert escaped is not None and not escaped.maps_one_to_one


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(".claude/settings.json", "{}", [], id="empty-object"),
        pytest.param(".claude/settings.json", "", [], id="empty-file"),
        pytest.param(".claude/settings.json", "[]", [], id="root-array"),
        pytest.param(".claude/settings.json", '{"env": ["A=1"]}', [], id="env-array"),
        pytest.param(".claude/settings.json", '{"env": "A=1"}', [], id="env-string"),
        pytest.param(
            ".claude/settings.json", '{"x": {"env": {"A": "1"}}}', [], id="nested-env-ignored"
        ),
        pytest.param(
            ".claude/settings.local.json", '{"env": {"A": "1"}}', [("A", "1")], id="local"
        ),
        pytest.param(
            "etc/claude-code/managed-settings.json",
            '{"env": {"A": "1"}}',
            [("A", "1")],
            id="managed",
        ),
        pytest.param("dot_claude/settings.json", '{"env": {"A": "1"}}', [("A", "1")], id="chezmoi"),
        pytest.param(
            ".claude/settings.json",
            '{"env": {"A": "1", "A": "2"}}',
            [("A", "1"), ("A", "2")],
            id="duplicates-kept-in-order",
        ),
        pytest.param(
            ".claude/settings.json",
            '{"env": {"A": {"nested": 1}, "B": [1], "C": "c"}}',
            [("C", "c")],
            id="non-scalar-values-skipped",
        ),
        # Strictly invalid (Claude Code ignores the file), but the facts are still there.
        pytest.param(
            ".claude/settings.json", '{"env": {"A": "1",},}', [("A", "1")], id="trailing-comma"
        ),
        pytest.param(
            ".claude/settings.json",
            '// c\n{"env": {"A": "1"}}',
            [("A", "1")],
            id="comment",
        ),
        pytest.param(
            ".claude/settings.json",
            '{"env": {"A": "1", "B": ',
            [("A", "1")],
            id="half-typed",
        ),
    ],
)
def test_claude_settings_shapes(
    scan_file: ScanFile, name: str, text: str, expected: list[tuple[str, str | None]]
) -> None:
    result = scan_file(name, text)
    assert result.kind is FileKind.CLAUDE_SETTINGS
    assert result.json is not None
    assert described(result) == expected


def test_claude_settings_strictness_is_recorded(scan_file: ScanFile) -> None:
    result = scan_file(".claude/settings.json", '{\n  "env": {"A": "1",}, // x\n}\n')
    document = result.json
    assert document is not None and not document.strictly_valid
    assert document.trailing_commas == [at(1, 18, 19), at(1, 20, 21)]
    assert document.comments == [at(1, 22, 26)]
    assert document.errors == []


def test_claude_settings_crlf_bom_and_astral(scan_file: ScanFile) -> None:
    text = '\ufeff{\r\n  "😀": "😀",  "env": {\r\n    "K😀": "v😀"\r\n  }\r\n}\r\n'
    result = scan_file(".claude/settings.json", text.encode("utf-8"))
    assert result.source.bom == b"\xef\xbb\xbf"
    (assignment,) = result.assignments
    assert assignment.name == "K😀" and assignment.value == "v😀"
    assert assignment.name_span == at(2, 5, 7)
    assert assignment.value_span == at(2, 10, 14)
    assert assignment.content_span == at(2, 11, 13)
    check_slices(result, assignment)


# --- VS Code settings ------------------------------------------------------------------------

VSCODE_SETTINGS = """{
  // JSONC: comments and trailing commas are fine here
  "editor.fontSize": 14,
  "terminal.integrated.env.osx": {"A_OSX": "1", "PATH": "${env:PATH}:/x"},
  "terminal.integrated.env.linux": {"A_LINUX": "2", "DROP": null,},
  "terminal.integrated.env.windows": {"A_WIN": "3"},
  "[python]": {"terminal.integrated.env.linux": {"LANG_BLOCK": "x"}},
  "terminal.integrated.env": {"NOT_A_SETTING": "x"},
  "claudeCode.environmentVariables": [
    {"name": "ANTHROPIC_BASE_URL", "value": "https://llm-gateway.example.com"},
    "ANTHROPIC_API_KEY=wrong-shape",
    {"NAME": "UPPER", "VALUE": "wrong-keys"},
    {"name": 1, "value": "name-not-a-string"},
    {"name": "NO_VALUE"},
    {"value": "no-name"},
    {"name": "NUMBER", "value": 5},
  ],
}
"""


def test_vscode_settings_env_blocks(scan_file: ScanFile) -> None:
    result = scan_file(".vscode/settings.json", VSCODE_SETTINGS)
    assert result.kind is FileKind.VSCODE_SETTINGS
    assert result.json is not None and result.json.errors == []
    assert described(result) == [
        ("A_OSX", "1"),
        ("PATH", None),
        ("A_LINUX", "2"),
        ("DROP", None),
        ("A_WIN", "3"),
        ("ANTHROPIC_BASE_URL", "https://llm-gateway.example.com"),
        ("NUMBER", "5"),
    ]
    for assignment in result.assignments:
        check_slices(result, assignment)
    drop = result.effective("DROP")
    assert drop is not None and drop.raw_value == "null"


def test_vscode_claude_code_item_spans(scan_file: ScanFile) -> None:
    result = scan_file(".vscode/settings.json", VSCODE_SETTINGS)
    item = result.effective("ANTHROPIC_BASE_URL")
    assert item is not None
    line = VSCODE_SETTINGS.splitlines()[9]
    name_at = line.index("ANTHROPIC_BASE_URL")
    url_at = line.index("https://")
    assert item.name_span == at(9, name_at, name_at + len("ANTHROPIC_BASE_URL"))
    assert item.content_span == at(9, url_at, url_at + len("https://llm-gateway.example.com"))
    assert item.value_span == at(9, url_at - 1, url_at + len("https://llm-gateway.example.com") + 1)
    assert item.statement_span == at(9, 4, len(line.rstrip(",")))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "proj.code-workspace",
            '{"folders": [], "settings": {"terminal.integrated.env.linux": {"W": "1"}},'
            ' "terminal.integrated.env.linux": {"TOP": "x"}}',
            [("W", "1")],
            id="workspace-settings-only",
        ),
        pytest.param(
            "proj.code-workspace",
            '{"terminal.integrated.env.linux": {"TOP": "x"}}',
            [],
            id="workspace-without-settings",
        ),
        pytest.param(
            "home/.config/Code/User/settings.json",
            '{"claudeCode.environmentVariables": [{"name": "A", "value": "1"}]}',
            [("A", "1")],
            id="user-settings",
        ),
        pytest.param(
            ".vscode/settings.json",
            '{"claudeCode.environmentVariables": {"A": "1"}}',
            [],
            id="claude-code-object-shape",
        ),
        pytest.param(
            ".vscode/settings.json",
            '{"terminal.integrated.env.linux": ["A=1"]}',
            [],
            id="terminal-env-array",
        ),
        pytest.param(
            ".vscode/settings.json",
            '{"terminal.integrated.env.linux": {"A": "1", "B": ',
            [("A", "1")],
            id="half-typed",
        ),
        pytest.param(".vscode/settings.json", "", [], id="empty"),
    ],
)
def test_vscode_settings_shapes(
    scan_file: ScanFile, name: str, text: str, expected: list[tuple[str, str | None]]
) -> None:
    result = scan_file(name, text)
    assert result.kind is FileKind.VSCODE_SETTINGS
    assert described(result) == expected


# --- devcontainer.json -----------------------------------------------------------------------

DEVCONTAINER = """// devcontainer.json is JSONC
{
  "name": "dev",
  "build": {"args": {"BUILD_ARG": "not-env"}},
  "containerEnv": {
    "ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}",
    "CLAUDE_CONFIG_DIR": "/home/node/.claude",
  },
  "remoteEnv": {"PATH": "${containerEnv:PATH}:/x", "EDITOR": "code"},
  "customizations": {"vscode": {"settings": {}}},
}
"""


def test_devcontainer_env_blocks(scan_file: ScanFile) -> None:
    result = scan_file(".devcontainer/devcontainer.json", DEVCONTAINER)
    assert result.kind is FileKind.DEVCONTAINER
    assert result.json is not None and result.json.errors == []
    assert len(result.json.trailing_commas) == 2
    assert described(result) == [
        ("ANTHROPIC_API_KEY", None),
        ("CLAUDE_CONFIG_DIR", "/home/node/.claude"),
        ("PATH", None),
        ("EDITOR", "code"),
    ]
    key = result.assignments[0]
    assert key.name_span == at(5, 5, 22)
    assert key.raw_content == "${localEnv:ANTHROPIC_API_KEY}"
    for assignment in result.assignments:
        check_slices(result, assignment)


def test_devcontainer_root_file_name(scan_file: ScanFile) -> None:
    result = scan_file(".devcontainer.json", '{"remoteEnv": {"A": "1"}}')
    assert result.kind is FileKind.DEVCONTAINER
    assert described(result) == [("A", "1")]


# --- ~/.claude.json and ~/.claude/.credentials.json -----------------------------------------


def test_claude_state_has_a_tree_and_no_assignments(scan_file: ScanFile) -> None:
    key = api_key("state")
    text = (
        '{"primaryApiKey": "' + key + '", "env": {"ANTHROPIC_API_KEY": "' + key + '"},'
        ' "customApiKeyResponses": {"approved": ["' + key[-20:] + '"], "rejected": []}}'
    )
    result = scan_file(".claude.json", text)
    assert result.kind is FileKind.CLAUDE_STATE
    assert result.assignments == []
    assert result.json is not None and result.json.root is not None
    primary = result.json.root.get("primaryApiKey")
    assert primary is not None and primary.value == key
    responses = result.json.root.get("customApiKeyResponses")
    assert responses is not None
    approved = responses.get("approved")
    assert approved is not None and [i.value for i in approved.items] == [key[-20:]]


def test_claude_credentials_have_a_tree_and_no_assignments(scan_file: ScanFile) -> None:
    access, refresh = oauth_token("cred"), refresh_token("cred")
    text = (
        '{"claudeAiOauth": {"accessToken": "' + access + '", "refreshToken": "' + refresh + '",'
        ' "expiresAt": 1785876648522, "scopes": ["user:inference"], "subscriptionType": "max"}}'
    )
    result = scan_file(".claude/.credentials.json", text)
    assert result.kind is FileKind.CLAUDE_CREDENTIALS
    assert result.assignments == [] and result.slips == []
    assert result.json is not None and result.json.strictly_valid
    oauth = result.json.root.get("claudeAiOauth") if result.json.root else None
    assert oauth is not None
    expires = oauth.get("expiresAt")
    assert expires is not None and expires.type == "number" and expires.value == 1785876648522
    token = oauth.get("accessToken")
    assert token is not None
    assert LineIndex(text).slice(token.content_span) == access


# --- the existing rules apply to env blocks ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "template"),
    [
        (".claude/settings.json", '{\n  "env": {\n    "ANTHROPIC_API_KEY": "{KEY} "\n  }\n}\n'),
        (
            ".vscode/settings.json",
            '{\n  "terminal.integrated.env.linux": {\n    "ANTHROPIC_API_KEY": "{KEY} "\n  }\n}\n',
        ),
        (
            ".devcontainer/devcontainer.json",
            '{\n  "containerEnv": {\n    "ANTHROPIC_API_KEY": "{KEY} "\n  }\n}\n',
        ),
    ],
)
def test_whitespace_rule_reads_json_env_blocks(check_text, name: str, template: str) -> None:
    key = api_key("json")
    text = template.replace("{KEY}", key)
    findings = check_text(name, text, select="AL201")
    assert [(f.code, f.span.start.line) for f in findings] == [("AL201", 2)]
    # The same file without the space is clean.
    assert check_text(name, text.replace(key + " ", key), select="AL201") == []


def test_substituted_values_are_not_checked(check_text) -> None:
    text = '{"containerEnv": {"ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY} "}}'
    assert check_text(".devcontainer/devcontainer.json", text, select=("AL201", "AL101")) == []
