"""AL801–AL814: Claude Code settings, ``~/.claude.json`` and ``.credentials.json``.

Every case writes a real file under ``tmp_path`` (folders in the name decide
the kind: ``p/.claude/settings.json`` is a project's settings file,
``home/.claude/settings.json`` the user's, ``home/.claude.json`` the state
file, ``home/.claude/.credentials.json`` the login) and runs the real JSON
scanners and rules. ``check_text`` uses ``tmp_path/home`` as the home folder;
the rules that compare with the user's environment get it through
``run(..., environ=...)``, which builds the same :class:`CheckContext` with an
``environ``. A test makes ``tmp_path`` a git work tree by creating ``.git``.
Keys come from ``tests/keys.py``; no full key is written here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from authlint.core import git
from authlint.core.context import CheckContext, Platform
from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_fixes
from authlint.core.secrets import mask
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.core.text import Position, Span
from authlint.engine import check_source
from authlint.rules.broken_api_key_helper import extra_output
from authlint.scanners import detect_kind
from keys import api_key, oauth_token, openrouter_key, refresh_token

E, W = Severity.ERROR, Severity.WARNING
AK, AT, OT = "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"
KEY = api_key("claude-code")
TOKEN = oauth_token("claude-code")
REFRESH = refresh_token("claude-code")
GATEWAY = "gw-Zx81kQp2LmN7vB3cT9"
PROJECT = "p/.claude/settings.json"
LOCAL = "p/.claude/settings.local.json"
USER = "home/.claude/settings.json"
STATE = "home/.claude.json"
CREDENTIALS = "home/.claude/.credentials.json"

Run = Callable[..., list[Finding]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Make ``tmp_path`` (where the files are written) a git work tree."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """``run(name, text, select, environ=None, mode=None, platform="linux", home=True)``.

    Like ``check_text``, plus the process environment the rules may compare
    with, the file mode to set before checking, and ``home=False`` for a
    context that does not read the home folder.
    """

    def go(
        name: str,
        text: str,
        select: str,
        environ: Mapping[str, str] | None = None,
        mode: int | None = None,
        platform: str = "linux",
        home: bool = True,
    ) -> list[Finding]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        if mode is not None:
            path.chmod(mode)
        source = SourceFile.read(path)
        kind = detect_kind(path, source.text)
        assert kind is not None, name
        context = CheckContext(
            platform=Platform(platform),
            home=tmp_path / "home" if home else None,
            environ=dict(environ or {}),
        )
        return check_source(source, kind, context, Settings(select=(select,)))

    return go


def write(tmp_path: Path, name: str, text: str, mode: int | None = None) -> Path:
    """Write a helper file (a script, a sibling settings file) under ``tmp_path``."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mode is not None:
        path.chmod(mode)
    return path


def settings(env: Mapping[str, str] | None = None, **top: object) -> str:
    """A settings file text, pretty-printed as Claude Code writes it."""
    data: dict[str, object] = dict(top)
    if env is not None:
        data["env"] = dict(env)
    return json.dumps(data, indent=2) + "\n"


def codes(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def span_of(text: str, needle: str, occurrence: int = 0) -> Span:
    """The single-line span of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1)
    return Span.at(line, column, column + len(needle))


def position_of(text: str, needle: str) -> Position:
    """The position where ``needle`` first starts in ``text`` (it may span lines)."""
    start = text.index(needle)
    return Position(text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1))


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message or related note carries a 16-character piece of a secret."""
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        for secret in secrets:
            pieces = {secret[i : i + 16] for i in range(len(secret) - 15)}
            for text in texts:
                assert not any(piece in text for piece in pieces), finding.code


# --- AL801 invalid-claude-settings-json ---------------------------------------------------

INVALID_SETTINGS = [
    # (text, what the message names, the offending text)
    ('{\n  "env": {\n    "A": "1",\n  }\n}\n', "a trailing comma", ","),
    ('{\n  "permissions": {"allow": ["Bash",]},\n  "env": {}\n}\n', "a trailing comma", ","),
    ('{\n  // team settings\n  "env": {}\n}\n', "a comment", "// team settings"),
    ('{\n  /* off */ "env": {}\n}\n', "a comment", "/* off */"),
    (
        '{\n  "autoUpdatesChannel": "latest"\n  "env": {}\n}\n',
        "a JSON syntax error (Expecting ',' delimiter)",
        '"env"',  # where a strict parser stops
    ),
]


@pytest.mark.parametrize(("text", "what", "offending"), INVALID_SETTINGS)
@pytest.mark.parametrize("name", [PROJECT, LOCAL, USER, "dotfiles/dot_claude/settings.json"])
def test_al801_points_at_the_first_place_a_strict_parser_stops(
    check_text, name, text, what, offending
) -> None:
    findings = check_text(name, text, select="AL801")
    (finding,) = findings
    assert (finding.code, finding.name, finding.severity) == (
        "AL801",
        "invalid-claude-settings-json",
        E,
    )
    assert finding.span == span_of(text, offending)
    assert f"this is {what}:" in finding.message
    assert "ignores a settings file it cannot parse" in finding.message
    assert "`Not logged in · Please run /login`" in finding.message


def test_al801_names_the_file_and_counts_the_other_problems(check_text) -> None:
    text = '{\n  // a\n  "env": {"A": "1",},\n  "x": [1,],\n}\n'
    (finding,) = check_text(PROJECT, text, select="AL801")
    assert finding.span == span_of(text, "// a")
    assert finding.message.startswith(".claude/settings.json is strict JSON, and this is a comment")
    assert "(and 3 more problems)" in finding.message
    assert finding.fix is not None  # the commas can go; the comment stays for a person


@pytest.mark.parametrize(
    "text",
    [
        '{\n  "env": {\n    "A": "1",\n  },\n}\n',
        '{"permissions": {"allow": ["Bash", "Read",],},}',
        '{\r\n  "env": {\r\n    "A": "é🔑",\r\n  },\r\n}\r\n',
    ],
)
def test_al801_fix_deletes_only_the_trailing_commas(check_text, tmp_path, text) -> None:
    (finding,) = check_text(PROJECT, text, select="AL801")
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    assert finding.fix.title == "Remove the trailing comma"
    assert all(e.new_text == "" for e in finding.fix.edits)
    fixed = apply_fixes(SourceFile.read(tmp_path / PROJECT), [finding.fix]).source.text
    json.loads(fixed)
    assert Counter(text) - Counter(fixed) == Counter({",": len(finding.fix.edits)})
    assert Counter(fixed) - Counter(text) == Counter()
    assert check_text(PROJECT, fixed, select="AL801") == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('{\n  // c\n  "env": {}\n}\n', "a comment"),
        ('{\n  "a": 1,\n  /* b */\n}\n', "a trailing comma"),  # the comment would stay
        ('{\n  "a": 1\n  "b": 2,\n}\n', "a JSON syntax error"),  # the comma may not be all
    ],
)
def test_al801_offers_no_fix_that_leaves_the_file_broken(check_text, text, what) -> None:
    (finding,) = check_text(PROJECT, text, select="AL801")
    assert f"this is {what}" in finding.message
    if what != "a trailing comma":
        assert finding.fix is None


