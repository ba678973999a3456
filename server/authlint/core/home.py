"""The files in a home directory that define a user's environment.

Besides the shell profiles: Claude Code's user files (``~/.claude/settings.json``,
``~/.claude.json``, ``~/.claude/.credentials.json``; on macOS the login lives in
the Keychain, but a credentials file that exists is read) and the VS Code-family
user settings of the platform (Code, Code - Insiders, VSCodium, Cursor).

Sources: GNU bash manual "Bash Startup Files", zsh manual §5.1 "Startup/Shutdown
Files", fish FAQ (``~/.config/fish/config.fish``, ``conf.d``), PowerShell
``about_Profiles`` (``$PROFILE`` paths), as summarised in ``auth-facts.md`` §7;
``auth-facts.md`` §2.4-§2.5 (Claude Code user files) and §6 (VS Code user
settings folders: ``~/.config/Code/User`` on Linux, ``~/Library/Application
Support/Code/User`` on macOS, ``%APPDATA%\\Code\\User`` on Windows, VS Code
docs "User and Workspace Settings").
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from authlint.core.context import Platform
from authlint.core.facts import FileKind

POSIX_PROFILES = (
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".profile",
    ".zshenv",
    ".zprofile",
    ".zshrc",
    ".zlogin",
)

_POWERSHELL_UNIX = (
    ".config/powershell/Microsoft.PowerShell_profile.ps1",
    ".config/powershell/profile.ps1",
)
_POWERSHELL_WINDOWS = (
    "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
    "Documents/PowerShell/profile.ps1",
    "Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1",
    "Documents/WindowsPowerShell/profile.ps1",
)

AWS_CONFIG = ".aws/config"
"""The AWS shared config file (profiles, SSO sessions), read from the home folder only."""

CLAUDE_FILES = (
    ".claude/settings.json",
    ".claude.json",
    ".claude/.credentials.json",
)
VSCODE_APPS = ("Code", "Code - Insiders", "VSCodium", "Cursor")
_VSCODE_USER_ROOTS = {
    Platform.LINUX: ".config",
    Platform.MACOS: "Library/Application Support",
    Platform.WINDOWS: "AppData/Roaming",
}


VSCODE_OS_KEYS = {Platform.MACOS: "osx", Platform.LINUX: "linux", Platform.WINDOWS: "windows"}
"""The suffix VS Code uses for each platform in ``terminal.integrated.*.<os>`` settings."""


def claude_desktop_config(home: Path, platform: Platform) -> Path:
    """Where Claude Desktop keeps its MCP servers (``claude_desktop_config.json``) on ``platform``.

    macOS ``~/Library/Application Support/Claude``, Windows ``%APPDATA%\\Claude``;
    on Linux (no official build) ``~/.config/Claude``.
    """
    return home / _VSCODE_USER_ROOTS[platform] / "Claude" / "claude_desktop_config.json"


def vscode_user_settings_files(home: Path, platform: Platform) -> list[Path]:
    """The VS Code-family user ``settings.json`` paths of ``platform``, in preference order."""
    return list(_vscode_user_settings_files(home, platform))


@lru_cache(maxsize=256)
def _vscode_user_settings_files(home: Path, platform: Platform) -> tuple[Path, ...]:
    user_root = home / _VSCODE_USER_ROOTS[platform]
    return tuple(user_root / app / "User" / "settings.json" for app in VSCODE_APPS)


def home_file_kind(path: Path, home: Path) -> FileKind | None:
    """The kind of a home file its name alone does not tell: ``~/.aws/config``.

    A file named ``config`` in a project's ``.aws`` folder is not read: only
    the one in the home folder is the AWS CLI's.
    """
    return FileKind.AWS_CONFIG if path == home / AWS_CONFIG else None


def home_files(home: Path, platform: Platform) -> list[Path]:
    """Existing environment-defining files under ``home``, in a stable order.

    Shell profiles first, then Claude Code's user files, then the VS Code
    user settings of ``platform``, then ``~/.aws/config`` (its kind comes
    from :func:`home_file_kind`). Files that do not exist, that this user
    cannot look at, or that are not regular files are left out.
    """
    candidates = [home / name for name in POSIX_PROFILES]
    candidates.append(home / ".config" / "fish" / "config.fish")
    candidates.append(home / ".config" / "fish" / "fish_variables")  # universal variables
    conf_d = home / ".config" / "fish" / "conf.d"
    try:
        candidates.extend(sorted(p for p in conf_d.iterdir() if p.name.endswith(".fish")))
    except OSError:
        pass  # no conf.d, or a folder this user cannot list
    ps = _POWERSHELL_WINDOWS if platform is Platform.WINDOWS else _POWERSHELL_UNIX
    candidates.extend(home / p for p in ps)
    candidates.extend(home / p for p in CLAUDE_FILES)
    candidates.extend(vscode_user_settings_files(home, platform))
    candidates.append(home / AWS_CONFIG)
    # os.path.isfile: False (never an error) for what cannot be looked at, and for a
    # FIFO or a device with a profile's name.
    return [p for p in candidates if os.path.isfile(p)]


TRANSCRIPT_BUDGET_BYTES = 256 * 1024 * 1024
"""At most this much of a home's Claude Code transcripts is read per check (newest first)."""
TRANSCRIPT_FILE_BYTES = 64 * 1024 * 1024  # what one transcript counts against the budget at most
_TRANSCRIPT_LIMIT = 20000  # files looked at, whatever their size


