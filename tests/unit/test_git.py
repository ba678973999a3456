"""core/git.py: would git commit this file?

Repositories are real folders under ``tmp_path`` (a ``.git`` folder, or
``git init`` where the real git is the oracle). ``HOME``, ``XDG_CONFIG_HOME``
and the git config variables point into ``tmp_path`` so the developer's global
excludes and ``~/.gitconfig`` never leak into a test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from authlint.core import git


def make_repo(root: Path, files: dict[str, str]) -> Path:
    """A work tree at ``root`` (a bare ``.git`` folder) holding ``files``."""
    (root / ".git" / "info").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root.resolve()


# --- repository_root ------------------------------------------------------------------


def test_repository_root_is_the_nearest_folder_with_dot_git(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"a/b/.env": "X=1\n"})
    assert git.repository_root(root / "a" / "b") == root
    assert git.repository_root(root) == root
    nested = make_repo(root / "vendor" / "sub", {".env": ""})
    assert git.repository_root(nested) == nested
    assert git.repository_root(tmp_path.resolve() / "elsewhere") is None


def test_outside_a_repository_nothing_is_committable(tmp_path: Path) -> None:
    path = tmp_path / "loose" / ".env"
    path.parent.mkdir()
    path.write_text("X=1\n")
    assert not git.is_committable(path.resolve())
    assert not git.is_ignored(path.resolve())


# --- ignore rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "path", "ignored"),
    [
        ({}, ".env", False),
        ({".gitignore": ".env\n"}, ".env", True),
        ({".gitignore": ".env\n"}, "app/.env", True),
        ({".gitignore": ".env\n"}, ".env.local", False),
        ({".gitignore": "/.env\n"}, "app/.env", False),
        ({".gitignore": "*.env\n"}, "prod.env", True),
        ({".gitignore": "# .env\n"}, ".env", False),
        ({".gitignore": ".env   \n"}, ".env", True),
        ({".gitignore": ".env\r\n"}, ".env", True),
        ({".gitignore": "\ufeff.env\n"}, ".env", True),
        # Negation: the usual template exception.
        ({".gitignore": ".env*\n!.env.example\n"}, ".env", True),
        ({".gitignore": ".env*\n!.env.example\n"}, ".env.example", False),
        ({".gitignore": ".env*\n!.env.example\n"}, "app/.env.example", False),
        ({".gitignore": "!.env\n.env\n"}, ".env", True),
        # Nested .gitignore: patterns are relative to their folder; deeper files win.
        ({"app/.gitignore": ".env\n"}, "app/.env", True),
        ({"app/.gitignore": ".env\n"}, ".env", False),
        ({"app/.gitignore": "/.env\n"}, "app/sub/.env", False),
        ({"app/.gitignore": "sub/.env\n"}, "app/sub/.env", True),
        ({".gitignore": ".env\n", "app/.gitignore": "!.env\n"}, "app/.env", False),
        ({".gitignore": ".env\n", "app/.gitignore": "!.env\n"}, ".env", True),
        # An ignored folder: nothing inside can be re-included.
        ({".gitignore": "secrets/\n"}, "secrets/.env", True),
        ({".gitignore": "secrets/\n!secrets/.env.example\n"}, "secrets/.env.example", True),
        ({".gitignore": "secrets\n"}, "x/secrets/.env", True),
        ({".gitignore": "/build\n"}, "x/build/.env", False),
        # Folder contents, not the folder: re-including works.
        ({".gitignore": "secrets/*\n!secrets/.env.example\n"}, "secrets/.env.example", False),
        ({".gitignore": "secrets/**\n!secrets/.env.example\n"}, "secrets/.env.example", False),
        ({".gitignore": "secrets/**\n!secrets/.env.example\n"}, "secrets/a/.env.example", True),
        # The dotfiles whitelist: ignore everything, then un-ignore folders and some files.
        ({".gitignore": "*\n!*/\n!.zshrc\n"}, ".config/fish/.zshrc", False),
        ({".gitignore": "*\n!*/\n!.zshrc\n"}, ".config/fish/config.fish", True),
        ({".gitignore": "*\n"}, "a/.zshrc", True),
        # Wildcards.
        ({".gitignore": "docs/**/.env\n"}, "docs/a/b/.env", True),
        ({".gitignore": "**/secrets/.env\n"}, "a/b/secrets/.env", True),
        ({".gitignore": "a/*/c\n"}, "a/b/d/c", False),
        ({".gitignore": ".env.[a-z]*\n"}, ".env.local", True),
        ({".gitignore": ".env.[a-z]*\n"}, ".env.1", False),
        ({".gitignore": "*.[Ee][Nn][Vv]\n"}, "prod.ENV", True),
        ({".gitignore": "\\#notes\n"}, "#notes", True),
        ({".gitignore": "\\!x\n"}, "!x", True),
        # $GIT_DIR/info/exclude, below every .gitignore.
        ({".git/info/exclude": ".env\n"}, ".env", True),
        ({".git/info/exclude": ".env\n", ".gitignore": "!.env\n"}, ".env", False),
    ],
)
def test_ignore_rules(tmp_path: Path, files: dict[str, str], path: str, ignored: bool) -> None:
    root = make_repo(tmp_path / "repo", {**files, path: "X=1\n"})
    assert git.is_ignored(root / path) is ignored
    assert git.is_committable(root / path) is not ignored


def test_global_excludes_from_xdg_config_home(tmp_path: Path, isolated_git: Path) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n", ".env.local": "X=1\n"})
    (isolated_git / ".config" / "git").mkdir()
    (isolated_git / ".config" / "git" / "ignore").write_text(".env\n")
    assert git.is_ignored(root / ".env")
    assert not git.is_ignored(root / ".env.local")


def test_repository_rules_override_global_excludes(tmp_path: Path, isolated_git: Path) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n", ".gitignore": "!.env\n"})
    (isolated_git / ".config" / "git").mkdir()
    (isolated_git / ".config" / "git" / "ignore").write_text(".env\n")
    assert not git.is_ignored(root / ".env")


def test_xdg_config_home_moves_the_global_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n"})
    elsewhere = tmp_path / "xdg"
    (elsewhere / "git").mkdir(parents=True)
    (elsewhere / "git" / "ignore").write_text(".env\n")
    assert not git.is_ignored(root / ".env")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(elsewhere))
    assert git.is_ignored(root / ".env")


@pytest.mark.parametrize(
    ("config_name", "line"),
    [
        (".gitconfig", "excludesFile = ~/.gitignore_global"),
        (".gitconfig", 'excludesfile = "~/.gitignore_global"  ; quoted'),
        (".config/git/config", "ExcludesFile = ~/.gitignore_global # comment"),
    ],
)
def test_core_excludes_file_from_the_global_config(
    tmp_path: Path, isolated_git: Path, config_name: str, line: str
) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n", "b.xdg": "x"})
    (isolated_git / ".gitignore_global").write_text(".env\n")
    (isolated_git / ".config" / "git").mkdir()
    (isolated_git / ".config" / "git" / "ignore").write_text("b.xdg\n")
    config = isolated_git / config_name
    config.write_text(f"[user]\n\tname = x\n[core]\n\t{line}\n")
    assert git.is_ignored(root / ".env")
    # A configured excludes file replaces the default one.
    assert not git.is_ignored(root / "b.xdg")


def test_core_excludes_file_from_git_config_global(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n"})
    (tmp_path / "ignore").write_text(".env\n")
    (tmp_path / "config").write_text(f"[core]\n\texcludesFile = {tmp_path / 'ignore'}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "config"))
    assert git.is_ignored(root / ".env")


def test_core_excludes_file_from_the_repository_config(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n", "ignore-me": ".env\n"})
    (root / ".git" / "config").write_text("[core]\n\texcludesfile = ignore-me\n")
    assert git.is_ignored(root / ".env")


def test_a_dot_git_file_points_at_the_git_dir(tmp_path: Path) -> None:
    """Worktrees and submodules: ``.git`` is a file; info/exclude lives in the common dir."""
    common = tmp_path / "main" / ".git"
    (common / "info").mkdir(parents=True)
    (common / "info" / "exclude").write_text(".env\n")
    worktree_git = common / "worktrees" / "wt"
    worktree_git.mkdir(parents=True)
    (worktree_git / "commondir").write_text("../..\n")
    worktree = tmp_path / "wt"
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {worktree_git}\n")
    (worktree / ".env").write_text("X=1\n")
    assert git.repository_root(worktree.resolve()) == worktree.resolve()
    assert git.is_ignored(worktree.resolve() / ".env")


def test_ignored_directories(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        {".gitignore": "*\n!*/\ndist/\n", "dist/x": "", "src/x": ""},
    )
    assert git.is_ignored_directory(root / "dist")
    assert not git.is_ignored_directory(root / "src")
    assert not git.is_ignored_directory(root)


def test_clear_caches_sees_an_edited_gitignore(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".env": "X=1\n"})
    assert git.is_committable(root / ".env")
    (root / ".gitignore").write_text(".env\n")
    git.clear_caches()
    assert not git.is_committable(root / ".env")


# --- the real git as the oracle ----------------------------------------------------------

ORACLE_CASES = [
    ({".gitignore": ".env*\n!.env.example\n"}, [".env", ".env.example", "a/.env.example"]),
    ({".gitignore": "a/**\n!a/.env.example\n"}, ["a/.env", "a/.env.example", "a/b/.env.example"]),
    ({".gitignore": "*\n!*/\n!.env.example\n"}, [".env", "a/.env.example", "a/.env"]),
    ({".gitignore": "/*\n!/keep/\n"}, ["keep/.env", "x/.env"]),
    ({".gitignore": "**/\n"}, ["a/.env", ".env"]),
    ({".gitignore": "foo**\n"}, ["foobar/.env", "foo/.env", "x/foobar"]),
    ({".gitignore": ".env\n", "a/.gitignore": "!/.env\n"}, ["a/.env", "a/b/.env"]),
    ({".gitignore": "a/\n!a/b/\n"}, ["a/b/.env"]),
    ({".gitignore": "[!a]b\n"}, ["ab", "cb"]),
    ({".gitignore": ".env\\ \n"}, [".env "]),
]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(("files", "paths"), ORACLE_CASES)
def test_agrees_with_git_check_ignore(tmp_path: Path, files: dict[str, str], paths) -> None:
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    for rel in paths:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("X=1\n")
    git.clear_caches()
    for rel in paths:
        result = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", "--no-index", rel])
        assert git.is_ignored((root / rel).resolve()) is (result.returncode == 0), rel
