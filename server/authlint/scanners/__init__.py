"""Scanners: one per file kind, text -> facts.

:func:`detect_kind` decides the kind from the file name, then (for files
passed explicitly) from the content; :func:`scan` runs the kind's scanner.
Scanner modules are imported on first use, so checking only ``.env`` files
never loads tree-sitter.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile

_SCANNER_MODULES = {
    FileKind.DOTENV: "authlint.scanners.dotenv",
    FileKind.SHELL: "authlint.scanners.posix_shell",
    FileKind.FISH: "authlint.scanners.fish",
    FileKind.POWERSHELL: "authlint.scanners.powershell",
    FileKind.VSCODE_SETTINGS: "authlint.scanners.vscode_settings",
    FileKind.CLAUDE_SETTINGS: "authlint.scanners.claude_settings",
    FileKind.CLAUDE_STATE: "authlint.scanners.claude_state",
    FileKind.CLAUDE_CREDENTIALS: "authlint.scanners.claude_credentials",
    FileKind.DEVCONTAINER: "authlint.scanners.devcontainer",
    FileKind.COMPOSE: "authlint.scanners.compose",
    FileKind.PYTHON: "authlint.scanners.python_sdk",
    FileKind.JAVASCRIPT: "authlint.scanners.javascript_sdk",
}

_POSIX_PROFILE_NAMES = frozenset(
    {
        "bashrc",
        "bash_profile",
        "bash_login",
        "bash_logout",
        "bash_aliases",
        "profile",
        "zshenv",
        "zprofile",
        "zshrc",
        "zlogin",
        "zlogout",
        "envrc",
    }
)
_DOTENV_NAME = re.compile(
    r"(?i)^(?:\.env(?:\..+)?|.+\.env|env\.(?:example|sample|template|local|dist))$"
)


def _profile_stem(name: str) -> str:
    """``.zshrc`` / ``dot_zshrc`` (chezmoi) / ``zshrc`` -> ``zshrc``."""
    for prefix in (".", "dot_"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def kind_from_name(path: Path) -> FileKind | None:
    """The kind a file's name implies, or ``None`` for names authlint does not read."""
    name = path.name
    if name.endswith(".fish"):
        return FileKind.FISH
    if name.lower().endswith(".ps1"):
        return FileKind.POWERSHELL
    if _profile_stem(name) in _POSIX_PROFILE_NAMES:
        return FileKind.SHELL
    if _DOTENV_NAME.match(name):
        return FileKind.DOTENV
    return None


_SCRIPT_SUFFIXES = frozenset({".sh", ".bash", ".zsh", ".ksh"})
_SHEBANG = re.compile(r"^#![ \t]*(?:\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*(?:\S*/)?)?([\w.+-]+)")
_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=")


def kind_from_content(text: str) -> FileKind:
    """Guess the kind of a file with an unknown name from its text.

    A shebang decides; then PowerShell ``$env:`` lines, fish ``set -gx``;
    a file of only ``KEY=value`` lines and comments is a ``.env``; anything
    else is read as a POSIX shell script.
    """
    shebang = _SHEBANG.match(text)
    if shebang:
        interpreter = shebang.group(1)
        if interpreter == "fish":
            return FileKind.FISH
        if interpreter in {"pwsh", "powershell"}:
            return FileKind.POWERSHELL
        return FileKind.SHELL
    if re.search(r"(?im)^\s*\$env:\w+\s*=", text):
        return FileKind.POWERSHELL
    if re.search(r"(?m)^\s*set\s+(?:-\w+\s+)*-\w*x\w*\s+\w+", text):
        return FileKind.FISH
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if lines and all(_DOTENV_LINE.match(ln) for ln in lines):
        return FileKind.DOTENV
    return FileKind.SHELL


def detect_kind(path: Path, text: str | None = None) -> FileKind | None:
    """Kind from the name; failing that, from ``text`` when given (explicit files)."""
    kind = kind_from_name(path)
    if kind is None and text is not None:
        # Scripts are not walked (the profile rules would misfire on them), but a
        # script named on the command line is read as what its suffix says.
        if path.suffix in _SCRIPT_SUFFIXES:
            return FileKind.SHELL
        kind = kind_from_content(text)
    return kind


def scan(source: SourceFile, kind: FileKind) -> ScannedFile:
    """Run the scanner for ``kind`` over ``source``. Never raises on bad syntax."""
    module = importlib.import_module(_SCANNER_MODULES[kind])
    result: ScannedFile = module.scan(source)
    return result
