"""Which files ``authlint check`` reads.

Directories are walked in sorted order. Folders git ignores (and ``.git``,
``node_modules``, virtual environments) are not entered, and ``exclude``
patterns apply; but a git-ignored *file* of a known kind, such as ``.env``,
is still read: that is where keys live. Files named on the command line are
always read, their kind guessed from their content when the name says nothing.
A folder named on the command line is walked even when git ignores it (or
sits inside an ignored folder): the user asked for it, so git's ignore rules
are not applied below it; ``exclude`` patterns and the always-skipped folders
still are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from authlint.core import git
from authlint.core.facts import FileKind
from authlint.scanners import detect_kind, kind_from_name

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
    }
)


@dataclass(frozen=True)
class Target:
    """A file to check and its kind; ``explicit`` when named by the user."""

    path: Path
    kind: FileKind
    explicit: bool = False


def discover(
    paths: Sequence[Path], exclude: Sequence[str] = (), *, guess_unknown: bool = True
) -> Iterator[Target]:
    """Yield the files under ``paths`` that authlint reads, without duplicates.

    A named file whose name does not tell its kind is guessed from its content,
    unless ``guess_unknown`` is false (pre-commit passes every staged file: only
    the names authlint knows are read then). Raises ``FileNotFoundError`` for a
    named path that does not exist.
    """
    excluded = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(path)
        if path.is_file():
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            kind = kind_from_name(path)
            if kind is None and guess_unknown:
                try:
                    head = path.read_bytes()[:65536].decode("utf-8", "replace")
                except OSError:
                    head = ""
                kind = detect_kind(path, head)
            if kind is not None:
                yield Target(path, kind, explicit=True)
            continue
        for target in _walk(path, excluded):
            resolved = target.path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield target


def _walk(root: Path, excluded: pathspec.GitIgnoreSpec | None) -> Iterator[Target]:
    """Yield the readable files under ``root``, folders in sorted order, files before subfolders."""
    honour_git = not git.is_ignored_directory(root.resolve())
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            child = here / name
            if name in SKIPPED_DIRECTORIES or _excluded(excluded, root, child, True):
                continue
            if honour_git and git.is_ignored_directory(child.resolve()):
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            child = here / name
            kind = kind_from_name(child)
            if kind is None or _excluded(excluded, root, child, False) or not child.is_file():
                continue
            yield Target(child, kind)


def _excluded(spec: pathspec.GitIgnoreSpec | None, root: Path, path: Path, is_dir: bool) -> bool:
    if spec is None:
        return False
    rel = path.relative_to(root).as_posix() + ("/" if is_dir else "")
    return bool(spec.match_file(rel))
