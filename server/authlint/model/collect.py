"""Collecting a workspace: the environment model's only I/O, above the scanners.

:func:`collect` reads a project folder and a home folder into a
:class:`~authlint.core.environment.Workspace`; :func:`build_model` wraps it in
an :class:`~authlint.core.environment.EnvironmentModel`. Everything after that
is a pure function of the files' contents (:mod:`authlint.core.environment`).

What is read:

- the home folder's profiles and Claude Code / VS Code user files
  (:func:`authlint.core.home.home_files`), zsh's files in ``$ZDOTDIR`` when
  ``~/.zshenv`` sets it, and every file a profile sources
  (:mod:`authlint.core.environment.sourcing`: variables, loops over globs,
  oh-my-zsh's custom folder, direnv's stdlib; five levels, 200 files, within
  the home, the project and the system root);
- the system startup files under ``system_root`` (:func:`system_root_of`);
- the project's ``.env*`` files, ``.envrc``, ``.claude/settings*.json``,
  ``.vscode/settings.json``, devcontainer and Compose files, ``package.json``
  scripts (``node --env-file``);
- the project's Python and JavaScript/TypeScript files that load dotenv or use
  an Anthropic SDK, and the ``.env`` each load reads;
- the signs of other launch contexts (:func:`context_evidence`);
- Claude Code's managed settings when a path is given.

Sources: Claude Code settings files and managed settings paths,
https://docs.claude.com/en/docs/claude-code/settings ; python-dotenv's
``find_dotenv``, https://github.com/theskumar/python-dotenv ; Node's
``--env-file``, https://nodejs.org/api/cli.html#--env-filefile .
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from authlint.core.context import Platform
from authlint.core.dotenv_loads import load_target
from authlint.core.environment import EnvironmentModel
from authlint.core.environment.sourcing import (
    MAX_DEPTH,
    MAX_FILES,
    is_third_party,
    source_sites,
    zdotdir_of,
)
from authlint.core.environment.workspace import (
    MANAGED_SETTINGS,
    DotenvLoadSite,
    Workspace,
    choose_shell,
)
from authlint.core.facts import CODE_KINDS, SHELL_KINDS, FileKind, ScannedFile
from authlint.core.home import home_files, system_files
from authlint.core.source import read_regular_file
from authlint.discovery import SKIPPED_DIRECTORIES
from authlint.scanners import CODE_NAME_SUFFIXES, kind_from_name
from authlint.scanners.cache import scan_file

_COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_ENV_FILE_FLAG = re.compile(r"--env-file(?:=|\s+)(?P<q>['\"]?)(?P<path>[^\s'\"]+)(?P=q)")
_MAX_CODE_FILES = 5000
_MAX_GLOB = 1000  # matches of one glob a profile sources
_SKIPPED = SKIPPED_DIRECTORIES | {"dist", "build"}


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


# A home's own evidence of its shell: the profiles only that shell reads, most telling first.
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
    system_root: Path | None = None,
) -> Workspace:
    """Read the files of ``root`` and ``home`` that define the environment.

    ``scanned`` holds files already scanned (the CLI's targets, the editor's
    open documents with unsaved text); they are used instead of the disk.
    ``code_files`` lists the code files to look for dotenv loads in; by
    default the project is walked (skipping ``node_modules``, virtual
    environments and ``.git``). Files that cannot be read (no permission, a
    FIFO or a device, larger than 10 MiB) and folders that cannot be listed
    are left out: nothing here waits on a file or raises for one.

    Profiles are followed into what they source (:class:`_Follower`);
    ``~/.zshenv`` setting ``ZDOTDIR`` moves zsh's other files there.
    ``system_root``: read the system's startup files under it
    (:func:`authlint.core.home.system_files`: ``/etc/profile``, ``/etc/zshenv``…),
    ``/`` for this machine's own; ``None`` reads none.
    """
    # abspath, not absolute(): no ".." may stay, display() compares prefixes.
    root = Path(os.path.abspath(root)) if root is not None else None
    home = Path(os.path.abspath(home)) if home is not None else None
    cwd = Path.cwd()  # `cwd / path` is path.absolute(), without parsing the folder again
    known = {cwd / path: file for path, file in (scanned or {}).items()}
    chosen, reason = choose_shell(platform, home, environ, shell)
    workspace = Workspace(
        platform,
        chosen,
        home,
        root,
        managed_settings=managed_settings,
        shell_reason=reason,
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

    follower = _Follower(workspace, read)
    if system_root is not None and home is not None:
        workspace.system_root = Path(os.path.abspath(system_root))
    if home is not None:
        zshenv = read(home / ".zshenv") if os.path.isfile(home / ".zshenv") else None
        zdotdir = zdotdir_of(zshenv, home, glob_files) if zshenv is not None else None
        if zdotdir is not None and zdotdir.is_relative_to(home):
            workspace.zdotdir = zdotdir
            follower.known["ZDOTDIR"] = str(zdotdir)
        profiles = home_files(home, platform)
        if workspace.zdotdir is not None:
            profiles += [
                workspace.zdotdir / name
                for name in (".zprofile", ".zshrc", ".zlogin")
                if os.path.isfile(workspace.zdotdir / name)
            ]
        for path in profiles:
            file = read(path)
            if file is not None and file.kind in SHELL_KINDS:
                follower.follow(path, file, 0)
        if workspace.system_root is not None:
            for path, kind in system_files(workspace.system_root, platform):
                file = read(path, kind)
                if file is not None and kind is FileKind.SHELL:
                    follower.follow(path, file, 0)
    if managed_settings is not None:
        read(managed_settings, FileKind.CLAUDE_SETTINGS)
    if root is not None and os.path.isdir(root):
        for path in _listing(root):
            if path.name.startswith(".env") or path.name in _COMPOSE_NAMES:
                file = read(path)
                if file is not None and path.name == ".envrc" and home is not None:
                    follower.follow(path, file, 0)
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
    users: list[tuple[Path, str]] = []
    in_code: set[str] = set()
    env_reads: set[str] = set()
    paths = list(code_files) if code_files is not None else _code_files(root)
    for path in paths:
        file = known.get(path.absolute()) or _read_code(path)
        if file is None or file.code is None:
            continue
        env_reads.update(read.name for read in file.code.env_reads)
        if uses_sdk(file):
            language = "python" if file.kind is FileKind.PYTHON else "node"
            users.append((path.absolute(), language))
            if passes_credential(file):
                in_code.add(language)
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
    workspace.sdk_users = tuple(users)
    workspace.credentials_in_code = frozenset(in_code)
    workspace.code_env_reads = frozenset(env_reads)
    if root is not None:
        workspace.evidence = context_evidence(root, home, platform)
    return workspace


_SDK_MODULES = frozenset({"anthropic", "@anthropic-ai/sdk", "@anthropic-ai/claude-agent-sdk"})


def uses_sdk(file: ScannedFile) -> bool:
    """Whether a scanned code file imports an Anthropic SDK or constructs its client."""
    code = file.code
    if code is None:
        return False
    return bool(code.clients) or any(
        m in _SDK_MODULES or m.startswith(("anthropic.", "@anthropic-ai/sdk/"))
        for m in code.imports
    )


_CREDENTIAL_ARGUMENTS = frozenset({"api_key", "apiKey", "auth_token", "authToken"})


def passes_credential(file: ScannedFile) -> bool:
    """Whether an SDK client in ``file`` gets its credential from the code, not the environment.

    A literal, a variable, or another environment variable than the SDK's own
    (``api_key=os.environ["MY_KEY"]``); ``os.environ["ANTHROPIC_API_KEY"]`` is
    the environment's key and does not count.
    """
    code = file.code
    if code is None:
        return False
    for client in code.clients:
        for argument in client.arguments:
            if argument.name not in _CREDENTIAL_ARGUMENTS:
                continue
            if argument.env_var in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"):
                continue
            return True
    return False


# Files whose presence shows that a kind of launch context runs here (outcomes: "contexts in use").
_NON_INTERACTIVE_SIGNS = (
    ".github/workflows",
    ".gitlab-ci.yml",
    ".circleci",
    "Jenkinsfile",
    ".husky",
    ".pre-commit-config.yaml",
    "crontab",
)
_CONTAINER_SIGNS = (*_COMPOSE_NAMES, ".devcontainer", ".devcontainer.json", "Dockerfile")


def context_evidence(root: Path, home: Path | None, platform: Platform) -> dict[str, Path]:
    """Signs in ``root`` (and ``home``) of the launch contexts beyond programs and Claude Code.

    Returns ``{"vscode": path, "non-interactive": path, "container": path}``
    for each kind shown: a ``.vscode/`` folder or a VS Code user
    ``settings.json``; CI files, git hooks managers or a crontab, or Claude Code
    ``hooks`` in the project's settings; Compose, devcontainer or Dockerfile.
    Only names are checked (and the settings files' text for ``"hooks"``).
    """
    found: dict[str, Path] = {}
    if os.path.isdir(root / ".vscode"):
        found["vscode"] = root / ".vscode"
    elif home is not None:
        from authlint.core.home import vscode_user_settings_files

        user = next((p for p in vscode_user_settings_files(home, platform) if p.is_file()), None)
        if user is not None:
            found["vscode"] = user
    for name in _NON_INTERACTIVE_SIGNS:
        if os.path.exists(root / name):
            found["non-interactive"] = root / name
            break
    else:
        for name in (".claude/settings.json", ".claude/settings.local.json"):
            try:
                text = read_regular_file(root / name).decode("utf-8", "replace")
            except OSError:
                continue
            if '"hooks"' in text:
                found["non-interactive"] = root / name
                break
    for name in _CONTAINER_SIGNS:
        if os.path.exists(root / name):
            found["container"] = root / name
            break
    return found


def glob_files(pattern: str) -> list[str]:
    """The regular files ``pattern`` names, sorted (C locale); a plain path when it is a file.

    ``**`` matches any depth (zsh); names starting with a dot are matched only
    by a pattern that starts with a dot, as in the shells.
    """
    try:
        found = list(itertools.islice(glob.iglob(pattern, recursive=True), _MAX_GLOB))
    except (OSError, ValueError):
        return []
    return sorted(p for p in found if os.path.isfile(p))


class _Follower:
    """Follows what profiles source (:func:`source_sites`), within bounds, into the workspace.

    Only files under the home folder, the project and the system root's
    ``etc`` are followed; each file once (a cycle stops there), at most
    :data:`MAX_DEPTH` deep and :data:`MAX_FILES` in all.
    """

    def __init__(
        self, workspace: Workspace, read: Callable[[Path, FileKind | None], ScannedFile | None]
    ) -> None:
        self.workspace = workspace
        self.read = read
        self.known: dict[str, str] = {}
        self.followed: set[Path] = set()

    def allowed(self, path: Path) -> bool:
        workspace = self.workspace
        roots = [workspace.home, workspace.root]
        if workspace.system_root is not None:
            roots.append(workspace.system_root / "etc")
        return any(root is not None and path.is_relative_to(root) for root in roots)

    def follow(self, path: Path, file: ScannedFile, depth: int) -> None:
        workspace = self.workspace
        home = workspace.home
        if home is None or path in self.followed:
            return
        self.followed.add(path)
        for site in source_sites(path, file, home, glob_files, self.known, workspace.system_root):
            if site.note:
                workspace.source_notes.append((path, site.line, f"`{site.statement}` {site.note}"))
            kept: list[Path] = []
            for target in site.targets:
                target = Path(os.path.abspath(target))
                if target == path:
                    continue
                if not self.allowed(target):
                    why = "outside the home folder and the project (left out)"
                    workspace.source_notes.append((path, site.line, f"{target} is {why}"))
                    continue
                if is_third_party(target, home):
                    continue  # ~/.nvm/nvm.sh: a tool's script
                if depth + 1 > MAX_DEPTH or len(workspace.sourced_from) >= MAX_FILES:
                    limit = (
                        f"{MAX_DEPTH} levels deep"
                        if depth + 1 > MAX_DEPTH
                        else f"{MAX_FILES} files"
                    )
                    workspace.source_notes.append(
                        (
                            path,
                            site.line,
                            f"{workspace.display(target)} not followed: sourcing "
                            f"is followed {limit} at most",
                        )
                    )
                    break
                included = self.read(target, site.kind)
                if included is None:
                    continue
                kept.append(target)
                workspace.sourced_from.setdefault(target, (path, site.line))
                if included.kind in SHELL_KINDS:
                    self.follow(target, included, depth + 1)
            workspace.sources.setdefault(path, {})[site.span] = tuple(kept)


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


def code_files(root: Path | None) -> list[Path]:
    """The code files :func:`collect` looks for dotenv loads in (the walk it does by default).

    For callers that keep the list between models (the language server).
    """
    return _code_files(root)


def read_code(path: Path) -> ScannedFile | None:
    """A code file's facts when it mentions dotenv or Anthropic, else ``None``."""
    return _read_code(path)


def _code_files(root: Path | None) -> list[Path]:
    """Python and JavaScript/TypeScript files under ``root`` (at most 5,000)."""
    if root is None or not os.path.isdir(root):
        return []
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED and not d.startswith("."))
        here = Path(folder)
        for name in sorted(files):
            if not name.endswith(CODE_NAME_SUFFIXES):
                continue  # not code, whatever its folders
            path = here / name
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
    """A code file's facts when it mentions dotenv or Anthropic, else ``None``."""
    kind = kind_from_name(path)
    return scan_file(path, kind) if kind in CODE_KINDS else None


