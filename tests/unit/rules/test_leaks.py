"""AL501–AL502: the leak family.

Files are written by ``check_text`` under ``tmp_path``; a test makes that folder
a git work tree by creating ``tmp_path/.git``. ``HOME``, ``XDG_CONFIG_HOME`` and
the git config variables point into ``tmp_path`` so the developer's global
excludes never leak in. The ``--fix`` cases run the real CLI in a subprocess and
compare the ``.gitignore`` bytes. Keys come from ``tests/keys.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from authlint.core import git
from authlint.core.findings import Applicability, Finding, Severity
from authlint.core.fixes import apply_edits
from authlint.core.secrets import mask
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.rules.unignored_env_file import gitignore_pattern
from keys import admin_key, api_key, oauth_token, openai_key, refresh_token

AK, AT, OT = "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"
KEY = api_key()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Make ``tmp_path`` (where ``check_text`` writes) a git work tree."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return tmp_path


def summary(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding, in report order."""
    return [(f.code, f.span.start.line + 1) for f in findings]


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    """No message, fix title or edit carries a long piece of a secret."""
    for finding in findings:
        texts = [finding.message]
        if finding.fix is not None:
            texts.append(finding.fix.title)
            texts.extend(edit.new_text for edit in finding.fix.edits)
        for secret in secrets:
            body = secret[15:]
            for text in texts:
                assert body[:16] not in text and body[-16:] not in text, finding.code


# --- AL501 committable-secret ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "secret", "span"),
    [
        (".zshrc", f"export {AK}={KEY}\n", KEY, Span.at(0, 25, 25 + len(KEY))),
        (".bashrc", f"# export {AK}='{KEY}'\n", KEY, Span.at(0, 28, 28 + len(KEY))),
        ("config.fish", f"set -gx {AK} {KEY}\n", KEY, Span.at(0, 26, 26 + len(KEY))),
        (".env.example", f"X=1\n{AK}={KEY}\n", KEY, Span.at(1, 18, 18 + len(KEY))),
        (".envrc", f"export {AK}={admin_key()}\n", admin_key(), Span.at(0, 25, 135)),
        (".zshrc", f"export {OT}={oauth_token()}\n", oauth_token(), Span.at(0, 31, 139)),
        (".zprofile", f"T={refresh_token()}\n", refresh_token(), Span.at(0, 2, 110)),
    ],
)
def test_al501_reports_a_complete_credential_in_a_committable_file(
    check_text, repo, name, text, secret, span
) -> None:
    findings = check_text(name, text, select="AL5")
    assert summary(findings) == [("AL501", span.start.line + 1)]
    finding = findings[0]
    assert (finding.code, finding.name, finding.severity) == (
        "AL501",
        "committable-secret",
        Severity.ERROR,
    )
    assert finding.span == span
    assert finding.fix is None
    assert mask(secret) in finding.message and "Rotate" in finding.message
    assert_no_secret(findings, secret)


def test_al501_reports_every_credential_in_the_file(check_text, repo) -> None:
    text = (
        f"export {AK}={KEY}\n"
        f"export OTHER={api_key('other')}\n"
        f"export {OT}={oauth_token()}  # {refresh_token()}\n"
    )
    findings = check_text(".zshrc", text, select="AL501")
    assert summary(findings) == [("AL501", 1), ("AL501", 2), ("AL501", 3), ("AL501", 3)]


@pytest.mark.parametrize(
    ("name", "text", "ignore"),
    [
        # Non-template .env files are AL502's.
        (".env", f"{AK}={KEY}\n", None),
        (".env.local", f"{AK}={KEY}\n", None),
        # Ignored files and folders.
        (".zshrc", f"export {AK}={KEY}\n", ".zshrc\n"),
        ("private/.zshrc", f"export {AK}={KEY}\n", "private/\n"),
        (".env.example", f"{AK}={KEY}\n", ".env*\n"),
        # Not a complete credential: placeholder, truncated, part of a longer run.
        (".zshrc", f"export {AK}=sk-ant-api03-{'x' * 93}AA\n", None),
        (".zshrc", f"export {AK}=sk-ant-api03-...\n", None),
        (".zshrc", f"export {AK}={KEY[:80]}\n", None),
        (".zshrc", f"export {AK}={KEY}B\n", None),
        (".zshrc", f"export {AK}=x{KEY}\n", None),
        (".zshrc", f"export {OT}={oauth_token(length=40)}\n", None),
        (".zshrc", f"export OPENAI_API_KEY={openai_key()}\n", None),
    ],
)
def test_al501_is_silent_on_look_alikes(check_text, repo, name, text, ignore) -> None:
    if ignore is not None:
        (repo / ".gitignore").write_text(ignore)
    assert check_text(name, text, select="AL501") == []


