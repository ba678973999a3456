"""The files in a home directory that define a user's environment.

Sources: GNU bash manual "Bash Startup Files", zsh manual §5.1 "Startup/Shutdown
Files", fish FAQ (``~/.config/fish/config.fish``, ``conf.d``), PowerShell
``about_Profiles`` (``$PROFILE`` paths), as summarised in ``auth-facts.md`` §7.
"""

from __future__ import annotations

from pathlib import Path

from authlint.core.context import Platform

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


def home_files(home: Path, platform: Platform) -> list[Path]:
    """Existing environment-defining files under ``home``, in a stable order."""
    candidates = [home / name for name in POSIX_PROFILES]
    candidates.append(home / ".config" / "fish" / "config.fish")
    conf_d = home / ".config" / "fish" / "conf.d"
    if conf_d.is_dir():
        candidates.extend(sorted(conf_d.glob("*.fish")))
    ps = _POWERSHELL_WINDOWS if platform is Platform.WINDOWS else _POWERSHELL_UNIX
    candidates.extend(home / p for p in ps)
    return [p for p in candidates if p.is_file()]
