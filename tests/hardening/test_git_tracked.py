"""Issue 13 #14: a file git tracks is in the repository, whatever ``.gitignore`` says.

Ignore rules apply to untracked files only: commit ``.env`` with a key, then list it in
``.gitignore``, and every later commit still carries the key. The real git is the oracle
(``git ls-files``) and builds every kind of index authlint reads (versions 2, 3 and 4, SHA-256,
split, sparse, a linked worktree); the CLI and a real ``git commit`` with the pre-commit hook
installed show the finding reaches the user.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import keys
from authlint.core import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

KEY = keys.api_key("hardening-tracked")
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    for name in ("GIT_CONFIG_GLOBAL", "GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE"):
        env.pop(name, None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        PYTHONIOENCODING="utf-8",
    )
    return env


def run(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args,
        cwd=repo,
        env=environment(repo.parent / "home"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    if check:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def authlint(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "authlint", *args, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds ``.env`` with a key, and whose second ignores it."""
    (tmp_path / "home").mkdir()
    root = tmp_path / "repo"
    root.mkdir()
    run(root, "git", "init", "-q")
    (root / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    run(root, "git", "add", ".env")
    run(root, "git", "commit", "-q", "-m", "config")
    (root / ".gitignore").write_text(".env\n")
    run(root, "git", "add", ".gitignore")
    run(root, "git", "commit", "-q", "-m", "ignore .env")
    assert run(root, "git", "check-ignore", "-q", "--no-index", ".env").returncode == 0
    assert run(root, "git", "ls-files").stdout.split() == [".env", ".gitignore"]
    return root


def test_check_reports_a_tracked_env_that_gitignore_lists(repo: Path) -> None:
    result = authlint(repo, "check", ".", "--no-home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ".env:1:1: AL502" in result.stdout
    assert "git tracks it: it is in the repository whatever .gitignore says" in result.stdout
    assert "git rm --cached .env" in result.stdout
    assert KEY not in result.stdout + result.stderr
    # The fix is not offered: one more .gitignore line would change nothing.
    fixed = authlint(repo, "check", ".", "--no-home", "--fix")
    assert fixed.returncode == 1 and (repo / ".gitignore").read_text() == ".env\n"

    run(repo, "git", "rm", "-q", "--cached", ".env")  # the advice: untracked, so ignored now
    after = authlint(repo, "check", ".", "--no-home")
    assert after.returncode == 0, after.stdout


def _install_hook(repo: Path) -> None:
    """``.git/hooks/pre-commit`` runs the hook's entry on the staged files, as pre-commit does."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(hook["entry"])
    assert entry[0] == "authlint"
    command = shlex.join([sys.executable, "-m", "authlint", *entry[1:]])
    script = repo / ".git" / "hooks" / "pre-commit"
    script.write_text(
        "#!/bin/sh\n"
        "git diff --cached --name-only --diff-filter=ACMR -z"
        f" | xargs -0 --no-run-if-empty {command}\n"
    )
    script.chmod(0o755)


@pytest.mark.parametrize("how", ["staged", "commit -a"])
def test_the_pre_commit_hook_refuses_to_commit_a_tracked_key(repo: Path, how: str) -> None:
    _install_hook(repo)
    with (repo / ".env").open("a") as handle:
        handle.write("DEBUG=1\n")
    if how == "staged":
        run(repo, "git", "add", ".env")  # tracked: no -f needed, whatever .gitignore says
        commit = run(repo, "git", "commit", "-m", "debug", check=False)
    else:  # git stages into a temporary index and names it in GIT_INDEX_FILE for the hook
        commit = run(repo, "git", "commit", "-a", "-m", "debug", check=False)
    assert commit.returncode != 0, commit.stdout + commit.stderr
    assert ".env:1:1: AL502" in commit.stdout + commit.stderr
    assert KEY not in commit.stdout + commit.stderr
    assert run(repo, "git", "log", "--format=%s").stdout.split("\n")[0] == "ignore .env"

    run(repo, "git", "rm", "-q", "--cached", ".env")
    untrack = run(repo, "git", "commit", "-m", "untrack .env", check=False)
    assert untrack.returncode == 0, untrack.stdout + untrack.stderr


def test_no_fix_moves_a_key_into_a_tracked_env(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (repo / ".env").write_text("DEBUG=1\n")
    run(repo, "git", "add", ".env")
    run(repo, "git", "commit", "-q", "-m", "no key")
    app = f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{KEY}")\n'
    (repo / "app.py").write_text(app)
    result = authlint(repo, "check", "app.py", "--no-home", "--fix", "--unsafe-fixes")
    assert result.returncode == 1 and "AL601" in result.stdout, result.stdout + result.stderr
    assert (repo / "app.py").read_text() == app
    assert (repo / ".env").read_text() == "DEBUG=1\n"


# --- every kind of index --------------------------------------------------------------------


def _build(root: Path, flavour: str) -> Path:
    """A repository with tracked and untracked files in an index of ``flavour``."""
    init = ["git", "init", "-q"] + (["--object-format=sha256"] if flavour == "sha256" else [])
    run(root, *init)
    for name in ("a/.env", "a/b/.env.local", "dir/.zshrc", "dir/deep/x.env", "top.env", "é.env"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("X=1\n")
    run(root, "git", "add", ".")
    run(root, "git", "commit", "-q", "-m", "one")
    (root / "new.env").write_text("X=1\n")
    (root / "untracked.env").write_text("X=1\n")
    (root / "dir" / "untracked.env").write_text("X=1\n")
    if flavour == "v3":
        run(root, "git", "add", "-N", "new.env")  # intent-to-add: an extended entry
    elif flavour == "v4":
        run(root, "git", "update-index", "--index-version", "4")
        run(root, "git", "add", "new.env")
    elif flavour == "split":
        run(root, "git", "update-index", "--split-index")
        run(root, "git", "add", "new.env")
    elif flavour == "sparse":
        run(root, "git", "add", "new.env")
        run(root, "git", "sparse-checkout", "set", "--cone", "--sparse-index", "a")
    elif flavour == "worktree":
        run(root, "git", "worktree", "add", "-q", "../linked")
        linked = root.parent / "linked"
        (linked / "new.env").write_text("X=1\n")
        run(linked, "git", "add", "new.env")
        return linked
    else:
        run(root, "git", "add", "new.env")
    return root


@pytest.mark.parametrize("flavour", ["v2", "v3", "v4", "sha256", "split", "sparse", "worktree"])
def test_is_tracked_agrees_with_git_ls_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flavour: str
) -> None:
    (tmp_path / "home").mkdir()
    root = tmp_path / "repo"
    root.mkdir()
    work = _build(root, flavour)
    tracked = set(run(work, "git", "ls-files", "-z").stdout.split("\0")) - {""}
    assert "new.env" in tracked and "untracked.env" not in tracked
    for name, value in environment(tmp_path / "home").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    if flavour not in ("split", "sparse"):  # these need git itself; the others are read
        monkeypatch.setenv("PATH", "")
    git.clear_caches()
    candidates = tracked | {"untracked.env", "dir/untracked.env", "a"}
    work = work.resolve()
    for name in sorted(candidates):
        assert git.is_tracked(work / name) is (name in tracked), name
    assert git.is_committable(work / "a" / ".env")
