"""Would git commit this file? Repository discovery and ``.gitignore`` matching.

Uses pathspec's ``GitIgnoreSpec`` (git's wildmatch rules) over, in git's order
of precedence from lowest to highest: the global excludes file
(``$XDG_CONFIG_HOME/git/ignore``, default ``~/.config/git/ignore``;
``core.excludesFile`` is not read), ``.git/info/exclude``, and every
``.gitignore`` from the repository root down to the file's folder. The last
matching pattern wins, and a file inside an ignored folder is ignored.
Whether git already *tracks* an ignored file is not checked.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pathspec


@lru_cache(maxsize=4096)
def repository_root(directory: Path) -> Path | None:
    """The work tree containing ``directory`` (a folder with ``.git``), or ``None``."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@lru_cache(maxsize=4096)
def _spec(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _global_excludes() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "git" / "ignore"


def _verdict(specs: list[tuple[Path, pathspec.GitIgnoreSpec]], path: Path, is_dir: bool) -> bool:
    ignored = False
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        include = spec.check_file(rel).include
        if include is not None:
            ignored = include
    return ignored


def _ignored(path: Path, root: Path, is_dir: bool) -> bool:
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    for candidate in (_global_excludes(), root / ".git" / "info" / "exclude"):
        spec = _spec(candidate)
        if spec is not None:
            specs.append((root, spec))
    folder = root
    parts = path.relative_to(root).parts
    for part in parts[:-1]:
        spec = _spec(folder / ".gitignore")
        if spec is not None:
            specs.append((folder, spec))
        folder = folder / part
        if _verdict(specs, folder, is_dir=True):
            return True
    spec = _spec(folder / ".gitignore")
    if spec is not None:
        specs.append((folder, spec))
    return _verdict(specs, path, is_dir=is_dir)


def is_ignored(path: Path) -> bool:
    """Whether git would ignore the file ``path`` (absolute). ``False`` outside a repository."""
    root = repository_root(path.parent)
    return root is not None and _ignored(path, root, is_dir=False)


@lru_cache(maxsize=8192)
def is_ignored_directory(directory: Path) -> bool:
    """Whether git ignores the folder ``directory`` (absolute); cached per folder."""
    root = repository_root(directory)
    return root is not None and directory != root and _ignored(directory, root, is_dir=True)


def is_committable(path: Path) -> bool:
    """Whether ``path`` sits in a git work tree and is not ignored."""
    return repository_root(path.parent) is not None and not is_ignored(path)


def clear_caches() -> None:
    """Forget cached repositories and ignore files (after a ``.gitignore`` edit)."""
    repository_root.cache_clear()
    _spec.cache_clear()
    is_ignored_directory.cache_clear()
