"""Which startup files each shell reads, by login and interactive mode.

The user's own files (in the home folder, zsh's in ``$ZDOTDIR`` when
``~/.zshenv`` sets it) and, when the workspace reads them, the system files
(``/etc/profile``, ``/etc/zshenv``…, :func:`authlint.core.home.system_files`).

Sources: GNU bash manual "Bash Startup Files" (a login shell reads "the first
one that exists and is readable" of ``~/.bash_profile``, ``~/.bash_login``,
``~/.profile``; an interactive non-login shell reads ``~/.bashrc``; a
non-interactive one reads ``$BASH_ENV``), zsh manual §5.1 (``.zshenv``
always, ``.zprofile`` and ``.zlogin`` for login shells, ``.zshrc`` for
interactive ones), dash(1) (a login shell reads ``~/.profile``), fish
documentation "Configuration files" (``conf.d/*.fish`` then ``config.fish``,
for every shell), PowerShell ``about_Profiles`` (``profile.ps1`` then
``Microsoft.PowerShell_profile.ps1``), all summarised in ``auth-facts.md`` §7
and observed with bash 5.2 / zsh 5.9 in ``client-behaviour.md`` "Shells".
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import Platform

BASH_LOGIN_FILES = (".bash_profile", ".bash_login", ".profile")
ZSH_FILES = (".zshenv", ".zprofile", ".zshrc", ".zlogin")
_PWSH_WINDOWS = (
    "Documents/PowerShell/profile.ps1",
    "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
)
_PWSH_UNIX = (
    ".config/powershell/profile.ps1",
    ".config/powershell/Microsoft.PowerShell_profile.ps1",
)


@dataclass(frozen=True)
class ShellMode:
    """A shell and how it starts: ``login`` and ``interactive`` as in the manuals."""

    shell: str
    login: bool
    interactive: bool

    @property
    def title(self) -> str:
        """``login interactive zsh``, ``non-interactive bash``…"""
        words = []
        if self.login:
            words.append("login")
        words.append("interactive" if self.interactive else "non-interactive")
        if not self.login and self.interactive:
            words[-1] = "interactive non-login"
        return " ".join([*words, self.shell])


@functools.lru_cache(maxsize=4096)
def family(path: Path, home: Path, zdotdir: Path | None = None) -> str | None:
    """Which shell reads a home file: ``bash``, ``zsh``, ``sh``, ``fish`` or ``pwsh``.

    With ``zdotdir`` (``~/.zshenv`` sets ``ZDOTDIR``), zsh's files there count as zsh's.
    Cached: a pure function of paths, asked for every file of every model (each keystroke).
    """
    if zdotdir is not None and path.parent == zdotdir and path.name in ZSH_FILES[1:]:
        return "zsh"
    try:
        relative = path.relative_to(home).as_posix()
    except ValueError:
        return None
    if relative in (".bash_profile", ".bash_login", ".bashrc"):
        return "bash"
    if relative == ".profile":
        return "sh"
    if relative in ZSH_FILES:
        return "zsh"
    if relative.endswith(".fish") or relative == ".config/fish/fish_variables":
        return "fish"
    if relative.endswith(".ps1"):
        return "pwsh"
    return None


def startup_files(
    mode: ShellMode,
    home: Path,
    platform: Platform,
    present: Collection[Path],
    *,
    zdotdir: Path | None = None,
    system_root: Path | None = None,
) -> list[Path]:
    """The startup files ``mode`` reads, in order; ``present`` holds the files that exist.

    ``zdotdir``: where zsh reads ``.zprofile``, ``.zshrc`` and ``.zlogin``
    (``~/.zshenv`` set ``ZDOTDIR``). ``system_root``: the system files under
    it come first (``/etc/environment`` on Linux, then ``/etc/profile`` before
    a login bash's or sh's file, ``/etc/bash.bashrc`` before ``~/.bashrc``,
    each ``/etc/z*`` (or ``/etc/zsh/z*``) before the user's file of the same name).
    """
    user = _user_startup_files(mode, home, platform, present, zdotdir)
    if system_root is None or mode.shell in ("fish", "pwsh"):
        return user
    etc = system_root / "etc"
    before: list[Path] = [etc / "environment"] if platform is Platform.LINUX else []
    if mode.shell in ("bash", "sh"):
        if mode.login:
            before.append(etc / "profile")
        elif mode.interactive and mode.shell == "bash":
            before.append(etc / "bash.bashrc")
        return [*before, *user]
    if mode.shell == "zsh":
        ordered: list[Path] = list(before)
        for path in user:
            name = path.name.removeprefix(".")
            ordered += [etc / "zsh" / name, etc / name, path]
        return ordered
    return user


def _user_startup_files(
    mode: ShellMode,
    home: Path,
    platform: Platform,
    present: Collection[Path],
    zdotdir: Path | None,
) -> list[Path]:
    shell = mode.shell
    if shell == "bash":
        if mode.login:
            first = next((home / n for n in BASH_LOGIN_FILES if home / n in present), None)
            return [first] if first is not None else []
        return [home / ".bashrc"] if mode.interactive else []
    if shell == "zsh":
        names = [".zshenv"]
        if mode.login:
            names.append(".zprofile")
        if mode.interactive:
            names.append(".zshrc")
        if mode.login:
            names.append(".zlogin")
        return [(zdotdir or home) / n if n != ".zshenv" else home / n for n in names]
    if shell == "sh":
        return [home / ".profile"] if mode.login else []
    if shell == "fish":
        folder = home / ".config/fish/conf.d"
        conf_d = sorted((p for p in present if p.parent == folder), key=lambda p: p.name)
        # Universal variables (`set -Ux`) are loaded before any configuration file runs.
        return [home / ".config/fish/fish_variables", *conf_d, home / ".config/fish/config.fish"]
    if shell == "pwsh":
        return [home / p for p in (_PWSH_WINDOWS if platform is Platform.WINDOWS else _PWSH_UNIX)]
    return []


def why_not_read(
    path: Path,
    mode: ShellMode,
    home: Path,
    present: Collection[Path],
    zdotdir: Path | None = None,
) -> str:
    """Why ``mode`` does not read the home file ``path`` (one sentence, no final period)."""
    owner = family(path, home, zdotdir)
    name = f"~/{path.relative_to(home).as_posix()}" if path.is_relative_to(home) else str(path)
    if owner == "bash" or (owner == "sh" and mode.shell == "bash"):
        if name == "~/.bashrc":
            if mode.shell != "bash":
                return f"a {mode.shell} shell does not read {name}"
            if mode.login:
                return (
                    "bash login shells read ~/.bash_profile (or ~/.bash_login, ~/.profile), "
                    "not ~/.bashrc, unless that file sources it"
                )
            return "a non-interactive bash reads no startup file"
        shadowing = next((home / n for n in BASH_LOGIN_FILES if home / n in present), None)
        if mode.shell == "bash" and mode.login:
            first = f"~/{shadowing.name}" if shadowing is not None else None
            return (
                f"bash login shells read only the first of ~/.bash_profile, ~/.bash_login and "
                f"~/.profile, here {first}"
            )
        if (
            mode.shell == "bash"
            and mode.interactive
            and path.name != ".profile"
            and shadowing is not None
            and shadowing != path
        ):
            # Display managers source ~/.profile themselves, never ~/.bash_login: a login file
            # after the first one present is read by nothing.
            return (
                f"an interactive non-login bash (a new terminal tab on Linux) reads ~/.bashrc, "
                f"not {name}, and bash login shells read only the first of ~/.bash_profile, "
                f"~/.bash_login and ~/.profile, here ~/{shadowing.name}: nothing reads {name}"
            )
        if mode.shell == "bash" and mode.interactive:
            return (
                f"an interactive non-login bash (a new terminal tab on Linux) reads ~/.bashrc, "
                f"not {name}; it sees {name} only through a desktop session that read it at login"
            )
        if mode.shell == "bash":
            return "a non-interactive bash reads no startup file"
        if owner == "sh" and mode.shell == "zsh":
            return "zsh does not read ~/.profile"
        return f"a {mode.shell} shell does not read {name}"
    if owner == "sh":
        if mode.shell == "sh":
            return "only a login sh reads ~/.profile"
        if mode.shell == "zsh":
            return "zsh does not read ~/.profile"
        return f"a {mode.shell} shell does not read {name}"
    if owner == "zsh":
        if mode.shell != "zsh":
            return f"a {mode.shell} shell does not read {name}"
        if zdotdir is not None and path.parent == home and path.name != ".zshenv":
            moved = f"~/{zdotdir.relative_to(home).as_posix()}"
            return f"~/.zshenv sets ZDOTDIR={moved}, so zsh reads {moved}/{path.name} instead"
        if name == "~/.zshrc":
            return "only interactive zsh shells read ~/.zshrc (not `zsh -c`, hooks or cron jobs)"
        return f"only login zsh shells read {name}"
    if owner in ("fish", "pwsh"):
        return f"a {mode.shell} shell does not read {name}"
    return f"{name} is not read by {mode.title}"