def test_al801_rejects_what_json_parse_rejects_and_python_accepts(check_text) -> None:
    (finding,) = check_text(PROJECT, '{"cleanupPeriodDays": NaN}\n', select="AL801")
    assert "JSON syntax error" in finding.message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (PROJECT, settings({"DISABLE_TELEMETRY": "1"}, includeCoAuthoredBy=False)),
        (PROJECT, "{}"),
        (PROJECT, "{\n}\n"),
        (PROJECT, ""),  # empty: no settings to lose
        (PROJECT, "  \n"),
        (PROJECT, '\ufeff{"env": {}}\n'),  # the BOM is not part of the text
        (USER, '{"env": {"A": "x,}"}, "note": "// not a comment"}'),
        # JSONC is legal in VS Code settings and devcontainers: other kinds.
        (".vscode/settings.json", '{\n  // c\n  "editor.tabSize": 2,\n}\n'),
        (".devcontainer/devcontainer.json", '{\n  "name": "x", // c\n}\n'),
    ],
)
def test_al801_is_silent_on_strict_json_and_on_jsonc_files(check_text, name, text) -> None:
    assert check_text(name, text, select="AL801") == []


def test_al801_fix_through_the_cli(tmp_path: Path) -> None:
    path = write(
        tmp_path, PROJECT, '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "http://x:4000",\n  }\n}\n'
    )
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", str(path), "--no-home", "--fix"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == before.replace(b'4000",\n', b'4000"\n')
    json.loads(path.read_text(encoding="utf-8"))


# --- AL802 credential-in-project-claude-settings ------------------------------------------

SECRET_VARIABLES = [AK, AT, OT, "AWS_BEARER_TOKEN_BEDROCK", "ANTHROPIC_FOUNDRY_API_KEY"]


@pytest.mark.parametrize("variable", SECRET_VARIABLES)
@pytest.mark.parametrize("value", [KEY, TOKEN, GATEWAY])
def test_al802_reports_a_credential_in_the_committed_project_settings(
    check_text, repo, variable, value
) -> None:
    text = settings({"ANTHROPIC_BASE_URL": "https://gw.example.com", variable: value})
    (finding,) = check_text(PROJECT, text, select="AL802")
    assert (finding.code, finding.name, finding.severity) == (
        "AL802",
        "credential-in-project-claude-settings",
        E,
    )
    assert finding.span == span_of(text, value)
    assert finding.message.startswith(f"{variable} in the project's shared .claude/settings.json")
    assert f"`{mask(value)}`" in finding.message
    assert "settings.local.json" in finding.message and "apiKeyHelper" in finding.message
    assert finding.fix is None
    assert_no_secret([finding], value)


def test_al802_reports_an_unignored_local_settings_file(check_text, repo) -> None:
    text = settings({AT: GATEWAY})
    (finding,) = check_text(LOCAL, text, select="AL802")
    assert finding.message.startswith(f"{AT} in .claude/settings.local.json holds a credential")
    assert "`**/.claude/settings.local.json`" in finding.message


@pytest.mark.parametrize("global_excludes", [False, True])
def test_al802_is_silent_when_the_local_settings_file_is_ignored(
    check_text, repo, isolated_git, global_excludes
) -> None:
    # The repository's .gitignore, or the global excludes file Claude Code writes to.
    folder = isolated_git / ".config" / "git" if global_excludes else repo
    write(folder, "ignore" if global_excludes else ".gitignore", "**/.claude/settings.local.json\n")
    assert check_text(LOCAL, settings({AT: GATEWAY}), select="AL802") == []