def test_al501_is_silent_outside_a_repository(check_text) -> None:
    assert check_text(".zshrc", f"export {AK}={KEY}\n", select="AL5") == []


def test_al501_reads_the_global_excludes(check_text, repo, isolated_git) -> None:
    (isolated_git / ".config" / "git").mkdir()
    (isolated_git / ".config" / "git" / "ignore").write_text(".zshrc\n")
    assert check_text(".zshrc", f"export {AK}={KEY}\n", select="AL501") == []


# --- AL502 unignored-env-file ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line", "variable"),
    [
        (".env", f"{AK}={KEY}\n", 1, AK),
        (".env.local", f"APP=1\n{AK}=\n{AT}=${{TOKEN}}\n{AT}=gw-secret-token\n", 4, AT),
        (".env.development", f"PORT=1\nOPENAI_API_KEY={openai_key()}\n{AK}={KEY}\n", 2, None),
        ("prod.env", f"export {OT}={oauth_token()}\n", 1, OT),
        ("app/.env", f"{AK}={KEY}\n", 1, AK),
    ],
)
def test_al502_reports_the_first_credential_of_an_unignored_env_file(
    check_text, repo, name, text, line, variable
) -> None:
    findings = check_text(name, text, select="AL5")
    assert summary(findings) == [("AL502", line)]
    finding = findings[0]
    assert (finding.name, finding.severity) == ("unignored-env-file", Severity.ERROR)
    source_line = text.splitlines()[line - 1]
    key = variable or source_line.split("=", 1)[0]
    start = source_line.index(key)
    assert finding.span == Span.at(line - 1, start, start + len(key))
    assert Path(name).name in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    (edit,) = finding.fix.edits
    assert edit.path == (repo / ".gitignore").resolve()
    assert (edit.span, edit.new_text, edit.create) == (
        Span.at(0, 0, 0),
        f"{Path(name).name}\n",
        True,
    )
    assert_no_secret(findings, KEY, openai_key(), oauth_token())


@pytest.mark.parametrize(
    ("existing", "after"),
    [
        (b"node_modules/\n", b"node_modules/\n.env\n"),
        (b"dist", b"dist\n.env\n"),
        (b"dist\r\nbuild\r\n", b"dist\r\nbuild\r\n.env\r\n"),
        (b"\xef\xbb\xbfdist\n", b"\xef\xbb\xbfdist\n.env\n"),
        (b"", b".env\n"),
        (b"prod.env\n!x.env\n", b"prod.env\n!x.env\n.env\n"),
    ],
)
def test_al502_fix_appends_to_an_existing_gitignore(check_text, repo, existing, after) -> None:
    gitignore = repo / ".gitignore"
    gitignore.write_bytes(existing)
    findings = check_text(".env", f"{AK}={KEY}\n", select="AL502")
    assert summary(findings) == [("AL502", 1)]
    fix = findings[0].fix
    assert fix is not None
    (edit,) = fix.edits
    assert edit.path == gitignore.resolve() and not edit.create
    result = apply_edits(SourceFile.read(gitignore), [edit])
    assert result.encode() == after


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        (".env", ".env"),
        (".env.local", ".env.local"),
        ("#x.env", "\\#x.env"),
        ("!x.env", "\\!x.env"),
        ("a[1].env", "a\\[1].env"),
        ("a*?.env", "a\\*\\?.env"),
        (".env  ", ".env\\ \\ "),
    ],
)
def test_gitignore_pattern_matches_the_name_literally(
    tmp_path: Path, name: str, pattern: str
) -> None:
    assert gitignore_pattern(name) == pattern
    root = tmp_path / "r"
    (root / ".git").mkdir(parents=True)
    (root / ".gitignore").write_text(pattern + "\n")
    (root / name).write_text("X=1\n")
    (root / "other.env").write_text("X=1\n")
    assert git.is_ignored((root / name).resolve())
    assert not git.is_ignored((root / "other.env").resolve())