def claude_transcripts(home: Path, budget: int = TRANSCRIPT_BUDGET_BYTES) -> list[Path]:
    """Claude Code transcripts under ``home/.claude/projects``, newest first, within ``budget``.

    Each file counts for its size (at most :data:`TRANSCRIPT_FILE_BYTES`, what
    is read of it); files past the budget are left out. Folders that cannot
    be listed and links are skipped; nothing here raises.
    """
    root = home / ".claude" / "projects"
    found: list[tuple[float, Path, int]] = []
    pending = [root]
    while pending and len(found) < _TRANSCRIPT_LIMIT:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.name.endswith(".jsonl") and entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found.append((info.st_mtime, Path(entry.path), info.st_size))
            except OSError:
                continue
    found.sort(key=lambda item: (-item[0], str(item[1])))
    chosen: list[Path] = []
    spent = 0
    for _, path, size in found:
        cost = min(size, TRANSCRIPT_FILE_BYTES)
        if spent + cost > budget:
            continue
        spent += cost
        chosen.append(path)
    return chosen


TOOL_FILES = (
    ".aider.conf.yml",
    ".cline/data/settings/providers.json",
    ".cline/data/globalState.json",
)
_SYSTEMD_USER_UNITS = ".config/systemd/user"


def tool_home_files(home: Path) -> list[Path]:
    """Existing files of other tools under ``home`` that ``authlint check`` reads too.

    aider's ``~/.aider.conf.yml``, Cline's ``~/.cline/data`` settings and the
    user's systemd units (``~/.config/systemd/user/*.service``). They are
    checked, but define no environment the model follows.
    """
    candidates = [home / name for name in TOOL_FILES]
    try:
        units = sorted((home / _SYSTEMD_USER_UNITS).iterdir())
    except OSError:
        units = []  # no such folder, or one this user cannot list
    candidates.extend(p for p in units if p.name.endswith(".service"))
    return [p for p in candidates if os.path.isfile(p)]


SYSTEM_FILES = (
    "etc/environment",
    "etc/profile",
    "etc/bash.bashrc",
    "etc/zshenv",
    "etc/zsh/zshenv",
    "etc/zprofile",
    "etc/zsh/zprofile",
    "etc/zshrc",
    "etc/zsh/zshrc",
    "etc/zlogin",
    "etc/zsh/zlogin",
)
"""The system startup files, relative to the root: ``/etc/environment`` (pam_env, every
login session on Linux), ``/etc/profile`` (bash and sh login shells; it sources
``/etc/profile.d/*.sh`` itself), ``/etc/bash.bashrc`` (Debian's interactive bash),
zsh's global files (``/etc/zsh/`` on Debian, ``/etc/`` on macOS and others)."""


def system_files(root: Path, platform: Platform) -> list[tuple[Path, FileKind]]:
    """The existing system startup files under ``root`` with the kind each is read as.

    ``/etc/environment`` is ``KEY=value`` lines without shell syntax (pam_env),
    read as a dotenv file, and only on Linux. Sources: GNU bash manual "Bash
    Startup Files" (``/etc/profile``), zsh manual §5.1 (``/etc/zshenv``,
    ``/etc/zprofile``, ``/etc/zshrc``, ``/etc/zlogin``), pam_env.conf(5).
    """
    found: list[tuple[Path, FileKind]] = []
    for relative in SYSTEM_FILES:
        if relative == "etc/environment" and platform is not Platform.LINUX:
            continue
        path = root / relative
        if os.path.isfile(path):
            kind = FileKind.DOTENV if relative == "etc/environment" else FileKind.SHELL
            found.append((path, kind))
    return found