@pytest.mark.parametrize(
    ("name", "env"),
    [
        # Values that are no secret: empty (cancels a shell export), placeholders, a
        # reference Claude Code does not expand, local-router dummies, too short.
        (PROJECT, {AK: ""}),
        (PROJECT, {AK: "   "}),
        (PROJECT, {AK: "your-anthropic-api-key"}),
        (PROJECT, {AK: "sk-ant-..."}),
        (PROJECT, {AT: "test", "ANTHROPIC_BASE_URL": "http://127.0.0.1:3456"}),
        (PROJECT, {AT: "dummy-token-for-router"}),
        (PROJECT, {AT: "sk-1234", "ANTHROPIC_BASE_URL": "http://localhost:4000"}),
        (PROJECT, {AK: "${ANTHROPIC_API_KEY}"}),
        # Not credentials.
        (PROJECT, {"ANTHROPIC_BASE_URL": "https://gw.example.com/anthropic"}),
        (PROJECT, {"ANTHROPIC_MODEL": "claude-sonnet-4-5-20250929", "DISABLE_TELEMETRY": "1"}),
        # Not a project's file: the user's own settings, a copy in a dotfiles folder.
        (USER, {AK: KEY}),
        ("dotfiles/dot_claude/settings.json", {AK: KEY}),
    ],
)
def test_al802_is_silent_on_non_secrets_and_other_files(check_text, repo, name, env) -> None:
    assert check_text(name, settings(env), select="AL802") == []


def test_al802_needs_a_git_work_tree(check_text) -> None:
    assert check_text(PROJECT, settings({AK: KEY}), select="AL802") == []


# --- AL803 api-key-and-auth-token-in-settings ---------------------------------------------


@pytest.mark.parametrize("name", [PROJECT, LOCAL, USER, "etc/claude-code/managed-settings.json"])
def test_al803_reports_both_credentials_in_one_env_block(check_text, name) -> None:
    text = settings({AK: KEY, "ANTHROPIC_BASE_URL": "https://gw.example.com", AT: GATEWAY})
    (finding,) = check_text(name, text, select="AL803")
    assert (finding.code, finding.name, finding.severity) == (
        "AL803",
        "api-key-and-auth-token-in-settings",
        W,
    )
    assert finding.span == span_of(text, f'"{AK}"')
    (related,) = finding.related
    assert related.span == span_of(text, f'"{AT}"')
    assert "`auth may not work as expected`" in finding.message
    assert "x-api-key" in finding.message and "`Authorization: Bearer`" in finding.message
    assert_no_secret([finding], KEY)


@pytest.mark.parametrize(
    "env",
    [
        # The OpenRouter recipe: the key explicitly empty next to the token.
        {
            "ANTHROPIC_BASE_URL": "https://openrouter.ai/api",
            AT: openrouter_key("al803"),
            AK: "",
        },
        {AK: KEY},
        {AT: GATEWAY},
        {AK: " ", AT: GATEWAY},
        {AK: KEY, OT: TOKEN},  # a different pair
        {AK: KEY, "ANTHROPIC_AUTH_TOKEN_FILE": "/run/secrets/t"},
    ],
)
def test_al803_is_silent_with_one_credential(check_text, env) -> None:
    assert check_text(PROJECT, settings(env), select="AL803") == []


# --- AL804 cloud-provider-with-anthropic-credentials --------------------------------------


@pytest.mark.parametrize(
    ("switch", "value", "provider"),
    [
        ("CLAUDE_CODE_USE_BEDROCK", "1", "Amazon Bedrock"),
        ("CLAUDE_CODE_USE_VERTEX", "true", "Google Vertex AI"),
        ("CLAUDE_CODE_USE_FOUNDRY", "yes", "Microsoft Foundry"),
    ],
)
def test_al804_reports_a_provider_switch_next_to_an_anthropic_credential(
    check_text, switch, value, provider
) -> None:
    text = settings({switch: value, AK: KEY})
    (finding,) = check_text(USER, text, select="AL804")
    assert (finding.code, finding.name, finding.severity) == (
        "AL804",
        "cloud-provider-with-anthropic-credentials",
        W,
    )
    assert finding.span == span_of(text, f'"{switch}"')
    assert f"use {provider}" in finding.message
    assert f"the {AK} in this file is never used" in finding.message
    assert [r.span for r in finding.related] == [span_of(text, f'"{AK}"')]
    assert_no_secret([finding], KEY)


def test_al804_counts_an_api_key_helper_and_lists_every_credential(check_text) -> None:
    text = settings({"CLAUDE_CODE_USE_BEDROCK": "1", AT: GATEWAY}, apiKeyHelper="~/bin/k")
    (finding,) = check_text(PROJECT, text, select="AL804")
    assert f"the {AT} and apiKeyHelper in this file are never used" in finding.message
    assert len(finding.related) == 2