@pytest.mark.parametrize(
    ("name", "text", "ignore"),
    [
        (".env", f"{AK}={KEY}\n", ".env\n"),
        (".env", f"{AK}={KEY}\n", "*.env\n.env*\n"),
        ("app/.env", f"{AK}={KEY}\n", "app/\n"),
        # Templates are meant to be committed (AL501 covers real keys there).
        (".env.example", f"{AK}=sk-ant-api03-your-key-here\n", None),
        (".env.sample", f"{AK}=\n", None),
        # Nothing secret: empty, placeholder, computed values, other settings.
        (".env", f'{AK}=\n{AK}=""\n', None),
        (".env", f"{AK}=your-anthropic-api-key\n{AT}=sk-ant-...\n", None),
        (".env", f"{AK}=${{ANTHROPIC_KEY}}\n{AT}=$TOKEN\n", None),
        (".env", "PORT=8000\nANTHROPIC_BASE_URL=https://api.anthropic.com\n", None),
        (".env", f"# {AK}={KEY}\n", None),
    ],
)
def test_al502_is_silent_on_look_alikes(check_text, repo, name, text, ignore) -> None:
    if ignore is not None:
        (repo / ".gitignore").write_text(ignore)
    assert check_text(name, text, select="AL5") == []


def test_al502_is_silent_outside_a_repository(check_text) -> None:
    assert check_text(".env", f"{AK}={KEY}\n", select="AL5") == []


def test_al502_respects_info_exclude_and_global_excludes(check_text, repo, isolated_git) -> None:
    (repo / ".git" / "info" / "exclude").write_text(".env\n")
    assert check_text(".env", f"{AK}={KEY}\n", select="AL502") == []
    (isolated_git / ".config" / "git").mkdir()
    (isolated_git / ".config" / "git" / "ignore").write_text(".env.local\n")
    git.clear_caches()
    assert check_text(".env.local", f"{AK}={KEY}\n", select="AL502") == []


# --- AL502 --fix end to end ------------------------------------------------------------


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``authlint check`` in a subprocess, with the test's isolated git environment."""
    env = {
        **os.environ,
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("GIT_CONFIG_GLOBAL", None)
    command = [sys.executable, "-m", "authlint", "check", str(root), "--no-home", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("existing", "after"),
    [
        (None, b".env\n"),
        (b"node_modules/\n", b"node_modules/\n.env\n"),
        (b"# build output\ndist", b"# build output\ndist\n.env\n"),
        (b"secrets.env\r\n", b"secrets.env\r\n.env\r\n"),
    ],
)
def test_cli_fix_adds_the_env_file_to_gitignore(tmp_path: Path, existing, after) -> None:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    env_bytes = f"{AK}={KEY}\nPORT=8000\n".encode()
    (root / ".env").write_bytes(env_bytes)
    gitignore = root / ".gitignore"
    if existing is not None:
        gitignore.write_bytes(existing)

    before = run_cli(root, "--select", "AL502", "--format", "json")
    assert before.returncode == 1, before.stderr
    assert '"AL502"' in before.stdout and KEY not in before.stdout

    fixed = run_cli(root, "--select", "AL502", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert gitignore.read_bytes() == after
    assert (root / ".env").read_bytes() == env_bytes
    assert KEY not in fixed.stdout + fixed.stderr

    again = run_cli(root, "--select", "AL5")
    assert again.returncode == 0, again.stdout
    assert gitignore.read_bytes() == after


def test_cli_fix_handles_two_env_files_in_one_run(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / ".env").write_text(f"{AK}={KEY}\n")
    (root / "web").mkdir()
    (root / "web" / ".env.local").write_text(f"OPENAI_API_KEY={openai_key()}\n")
    (root / ".gitignore").write_bytes(b"dist/\n")

    result = run_cli(root, "--select", "AL502", "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / ".gitignore").read_bytes() == b"dist/\n.env\n.env.local\n"
    assert not (root / "web" / ".gitignore").exists()


def test_al501_says_nothing_about_a_token_claude_code_stored(check_text, repo) -> None:
    token, refresh = oauth_token("stored"), refresh_token("stored")
    text = (
        f'{{"claudeAiOauth": {{"accessToken": "{token}", "refreshToken": "{refresh}", '
        '"expiresAt": 4102444800000, "scopes": ["user:inference"]}}\n'
    )
    findings = [f for f in check_text(".claude/.credentials.json", text) if f.code == "AL501"]
    assert len(findings) == 2
    for finding in findings:
        for secret in (token, refresh):
            assert secret[-4:] not in finding.message and secret[:20] not in finding.message


def test_al501_leaves_claude_project_settings_keys_to_al802(check_text, repo) -> None:
    text = f'{{\n  "env": {{\n    "ANTHROPIC_API_KEY": "{KEY}"\n  }}\n}}\n'
    codes = [f.code for f in check_text(".claude/settings.json", text) if f.code.startswith("AL")]
    assert "AL802" in codes and "AL501" not in codes
