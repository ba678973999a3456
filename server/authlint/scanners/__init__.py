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


# Folder names that hold VS Code-family user settings (``<name>/User/settings.json``)
# or, in dotfiles repositories, the settings file itself (``vscode/settings.json``).
_VSCODE_APP_FOLDERS = frozenset(
    {
        "code",
        "code - insiders",
        "code - oss",
        "code-oss",
        "code-insiders",
        "vscode",
        "vscode-insiders",
        "vscodium",
        "vscodium - insiders",
        "cursor",
        "windsurf",
        "positron",
    }
)
# Remote servers: ``~/.vscode-server/data/Machine/settings.json`` (also ``User``).
_VSCODE_SERVER_FOLDERS = frozenset(
    {
        "vscode-server",
        "vscode-server-insiders",
        "vscode-remote",
        "vscodium-server",
        "cursor-server",
        "windsurf-server",
    }
)
_CHEZMOI_ATTRIBUTES = ("private_", "readonly_", "exact_", "empty_", "executable_")
_COMPOSE_NAME = re.compile(r"(?i)^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$")
_JAVASCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
_NOT_JAVASCRIPT = re.compile(r"(?i)\.(?:d\.[mc]?ts|min\.[mc]?js)$")


def _folder(name: str) -> str:
    """A folder name as its tool knows it, lowercased.

    ``.claude``, ``dot_claude`` and ``private_dot_config`` give ``claude``,
    ``claude`` and ``config`` (chezmoi prefixes and a leading dot dropped).
    """
    name = name.lower()
    changed = True
    while changed:
        changed = False
        for prefix in _CHEZMOI_ATTRIBUTES:
            if name.startswith(prefix):
                name, changed = name[len(prefix) :], True
    for prefix in ("dot_", "dot.", "."):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _json_kind(path: Path) -> FileKind | None:
    """The kind of a ``*.json`` file from its name and its parent folders."""
    name = path.name
    lower = name.lower()
    folders = [_folder(p) for p in reversed(path.parent.parts)]  # nearest first
    parent = folders[0] if folders else ""
    if lower in {"devcontainer.json", ".devcontainer.json"}:
        return FileKind.DEVCONTAINER
    if lower == ".claude.json":
        return FileKind.CLAUDE_STATE
    if lower == "managed-settings.json":
        return FileKind.CLAUDE_SETTINGS
    if lower == ".credentials.json":
        return FileKind.CLAUDE_CREDENTIALS if parent == "claude" else None
    if lower == "settings.local.json":
        return FileKind.CLAUDE_SETTINGS if parent == "claude" else None
    if lower != "settings.json":
        return None
    if parent == "claude":
        return FileKind.CLAUDE_SETTINGS
    if parent == "vscode" or parent in _VSCODE_APP_FOLDERS or parent.startswith("vscode-"):
        return FileKind.VSCODE_SETTINGS
    above = folders[1:3]
    if parent in {"user", "machine"} and above:
        if above[0] in _VSCODE_APP_FOLDERS:  # Code/User/settings.json
            return FileKind.VSCODE_SETTINGS
        if above[0] == "data" and len(above) > 1 and above[1] in _VSCODE_SERVER_FOLDERS:
            return FileKind.VSCODE_SETTINGS
    # User profiles: Code/User/profiles/<id>/settings.json
    if len(folders) >= 4 and folders[1] == "profiles" and folders[2] == "user":
        if folders[3] in _VSCODE_APP_FOLDERS:
            return FileKind.VSCODE_SETTINGS
    return None


def kind_from_name(path: Path) -> FileKind | None:
    """The kind a file's name (and, for settings files, its folders) implies.

    Returns ``None`` for names authlint does not read (a ``settings.json``
    outside a VS Code or Claude Code folder, ``*.d.ts``, ``*.min.js``).
    """
    name = path.name
    if name.endswith(".fish"):
        return FileKind.FISH
    if name.lower().endswith(".ps1"):
        return FileKind.POWERSHELL
    if _profile_stem(name) in _POSIX_PROFILE_NAMES:
        return FileKind.SHELL
    if _DOTENV_NAME.match(name):
        return FileKind.DOTENV
    lower = name.lower()
    if lower.endswith(".json"):
        return _json_kind(path)
    if lower.endswith(".code-workspace"):
        return FileKind.VSCODE_SETTINGS
    if _COMPOSE_NAME.match(name):
        return FileKind.COMPOSE
    if name.endswith(".py"):
        return FileKind.PYTHON
    if name.endswith(_JAVASCRIPT_SUFFIXES) and not _NOT_JAVASCRIPT.search(name):
        return FileKind.JAVASCRIPT
    return None


_SCRIPT_SUFFIXES = frozenset({".sh", ".bash", ".zsh", ".ksh"})
_YAML_SUFFIXES = frozenset({".yml", ".yaml"})
_JSON_SUFFIXES = frozenset({".json", ".jsonc", ".json5", ".code-workspace"})
_COMPOSE_SERVICES = re.compile(r"(?m)^services:[ \t]*(?:#.*)?$")
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
    """Kind from the name; failing that, from ``text`` when given (explicit files).

    An explicit ``*.yml``/``*.yaml`` file is a Compose file when it has a
    top-level ``services:`` key (else ``None``); an explicit JSON file whose
    name says nothing is ``None``; other names are guessed from the content.
    """
    kind = kind_from_name(path)
    if kind is None and text is not None:
        # Scripts are not walked (the profile rules would misfire on them), but a
        # script named on the command line is read as what its suffix says.
        if path.suffix in _SCRIPT_SUFFIXES:
            return FileKind.SHELL
        suffix = path.suffix.lower()
        if suffix in _YAML_SUFFIXES:  # a Compose file under another name has `services:`
            return FileKind.COMPOSE if _COMPOSE_SERVICES.search(text) else None
        if suffix in _JSON_SUFFIXES:  # JSON is never a .env file or a profile
            return None
        kind = kind_from_content(text)
    return kind


def scan(source: SourceFile, kind: FileKind) -> ScannedFile:
    """Run the scanner for ``kind`` over ``source``. Never raises on bad syntax."""
    module = importlib.import_module(_SCANNER_MODULES[kind])
    result: ScannedFile = module.scan(source)
    return result
