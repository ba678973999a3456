"""Which files ``authlint check`` reads.

Directories are walked in sorted order. Folders git ignores (and ``.git``,
``node_modules``, virtual environments) are not entered, and ``exclude``
patterns apply; but a git-ignored *file* of a known kind, such as ``.env``,
is still read: that is where keys live. Files named on the command line are
always read, their kind guessed from their content when the name says nothing.
Claude Code transcripts (``.claude/projects/**/*.jsonl``) are read by a walk
only when git would commit them or the walked folder is Claude's own, and a
notebook over 10 MiB is skipped with a warning.

Shell scripts are walked wherever they are (``*.sh``, ``*.bash``, ``*.zsh``,
``*.ksh``), and so is an extensionless file in a ``bin/`` or ``scripts/``
folder whose first line is a POSIX shell shebang (``#!/usr/bin/env bash``).
JavaScript under a ``dist/`` or ``build/`` folder next to a TypeScript
project (a ``tsconfig*.json`` or ``src/*.ts`` beside the folder) is compiled
output of sources that are read themselves: it is skipped.
A folder named on the command line is walked even when git ignores it (or
sits inside an ignored folder): the user asked for it, so git's ignore rules
are not applied below it; ``exclude`` patterns and the always-skipped folders
still are.

Walking never stops on one bad entry: a folder that cannot be listed (no
permission), a FIFO, device or socket with a known name, and a symbolic link
that loops are skipped and reported through ``on_skip``. Symbolic links to
folders are not followed (so no loop is walked); a link to a regular file is
read. Named paths are not filtered: reading them reports what is wrong.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from authlint.core import git
from authlint.core.facts import FileKind
from authlint.core.source import MAX_FILE_BYTES, file_type, read_regular_file
from authlint.scanners import (
    detect_kind,
    is_script_candidate,
    kind_from_name,
    looks_like_kubernetes,
    script_kind,
)

log = logging.getLogger("authlint")

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

_GUESS_BYTES = 65536
_YAML = frozenset({".yaml", ".yml"})
_SHEBANG_BYTES = 256  # enough for `#!/usr/bin/env -S bash -euo pipefail`

OnSkip = Callable[[Path, str], None]
"""Told of a path the walk skipped and why (``"not a regular file (a FIFO)"``…)."""


@dataclass(frozen=True)
class Target:
    """A file to check and its kind; ``explicit`` when named by the user.

    ``real``: its real path as :func:`os.path.realpath` gives it (what tells
    two spellings of one file apart); not compared.
    """

    path: Path
    kind: FileKind
    explicit: bool = False
    real: str = field(default="", compare=False)


def _log_skip(path: Path, reason: str) -> None:
    log.warning("skipping %s: %s", path, reason)


def discover(
    paths: Sequence[Path],
    exclude: Sequence[str] = (),
    *,
    guess_unknown: bool = True,
    on_skip: OnSkip | None = None,
) -> Iterator[Target]:
    """Yield the files under ``paths`` that authlint reads, without duplicates.

    A named file whose name does not tell its kind is guessed from its content,
    unless ``guess_unknown`` is false (pre-commit passes every staged file: only
    the names authlint knows are read then). A named path that is not a folder
    is yielded whatever it is (reading it reports a FIFO or a device); what a
    walk skips is passed to ``on_skip(path, reason)`` (default: a warning in the
    ``authlint`` log). Each target carries its real path (:attr:`Target.real`).
    Raises ``FileNotFoundError`` for a named path that does not exist: before
    any target is yielded (a mistyped path after a large folder stops the run
    at once), or when it is walked to, if it went away meanwhile.
    """
    skip = on_skip or _log_skip
    excluded = git.IgnoreRules(exclude)
    seen: set[str] = set()
    for path in paths:
        try:
            os.lstat(path)
        except FileNotFoundError:
            raise FileNotFoundError(path) from None
        except OSError:
            pass  # no permission, a name too long: looked at again below
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if not os.path.lexists(path):
                raise FileNotFoundError(path) from None
            info = None  # a dangling link: reading it says so
        except OSError:
            info = None  # a loop, no permission: reading it says so
        if info is None or not stat.S_ISDIR(info.st_mode):
            resolved = os.path.realpath(path)
            if resolved in seen:
                continue
            seen.add(resolved)
            kind = kind_from_name(path)
            if kind is None and not guess_unknown and path.suffix.lower() in _YAML:
                kind = _kubernetes(path)  # known by content, not guessed (pre-commit)
            if kind is None and guess_unknown:
                head = _head(path)
                # Unreadable: yielded all the same (as the default guess), so reading it
                # reports why instead of the file being passed over in silence.
                kind = FileKind.SHELL if head is None else detect_kind(path, head)
            if kind is not None:
                yield Target(path, kind, explicit=True, real=resolved)
            elif guess_unknown:
                skip(path, "not a kind of file authlint reads (no name or content says so)")
            continue
        for target in _walk(path, excluded, skip):
            if target.real not in seen:
                seen.add(target.real)
                yield target


def _head(path: Path, size: int = _GUESS_BYTES) -> str | None:
    """The start of a file, to guess its kind (``None`` when it cannot be read)."""
    try:
        return read_regular_file(path, size, head=True).decode("utf-8", "replace")
    except OSError:
        return None


def _walk(root: Path, excluded: git.IgnoreRules, skip: OnSkip) -> Iterator[Target]:
    """Yield the readable files under ``root``, folders in sorted order, files before subfolders.

    Each with its real path (``os.path.realpath``), resolved once per folder:
    a file that is not a symbolic link is its folder's real path and its name.
    """
    honour_git = not git.is_ignored_directory(Path(os.path.realpath(root)))
    filtered = bool(excluded)  # exclude patterns to match
    pending = [root]
    compiled: set[Path] = set()  # build output of TypeScript sources: its JavaScript is skipped
    while pending:
        here = pending.pop()
        in_output = here in compiled
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            skip(here, f"cannot list the folder ({error.strerror or error})")
            continue
        folders: list[Path] = []
        real_here = os.path.realpath(here)
        # A plain file's real path is its folder's and its name (os.path.join, spelled out).
        real_prefix = real_here if real_here.endswith(os.sep) else real_here + os.sep
        for entry in entries:
            child = here / entry.name
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if _keep_folder(root, child, excluded, honour_git):
                    folders.append(child)
                    if in_output or (entry.name in _OUTPUT_FOLDERS and _typescript_here(here)):
                        compiled.add(child)
                continue
            kind = kind_from_name(child)
            if kind is FileKind.JAVASCRIPT and in_output and not _TYPESCRIPT.search(entry.name):
                continue
            if kind is None and child.suffix.lower() in _YAML:
                kind = _kubernetes(child)
            candidate = kind is None and is_script_candidate(child)
            if (kind is None and not candidate) or (
                filtered and _excluded(excluded, root, child, False)
            ):
                continue
            if kind is FileKind.CLAUDE_TRANSCRIPT and not _transcript_wanted(root, child):
                continue
            plain = _is_plain_file(entry)
            reason = None if plain else _not_a_file(child)
            if reason is None and kind is FileKind.NOTEBOOK:
                reason = _too_large(child)
            if reason is None and candidate:
                head = _head(child, _SHEBANG_BYTES)
                kind = None if head is None else script_kind(head)
                if kind is None:
                    continue
            if reason is None and kind is not None:
                real = real_prefix + entry.name if plain else os.path.realpath(child)
                yield Target(child, kind, real=real)
            elif reason:
                skip(child, reason)
        pending.extend(reversed(folders))


def _transcript_wanted(root: Path, path: Path) -> bool:
    """Whether a walk reads the Claude Code transcript ``path``.

    Only when git would commit it (``~/.claude`` synced into a dotfiles
    repository), or when the folder named on the command line is Claude's own
    (``authlint check ~/.claude``): a walk of a home folder must not read
    every session ever recorded. ``--home`` reads the home's transcripts
    within a size budget (:func:`authlint.core.home.claude_transcripts`).
    """
    if "claude" in {_claude_folder(p) for p in Path(os.path.abspath(root)).parts}:
        return True
    return git.is_committable(Path(os.path.realpath(path)))


def _claude_folder(name: str) -> str:
    lower = name.lower()
    return "claude" if lower in {".claude", "dot_claude", "private_dot_claude"} else lower


def _too_large(path: Path) -> str | None:
    """A notebook over the size authlint reads is skipped with a warning, not an error."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None  # reading it says why
    if size > MAX_FILE_BYTES:
        return f"a notebook of {size // (1024 * 1024)} MiB: larger than authlint reads"
    return None


