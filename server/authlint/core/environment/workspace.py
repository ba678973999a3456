"""The files the environment model reads, gathered once: the only I/O of the model.

:func:`collect` reads a project folder and a home folder into a
:class:`Workspace`; everything after that (:mod:`.resolve`) is a pure function
of the workspace's file contents, its platform and a launch context.

What is read:

- the home folder's profiles and Claude Code / VS Code user files
  (:func:`authlint.core.home.home_files`), and every file a profile
  ``source``\\ s with a literal path (three levels deep);
- the project's ``.env*`` files, ``.envrc``, ``.claude/settings*.json``,
  ``.vscode/settings.json``, devcontainer and Compose files, ``package.json``
  scripts (``node --env-file``);
- the project's Python and JavaScript/TypeScript files that load dotenv, and
  the ``.env`` each load reads;
- Claude Code's managed settings when a path is given.

Sources: ``auth-facts.md`` §2.4 (settings files and managed paths), §6, §7.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from authlint.core.context import Platform
from authlint.core.discovery import SKIPPED_DIRECTORIES
from authlint.core.dotenv_loads import load_target
from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.home import home_files
from authlint.core.source import SourceFile, read_regular_file
from authlint.core.text import Span

SHELLS = ("bash", "zsh", "sh", "fish", "pwsh")
_DEFAULT_SHELL = {Platform.MACOS: "zsh", Platform.LINUX: "bash", Platform.WINDOWS: "pwsh"}
MANAGED_SETTINGS = {
    Platform.MACOS: Path("/Library/Application Support/ClaudeCode/managed-settings.json"),
    Platform.LINUX: Path("/etc/claude-code/managed-settings.json"),
    Platform.WINDOWS: Path("C:/Program Files/ClaudeCode/managed-settings.json"),
}
_COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_ENV_FILE_FLAG = re.compile(r"--env-file(?:=|\s+)(?P<q>['\"]?)(?P<path>[^\s'\"]+)(?P=q)")
_MAX_INCLUDE_DEPTH = 3
_MAX_CODE_FILES = 5000
_SKIPPED = SKIPPED_DIRECTORIES | {"dist", "build"}


@dataclass(frozen=True)
class DotenvLoadSite:
    """A dotenv load in code: ``load_dotenv()`` (``language="python"``) or Node ``dotenv``.

    ``target`` is the ``.env`` it reads (``None`` when none is found or it
    cannot be known); ``override`` as :attr:`authlint.core.facts.DotenvLoad.override`.
    """

    script: Path
    language: str
    call: str
    span: Span
    override: bool | None
    target: Path | None


@dataclass
class Workspace:
    """Everything the model reads. Paths are absolute.

    ``shell`` is the user's login shell (``bash``, ``zsh``, ``sh``, ``fish``
    or ``pwsh``); ``env_file_runs`` the ``--env-file`` lists of
    ``package.json`` scripts, each in command-line order.
    """

    platform: Platform
    shell: str
    home: Path | None
    root: Path | None
    files: dict[Path, ScannedFile] = field(default_factory=dict)
    loads: tuple[DotenvLoadSite, ...] = ()
    env_file_runs: tuple[tuple[Path, ...], ...] = ()
    managed_settings: Path | None = None

    def file(self, path: Path | None) -> ScannedFile | None:
        """The scanned file at ``path`` (absolute), if the workspace read it."""
        return None if path is None else self.files.get(path)

    def home_path(self, relative: str) -> Path | None:
        """``~/relative`` as an absolute path, or ``None`` without a home folder."""
        return None if self.home is None else self.home / relative

    def display(self, path: Path) -> str:
        """``~/.zshrc``, ``.env`` (relative to the project) or the absolute path."""
        if self.root is not None and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        if self.home is not None and path.is_relative_to(self.home):
            return f"~/{path.relative_to(self.home).as_posix()}"
        return path.as_posix()


def machine_managed_settings(platform: Platform, home: Path | None) -> Path | None:
    """Claude Code's managed settings file of this machine, when ``home`` is this machine's own.

    ``None`` when another home is modelled (tests, ``--home``), when ``platform``
    is not the one running, or when the file does not exist.
    """
    if home is None or Path(os.path.abspath(home)) != Path(os.path.abspath(Path.home())):
        return None
    path = MANAGED_SETTINGS[platform]
    return path if platform is Platform.current() and os.path.isfile(path) else None


def project_folder_of(paths: Iterable[Path]) -> Path:
    """The project the checked paths belong to: the first path's project root, else its folder.

    A project root holds ``pyproject.toml``, ``package.json``, ``.git``…
    (:func:`authlint.core.project.project_root`); with no path, the working folder.
    """
    from authlint.core.project import project_root

    first = next(iter(paths), Path("."))
    first = first.absolute()
    folder = first if first.is_dir() else first.parent
    return project_root(folder) or folder


def default_shell(platform: Platform, environ: Mapping[str, str] | None = None) -> str:
    """The login shell: ``$SHELL``'s name when it is one the model knows, else the platform's."""
    name = Path((environ or {}).get("SHELL", "")).name
    if name == "powershell":
        name = "pwsh"
    return name if name in SHELLS else _DEFAULT_SHELL[platform]


def collect(
    root: Path | None,
    home: Path | None,
    platform: Platform,
    *,
    shell: str | None = None,
    environ: Mapping[str, str] | None = None,
    scanned: Mapping[Path, ScannedFile] | None = None,
    code_files: Iterable[Path] | None = None,
    managed_settings: Path | None = None,
) -> Workspace:
    """Read the files of ``root`` and ``home`` that define the environment.

    ``scanned`` holds files already scanned (the CLI's targets, the editor's
    open documents with unsaved text); they are used instead of the disk.
    ``code_files`` lists the code files to look for dotenv loads in; by
    default the project is walked (skipping ``node_modules``, virtual
    environments and ``.git``). Files that cannot be read (no permission, a
    FIFO or a device, larger than 10 MiB) and folders that cannot be listed
    are left out: nothing here waits on a file or raises for one.
    """
    from authlint.scanners import kind_from_name

    # abspath, not absolute(): no ".." may stay, display() compares prefixes.
    root = Path(os.path.abspath(root)) if root is not None else None
    home = Path(os.path.abspath(home)) if home is not None else None
    known = {path.absolute(): file for path, file in (scanned or {}).items()}
    workspace = Workspace(
        platform,
        shell or default_shell(platform, environ),
        home,
        root,
        managed_settings=managed_settings,
    )

    def read(path: Path, kind: FileKind | None = None) -> ScannedFile | None:
        path = path.absolute()
        if path in workspace.files:
            return workspace.files[path]
        found = known.get(path)
        if found is None:
            kind = kind or kind_from_name(path)
            found = scan_file(path, kind) if kind is not None else None
            if found is None:
                return None
        workspace.files[path] = found
        return found

    if home is not None:
        for path in home_files(home, platform):
            file = read(path)
            if file is not None:
                _follow_includes(file, path, home, read, 0)
    if managed_settings is not None:
        read(managed_settings, FileKind.CLAUDE_SETTINGS)
    if root is not None and os.path.isdir(root):
        for path in _listing(root):
            if path.name.startswith(".env") or path.name in _COMPOSE_NAMES:
                read(path)
        for relative in (
            ".claude/settings.json",
            ".claude/settings.local.json",
            ".vscode/settings.json",
            ".devcontainer/devcontainer.json",
            ".devcontainer.json",
        ):
            read(root / relative)
        workspace.env_file_runs = _env_file_runs(root)
        for run in workspace.env_file_runs:
            for path in run:
                read(path, FileKind.DOTENV)
    loads: list[DotenvLoadSite] = []
    paths = list(code_files) if code_files is not None else _code_files(root)
    for path in paths:
        file = known.get(path.absolute()) or _read_code(path)
        if file is None or file.code is None:
            continue
        for load in file.code.dotenv_loads:
            target = load_target(file, load)
            if target is None and file.kind is FileKind.PYTHON and root is not None:
                target = _dotenv_up_to(path.absolute().parent, root)
            target_path = target.absolute() if isinstance(target, Path) else None
            if target_path is not None:
                read(target_path, FileKind.DOTENV)
            language = "python" if file.kind is FileKind.PYTHON else "node"
            loads.append(
                DotenvLoadSite(
                    path.absolute(), language, load.call, load.span, load.override, target_path
                )
            )
    workspace.loads = tuple(loads)
    return workspace


def _follow_includes(
    file: ScannedFile,
    path: Path,
    home: Path,
    read: Callable[[Path, FileKind | None], ScannedFile | None],
    depth: int,
) -> None:
    if depth >= _MAX_INCLUDE_DEPTH:
        return
    for include in file.includes:
        target = include_path(include.target, home)
        if target is None or target == path:
            continue
        included = read(target, FileKind.SHELL if file.kind is FileKind.SHELL else file.kind)
        if included is not None:
            _follow_includes(included, target, home, read, depth + 1)


def include_path(target: str | None, home: Path) -> Path | None:
    """Where ``source TARGET`` in a profile points: ``~`` is ``home``, relative is from ``home``.

    A login shell starts in the home folder, so a relative path in a profile
    is taken from there. ``None`` for computed paths.
    """
    if target is None:
        return None
    if target == "~" or target.startswith("~/"):
        return home / target[2:]
    candidate = Path(target)
    return candidate if candidate.is_absolute() else home / candidate


def _dotenv_up_to(folder: Path, root: Path) -> Path | None:
    """The first ``.env`` walking up from ``folder`` to the workspace ``root``.

    python-dotenv's ``find_dotenv`` walks up to ``/``;
    :func:`authlint.core.dotenv_loads.nearest_dotenv_path` stops at the script's
    project, which for a folder without ``pyproject.toml``, ``package.json`` or
    ``.git`` is the script's own folder. The checked folder is a project too.
    """
    if not folder.is_relative_to(root):
        return None
    for candidate in (folder, *folder.parents):
        if os.path.isfile(candidate / ".env"):
            return candidate / ".env"
        if candidate == root:
            break
    return None


def _env_file_runs(root: Path) -> tuple[tuple[Path, ...], ...]:
    """The ``--env-file`` lists of ``package.json`` scripts (``node --env-file=.env app.js``)."""
    try:
        data = json.loads(read_regular_file(root / "package.json").decode("utf-8-sig"))
    except (OSError, ValueError):
        return ()
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return ()
    runs: list[tuple[Path, ...]] = []
    for command in scripts.values():
        if not isinstance(command, str):
            continue
        files = tuple(root / m.group("path") for m in _ENV_FILE_FLAG.finditer(command))
        if files and files not in runs:
            runs.append(files)
    return tuple(runs)


def _code_files(root: Path | None) -> list[Path]:
    """Python and JavaScript/TypeScript files under ``root`` that mention dotenv."""
    from authlint.scanners import kind_from_name

    if root is None or not os.path.isdir(root):
        return []
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED and not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if kind_from_name(path) in CODE_KINDS:
                found.append(path)
                if len(found) >= _MAX_CODE_FILES:
                    return found
    return found


def _listing(folder: Path) -> list[Path]:
    """The entries of ``folder``, sorted; none when it cannot be listed."""
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _read_code(path: Path) -> ScannedFile | None:
    """A code file's facts when it mentions dotenv, else ``None`` (see :func:`scan_file`)."""
    from authlint.scanners import kind_from_name

    kind = kind_from_name(path)
    return scan_file(path, kind) if kind in CODE_KINDS else None


def scan_file(path: Path, kind: FileKind) -> ScannedFile | None:
    """Read and scan ``path`` as ``kind``; ``None`` if unreadable or code without dotenv.

    The scan is cached per path and text: the language server rebuilds the
    model after every edit, and an unchanged file is read but not parsed again.
    """
    try:
        source = SourceFile.read(path)
    except (OSError, ValueError):
        return None
    if kind in CODE_KINDS and "dotenv" not in source.text:
        return None
    return _scan(source.path, kind, source.text, source.bom, source.encoding)


@lru_cache(maxsize=512)
def _scan(path: Path | None, kind: FileKind, text: str, bom: bytes, encoding: str) -> ScannedFile:
    from authlint.scanners import scan

    return scan(SourceFile(path, text, bom, encoding), kind)