def build_model(
    root: Path | None,
    home: Path | None,
    platform: Platform,
    *,
    shell: str | None = None,
    environ: Mapping[str, str] | None = None,
    scanned: Mapping[Path, ScannedFile] | None = None,
    code_files: Iterable[Path] | None = None,
    system_root: Path | None = None,
) -> EnvironmentModel:
    """:func:`collect` ``root`` and ``home`` into a model.

    Claude Code's managed settings are read when ``home`` is this machine's
    own (:func:`machine_managed_settings`), and so are the system startup files
    (:func:`system_root_of`). ``code_files``: as for :func:`collect`. Raises what
    ``collect`` raises (nothing for missing or unreadable files).
    """
    workspace = collect(
        root,
        home,
        platform,
        shell=shell,
        environ=environ,
        scanned=scanned,
        code_files=code_files,
        managed_settings=machine_managed_settings(platform, home),
        system_root=system_root_of(platform, home, system_root, environ),
    )
    return EnvironmentModel(workspace)


SYSTEM_ROOT_VARIABLE = "AUTHLINT_SYSTEM_ROOT"


def system_root_of(
    platform: Platform,
    home: Path | None,
    given: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path | None:
    """Where the system startup files are read from, or ``None`` for none.

    ``given`` (``--system-root``), else ``$AUTHLINT_SYSTEM_ROOT``; else ``/``
    when ``home`` is the running user's own on the running platform (not
    Windows, which has no such files); another home (``--home``, tests) reads
    no system file.
    """
    if given is not None:
        return given
    named = (environ or {}).get(SYSTEM_ROOT_VARIABLE)
    if named:
        return Path(named)
    if home is None or platform is not Platform.current() or platform is Platform.WINDOWS:
        return None
    own = Path(os.path.abspath(home)) == Path(os.path.abspath(Path.home()))
    return Path("/") if own else None
