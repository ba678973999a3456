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


def vscode_user_settings_files(home: Path, platform: Platform) -> list[Path]:
    """The VS Code-family user ``settings.json`` paths of ``platform``, in preference order."""
    user_root = home / _VSCODE_USER_ROOTS[platform]
    return [user_root / app / "User" / "settings.json" for app in VSCODE_APPS]


def home_files(home: Path, platform: Platform) -> list[Path]:
    """Existing environment-defining files under ``home``, in a stable order.

    Shell profiles first, then Claude Code's user files, then the VS Code
    user settings of ``platform``. Files that do not exist, that this user
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
    # os.path.isfile: False (never an error) for what cannot be looked at, and for a
    # FIFO or a device with a profile's name.
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