@pytest.mark.parametrize(
    "env",
    [
        {"CLAUDE_CODE_USE_BEDROCK": "0", AK: KEY},  # explicitly disabled
        {"CLAUDE_CODE_USE_BEDROCK": "false", AK: KEY},
        {"CLAUDE_CODE_USE_VERTEX": "", AK: KEY},  # the documented way to cancel it
        {"CLAUDE_CODE_USE_BEDROCK": "1", AK: ""},
        {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_BEARER_TOKEN_BEDROCK": GATEWAY},  # Bedrock's own
        {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_API_KEY": GATEWAY},
        # A gateway in front of the provider authenticates the token.
        {
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
            "ANTHROPIC_BEDROCK_BASE_URL": "https://llm.example.com/bedrock",
            AT: GATEWAY,
        },
        {AK: KEY},
    ],
)
def test_al804_is_silent_when_the_switch_is_off_or_nothing_competes(check_text, env) -> None:
    assert check_text(USER, settings(env), select="AL804") == []


# --- AL805 cloud-provider-missing-settings ------------------------------------------------


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"CLAUDE_CODE_USE_VERTEX": "1"}, "CLOUD_ML_REGION and ANTHROPIC_VERTEX_PROJECT_ID are"),
        (
            {"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global"},
            "ANTHROPIC_VERTEX_PROJECT_ID is",
        ),
        (
            {"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "p"},
            "CLOUD_ML_REGION is",
        ),
        ({"CLAUDE_CODE_USE_BEDROCK": "1"}, "AWS_REGION (or AWS_PROFILE) is"),
        ({"CLAUDE_CODE_USE_FOUNDRY": "1"}, "ANTHROPIC_FOUNDRY_RESOURCE (or ANTHROPIC_FOUNDRY_BA"),
        # A key alone does not say which resource to send requests to (issue 12, row 16).
        (
            {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_API_KEY": GATEWAY},
            "ANTHROPIC_FOUNDRY_RESOURCE (or ANTHROPIC_FOUNDRY_BASE_URL) is",
        ),
    ],
)
def test_al805_reports_a_provider_without_what_it_needs(run, env, missing) -> None:
    text = settings(env)
    (finding,) = run(USER, text, "AL805")
    assert (finding.code, finding.name, finding.severity) == (
        "AL805",
        "cloud-provider-missing-settings",
        W,
    )
    switch = next(iter(env))
    assert finding.span == span_of(text, f'"{switch}"')
    assert missing in finding.message


