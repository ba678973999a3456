"""Project context for SDK rules: where a project starts and which SDK versions it uses.

Pure functions of files on disk (no LSP, no network, no imports of user
code). Results are cached: :func:`project_root` per folder until
:func:`clear_caches`, :func:`sdk_versions` per root and per manifest/lock file
signature (path, size, modification time), so an edited ``package.json`` is
seen without clearing anything.

Why versions matter: the SDKs changed which header carries an API key in a
new major (Python ``anthropic`` 2.x and ``@anthropic-ai/sdk`` 1.x send it as
``Authorization: Bearer``, older majors as ``X-Api-Key``), and
``@ai-sdk/anthropic`` expects a base URL that ends in ``/v1``
(``auth-facts.md`` §4.2, §4.3; ``client-behaviour.md`` headline 1).

Sources of a version, best first: a lock file (what is installed:
``uv.lock``/``poetry.lock``; ``package-lock.json``; ``pnpm-lock.yaml`` and
``yarn.lock`` when they hold exactly one version of the package), then the
declaration (``requirements*.txt``; ``pyproject.toml`` ``[project]``
dependencies/optional dependencies and Poetry dependencies; ``package.json``
dependencies, devDependencies, peerDependencies, optionalDependencies).
Lock files are looked for in the root and its parents up to the repository
root (workspaces keep one lock at the top), at most a few levels up.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from authlint.core.source import read_regular_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYTHON_SDK = "anthropic"
TS_SDK = "@anthropic-ai/sdk"
AI_SDK = "@ai-sdk/anthropic"
NPM_PACKAGES = (TS_SDK, AI_SDK)

ROOT_MARKERS = ("pyproject.toml", "package.json", "setup.py", ".git")
_REQUIREMENTS = re.compile(r"requirements.*\.txt\Z")
_MAX_LOCK_LEVELS = 4
_MAX_BYTES = 8 * 1024 * 1024  # lock files larger than this are skipped


# --- project root -------------------------------------------------------------------------


def _is_root(folder: Path) -> bool:
    # On strings (os.path, os.listdir): a code folder may hold hundreds of entries.
    where = str(folder)
    if any(os.path.exists(os.path.join(where, marker)) for marker in ROOT_MARKERS):
        return True
    try:
        names = os.listdir(where)
    except OSError:
        return False
    return any(name.startswith("requirements") and _REQUIREMENTS.match(name) for name in names)


@lru_cache(maxsize=4096)
def _root_of(folder: Path) -> Path | None:
    """The nearest root at or above ``folder`` (each folder on the way is cached too)."""
    if _is_root(folder):
        return folder
    parent = folder.parent
    return None if parent == folder else _root_of(parent)


def project_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that looks like a project root.

    A root holds ``pyproject.toml``, ``package.json``, ``requirements*.txt``,
    ``setup.py`` or ``.git``. ``path`` may be a file (its folder is the
    start) or a folder; it is made absolute but symbolic links are kept.
    Returns ``None`` when no folder up to the file-system root qualifies.
    """
    if not isinstance(path, Path) or not path.is_absolute():  # else it is already as wanted
        path = Path(path).absolute()
    folder = path if os.path.isdir(path) else path.parent
    return _root_of(folder)


def clear_caches() -> None:
    """Forget cached roots and versions (after files were created or deleted)."""
    _root_of.cache_clear()
    _versions.cache_clear()


# --- versions -----------------------------------------------------------------------------


def sdk_versions(root: Path) -> dict[str, str]:
    """The version of each Anthropic SDK the project at ``root`` uses.

    Keys are ``"anthropic"`` (Python), ``"@anthropic-ai/sdk"`` and
    ``"@ai-sdk/anthropic"``, present only when found. Values are an exact
    version from a lock file (``"2.11.0"``) or the specifier as declared
    (``">=0.30"``, ``"^1.2.0"``, ``"~=1.17"``, ``"latest"``, ``"*"`` for a
    dependency without one). Unreadable or malformed files are skipped;
    never raises.
    """
    root = Path(root).absolute()
    return dict(_versions(root, _signature(root)))


_LOCK_NAMES = (
    "pyproject.toml",
    "uv.lock",
    "poetry.lock",
    "package.json",
    "package-lock.json",
    "pnpm-lock.yaml",
    "yarn.lock",
)


