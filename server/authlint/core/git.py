"""Would git commit this file? Repository discovery and ignore-file matching.

Ignore files are read in git's order of precedence, lowest first: the global
excludes file (``core.excludesFile`` from the system, global and repository
git config, else ``$XDG_CONFIG_HOME/git/ignore``, default
``~/.config/git/ignore``), ``$GIT_DIR/info/exclude``, then every
``.gitignore`` from the repository root down to the file's folder. Within
that order the last matching pattern wins, and a file inside an ignored
folder is ignored whatever later patterns say (git cannot re-include it).

Patterns follow ``gitignore(5)``: ``!`` negates, a trailing ``/`` matches
folders only, a pattern with a ``/`` elsewhere is anchored to its
``.gitignore``'s folder, otherwise it matches a name at any depth; ``*``,
``?`` and ``[…]`` never match ``/``; ``**/``, ``/**/`` and ``/**`` span
folders. Each path is matched exactly (a folder and the files in it are
judged separately), which ``pathspec``'s file-oriented precedence cannot do
for folders (``*`` then ``!*/`` must leave folders unignored).

Patterns are matched without regular expressions, segment by segment with
the greedy wildcard algorithm (time linear in the pattern times the name), so
no ``.gitignore`` can make matching backtrack for ever. Files are read only
when they are regular files, up to 10 MiB (:func:`~authlint.core.source.read_regular_file`).

A file git already *tracks* is committed whatever the ignore files say:
:func:`is_committable` reads git's index (``$GIT_DIR/index``, versions 2-4,
``git ls-files`` for a split or sparse index). Config
``include`` directives are not followed.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from authlint.core.source import MAX_FILE_BYTES, read_regular_file


@lru_cache(maxsize=4096)
def repository_root(directory: Path) -> Path | None:
    """The work tree containing ``directory`` (a folder with ``.git``), or ``None``.

    A ``.git`` that cannot be looked at (a folder this user may not enter) is
    not there; never raises.
    """
    for candidate in (directory, *directory.parents):
        if os.path.exists(candidate / ".git"):
            return candidate
    return None


def _read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str | None:
    """A small regular file's text (``None`` if missing, unreadable, not regular or too large)."""
    try:
        return read_regular_file(path, limit).decode("utf-8", "replace")
    except OSError:
        return None


# --- patterns ---------------------------------------------------------------------
#
# A pattern is matched without regular expressions: a ``*`` cannot make a backtracking
# regex engine explode (``*a*a*a…b`` against a long name of ``a``s), because each
# segment is matched by the greedy two-pointer wildcard algorithm, which retries only
# from the last ``*`` (O(len(pattern) × len(name))), and ``**`` is the same algorithm
# one level up, over whole path segments.

_ASCII_CLASSES: dict[str, Callable[[str], bool]] = {
    "alnum": lambda c: c.isascii() and c.isalnum(),
    "alpha": lambda c: c.isascii() and c.isalpha(),
    "blank": lambda c: c in " \t",
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127,
    "digit": lambda c: "0" <= c <= "9",
    "graph": lambda c: 32 < ord(c) < 127,
    "lower": lambda c: "a" <= c <= "z",
    "print": lambda c: 32 <= ord(c) < 127,
    "punct": lambda c: 32 < ord(c) < 127 and not c.isalnum(),
    "space": lambda c: c in " \t\n\r\f\v",
    "upper": lambda c: "A" <= c <= "Z",
    "xdigit": lambda c: c in "0123456789abcdefABCDEF",
}


@dataclass(frozen=True)
class _Class:
    """A ``[…]`` bracket expression: single characters, ranges and ``[:name:]`` classes."""

    negate: bool
    chars: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    named: tuple[str, ...]

    def __call__(self, char: str) -> bool:
        found = (
            char in self.chars
            or any(low <= char <= high for low, high in self.ranges)
            or any(_ASCII_CLASSES[name](char) for name in self.named)
        )
        return found is not self.negate


class _W(Enum):
    """Wildcard tokens."""

    ONE = "?"  # any one character but "/"
    RUN = "*"  # any run of characters within a segment
    RUNS = "**"  # a run of two or more "*": "**" when it is a whole segment
    SEP = "/"
    SEGMENTS = "**/"  # any number of whole segments (a segment of its own)


_Token = str | _Class | _W  # a str is one literal character
_Segment = tuple[_Token, ...]
_ANY_SEGMENTS: _Segment = (_W.SEGMENTS,)