@pytest.mark.parametrize(
    "env",
    [
        {
            "CLAUDE_CODE_USE_VERTEX": "1",
            "CLOUD_ML_REGION": "us-east5",
            "ANTHROPIC_VERTEX_PROJECT_ID": "p",
        },  # noqa: E501
        {"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global", "GOOGLE_CLOUD_PROJECT": "p"},
        {"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_BASE_URL": "https://gw/vertex"},
        {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"},
        {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "work"},
        {"CLAUDE_CODE_USE_BEDROCK": "1", "ANTHROPIC_BEDROCK_BASE_URL": "https://gw/bedrock"},
        {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "my-resource"},
        {
            "CLAUDE_CODE_USE_FOUNDRY": "1",
            "ANTHROPIC_FOUNDRY_API_KEY": GATEWAY,
            "ANTHROPIC_FOUNDRY_BASE_URL": "https://my-resource.services.ai.azure.com/anthropic",
        },
        {"CLAUDE_CODE_USE_BEDROCK": "0"},
        {"CLAUDE_CODE_USE_VERTEX": ""},
    ],
)
def test_al805_is_silent_when_the_provider_has_what_it_needs(run, env) -> None:
    assert run(USER, settings(env), "AL805") == []


def test_al805_reads_the_environment_and_the_other_settings_files(run, tmp_path) -> None:
    text = settings({"CLAUDE_CODE_USE_VERTEX": "1"})
    environ = {"CLOUD_ML_REGION": "global", "ANTHROPIC_VERTEX_PROJECT_ID": "p"}
    assert run(PROJECT, text, "AL805", environ=environ) == []
    # The region from the user's settings, the project from the project's local file.
    write(tmp_path, USER, settings({"CLOUD_ML_REGION": "global"}))
    assert len(run(PROJECT, text, "AL805")) == 1
    write(tmp_path, LOCAL, settings({"ANTHROPIC_VERTEX_PROJECT_ID": "p"}))
    assert run(PROJECT, text, "AL805") == []


def test_al805_is_silent_when_a_higher_settings_file_cancels_the_switch(run, tmp_path) -> None:
    write(tmp_path, LOCAL, settings({"CLAUDE_CODE_USE_BEDROCK": ""}))
    assert run(PROJECT, settings({"CLAUDE_CODE_USE_BEDROCK": "1"}), "AL805") == []


# --- AL806 api-key-helper-in-project-settings ---------------------------------------------


def test_al806_reports_a_helper_in_the_committed_project_settings(check_text, repo) -> None:
    text = settings(apiKeyHelper="~/bin/team-key.sh")
    (finding,) = check_text(PROJECT, text, select="AL806")
    assert (finding.code, finding.name, finding.severity) == (
        "AL806",
        "api-key-helper-in-project-settings",
        W,
    )
    assert finding.span == span_of(text, '"apiKeyHelper"')
    assert "outranks each user's own `/login`" in finding.message


@pytest.mark.parametrize(
    ("name", "helper"),
    [
        (PROJECT, "echo dummy"),  # a constant for a local router
        (PROJECT, "printf 'sk-local'"),
        (PROJECT, ""),  # AL807's
        (LOCAL, "~/bin/key.sh"),  # the personal file
        (USER, "~/bin/key.sh"),
        ("dotfiles/.claude/settings.json", "~/bin/key.sh"),  # the user's own, kept in git
    ],
)
def test_al806_is_silent_outside_a_shared_project_file(check_text, repo, name, helper) -> None:
    assert check_text(name, settings(apiKeyHelper=helper), select="AL806") == []


def test_al806_is_silent_next_to_shell_profiles_and_outside_git(check_text, tmp_path) -> None:
    text = settings(apiKeyHelper="~/bin/key.sh")
    assert check_text(PROJECT, text, select="AL806") == []  # not a git work tree
    (tmp_path / ".git").mkdir()
    git.clear_caches()
    assert len(check_text(PROJECT, text, select="AL806")) == 1
    write(tmp_path, "p/.zshrc", "export PATH=$HOME/bin:$PATH\n")  # a home folder in git
    assert check_text(PROJECT, text, select="AL806") == []


def test_al806_only_folders_inside_the_repository_say_dotfiles(check_text, tmp_path) -> None:
    (tmp_path / "old-dotfiles" / "proj" / ".git").mkdir(parents=True)
    name = "old-dotfiles/proj/.claude/settings.json"
    assert len(check_text(name, settings(apiKeyHelper="~/bin/k.sh"), select="AL806")) == 1


# --- AL807 broken-api-key-helper ----------------------------------------------------------


@pytest.mark.parametrize("helper", ["", "  "])
def test_al807_reports_an_empty_helper(check_text, helper) -> None:
    text = settings(apiKeyHelper=helper, cleanupPeriodDays=30)
    (finding,) = check_text(USER, text, select="AL807")
    assert (finding.code, finding.name, finding.severity) == ("AL807", "broken-api-key-helper", E)
    quoted = span_of(text, f'"{helper}"')
    expected = (
        quoted
        if not helper
        else Span.at(quoted.start.line, quoted.start.character + 1, quoted.end.character - 1)
    )
    assert finding.span == expected
    assert finding.message.startswith("`apiKeyHelper` is empty")


SCRIPT_OK = "#!/bin/sh\nop read op://Private/Anthropic/credential\n"


@pytest.mark.parametrize(
    ("helper", "files", "problem"),
    [
        ("~/bin/key.sh", {}, "does not exist"),
        ("$HOME/bin/key.sh --quiet", {}, "does not exist"),
        ("/nonexistent-authlint/key.sh", {}, "does not exist"),
        ("~/bin/key.sh", {"home/bin/key.sh": (SCRIPT_OK, 0o644)}, "is not executable"),
        ("~/bin", {"home/bin/x": ("", 0o755)}, "is a folder"),
        ("bash ~/bin/key.sh", {}, "does not exist"),
        ("python3 -u ~/bin/key.py", {}, "does not exist"),
        ("FOO=1 exec ~/bin/key.sh", {}, "does not exist"),
    ],
)
def test_al807_reports_a_helper_program_that_cannot_run(
    check_text, tmp_path, helper, files, problem
) -> None:
    for name, (content, mode) in files.items():
        write(tmp_path, name, content, mode)
    text = settings(apiKeyHelper=helper)
    (finding,) = check_text(USER, text, select="AL807")
    assert finding.span == span_of(text, helper.replace("\\", ""))
    assert f"which {problem}" in finding.message
    assert "`Invalid API key · Fix external API key`" in finding.message


def test_al807_resolves_relative_paths_from_the_project(check_text, tmp_path) -> None:
    text = settings(apiKeyHelper="./scripts/key.sh")
    (finding,) = check_text(PROJECT, text, select="AL807")
    assert str(tmp_path / "p" / "scripts" / "key.sh") in finding.message
    write(tmp_path, "p/scripts/key.sh", SCRIPT_OK, 0o755)
    assert check_text(PROJECT, text, select="AL807") == []


@pytest.mark.parametrize(
    ("script", "line", "why"),
    [
        (
            '#!/bin/sh\necho "Fetching the key from 1Password..."\nop read op://P/A/credential\n',
            2,
            "`echo` prints text besides the key",
        ),
        ('#!/bin/bash\nset -euo pipefail\nKEY=$(cat ~/.k)\necho "Key: $KEY"\n', 4, "`echo`"),
        ("#!/bin/sh\ncat ~/.anthropic/header\ncat ~/.anthropic/key\n", 3, "a second `cat`"),
        ("#!/usr/bin/env bash\nprintf 'key=%s\\n' \"$K\"\n", 2, "`printf` prints text"),
        ('echo loading; echo "$K"\n', 1, "`echo` prints text"),  # no shebang: /bin/sh
    ],
)
def test_al807_reports_a_script_that_prints_more_than_the_key(
    check_text, tmp_path, script, line, why
) -> None:
    script_path = write(tmp_path, "home/bin/key.sh", script, 0o755)
    text = settings(apiKeyHelper="~/bin/key.sh")
    (finding,) = check_text(USER, text, select="AL807")
    assert f"prints more than the key (line {line}: {why}" in finding.message
    (related,) = finding.related
    assert related.path == script_path and related.span.start.line == line - 1


@pytest.mark.parametrize(
    "script",
    [
        SCRIPT_OK,
        '#!/bin/sh\necho "$ANTHROPIC_KEY_FROM_VAULT"\n',
        "#!/bin/sh\nprintf '%s' \"$(security find-generic-password -w -s anthropic)\"\n",
        '#!/bin/sh\necho "fetching" >&2\necho "loading" 1>&2\ncat ~/.anthropic-key\n',
        "#!/bin/sh\nset -x\nop read op://P/A/credential\n",  # the trace goes to stderr
        "#!/bin/sh\nmkdir -p ~/.cache\necho sk-static-local-key\n",
        # Branches: which line runs is not clear.
        '#!/bin/sh\nif [ -n "$K" ]; then\n  echo "$K"\nelse\n  echo "none"\nfi\n',
        '#!/bin/sh\n[ -f ~/.k ] && cat ~/.k || echo "fallback"\n',
        "#!/bin/sh\ncat <<EOF\n$K\nEOF\n",
        "#!/usr/bin/env python3\nprint('a')\nprint('b')\n",  # not a shell script
    ],
)
def test_al807_is_silent_on_helpers_that_print_only_the_key(check_text, tmp_path, script) -> None:
    write(tmp_path, "home/bin/key.sh", script, 0o755)
    assert check_text(USER, settings(apiKeyHelper="~/bin/key.sh"), select="AL807") == []


def test_al807_reports_an_inline_command_that_prints_more(check_text) -> None:
    text = settings(apiKeyHelper="echo 'using the team key'; cat ~/.team-key")
    (finding,) = check_text(USER, text, select="AL807")
    assert "command prints more than the key" in finding.message


@pytest.mark.parametrize(
    ("name", "helper", "platform"),
    [
        (USER, "echo dummy", "linux"),
        (USER, "op read op://Private/Anthropic/credential", "linux"),  # on PATH at run time
        (USER, "security find-generic-password -w -s anthropic", "macos"),
        (USER, "sh -c 'cat ~/.k'", "linux"),
        (USER, "~/bin/key.sh", "windows"),  # cmd.exe runs it there
        (USER, "C:\\Tools\\key.cmd", "linux"),
        (USER, "~someone/bin/key.sh", "linux"),
        (USER, "$KEY_HELPER_DIR/key.sh", "linux"),
        (USER, "./relative/key.sh", "linux"),  # from wherever claude starts
        # A copy in a dotfiles folder: this machine's disk says nothing about it.
        ("dotfiles/dot_claude/settings.json", "~/bin/key.sh", "linux"),
        ("dotfiles/.claude/settings.json", "./bin/key.sh", "linux"),
    ],
)
def test_al807_does_not_judge_what_it_cannot_see(check_text, name, helper, platform) -> None:
    findings = check_text(name, settings(apiKeyHelper=helper), select="AL807", platform=platform)
    assert findings == []


def test_al807_skips_home_paths_when_the_home_folder_is_not_read(run) -> None:
    assert run(USER, settings(apiKeyHelper="~/bin/key.sh"), "AL807", home=False) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=1\nexport B\n", None),
        ('echo "$K"', None),
        ("echo one\necho two\n", (0, "`echo` prints text besides the key")),
        ('echo "$A"\ncat "$B"\n', (1, "a second `cat` prints another line")),
        ("echo one # comment; echo two\n", None),
        ("echo 'a;b'\n", None),
        ('echo "$(printf x; printf y)"\n', None),
        ("echo hi | tr a-z A-Z\n", None),
        ('echo hi > /tmp/x\necho "$K"\n', None),
        ("echo x &\n", None),
        ("f() { echo x; }\nf\n", None),
        ("echo 'unterminated\n", None),
    ],
)
def test_al807_reads_straight_line_shell(text, expected) -> None:
    assert extra_output(text) == expected


