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

Whether git already *tracks* an ignored file is not checked, and config
``include`` directives are not followed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4096)
def repository_root(directory: Path) -> Path | None:
    """The work tree containing ``directory`` (a folder with ``.git``), or ``None``."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


# --- patterns ---------------------------------------------------------------------

_POSIX_CLASSES = {
    "alnum": "A-Za-z0-9",
    "alpha": "A-Za-z",
    "digit": "0-9",
    "lower": "a-z",
    "upper": "A-Z",
    "space": r"\s",
    "xdigit": "0-9A-Fa-f",
}


@dataclass(frozen=True)
class _Pattern:
    """One ignore-file line: ``regex`` matches a path relative to the file's folder."""

    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


def _bracket(pattern: str, start: int) -> tuple[str, int] | None:
    """Translate the ``[…]`` class at ``start``; ``None`` when it is not closed."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    parts: list[str] = []
    first = True
    while i < len(pattern):
        char = pattern[i]
        if char == "]" and not first:
            body = "".join(parts)
            return (f"[^/{body}]" if negate else f"[{body}]"), i + 1
        first = False
        if char == "[" and pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            if end != -1 and pattern[i + 2 : end] in _POSIX_CLASSES:
                parts.append(_POSIX_CLASSES[pattern[i + 2 : end]])
                i = end + 2
                continue
        if char == "\\" and i + 1 < len(pattern):
            i += 1
            char = pattern[i]
        if char == "-" and parts and i + 1 < len(pattern) and pattern[i + 1] != "]":
            parts.append("-")
        else:
            parts.append(re.escape(char))
        i += 1
    return None


def _translate(pattern: str) -> str:
    """Regex body for a wildmatch ``pattern`` (``WM_PATHNAME`` semantics)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            at_segment_start = i == 0 or pattern[i - 1] == "/"
            if pattern.startswith("**", i) and at_segment_start:
                if i + 2 == n:
                    out.append(".*")
                    i += 2
                    continue
                if pattern[i + 2] == "/":
                    out.append("(?:.*/)?")
                    i += 3
                    continue
            while i < n and pattern[i] == "*":
                i += 1
            out.append("[^/]*")
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            translated = _bracket(pattern, i)
            if translated is not None:
                out.append(translated[0])
                i = translated[1]
                continue
            out.append(re.escape(char))
        elif char == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


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
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    body = _translate(line)
    regex = body if anchored else f"(?:.*/)?{body}"
    try:
        compiled = re.compile(regex, re.DOTALL)
    except re.error:
        return None
    return _Pattern(compiled, negate, dir_only)


@lru_cache(maxsize=4096)
def _patterns(path: Path) -> tuple[_Pattern, ...] | None:
    """The patterns of one ignore file, or ``None`` when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return tuple(p for p in map(_compile, text.splitlines()) if p is not None)


# --- git folders and config -------------------------------------------------------


def _common_dir(root: Path) -> Path:
    """The repository's common git folder (``.git``, or where a ``.git`` file points)."""
    dot_git = root / ".git"
    if not dot_git.is_file():
        return dot_git
    try:
        first = dot_git.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return dot_git
    if not first.startswith("gitdir:"):
        return dot_git
    git_dir = (root / first[len("gitdir:") :].strip()).resolve()
    try:
        common = (git_dir / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return git_dir
    return (git_dir / common).resolve()


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
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
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
        rel = path.relative_to(base).as_posix()
        for pattern in patterns:
            if pattern.dir_only and not is_dir:
                continue
            if pattern.regex.fullmatch(rel):
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


def is_committable(path: Path) -> bool:
    """Whether ``path`` sits in a git work tree and is not ignored."""
    return repository_root(path.parent) is not None and not is_ignored(path)


def clear_caches() -> None:
    """Forget cached repositories and ignore files (after a ``.gitignore`` edit)."""
    repository_root.cache_clear()
    _patterns.cache_clear()
    _base_layers.cache_clear()
    is_ignored_directory.cache_clear()
