"""Which files ``authlint check`` reads, and in which order (``core/discovery.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from authlint.core import git
from authlint.core.facts import FileKind
from authlint.discovery import discover


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def names(root: Path, *paths: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    return [t.path.relative_to(root).as_posix() for t in discover(list(paths), exclude)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return tree(
        root,
        {
            ".gitignore": ".env\nbuild/\n*.local.env\n",
            ".env": "A=1\n",  # git-ignored file: still read (keys live there)
            ".env.example": "A=\n",
            "README.md": "not read\n",
            "b/.zshrc": "export A=1\n",
            "b/c/config.fish": "set -gx A 1\n",
            "a/profile.ps1": "$Env:A = '1'\n",
            "a/prod.local.env": "A=1\n",  # ignored by pattern, still read
            "build/.env": "A=1\n",  # inside an ignored folder: not entered
            "build/deep/.bashrc": "A=1\n",
            "node_modules/pkg/.env": "A=1\n",
            ".venv/.env": "A=1\n",
            "vendor/.env": "A=1\n",
        },
    )


def test_walk_order_kinds_and_ignored_files(repo: Path) -> None:
    targets = list(discover([repo]))
    assert [t.path.relative_to(repo).as_posix() for t in targets] == [
        ".env",
        ".env.example",
        "a/prod.local.env",
        "a/profile.ps1",
        "b/.zshrc",
        "b/c/config.fish",
        "vendor/.env",
    ]
    kinds = {t.path.name: t.kind for t in targets}
    assert kinds[".zshrc"] is FileKind.SHELL
    assert kinds["config.fish"] is FileKind.FISH
    assert kinds["profile.ps1"] is FileKind.POWERSHELL
    assert kinds[".env"] is FileKind.DOTENV
    assert not any(t.explicit for t in targets)


def test_exclude_patterns(repo: Path) -> None:
    assert names(repo, repo, exclude=("vendor/", "*.ps1", "b/c")) == [
        ".env",
        ".env.example",
        "a/prod.local.env",
        "b/.zshrc",
    ]


def test_nested_gitignore_and_negation(repo: Path) -> None:
    tree(repo, {"b/.gitignore": "c/\n", "vendor/.gitignore": "*\n!.env\n"})
    git.clear_caches()
    assert "b/c/config.fish" not in names(repo, repo)
    assert "vendor/.env" in names(repo, repo)


def test_named_files_are_always_read_and_their_kind_guessed(repo: Path) -> None:
    tree(
        repo,
        {
            "build/settings": "ANTHROPIC_API_KEY=x\n# comment\n",
            "scripts/setup": "set -gx A 1\n",
            "scripts/init": "$env:A = '1'\n",
            "scripts/run": "if true; then export A=1; fi\n",
        },
    )
    paths = [repo / p for p in ("build/settings", "scripts/setup", "scripts/init", "scripts/run")]
    targets = list(discover(paths))
    assert [t.kind for t in targets] == [
        FileKind.DOTENV,
        FileKind.FISH,
        FileKind.POWERSHELL,
        FileKind.SHELL,
    ]
    assert all(t.explicit for t in targets)


@pytest.mark.parametrize(
    ("shebang", "kind"),
    [("#!/usr/bin/env fish", FileKind.FISH), ("#!/usr/bin/pwsh", FileKind.POWERSHELL)],
)
def test_a_shebang_decides_the_kind(tmp_path: Path, shebang: str, kind: FileKind) -> None:
    script = tree(tmp_path, {"setup": f"{shebang}\necho hi\n"}) / "setup"
    assert [t.kind for t in discover([script])] == [kind]


def test_a_named_ignored_folder_is_walked(repo: Path) -> None:
    assert names(repo, repo / "build") == ["build/.env", "build/deep/.bashrc"]


def test_paths_keep_their_order_and_duplicates_are_dropped(repo: Path) -> None:
    assert names(repo, repo / "b", repo / ".env", repo, repo / "b" / ".zshrc") == [
        "b/.zshrc",
        "b/c/config.fish",
        ".env",
        ".env.example",
        "a/prod.local.env",
        "a/profile.ps1",
        "vendor/.env",
    ]


def test_outside_a_repository_nothing_is_git_ignored(tmp_path: Path) -> None:
    root = tree(tmp_path / "plain", {".gitignore": "*\n", ".env": "A=1\n", "x/.envrc": "A=1\n"})
    assert names(root, root) == [".env", "x/.envrc"]


def test_a_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(discover([tmp_path / "nope"]))


def test_a_missing_path_raises_before_any_other_path_is_walked(tmp_path: Path) -> None:
    root = tree(tmp_path / "plain", {".env": "A=1\n"})
    found = discover([root, tmp_path / "nope"])
    with pytest.raises(FileNotFoundError, match="nope"):
        next(found)


def test_a_dangling_link_and_a_path_under_a_file_are_not_missing(tmp_path: Path) -> None:
    # Both are read, and reading says what is wrong with them.
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    (tmp_path / "file").write_text("A=1\n")
    found = [t.path for t in discover([tmp_path / "gone", tmp_path / "file" / "x"])]
    assert found == [tmp_path / "gone", tmp_path / "file" / "x"]


def test_each_target_carries_its_real_path(tmp_path: Path) -> None:
    root = tree(tmp_path / "plain", {".env": "A=1\n", "x/.envrc": "A=1\n"})
    (root / "x" / ".env.local").symlink_to(root / ".env")  # the same file: found once
    real = os.path.realpath(root)
    found = {t.path.relative_to(root).as_posix(): t.real for t in discover([root])}
    assert found == {".env": f"{real}/.env", "x/.envrc": f"{real}/x/.envrc"}
    (named,) = discover([root / "x" / ".env.local"])
    assert named.real == f"{real}/.env"


def test_a_file_named_like_a_template_of_nothing_is_passed_over(tmp_path: Path) -> None:
    # `..tmpl` is a chezmoi template's name with `.` before `.tmpl`: no file, not an error.
    from authlint.scanners import kind_from_name

    root = tree(tmp_path / "plain", {"..tmpl": "x\n", ".tmpl": "x\n", ".env": "A=1\n"})
    assert kind_from_name(root / "..tmpl") is None
    assert names(root, root) == [".env"]