# --- AL808 force-login-with-api-key -------------------------------------------------------


@pytest.mark.parametrize(
    ("top", "env", "conflict"),
    [
        ({"forceLoginMethod": "claudeai"}, {AK: KEY}, AK),
        ({"forceLoginMethod": "console"}, {AT: GATEWAY}, AT),
        ({"forceLoginOrgUUID": "0b9c0d0e-1111-2222-3333-444455556666"}, {AK: KEY}, AK),
        ({"forceLoginMethod": "claudeai", "apiKeyHelper": "~/bin/k"}, None, "apiKeyHelper"),
    ],
)
def test_al808_reports_a_forced_login_next_to_a_key(check_text, top, env, conflict) -> None:
    text = settings(env, **top)
    name = "etc/claude-code/managed-settings.json"
    (finding,) = check_text(name, text, select="AL808")
    assert (finding.code, finding.name, finding.severity) == (
        "AL808",
        "force-login-with-api-key",
        E,
    )
    forced = next(iter(top))
    assert finding.span == span_of(text, f'"{forced}"')
    assert f"the {conflict} in this file" in finding.message
    assert "`This machine's managed settings require a first-party login`" in finding.message
    assert [r.span for r in finding.related] == [span_of(text, f'"{conflict}"')]
    assert_no_secret([finding], KEY)


@pytest.mark.parametrize(
    ("top", "env"),
    [
        ({"forceLoginMethod": "claudeai"}, {"ANTHROPIC_BASE_URL": "https://x"}),
        ({"forceLoginMethod": "claudeai"}, {AK: ""}),
        ({"forceLoginMethod": ""}, {AK: KEY}),
        ({"forceLoginMethod": "claudeai"}, {OT: TOKEN}),  # a first-party login
        ({}, {AK: KEY}),
    ],
)
def test_al808_is_silent_without_both_halves(check_text, top, env) -> None:
    assert check_text(USER, settings(env, **top), select="AL808") == []


# --- AL809 stale-login-key-with-gateway ---------------------------------------------------

STATE_WITH_KEY = json.dumps({"numStartups": 3, "primaryApiKey": KEY}, indent=2) + "\n"


def test_al809_reports_a_stored_key_next_to_a_gateway_token(run) -> None:
    (finding,) = run(STATE, STATE_WITH_KEY, "AL809", environ={AT: GATEWAY})
    assert (finding.code, finding.name, finding.severity) == (
        "AL809",
        "stale-login-key-with-gateway",
        W,
    )
    assert finding.span == span_of(STATE_WITH_KEY, '"primaryApiKey"')
    assert "your environment sets ANTHROPIC_AUTH_TOKEN" in finding.message
    assert "run `/logout`" in finding.message
    assert mask(KEY) not in finding.message and KEY[-4:] not in finding.message
    assert_no_secret([finding], KEY, GATEWAY)


def test_al809_reads_the_token_from_the_user_settings(run, tmp_path) -> None:
    write(tmp_path, USER, settings({AT: GATEWAY, "ANTHROPIC_BASE_URL": "http://127.0.0.1:8082"}))
    (finding,) = run(STATE, STATE_WITH_KEY, "AL809")
    assert "~/.claude/settings.json `env` sets" in finding.message