def _lock_folders(root: Path) -> list[Path]:
    folders = [root]
    for parent in root.parents:
        if len(folders) > _MAX_LOCK_LEVELS or os.path.exists(folders[-1] / ".git"):
            break
        folders.append(parent)
    return folders


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of each manifest and lock file there is (stat per call: edits show)."""
    paths = list(_candidate_names(tuple(_lock_folders(root))))
    try:  # os.scandir: a root may hold hundreds of entries, and this runs per question
        with os.scandir(root) as listing:
            names = [e.name for e in listing if _REQUIREMENTS.match(e.name)]
    except OSError:
        names = []
    # In the order pathlib sorts them (case-folded on Windows).
    paths += [str(root / name) for name in sorted(names, key=os.path.normcase)]
    found = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.append((path, info.st_size, info.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=256)
def _candidate_names(folders: tuple[Path, ...]) -> tuple[str, ...]:
    """The manifest and lock file paths in ``folders``, as strings (pure, built once)."""
    return tuple(str(folder / name) for folder in folders for name in _LOCK_NAMES)


@lru_cache(maxsize=256)
def _versions(
    root: Path, signature: tuple[tuple[str, int, int], ...]
) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for folder in _lock_folders(root):
        relative = root.relative_to(folder).as_posix()
        for name, version in _locked(folder, relative):
            found.setdefault(name, version)
    for name, spec in _declared(root):
        found.setdefault(name, spec)
    return tuple(sorted(found.items()))


def read_text(path: Path) -> str | None:
    """A manifest or lock file's text (UTF-8, at most 8 MiB), or ``None`` when unreadable."""
    try:  # a regular file only: a FIFO or a link to a device would never end
        return read_regular_file(path, _MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def read_toml(path: Path) -> dict[str, Any] | None:
    """A TOML file's table, or ``None`` when unreadable or invalid."""
    text = read_text(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def read_json(path: Path) -> Any:
    """A JSON file's value, or ``None`` when unreadable or invalid."""
    text = read_text(path)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def single(versions: Iterable[str]) -> str | None:
    """The one version all of ``versions`` agree on, else ``None``."""
    distinct = set(versions)
    return distinct.pop() if len(distinct) == 1 else None


def _locked(folder: Path, relative: str) -> Iterator[tuple[str, str]]:
    """Exact versions from the lock files in ``folder`` (``relative``: root inside it)."""
    from packaging.utils import canonicalize_name  # packaging: on first use (a fast start)

    for name in ("uv.lock", "poetry.lock"):
        data = read_toml(folder / name)
        packages = data.get("package") if isinstance(data, dict) else None
        if isinstance(packages, list):
            version = single(
                str(p.get("version"))
                for p in packages
                if isinstance(p, dict)
                and isinstance(p.get("name"), str)
                and canonicalize_name(p["name"]) == PYTHON_SDK
                and p.get("version")
            )
            if version:
                yield PYTHON_SDK, version
    lock = read_json(folder / "package-lock.json")
    if isinstance(lock, dict):
        yield from _package_lock(lock, relative)
    text = read_text(folder / "pnpm-lock.yaml")
    if text is not None:
        for package in NPM_PACKAGES:
            # v5/v6: /@scope/name@1.2.3: or /@scope/name/1.2.3:  v9: '@scope/name@1.2.3':
            pattern = re.compile(
                rf"^\s+['\"]?/?{re.escape(package)}[@/](\d[\w.+-]*)(?:\(|['\"]?:)", re.M
            )
            version = single(pattern.findall(text))
            if version:
                yield package, version
    text = read_text(folder / "yarn.lock")
    if text is not None:
        for package in NPM_PACKAGES:
            header = re.compile(rf'^"?{re.escape(package)}@[^\n]*:\n((?:[ \t]+[^\n]*\n)+)', re.M)
            versions = []
            for body in header.findall(text + "\n"):
                match = re.search(r"^\s+version:?\s+\"?([^\"\s]+)\"?", body, re.M)
                if match:
                    versions.append(match.group(1))
            version = single(versions)
            if version:
                yield package, version


def _package_lock(lock: dict[str, Any], relative: str) -> Iterator[tuple[str, str]]:
    packages = lock.get("packages")
    dependencies = lock.get("dependencies")
    for package in NPM_PACKAGES:
        version = None
        if isinstance(packages, dict):  # lockfileVersion 2 and 3: Node's lookup order
            keys = [f"node_modules/{package}"]
            if relative not in ("", "."):
                keys.insert(0, f"{relative}/node_modules/{package}")
            for key in keys:
                entry = packages.get(key)
                if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                    version = entry["version"]
                    break
        if version is None and isinstance(dependencies, dict):  # lockfileVersion 1
            entry = dependencies.get(package)
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                version = entry["version"]
        if version:
            yield package, version


def _declared(root: Path) -> Iterator[tuple[str, str]]:
    """Specifiers as declared in the manifests of ``root``."""
    try:
        requirements = sorted(p for p in root.iterdir() if _REQUIREMENTS.match(p.name))
    except OSError:
        requirements = []
    for path in requirements:
        text = read_text(path)
        if text is not None:
            yield from _pep508(_requirement_lines(text))
    data = read_toml(root / "pyproject.toml")
    if isinstance(data, dict):
        project = data.get("project")
        if isinstance(project, dict):
            yield from _pep508(_strings(project.get("dependencies")))
            optional = project.get("optional-dependencies")
            if isinstance(optional, dict):
                for group in optional.values():
                    yield from _pep508(_strings(group))
        groups = data.get("dependency-groups")
        if isinstance(groups, dict):
            for group in groups.values():
                yield from _pep508(_strings(group))
        yield from _poetry(data.get("tool"))
    manifest = read_json(root / "package.json")
    for package in NPM_PACKAGES:
        for spec in npm_specs(manifest, package):
            yield package, spec


NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def npm_specs(manifest: object, package: str) -> Iterator[str]:
    """``package``'s version specs in a parsed ``package.json`` (``*`` for an empty one)."""
    if not isinstance(manifest, dict):
        return
    for section in NPM_SECTIONS:
        table = manifest.get(section)
        spec = table.get(package) if isinstance(table, dict) else None
        if isinstance(spec, str):
            yield spec.strip() or "*"


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _requirement_lines(text: str) -> Iterator[str]:
    for line in text.replace("\\\n", "").splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if line and not line.startswith("-"):
            yield line


def _pep508(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(requirement.name) == PYTHON_SDK:
            yield PYTHON_SDK, str(requirement.specifier) or "*"


def _poetry(tool: object) -> Iterator[tuple[str, str]]:
    from packaging.utils import canonicalize_name

    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if not isinstance(poetry, dict):
        return
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    groups = poetry.get("group")
    if isinstance(groups, dict):
        tables.extend(g.get("dependencies") for g in groups.values() if isinstance(g, dict))
    for table in tables:
        if not isinstance(table, dict):
            continue
        for name, spec in table.items():
            if canonicalize_name(name) != PYTHON_SDK:
                continue
            if isinstance(spec, dict):
                spec = spec.get("version", "*")
            if isinstance(spec, str):
                yield PYTHON_SDK, spec.strip() or "*"


# --- specifiers ---------------------------------------------------------------------------

Release = tuple[int, int, int]
_INFINITE = 1 << 62
_CLAUSE = re.compile(
    r"(?P<op>===|==|!=|~=|>=|<=|\^|~|>|<|=)?\s*v?(?P<version>\d+(?:\.(?:\d+|[xX*]))*)"
    r"(?:[-+._a-zA-Z0-9]*)"
)
_HYPHEN = re.compile(r"^\s*v?(\S+)\s+-\s+v?(\S+)\s*$")


class _Range:
    """Allowed releases as ``[lower, upper)`` on ``(major, minor, patch)`` tuples."""

    def __init__(self) -> None:
        self.lower: Release = (0, 0, 0)
        self.upper: Release = (_INFINITE, 0, 0)

    def at_least(self, version: Release) -> None:
        self.lower = max(self.lower, version)

    def below(self, version: Release) -> None:
        self.upper = min(self.upper, version)


def _parts(version: str) -> tuple[list[int], int]:
    """``"1.2.x"`` -> ``([1, 2], 2)``: the numeric components and how many were given."""
    numbers: list[int] = []
    for part in version.split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return numbers, len(numbers)


def _release(numbers: list[int]) -> Release:
    padded = (numbers + [0, 0, 0])[:3]
    return padded[0], padded[1], padded[2]


def _bump(numbers: list[int], index: int) -> Release:
    """The first release after every version that starts with ``numbers[: index + 1]``."""
    head = numbers[: index + 1]
    head[-1] += 1
    return _release(head)


def _apply(clause: re.Match[str], allowed: _Range, bare_is_range: bool) -> bool:
    op = clause.group("op") or ""
    numbers, given = _parts(clause.group("version"))
    if given == 0:
        return False
    wildcard = given < len(clause.group("version").split("."))
    if op == "!=":
        return True
    if op in ("", "=", "==", "==="):
        if wildcard or (op == "" and bare_is_range and given < 3):
            allowed.at_least(_release(numbers))
            allowed.below(_bump(numbers, given - 1))
        else:
            allowed.at_least(_release(numbers))
            allowed.below(_bump(_list(_release(numbers)), 2))
    elif op in (">=", ">"):
        allowed.at_least(_release(numbers))
    elif op == "<":
        allowed.below(_release(numbers))
    elif op == "<=":
        allowed.below(_bump(_list(_release(numbers)), 2))
    elif op == "~=":
        if given < 2:
            return False
        allowed.at_least(_release(numbers))
        allowed.below(_bump(numbers, given - 2))
    elif op == "^":
        allowed.at_least(_release(numbers))
        first = next((i for i, n in enumerate(numbers) if n != 0), given - 1)
        allowed.below(_bump(numbers, min(first, given - 1)))
    elif op == "~":
        allowed.at_least(_release(numbers))
        allowed.below(_bump(numbers, 0 if given == 1 else 1))
    return True


def _list(release: Release) -> list[int]:
    return list(release)


def _range(spec: str) -> _Range | None:
    """The releases one alternative of a specifier allows, or ``None`` when not understood."""
    allowed = _Range()
    hyphen = _HYPHEN.match(spec)
    if hyphen:
        low, high = _parts(hyphen.group(1)), _parts(hyphen.group(2))
        if not low[1] or not high[1]:
            return None
        allowed.at_least(_release(low[0]))
        end = high[0]
        allowed.below(_bump(end, high[1] - 1) if high[1] < 3 else _bump(end, 2))
        return allowed
    clauses = [c for c in re.split(r"[,\s]+(?![\d.xX*])|,", spec) if c.strip()]
    if not clauses:
        return None
    for raw in clauses:
        match = _CLAUSE.fullmatch(raw.strip())
        if match is None or not _apply(match, allowed, bare_is_range=True):
            return None
    return allowed


def major_at_least(spec: str, major: int) -> bool | None:
    """Whether every version ``spec`` allows has a major version of at least ``major``.

    ``spec`` is an exact version (``"2.11.0"``), a PEP 440 specifier
    (``">=0.30"``, ``"==2.11.0"``, ``"~=1.17"``, ``">=1,<2"``), an npm/Poetry
    range (``"^1.2.0"``, ``"~0.30.1"``, ``"1.x"``, ``">=1.0.0 <2.0.0"``,
    ``"1.0.0 - 2.3.0"``, alternatives joined by ``||``) or an npm alias
    (``"npm:@anthropic-ai/sdk@^1"``). Returns ``True`` when all allowed
    versions are ``>= major``, ``False`` when none is, and ``None`` when it
    cannot be known (``">=0.30"`` for major 2, ``"latest"``, ``"*"``, URLs,
    ``workspace:`` and ``file:`` references). Never raises.
    """
    text = spec.strip()
    if text.startswith("npm:"):  # npm:<name>@<range>; a scoped name starts with "@"
        alias = text[len("npm:") :]
        at = alias.rfind("@")
        text = alias[at + 1 :] if at > 0 else ""
    elif text.startswith("workspace:"):
        text = text[len("workspace:") :]
    if not text or text in ("*", "x", "X", "latest", "next") or ":" in text or "/" in text:
        return None
    verdicts = set()
    for alternative in text.split("||"):
        allowed = _range(alternative.strip())
        if allowed is None:
            return None
        if allowed.lower >= (major, 0, 0):
            verdicts.add(True)
        elif allowed.upper <= (major, 0, 0):
            verdicts.add(False)
        else:
            return None
    return verdicts.pop() if len(verdicts) == 1 else None


def single_major(spec: str) -> int | None:
    """The one major version every version ``spec`` allows, or ``None``.

    ``"2.11.0"``, ``"^1.2.0"``, ``"~=1.17"`` and ``">=1,<2"`` give 2, 1, 1 and 1;
    ``">=0.30"``, ``"^0.30 || ^1"``, ``"latest"`` give ``None``. For ``0.x``
    ranges the answer is 0. Never raises.
    """
    for major in range(0, 100):
        below = major_at_least(spec, major + 1)
        if below is False:
            return major if major_at_least(spec, major) is True else None
        if below is None:
            return None
    return None
