"""The files the environment model reads, as plain data: :class:`Workspace`.

A workspace is filled by :func:`authlint.model.collect` (the model's only
I/O, above the scanners); everything here and in :mod:`.resolve` is a pure
function of the workspace's file contents, its platform and a launch context.
:func:`choose_shell` decides which shell the user runs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from authlint.core.context import SHELLS, Platform
from authlint.core.facts import ScannedFile
from authlint.core.text import Span

_DEFAULT_SHELL = {Platform.MACOS: "zsh", Platform.LINUX: "bash", Platform.WINDOWS: "pwsh"}
MANAGED_SETTINGS = {
    Platform.MACOS: Path("/Library/Application Support/ClaudeCode/managed-settings.json"),
    Platform.LINUX: Path("/etc/claude-code/managed-settings.json"),
    Platform.WINDOWS: Path("C:/Program Files/ClaudeCode/managed-settings.json"),
}


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
    or ``pwsh``) and ``shell_reason`` how it was chosen (``--shell``,
    ``$SHELL``, the home's profiles, the platform's default);
    ``env_file_runs`` the ``--env-file`` lists of ``package.json`` scripts,
    each in command-line order; ``sdk_users`` the project's code files that
    import an Anthropic SDK, as ``(path, language)`` with ``language``
    ``python`` or ``node``; ``evidence`` the project's signs of other launch
    contexts (``vscode``, ``non-interactive``, ``container``), each with the
    file that shows it.
    """

    platform: Platform
    shell: str
    home: Path | None
    root: Path | None
    files: dict[Path, ScannedFile] = field(default_factory=dict)
    loads: tuple[DotenvLoadSite, ...] = ()
    env_file_runs: tuple[tuple[Path, ...], ...] = ()
    managed_settings: Path | None = None
    sdk_users: tuple[tuple[Path, str], ...] = ()
    # Languages ("python", "node") whose code passes a credential to an SDK client itself
    # (`Anthropic(api_key=...)` with a literal or another variable than ANTHROPIC_*).
    credentials_in_code: frozenset[str] = frozenset()
    # Environment variables the project's code reads by a literal name (`os.getenv("X")`,
    # `process.env.X`), in files that mention Anthropic, Claude or dotenv.
    code_env_reads: frozenset[str] = frozenset()
    evidence: dict[str, Path] = field(default_factory=dict)
    shell_reason: str = ""
    # Sourcing (:mod:`.sourcing`): per file, per statement, the files it reads in order; for
    # each sourced file the first file and 1-based line that sources it; statements not
    # followed, as (file, 1-based line, why).
    sources: dict[Path, dict[Span, tuple[Path, ...]]] = field(default_factory=dict)
    sourced_from: dict[Path, tuple[Path, int]] = field(default_factory=dict)
    source_notes: list[tuple[Path, int, str]] = field(default_factory=list)
    # $ZDOTDIR when ~/.zshenv sets it (zsh then reads .zprofile, .zshrc, .zlogin from there);
    # the root system files (/etc/profile…) are read under, None when they are not read.
    zdotdir: Path | None = None
    system_root: Path | None = None
    # loads_in's index: the loads and folders it was made from, and the sites by script.
    _loads_by_script: (
        tuple[
            tuple[DotenvLoadSite, ...],
            tuple[Path | None, ...],
            dict[tuple[str, str], list[DotenvLoadSite]],
        ]
        | None
    ) = field(default=None, init=False, repr=False, compare=False)

    def file(self, path: Path | None) -> ScannedFile | None:
        """The scanned file at ``path`` (absolute), if the workspace read it."""
        return None if path is None else self.files.get(path)

    def home_path(self, relative: str) -> Path | None:
        """``~/relative`` as an absolute path, or ``None`` without a home folder."""
        return None if self.home is None else self.home / relative

    def display(self, path: Path) -> str:
        """``~/.zshrc``, ``.env`` (relative to the project) or the absolute path."""
        return _display(path, self.root, self.home, self.system_root)

    def loads_in(self, language: str, script: str) -> list[DotenvLoadSite]:
        """The dotenv load sites of ``language`` in the script :meth:`display` shows as ``script``.

        In :attr:`loads` order. Indexed once per tuple of loads (each program
        context asks once; a project has one context per loading script).
        """
        folders = (self.root, self.home, self.system_root)  # what display() reads
        cached = self._loads_by_script
        if cached is None or cached[0] is not self.loads or cached[1] != folders:
            index: dict[tuple[str, str], list[DotenvLoadSite]] = {}
            for site in self.loads:
                index.setdefault((site.language, self.display(site.script)), []).append(site)
            cached = self._loads_by_script = (self.loads, folders, index)
        return cached[2].get((language, script), [])

    def sourced_origin(self, path: Path) -> str:
        """``sourced from ~/.zshrc line 3`` for a file a profile sources, else ``""``."""
        found = self.sourced_from.get(path)
        return "" if found is None else f"sourced from {self.display(found[0])} line {found[1]}"


_SHELL_EVIDENCE = (
    ("zsh", (".zshrc", ".zshenv", ".zprofile", ".zlogin")),
    ("fish", (".config/fish/config.fish",)),
    ("bash", (".bashrc", ".bash_profile", ".bash_login")),
)


def choose_shell(
    platform: Platform,
    home: Path | None,
    environ: Mapping[str, str] | None = None,
    shell: str | None = None,
) -> tuple[str, str]:
    """The user's shell and how it was chosen: ``(shell, reason)``.

    In order: ``shell`` when given (``--shell``); ``$SHELL`` from ``environ``
    only when ``home`` is the running user's home and ``platform`` the running
    one (another home or OS is not described by this process's ``$SHELL``);
    the home's own profiles (a home with only ``.zshrc`` is a zsh user's);
    the platform's default (zsh on macOS, bash on Linux, PowerShell on
    Windows). ``reason`` is a short phrase for messages: ``"--shell"``,
    ``"$SHELL"``, ``"~/.zshrc exists"``, ``"the macOS default"``.
    """
    if shell:
        return ("pwsh" if shell == "powershell" else shell), "--shell"
    own_home = home is not None and Path(os.path.abspath(home)) == Path(
        os.path.abspath(Path.home())
    )
    name = Path((environ or {}).get("SHELL", "")).name
    name = "pwsh" if name == "powershell" else name
    if own_home and platform is Platform.current() and name in SHELLS:
        return name, "$SHELL"
    if home is not None and platform is not Platform.WINDOWS:
        for candidate, names in _SHELL_EVIDENCE:
            found = next((n for n in names if os.path.isfile(home / n)), None)
            if found is not None:
                return candidate, f"~/{found} exists"
    if home is None and name in SHELLS and platform is Platform.current():
        return name, "$SHELL"
    titles = {Platform.MACOS: "macOS", Platform.LINUX: "Linux", Platform.WINDOWS: "Windows"}
    return _DEFAULT_SHELL[platform], f"the {titles[platform]} default"


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


@lru_cache(maxsize=8192)
def _display(path: Path, root: Path | None, home: Path | None, system_root: Path | None) -> str:
    """:meth:`Workspace.display`: a pure function of the paths, remembered (asked per plan)."""
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    if home is not None and path.is_relative_to(home):
        return f"~/{path.relative_to(home).as_posix()}"
    if system_root is not None and path.is_relative_to(system_root):
        return "/" + path.relative_to(system_root).as_posix()
    return path.as_posix()