def test_al809_follows_claude_config_dir(run, tmp_path) -> None:
    environ = {AT: GATEWAY, "CLAUDE_CONFIG_DIR": str(tmp_path / "cfg")}
    assert run(STATE, STATE_WITH_KEY, "AL809", environ=environ) == []
    assert len(run("cfg/.claude.json", STATE_WITH_KEY, "AL809", environ=environ)) == 1


@pytest.mark.parametrize(
    ("name", "text", "environ", "home"),
    [
        (STATE, STATE_WITH_KEY, {}, True),
        (STATE, STATE_WITH_KEY, {AT: ""}, True),
        (STATE, STATE_WITH_KEY, {AT: GATEWAY, AK: KEY}, True),  # the env key replaces it
        (STATE, STATE_WITH_KEY, {AT: GATEWAY, "CLAUDE_CODE_USE_BEDROCK": "1"}, True),
        (STATE, '{"primaryApiKey": ""}', {AT: GATEWAY}, True),
        (STATE, '{"oauthAccount": {"emailAddress": "a@b.c"}}', {AT: GATEWAY}, True),
        (STATE, STATE_WITH_KEY, {AT: GATEWAY}, False),  # which file is live is unknown
        ("dotfiles/.claude.json", STATE_WITH_KEY, {AT: GATEWAY}, True),  # not the live one
    ],
)
def test_al809_is_silent_without_a_live_conflict(run, name, text, environ, home) -> None:
    assert run(name, text, "AL809", environ=environ, home=home) == []


# --- AL810 declined-api-key ---------------------------------------------------------------


def state_with_responses(approved: list[str], rejected: list[str]) -> str:
    data = {"customApiKeyResponses": {"approved": approved, "rejected": rejected}}
    return json.dumps(data, indent=2) + "\n"


def test_al810_reports_the_current_key_among_the_declined_ones(run) -> None:
    text = state_with_responses([], [api_key("old")[-20:], KEY[-20:]])
    (finding,) = run(STATE, text, "AL810", environ={AK: KEY})
    assert (finding.code, finding.name, finding.severity) == ("AL810", "declined-api-key", W)
    assert finding.span == span_of(text, f'"{KEY[-20:]}"')
    assert "The ANTHROPIC_API_KEY in your environment was declined" in finding.message
    assert "`/config`" in finding.message and "*Use custom API key*" in finding.message
    assert KEY[-4:] not in finding.message
    assert_no_secret([finding], KEY)


def test_al810_uses_the_key_from_the_user_settings(run, tmp_path) -> None:
    text = state_with_responses([], [KEY[-20:]])
    write(tmp_path, USER, settings({AK: KEY}))
    (finding,) = run(STATE, text, "AL810", environ={AK: api_key("shell")})
    assert "in ~/.claude/settings.json `env` was declined" in finding.message
    write(tmp_path, USER, settings({AK: api_key("settings")}))
    assert run(STATE, text, "AL810", environ={AK: KEY}) == []  # settings beat the shell


@pytest.mark.parametrize(
    ("text", "environ"),
    [
        (state_with_responses([KEY[-20:]], []), {AK: KEY}),
        (state_with_responses([KEY[-20:]], [KEY[-20:]]), {AK: KEY}),
        (state_with_responses([], [api_key("other")[-20:]]), {AK: KEY}),
        (state_with_responses([], [KEY[-20:]]), {}),
        (state_with_responses([], [KEY[-20:]]), {AK: KEY, AT: GATEWAY}),
        (state_with_responses([], [KEY[-20:]]), {AK: KEY, "CLAUDE_CODE_USE_VERTEX": "1"}),
        ('{"customApiKeyResponses": {"rejected": "x"}}', {AK: KEY}),
    ],
)
def test_al810_is_silent_unless_the_current_key_was_declined(run, text, environ) -> None:
    assert run(STATE, text, "AL810", environ=environ) == []


# --- AL811 claude-state-committable -------------------------------------------------------


@pytest.mark.parametrize("field", ["oauthAccount", "primaryApiKey", "customApiKeyResponses"])
def test_al811_reports_a_committable_state_file_with_sign_in_data(check_text, repo, field) -> None:
    value = {"oauthAccount": {"emailAddress": "me@example.com"}, "primaryApiKey": KEY}.get(
        field, {"approved": [KEY[-20:]], "rejected": []}
    )
    text = json.dumps({"numStartups": 9, field: value}, indent=2) + "\n"
    (finding,) = check_text("dotfiles/.claude.json", text, select="AL811")
    assert (finding.code, finding.name, finding.severity) == (
        "AL811",
        "claude-state-committable",
        W,
    )
    assert finding.span == span_of(text, f'"{field}"')
    assert f"(`{field}`)" in finding.message
    assert_no_secret([finding], KEY)


@pytest.mark.parametrize(
    "text",
    [
        '{"numStartups": 9, "projects": {"/home/me/p": {"hasTrustDialogAccepted": true}}}',
        '{"oauthAccount": null}',
    ],
)
def test_al811_is_silent_without_sign_in_data(check_text, repo, text) -> None:
    assert check_text("dotfiles/.claude.json", text, select="AL811") == []


def test_al811_is_silent_when_ignored_or_outside_git(check_text, tmp_path) -> None:
    text = '{"oauthAccount": {"emailAddress": "me@example.com"}}'
    assert check_text("dotfiles/.claude.json", text, select="AL811") == []
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", ".claude.json\n")
    git.clear_caches()
    assert check_text("dotfiles/.claude.json", text, select="AL811") == []


# --- AL812–AL814: the credentials file ----------------------------------------------------