def _bracket(pattern: str, start: int) -> tuple[_Class, int] | None:
    """Parse the ``[…]`` class at ``start``; ``None`` when it is not closed."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    named: list[str] = []
    first = True
    while i < len(pattern):
        char = pattern[i]
        if char == "]" and not first:
            return _Class(negate, frozenset(chars), tuple(ranges), tuple(named)), i + 1
        first = False
        if pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            if end != -1 and pattern[i + 2 : end] in _ASCII_CLASSES:
                named.append(pattern[i + 2 : end])
                i = end + 2
                continue
        if char == "\\" and i + 1 < len(pattern):
            i += 1
            char = pattern[i]
        high_at = i + 2
        if pattern.startswith("-", i + 1) and high_at < len(pattern) and pattern[high_at] != "]":
            high = pattern[high_at]
            if high == "\\" and high_at + 1 < len(pattern):
                high_at += 1
                high = pattern[high_at]
            ranges.append((char, high))
            i = high_at + 1
            continue
        chars.add(char)
        i += 1
    return None


def _tokens(pattern: str) -> list[_Token]:
    """The pattern as tokens (``\\x`` is the literal ``x``; an unclosed ``[`` is literal)."""
    out: list[_Token] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            run = i
            while i < n and pattern[i] == "*":
                i += 1
            out.append(_W.RUNS if i - run > 1 else _W.RUN)
            continue
        if char == "?":
            out.append(_W.ONE)
        elif char == "/":
            out.append(_W.SEP)
        elif char == "[":
            found = _bracket(pattern, i)
            if found is not None:
                out.append(found[0])
                i = found[1]
                continue
            out.append(char)
        elif char == "\\" and i + 1 < n:
            i += 1
            out.append(_W.SEP if pattern[i] == "/" else pattern[i])
        else:
            out.append(char)
        i += 1
    return out


def _segments(pattern: str) -> tuple[_Segment, ...]:
    """Split a pattern into segments; a segment that is only ``**`` spans segments."""
    segments: list[_Segment] = []
    current: list[_Token] = []
    for token in (*_tokens(pattern), _W.SEP):
        if token is not _W.SEP:
            current.append(token)
            continue
        if current == [_W.RUNS]:
            segments.append(_ANY_SEGMENTS)
        else:
            segments.append(tuple(_W.RUN if t is _W.RUNS else t for t in current))
        current = []
    return tuple(segments)


def _match_segment(tokens: _Segment, name: str) -> bool:
    """Whether one path segment ``name`` matches ``tokens`` (greedy, O(len × len))."""
    if len(tokens) > len(name) and sum(t is not _W.RUN for t in tokens) > len(name):
        return False  # each token but "*" takes one character: too long to ever match
    t = s = 0
    star, resume = -1, 0
    while s < len(name):
        if t < len(tokens) and tokens[t] is _W.RUN:
            star, resume = t, s
            t += 1
            continue
        if t < len(tokens) and _one(tokens[t], name[s]):
            t += 1
            s += 1
            continue
        if star < 0:
            return False
        t, resume = star + 1, resume + 1
        s = resume
    while t < len(tokens) and tokens[t] is _W.RUN:
        t += 1
    return t == len(tokens)


def _one(token: _Token, char: str) -> bool:
    if token is _W.ONE:
        return True
    if isinstance(token, _Class):
        return token(char)
    return token == char


def _match_path(segments: tuple[_Segment, ...], parts: Sequence[str]) -> bool:
    """Whether path ``parts`` match ``segments``; a ``**`` spans any number of parts."""
    p = s = 0
    star, resume = -1, 0
    while s < len(parts):
        if p < len(segments) and segments[p] == _ANY_SEGMENTS:
            star, resume = p, s
            p += 1
            continue
        if p < len(segments) and _match_segment(segments[p], parts[s]):
            p += 1
            s += 1
            continue
        if star < 0:
            return False
        p, resume = star + 1, resume + 1
        s = resume
    while p < len(segments) and segments[p] == _ANY_SEGMENTS:
        p += 1
    return p == len(segments)


@dataclass(frozen=True)
class _Pattern:
    """One ignore-file line: ``segments`` match a path relative to the file's folder."""

    segments: tuple[_Segment, ...]
    negate: bool
    dir_only: bool

    def matches(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the relative path ``parts`` (a folder when ``is_dir``) matches."""
        return (is_dir or not self.dir_only) and _match_path(self.segments, parts)


def _compile(line: str) -> _Pattern | None:
    """Parse one ignore-file line; ``None`` for blanks and comments."""
    line = line.rstrip("\r\n")
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    if dir_only:
        line = line[:-1]  # one slash only, as git: "a//" never matches
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    segments = _segments(line)
    if segments[-1] == _ANY_SEGMENTS:
        # "dir/**": everything inside, not the folder itself (one segment or more).
        segments = (*segments[:-1], (_W.RUN,), _ANY_SEGMENTS)
    if not anchored:
        segments = (_ANY_SEGMENTS, *segments)
    return _Pattern(segments, negate, dir_only)


class IgnoreRules:
    """Gitignore-syntax patterns matched in linear time (``--exclude``, ``[tool.authlint]``).

    Paths are relative to the folder the patterns belong to; the last matching
    pattern wins and ``!`` re-includes (see the module docstring for the syntax).
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._patterns = tuple(p for p in map(_compile, lines) if p is not None)

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def matches(self, relative: str, is_dir: bool) -> bool:
        """Whether the ``/``-separated relative path (a folder when ``is_dir``) is matched."""
        parts = [part for part in relative.split("/") if part]
        matched = False
        for pattern in self._patterns:
            if pattern.matches(parts, is_dir):
                matched = not pattern.negate
        return matched


@lru_cache(maxsize=4096)
def _patterns(path: Path) -> tuple[_Pattern, ...] | None:
    """The patterns of one ignore file, or ``None`` when it cannot be read."""
    text = _read_text(path)
    if text is None:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return tuple(p for p in map(_compile, text.splitlines()) if p is not None)


# --- git folders and config -------------------------------------------------------


def _git_dir(root: Path) -> Path:
    """The work tree's own git folder (``.git``, or where a ``.git`` file points)."""
    dot_git = root / ".git"
    if not os.path.isfile(dot_git):
        return dot_git
    text = _read_text(dot_git, 64 * 1024)
    first = text.splitlines()[0] if text else ""
    if not first.startswith("gitdir:"):
        return dot_git
    return Path(os.path.realpath(root / first[len("gitdir:") :].strip()))


def _common_dir(root: Path) -> Path:
    """The repository's common git folder (a worktree's ``commondir``, else its git folder)."""
    git_dir = _git_dir(root)
    if git_dir == root / ".git":
        return git_dir
    common = _read_text(git_dir / "commondir", 64 * 1024)
    if common is None:
        return git_dir
    return Path(os.path.realpath(git_dir / common.strip()))


def _home() -> Path | None:
    try:
        return Path(os.environ.get("HOME") or Path.home())
    except RuntimeError:
        return None


def _config_home() -> Path | None:
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg:
        return Path(xdg)
    home = _home()
    return home / ".config" if home else None


_SECTION = re.compile(r'^\s*\[\s*([A-Za-z0-9.-]+)(?:\s+"[^"]*")?\s*\]')
_ENTRY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$")


def _config_value(text: str, section: str, key: str) -> str | None:
    """The last ``section.key`` value in a git config text (no includes, no continuations)."""
    found = None
    current = ""
    for raw in text.splitlines():
        line = raw
        header = _SECTION.match(line)
        if header:
            current = header.group(1).lower()
            line = line[header.end() :]
        entry = _ENTRY.match(line)
        if current != section or entry is None or entry.group(1).lower() != key:
            continue
        value = (entry.group(2) or "").strip()
        if value.startswith('"'):
            end = value.find('"', 1)
            value = value[1:end] if end != -1 else value[1:]
        else:
            value = re.split(r"\s[#;]", value, maxsplit=1)[0].strip()
        found = value
    return found


def _config_files(common: Path) -> list[Path]:
    """Git config files in the order git reads them (later ones win)."""
    files: list[Path] = []
    if not os.environ.get("GIT_CONFIG_NOSYSTEM"):
        files.append(Path("/etc/gitconfig"))
    explicit = os.environ.get("GIT_CONFIG_GLOBAL")
    if explicit:
        files.append(Path(explicit))
    else:
        config_home, home = _config_home(), _home()
        if config_home is not None:
            files.append(config_home / "git" / "config")
        if home is not None:
            files.append(home / ".gitconfig")
    files.append(common / "config")
    return files


def _excludes_file(root: Path, common: Path) -> Path | None:
    """``core.excludesFile`` if configured, else git's default global ignore file."""
    configured = None
    for config in _config_files(common):
        text = _read_text(config)
        if text is None:
            continue
        value = _config_value(text, "core", "excludesfile")
        if value is not None:
            configured = value
    if configured:
        path = Path(os.path.expanduser(configured))
        return path if path.is_absolute() else root / path
    config_home = _config_home()
    return config_home / "git" / "ignore" if config_home else None


@lru_cache(maxsize=256)
def _base_layers(
    root: Path, _environment: tuple[str | None, ...]
) -> tuple[tuple[Path, tuple[_Pattern, ...]], ...]:
    """Global excludes and ``info/exclude`` for ``root`` (cached per environment)."""
    common = _common_dir(root)
    layers = []
    for candidate in (_excludes_file(root, common), common / "info" / "exclude"):
        patterns = _patterns(candidate) if candidate is not None else None
        if patterns:
            layers.append((root, patterns))
    return tuple(layers)


_ENVIRONMENT = ("XDG_CONFIG_HOME", "HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")


# --- verdicts ---------------------------------------------------------------------


def _verdict(layers: list[tuple[Path, tuple[_Pattern, ...]]], path: Path, is_dir: bool) -> bool:
    ignored = False
    for base, patterns in layers:
        parts = path.relative_to(base).parts
        for pattern in patterns:
            if pattern.matches(parts, is_dir):
                ignored = not pattern.negate
    return ignored


def _ignored(path: Path, root: Path, is_dir: bool) -> bool:
    environment = tuple(os.environ.get(name) for name in _ENVIRONMENT)
    layers = list(_base_layers(root, environment))
    folder = root
    for part in path.relative_to(root).parts[:-1]:
        patterns = _patterns(folder / ".gitignore")
        if patterns:
            layers.append((folder, patterns))
        folder = folder / part
        if _verdict(layers, folder, is_dir=True):
            return True
    patterns = _patterns(folder / ".gitignore")
    if patterns:
        layers.append((folder, patterns))
    return _verdict(layers, path, is_dir=is_dir)


def is_ignored(path: Path) -> bool:
    """Whether git would ignore the file ``path`` (absolute). ``False`` outside a repository."""
    root = repository_root(path.parent)
    return root is not None and _ignored(path, root, is_dir=False)


@lru_cache(maxsize=8192)
def is_ignored_directory(directory: Path) -> bool:
    """Whether git ignores the folder ``directory`` (absolute); cached per folder."""
    root = repository_root(directory)
    return root is not None and directory != root and _ignored(directory, root, is_dir=True)


# --- tracked files: git's index ------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    """The paths in a git index: ``files`` and the folders of a sparse index (``"dir/"``).

    Without git to expand a sparse index, a file below one of its folders counts
    as tracked: the folder's tree is in the repository, its listing is not at hand.
    """

    files: frozenset[str]
    folders: tuple[str, ...] = ()

    def holds(self, relative: str) -> bool:
        return relative in self.files or relative.startswith(self.folders)


_MAX_INDEX_BYTES = 512 * 1024 * 1024


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """Git's offset varint (index v4 path prefixes) at ``pos``: value and the next position."""
    byte = data[pos]
    value = byte & 0x7F
    pos += 1
    while byte & 0x80:
        byte = data[pos]
        value = ((value + 1) << 7) | (byte & 0x7F)
        pos += 1
    return value, pos


def _parse_index(data: bytes, hash_size: int) -> _Index | None:
    """The paths of a git index file (versions 2 to 4), ``None`` if it cannot be read whole.

    A split index (the ``link`` extension) keeps most entries in another file:
    ``None`` then too. See git's ``Documentation/gitformat-index.txt``.
    """
    if len(data) < 12 + hash_size or data[:4] != b"DIRC":
        return None
    version, count = struct.unpack_from(">II", data, 4)
    if version not in (2, 3, 4):
        return None
    files: set[str] = set()
    folders: list[str] = []
    pos, previous = 12, b""
    fixed = 40 + hash_size  # ctime, mtime, dev, ino, mode, uid, gid, size; object name
    try:
        for _ in range(count):
            start = pos
            (mode,) = struct.unpack_from(">I", data, pos + 24)
            (flags,) = struct.unpack_from(">H", data, pos + fixed)
            pos += fixed + 2 + (2 if flags & 0x4000 and version >= 3 else 0)
            if version == 4:
                strip, pos = _varint(data, pos)
                end = data.index(b"\0", pos)
                if strip > len(previous):
                    return None
                name = previous[: len(previous) - strip] + data[pos:end]
                pos = end + 1
            else:
                end = data.index(b"\0", pos)
                name = data[pos:end]
                pos = start + ((end - start + 8) & ~7)
            previous = name
            path = name.decode("utf-8", "surrogateescape")
            if mode & 0o170000 == 0o040000:  # a sparse-index folder: all below is tracked
                folders.append(path if path.endswith("/") else path + "/")
            else:
                files.add(path)
        while pos + 8 <= len(data) - hash_size:
            signature = data[pos : pos + 4]
            (size,) = struct.unpack_from(">I", data, pos + 4)
            if signature == b"link":
                return None
            pos += 8 + size
    except (struct.error, ValueError, IndexError):
        return None
    return _Index(frozenset(files), tuple(folders))


@lru_cache(maxsize=16)
def _read_index(path: Path, _signature: tuple[int, int, int], hash_size: int) -> _Index | None:
    """The parsed index at ``path`` (cached per size, modification time and inode)."""
    try:
        data = read_regular_file(path, _MAX_INDEX_BYTES)
    except OSError:
        return None
    return _parse_index(data, hash_size)


@lru_cache(maxsize=16)
def _git_ls_files(root: Path, index: Path, _signature: tuple[int, int, int]) -> _Index | None:
    """What ``git ls-files`` lists (split and sparse indexes expanded), or ``None`` without git.

    Runs with ``core.fsmonitor`` off: reading an index may otherwise run a
    command the repository's config names.
    """
    executable = shutil.which("git")
    if executable is None:
        return None
    try:
        result = subprocess.run(
            [executable, "-c", "core.fsmonitor=false", "--no-optional-locks", "ls-files", "-z"],
            cwd=root,
            env={**os.environ, "GIT_INDEX_FILE": str(index)},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    names = result.stdout.split(b"\0")
    return _Index(frozenset(n.decode("utf-8", "surrogateescape") for n in names if n))


def _index_path(root: Path) -> Path:
    """The index of ``root``: ``$GIT_INDEX_FILE`` for the repository of the working folder.

    Git sets ``GIT_INDEX_FILE`` for a pre-commit hook (``git commit -a`` or
    ``git commit <file>`` stage into a temporary index); it names the index of
    the repository git runs in, not of another one met below it.
    """
    explicit = os.environ.get("GIT_INDEX_FILE")
    if explicit:
        try:
            here = Path(os.path.realpath(os.getcwd()))
        except OSError:
            here = None
        if here is not None and repository_root(here) == root:
            return here / explicit
    return _git_dir(root) / "index"


@lru_cache(maxsize=256)
def _hash_size(root: Path) -> int:
    """Bytes in an object name: 32 for SHA-256 (``extensions.objectFormat``), else 20."""
    config = _read_text(_common_dir(root) / "config") or ""
    sha256 = (_config_value(config, "extensions", "objectformat") or "").lower() == "sha256"
    return 32 if sha256 else 20


def _tracked(root: Path) -> _Index | None:
    index = _index_path(root)
    try:
        info = os.stat(index)
    except OSError:
        return _Index(frozenset())  # no index yet: nothing is tracked
    signature = (info.st_size, info.st_mtime_ns, info.st_ino)
    parsed = _read_index(index, signature, _hash_size(root))
    if parsed is not None and not parsed.folders:
        return parsed
    # A split index, or a sparse one (a folder entry stands for a whole tree): git knows.
    listed = _git_ls_files(root, index, signature)
    return listed if listed is not None else parsed


def is_tracked(path: Path) -> bool:
    """Whether git tracks ``path`` (absolute): its index holds it, whatever ``.gitignore`` says.

    Read from ``$GIT_DIR/index`` (or ``$GIT_INDEX_FILE``, see
    :func:`_index_path`); a file ``git add``-ed but not yet committed counts,
    one ``git rm --cached`` no longer does. ``False`` outside a repository and
    when the index cannot be read.
    """
    root = repository_root(path.parent)
    if root is None:
        return False
    index = _tracked(root)
    return index is not None and index.holds(path.relative_to(root).as_posix())


def is_committable(path: Path) -> bool:
    """Whether git would commit ``path``: tracked, or in a work tree and not ignored.

    A tracked file stays in every commit whatever ``.gitignore`` says (ignore
    rules apply to untracked files only).
    """
    if repository_root(path.parent) is None:
        return False
    return is_tracked(path) or not is_ignored(path)


def clear_caches() -> None:
    """Forget cached repositories and ignore files (after a ``.gitignore`` edit).

    A changed index is seen without this: it is cached per size, time and inode.
    """
    repository_root.cache_clear()
    _patterns.cache_clear()
    _base_layers.cache_clear()
    _hash_size.cache_clear()
    is_ignored_directory.cache_clear()