def _kubernetes(path: Path) -> FileKind | None:
    """``KUBERNETES`` for a walked YAML file whose start is a Secret or ConfigMap manifest."""
    if _not_a_file(path) is not None:
        return None
    head = _head(path)
    return FileKind.KUBERNETES if head is not None and looks_like_kubernetes(head) else None


_OUTPUT_FOLDERS = frozenset({"dist", "build"})
_TYPESCRIPT = re.compile(r"\.[mc]?tsx?$")


def _typescript_here(folder: Path) -> bool:
    """Whether ``folder`` holds a TypeScript project: a ``tsconfig*.json`` or ``src/*.ts``."""
    try:
        with os.scandir(folder) as listing:
            if any(e.name.startswith("tsconfig") and e.name.endswith(".json") for e in listing):
                return True
        with os.scandir(folder / "src") as listing:
            return any(_TYPESCRIPT.search(e.name) for e in listing)
    except OSError:
        return False


def _keep_folder(root: Path, child: Path, excluded: git.IgnoreRules, honour_git: bool) -> bool:
    if child.name in SKIPPED_DIRECTORIES or _excluded(excluded, root, child, True):
        return False
    return not (honour_git and git.is_ignored_directory(Path(os.path.realpath(child))))


def _is_plain_file(entry: os.DirEntry[str]) -> bool:
    """Whether a listed entry is a regular file itself (not a link): no ``stat`` needed."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _not_a_file(path: Path) -> str | None:
    """Why a walked file is skipped: ``None`` to read it, ``""`` to skip it silently.

    A link to a folder or to nowhere is skipped silently (as before); a FIFO,
    a device, a socket, a loop or a file that cannot be looked at is named.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return ""  # a dangling link (or gone since the listing)
    except OSError as error:
        return error.strerror or str(error)  # a link loop, no permission
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return ""
    return f"not a regular file ({file_type(info.st_mode)})"


def _excluded(rules: git.IgnoreRules, root: Path, path: Path, is_dir: bool) -> bool:
    return bool(rules) and rules.matches(path.relative_to(root).as_posix(), is_dir)