def credentials(**oauth: object) -> str:
    """A ``.credentials.json`` text with a ``claudeAiOauth`` entry (defaults: a valid login)."""
    entry: dict[str, object] = {
        "accessToken": TOKEN,
        "refreshToken": REFRESH,
        "expiresAt": 32503680000000,  # year 3000
        "scopes": ["user:inference", "user:profile"],
        "subscriptionType": "max",
    }
    entry.update(oauth)
    entry = {k: v for k, v in entry.items() if v is not None}
    return json.dumps({"claudeAiOauth": entry}, indent=2) + "\n"


@pytest.mark.parametrize(
    ("text", "needle", "what"),
    [
        (credentials()[:-3] + "\n", None, "not valid JSON"),  # cut short
        (credentials().replace('"max"', '"max",'), ",\n  }", "not valid JSON (a trailing comma)"),
        ("", None, "is empty"),
        ("[]", "[]", "not a JSON object"),
        (
            credentials(scopes="user:inference user:profile"),
            '"user:inference user:profile"',
            "not an array",
        ),  # noqa: E501
        (credentials(scopes={"0": "user:inference"}), '{\n      "0"', "not an array"),
        (
            credentials(scopes=["user:profile"]),
            '[\n      "user:profile"',
            "lacks the `user:inference`",
        ),  # noqa: E501
    ],
)
def test_al812_reports_a_credentials_file_claude_code_cannot_use(run, text, needle, what) -> None:
    (finding,) = run(CREDENTIALS, text, "AL812", mode=0o600)
    assert (finding.code, finding.name, finding.severity) == (
        "AL812",
        "invalid-claude-credentials",
        E,
    )
    assert what in finding.message
    if needle is not None:
        assert finding.span.start == position_of(text, needle)
    assert_no_secret([finding], TOKEN, REFRESH)
    assert "sk-ant-" not in finding.message


@pytest.mark.parametrize(
    "text",
    [
        credentials(),
        credentials(scopes=None),  # older files without scopes
        json.dumps({"mcpOAuth": {"server": {"accessToken": "x"}}}),
        '{"claudeAiOauth": null}',
    ],
)
def test_al812_is_silent_on_usable_files(run, text) -> None:
    assert run(CREDENTIALS, text, "AL812", mode=0o600) == []


def test_al813_reports_an_expired_login_without_refresh_token(run) -> None:
    text = credentials(expiresAt=1735689600000, refreshToken=None)
    (finding,) = run(CREDENTIALS, text, "AL813", mode=0o600)
    assert (finding.code, finding.name, finding.severity) == ("AL813", "expired-claude-login", W)
    assert finding.span == span_of(text, "1735689600000")
    assert "expired on 2025-01-01 00:00 UTC" in finding.message
    assert "`401 OAuth token has expired`" in finding.message
    assert "looks like seconds" not in finding.message
    assert_no_secret([finding], TOKEN, REFRESH)


def test_al813_notes_an_expiry_written_in_seconds(run) -> None:
    text = credentials(expiresAt=1785876648, refreshToken="")
    (finding,) = run(CREDENTIALS, text, "AL813", mode=0o600)
    assert "the value looks like seconds, but Claude Code reads milliseconds" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        credentials(),  # valid until the year 3000
        credentials(expiresAt=1735689600000),  # expired, but Claude Code refreshes it
        credentials(expiresAt=None, refreshToken=None),
        credentials(expiresAt="1735689600000", refreshToken=None),
        '{"claudeAiOauth": "x"}',
    ],
)
def test_al813_is_silent_when_the_login_is_valid_or_renewable(run, text) -> None:
    assert run(CREDENTIALS, text, "AL813", mode=0o600) == []


@pytest.mark.parametrize(
    ("mode", "who"),
    [
        (0o644, "your group and other users can read the stored OAuth access and refresh tokens"),
        (0o640, "your group can read"),
        (0o604, "other users can read"),
        (0o620, "your group can change or replace the stored login"),
        (0o666, "your group and other users can read"),
    ],
)
def test_al814_reports_a_credentials_file_others_can_reach(run, tmp_path, mode, who) -> None:
    text = credentials()
    (finding,) = run(CREDENTIALS, text, "AL814", mode=mode)
    assert (finding.code, finding.name, finding.severity) == (
        "AL814",
        "credentials-file-permissions",
        E,
    )
    assert finding.span == Span.at(0, 0, 1)
    assert f"has mode {mode:04o}: {who}" in finding.message
    assert f"`chmod 600 {tmp_path / CREDENTIALS}`" in finding.message
    assert finding.fix is None
    assert_no_secret([finding], TOKEN, REFRESH)


@pytest.mark.parametrize(
    ("mode", "platform"), [(0o600, "linux"), (0o400, "linux"), (0o644, "windows")]
)
def test_al814_is_silent_for_owner_only_files_and_on_windows(run, mode, platform) -> None:
    assert run(CREDENTIALS, credentials(), "AL814", mode=mode, platform=platform) == []


# --- the family together ------------------------------------------------------------------


def test_a_clean_real_world_settings_file_gets_no_finding(check_text, repo) -> None:
    text = settings(
        {
            "CLAUDE_CODE_ENABLE_TELEMETRY": "1",
            "OTEL_METRICS_EXPORTER": "otlp",
            "BASH_DEFAULT_TIMEOUT_MS": "600000",
            "CLAUDE_CODE_USE_BEDROCK": "0",
            AK: "",
        },
        permissions={"allow": ["Bash(npm run test:*)"], "deny": []},
        includeCoAuthoredBy=False,
    )
    assert check_text(PROJECT, text, select="AL8") == []
    assert check_text(PROJECT, text) == []
