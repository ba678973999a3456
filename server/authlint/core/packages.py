"""Which version of an npm or PyPI package a project uses, read from its files.

Pure functions of files on disk (no network, no package manager, no imports of
user code); results are cached per project root, package and file signature
(path, size, modification time), so an edited lock file is seen at once.

- :func:`installed_version`: the exact version, as a tuple of its numeric
  release parts (``"4.0.6"`` -> ``(4, 0, 6)``; a pre-release or build suffix is
  dropped). Sources, best first: ``node_modules/<package>/package.json`` (what
  Node resolves, looked for in the root and its parents), the lock files
  (``package-lock.json``, ``pnpm-lock.yaml``, ``yarn.lock``, ``uv.lock``,
  ``poetry.lock``; in the root and up to four parents, stopping at the
  repository root, as workspaces keep one lock at the top; ``pnpm``/``yarn``
  locks only when they hold one version of the package), then an exact pin in a
  manifest (``pkg==1.2.3`` in ``requirements*.txt`` or ``pyproject.toml``,
  ``"1.2.3"`` in ``package.json``).
- :func:`declared_specifier`: the range as written in a manifest
  (``"^4.0.6"``, ``">=0.30"``, ``"*"`` for none).
- :func:`has_fix`: whether the version(s) the project may use include a fix
  that was released in several lines (``fixed_in=[(3, 0, 94), (4, 0, 6)]``).

npm package names are compared as written, PyPI names after PEP 503
normalisation (``Foo_Bar`` is ``foo-bar``). A package is looked up in both
ecosystems' files; names rarely collide and, when they do, npm files are read
first. Unreadable or malformed files are skipped; nothing here raises.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from authlint.core.project import npm_specs, read_json, read_text, read_toml, single

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass

Version = tuple[int, ...]

_MAX_LEVELS = 4
_REQUIREMENTS = re.compile(r"requirements.*\.txt\Z")
_RELEASE = re.compile(r"v?(\d+(?:\.\d+)*)")
_FILES = (
    "package.json",
    "package-lock.json",
    "pnpm-lock.yaml",
    "yarn.lock",
    "pyproject.toml",
    "uv.lock",
    "poetry.lock",
)


def parse_version(text: str) -> Version | None:
    """``"4.0.6"`` -> ``(4, 0, 6)``, ``"v3.0.0-beta.2"`` -> ``(3, 0, 0)``; else ``None``."""
    match = _RELEASE.match(text.strip())
    return tuple(int(p) for p in match.group(1).split(".")) if match else None


def installed_version(project_root: Path, package: str) -> Version | None:
    """The exact version of ``package`` the project at ``project_root`` uses, or ``None``.

    ``package`` is an npm name (``"@ai-sdk/anthropic"``) or a PyPI name
    (``"anthropic"``). ``None`` when no installed copy, lock entry or exact pin
    says which version it is (a range such as ``"^4.0.0"`` is not a version:
    see :func:`declared_specifier` and :func:`has_fix`).
    """
    root = Path(project_root).absolute()
    return _installed(root, package, _signature(root, package))


def declared_specifier(project_root: Path, package: str) -> str | None:
    """The specifier ``package`` is declared with in the project's manifests, or ``None``.

    From ``package.json`` (dependencies, devDependencies, peerDependencies,
    optionalDependencies), ``requirements*.txt`` and ``pyproject.toml``
    (``[project]`` dependencies and optional dependencies, dependency groups,
    Poetry). ``"*"`` when declared without a version.
    """
    root = Path(project_root).absolute()
    return _declared(root, package, _signature(root, package))


def uses_package(project_root: Path, package: str) -> bool:
    """Whether the project installs or declares ``package`` at all."""
    return (
        installed_version(project_root, package) is not None
        or declared_specifier(project_root, package) is not None
    )


def has_fix(project_root: Path, package: str, fixed_in: Sequence[Version]) -> bool | None:
    """Whether the versions of ``package`` the project may use all carry a fix.

    ``fixed_in`` lists the first fixed release of each line, e.g.
    ``[(3, 0, 94), (4, 0, 6)]``: 3.x from 3.0.94 on, 4.x from 4.0.6 on, every
    later major, and nothing before major 3. Returns ``True`` (all have it),
    ``False`` (none has it) or ``None`` (not used, not known, or a range that
    allows both).
    """
    exact = installed_version(project_root, package)
    if exact is not None:
        return version_has_fix(exact, fixed_in)
    spec = declared_specifier(project_root, package)
    return None if spec is None else specifier_has_fix(spec, fixed_in)


def version_has_fix(version: Version, fixed_in: Sequence[Version]) -> bool:
    """Whether ``version`` carries a fix first released in ``fixed_in`` (see :func:`has_fix`)."""
    return not any(low <= _pad(version) < high for low, high in _unfixed(fixed_in))


def specifier_has_fix(spec: str, fixed_in: Sequence[Version]) -> bool | None:
    """:func:`has_fix` for a declared specifier: ``True``/``False`` for all/none, else ``None``."""
    ranges = _ranges(spec)
    if not ranges:
        return None
    holes = _unfixed(fixed_in)
    verdicts = set()
    for low, high in ranges:
        if not any(low < h_high and h_low < high for h_low, h_high in holes):
            verdicts.add(True)
        elif any(h_low <= low and high <= h_high for h_low, h_high in holes):
            verdicts.add(False)
        else:
            return None
    return verdicts.pop() if len(verdicts) == 1 else None


# --- ranges -------------------------------------------------------------------------------

_Padded = tuple[int, int, int]
_TOP: _Padded = (1 << 62, 0, 0)


def _pad(version: Version) -> _Padded:
    parts = (*version, 0, 0, 0)
    return parts[0], parts[1], parts[2]


def _unfixed(fixed_in: Sequence[Version]) -> list[tuple[_Padded, _Padded]]:
    """Half-open intervals of versions without the fix."""
    firsts = sorted(_pad(v) for v in fixed_in)
    if not firsts:
        return [((0, 0, 0), _TOP)]
    holes = [((0, 0, 0), (firsts[0][0], 0, 0))]
    holes += [((f[0], 0, 0), f) for f in firsts if f != (f[0], 0, 0)]
    return [(low, high) for low, high in holes if low < high]


def _bump(numbers: list[int], index: int) -> _Padded:
    head = numbers[: index + 1]
    head[-1] += 1
    return _pad(tuple(head))


_CLAUSE = re.compile(r"(===|==|!=|~=|>=|<=|\^|~|>|<|=)?\s*v?(\d+(?:\.(?:\d+|[xX*]))*)[-+.\w]*")


def _ranges(spec: str) -> list[tuple[_Padded, _Padded]]:
    """The ``[low, high)`` ranges a specifier allows (alternatives of ``||``); ``[]``: unknown."""
    text = spec.strip()
    if text.startswith("npm:"):
        text = text[text.rfind("@") + 1 :] if text.rfind("@") > 4 else ""
    text = text.removeprefix("workspace:")
    if not text or text in ("*", "x", "X", "latest", "next") or ":" in text or "/" in text:
        return []
    found = []
    for alternative in text.split("||"):
        low, high = (0, 0, 0), _TOP
        clauses = [c for c in re.split(r"[,\s]+(?![\d.xX*])|,", alternative) if c.strip()]
        if not clauses:
            return []
        for clause in clauses:
            match = _CLAUSE.fullmatch(clause.strip())
            if match is None:
                return []
            op, raw = match.group(1) or "", match.group(2)
            numbers = []
            for part in raw.split("."):
                if not part.isdigit():
                    break
                numbers.append(int(part))
            given = len(numbers)
            partial = given < 3
            if op == "!=":
                continue
            if op in ("", "=", "==", "==="):
                start = _pad(tuple(numbers))
                end = _bump(numbers, given - 1) if partial else _bump(numbers + [0] * 3, 2)
            elif op in (">=", ">"):
                start, end = _pad(tuple(numbers)), _TOP
            elif op == "<":
                start, end = (0, 0, 0), _pad(tuple(numbers))
            elif op == "<=":
                start, end = (0, 0, 0), _bump((numbers + [0, 0, 0])[:3], 2)
            elif op == "~=":
                if given < 2:
                    return []
                start, end = _pad(tuple(numbers)), _bump(numbers, given - 2)
            elif op == "^":
                first = next((i for i, n in enumerate(numbers) if n != 0), given - 1)
                start, end = _pad(tuple(numbers)), _bump(numbers, min(first, given - 1))
            else:  # "~"
                start, end = _pad(tuple(numbers)), _bump(numbers, 0 if given == 1 else 1)
            low, high = max(low, start), min(high, end)
        found.append((low, high))
    return found


# --- files --------------------------------------------------------------------------------


def _folders(root: Path) -> list[Path]:
    """``root`` and its parents, up to the repository root and at most a few levels."""
    folders = [root]
    for parent in root.parents:
        if len(folders) > _MAX_LEVELS or os.path.exists(folders[-1] / ".git"):
            break
        folders.append(parent)
    return folders


def _signature(root: Path, package: str) -> tuple[tuple[str, int, int], ...]:
    paths = list(_candidates(tuple(_folders(root)), package))
    try:
        paths += sorted(str(p) for p in root.iterdir() if _REQUIREMENTS.match(p.name))
    except OSError:
        pass
    found = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.append((path, info.st_size, info.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=256)
def _candidates(folders: tuple[Path, ...], package: str) -> tuple[str, ...]:
    """The files whose signature :func:`_signature` takes (a pure function of the paths).

    Built once per folders: the outcome layer asks for the versions at every keystroke.
    """
    paths = [folder / "node_modules" / package / "package.json" for folder in folders]
    paths += [folder / name for folder in folders for name in _FILES]
    return tuple(str(path) for path in paths)


def _same_pypi(name: object, package: str) -> bool:
    from packaging.utils import canonicalize_name  # packaging: on first use (a fast start)

    return isinstance(name, str) and canonicalize_name(name) == canonicalize_name(package)


@lru_cache(maxsize=512)
def _installed(
    root: Path, package: str, signature: tuple[tuple[str, int, int], ...]
) -> Version | None:
    for folder in _folders(root):
        manifest = read_json(folder / "node_modules" / package / "package.json")
        if isinstance(manifest, dict) and isinstance(manifest.get("version"), str):
            return parse_version(manifest["version"])
    for folder in _folders(root):
        relative = root.relative_to(folder).as_posix()
        for version in _locked(folder, relative, package):
            parsed = parse_version(version)
            if parsed is not None:
                return parsed
    spec = _declared(root, package, signature)
    if spec is not None:
        match = re.fullmatch(r"(?:===?|=)?\s*v?(\d+\.\d+\.\d+)", spec.strip())
        if match:
            return parse_version(match.group(1))
    return None


def _locked(folder: Path, relative: str, package: str) -> Iterator[str]:
    """Exact versions of ``package`` in the lock files of ``folder``."""
    lock = read_json(folder / "package-lock.json")
    if isinstance(lock, dict):
        packages, dependencies = lock.get("packages"), lock.get("dependencies")
        if isinstance(packages, dict):  # lockfileVersion 2 and 3, in Node's lookup order
            keys = [f"node_modules/{package}"]
            if relative not in ("", "."):
                keys.insert(0, f"{relative}/node_modules/{package}")
            for key in keys:
                entry = packages.get(key)
                if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                    yield entry["version"]
        if isinstance(dependencies, dict):  # lockfileVersion 1
            entry = dependencies.get(package)
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                yield entry["version"]
    text = read_text(folder / "pnpm-lock.yaml")
    if text is not None:
        # v5/v6: /@scope/name@1.2.3: or /@scope/name/1.2.3:  v9: '@scope/name@1.2.3':
        pattern = rf"^\s+['\"]?/?{re.escape(package)}[@/](\d[\w.+-]*)(?:\(|['\"]?:)"
        version = single(re.findall(pattern, text, re.M))
        if version:
            yield version
    text = read_text(folder / "yarn.lock")
    if text is not None:
        header = rf'^"?{re.escape(package)}@[^\n]*:\n((?:[ \t]+[^\n]*\n)+)'
        versions = []
        for body in re.findall(header, text + "\n", re.M):
            match = re.search(r"^\s+version:?\s+\"?([^\"\s]+)\"?", body, re.M)
            if match:
                versions.append(match.group(1))
        version = single(versions)
        if version:
            yield version
    for name in ("uv.lock", "poetry.lock"):
        data = read_toml(folder / name)
        entries = data.get("package") if isinstance(data, dict) else None
        if isinstance(entries, list):
            version = single(
                [
                    str(e["version"])
                    for e in entries
                    if isinstance(e, dict)
                    and _same_pypi(e.get("name"), package)
                    and e.get("version")
                ]
            )
            if version:
                yield version


@lru_cache(maxsize=512)
def _declared(root: Path, package: str, signature: tuple[tuple[str, int, int], ...]) -> str | None:
    return next(_declarations(root, package), None)


def _declarations(root: Path, package: str) -> Iterator[str]:
    yield from npm_specs(read_json(root / "package.json"), package)
    try:
        requirements = sorted(p for p in root.iterdir() if _REQUIREMENTS.match(p.name))
    except OSError:
        requirements = []
    lines: list[str] = []
    for path in requirements:
        text = read_text(path)
        if text is not None:
            for line in text.replace("\\\n", "").splitlines():
                line = re.sub(r"(^|\s)#.*", "", line).strip()
                if line and not line.startswith("-"):
                    lines.append(line)
    data = read_toml(root / "pyproject.toml")
    if isinstance(data, dict):
        project = data.get("project")
        if isinstance(project, dict):
            lines += _strings(project.get("dependencies"))
            optional = project.get("optional-dependencies")
            if isinstance(optional, dict):
                for group in optional.values():
                    lines += _strings(group)
        groups = data.get("dependency-groups")
        if isinstance(groups, dict):
            for group in groups.values():
                lines += _strings(group)
    if lines:  # packaging is imported only when there is a requirement to parse
        from packaging.requirements import InvalidRequirement, Requirement

        for line in lines:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if _same_pypi(requirement.name, package):
                yield str(requirement.specifier) or "*"
    tool = data.get("tool") if isinstance(data, dict) else None
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
        groups = poetry.get("group")
        if isinstance(groups, dict):
            tables += [g.get("dependencies") for g in groups.values() if isinstance(g, dict)]
        for table in tables:
            if not isinstance(table, dict):
                continue
            for name, spec in table.items():
                if not _same_pypi(name, package):
                    continue
                if isinstance(spec, dict):
                    spec = spec.get("version", "*")
                if isinstance(spec, str):
                    yield spec.strip() or "*"


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def clear_caches() -> None:
    """Forget cached versions (the file signatures already notice edits; this is for tests)."""
    _installed.cache_clear()
    _declared.cache_clear()
