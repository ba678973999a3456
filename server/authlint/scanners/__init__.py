"""Scanners: one per file kind, text -> facts.

:func:`detect_kind` decides the kind from the file name, then (for files
passed explicitly) from the content, conservatively: a file is read only
when its content plainly is one of ours; :func:`scan` runs the kind's
scanner (for ``FileKind.SHELL``, the zsh or the bash one: :func:`shell_dialect`).
Scanner modules are imported on first use, so checking only ``.env`` files
never loads tree-sitter.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

from authlint.core.facts import CODE_KINDS, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners._trigger import has_trigger

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
    FileKind.FISH_VARIABLES: "authlint.scanners.fish_variables",
    FileKind.AWS_CONFIG: "authlint.scanners.aws_config",
    FileKind.MCP_CONFIG: "authlint.scanners.mcp_config",
    FileKind.STREAMLIT_SECRETS: "authlint.scanners.streamlit_secrets",
    FileKind.NOTEBOOK: "authlint.scanners.notebook",
    FileKind.CLAUDE_TRANSCRIPT: "authlint.scanners.claude_transcript",
    FileKind.CLINE_SETTINGS: "authlint.scanners.cline_settings",
    FileKind.AIDER_CONFIG: "authlint.scanners.aider_config",
    FileKind.SYSTEMD_UNIT: "authlint.scanners.systemd_unit",
    FileKind.KUBERNETES: "authlint.scanners.kubernetes",
    FileKind.MAKEFILE: "authlint.scanners.makefile",
    FileKind.JUSTFILE: "authlint.scanners.justfile",
    FileKind.GITHUB_WORKFLOW: "authlint.scanners.github_workflow",
}
_ZSH_SCANNER = "authlint.scanners.zsh_shell"

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
    """``.zshrc`` / ``dot_zshrc`` / ``private_dot_zshrc`` (chezmoi) / ``zshrc`` -> ``zshrc``."""
    changed = True
    while changed:
        changed = False
        for prefix in _CHEZMOI_ATTRIBUTES:
            if name.startswith(prefix):
                name, changed = name[len(prefix) :], True
    for prefix in (".", "dot_"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


_ZSH_PROFILE_NAMES = frozenset({"zshenv", "zprofile", "zshrc", "zlogin", "zlogout"})
_ZSH_SUFFIXES = (".zsh", ".zsh-theme")


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
_MAKEFILE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})
_JUSTFILE_NAMES = frozenset({"justfile", ".justfile"})
# Shell scripts read wherever they are (`scripts/deploy.sh`, `ci/setup.bash`).
SCRIPT_NAME_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
# Folders whose extensionless files are read when their shebang names a POSIX shell.
SCRIPT_FOLDERS = frozenset({"bin", "scripts"})
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
    if lower in {".mcp.json", "claude_desktop_config.json"}:
        return FileKind.MCP_CONFIG
    if lower == "managed-settings.json":
        return FileKind.CLAUDE_SETTINGS
    if lower == ".credentials.json":
        return FileKind.CLAUDE_CREDENTIALS if parent == "claude" else None
    # Cline: ~/.cline/data/settings/providers.json, ~/.cline/data/globalState.json
    if lower == "providers.json" and folders[:3] == ["settings", "data", "cline"]:
        return FileKind.CLINE_SETTINGS
    if lower == "globalstate.json" and "cline" in folders[:3]:
        return FileKind.CLINE_SETTINGS
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
    if name.endswith(_CODE_SUFFIXES):  # most files of a tree: decided by the name alone
        return _code_kind(name)
    return _kind_from_any_name(path)


def _kind_from_any_name(path: Path) -> FileKind | None:
    """:func:`kind_from_name` without its fast path for code names (every test, in order)."""
    name = path.name
    if name.endswith(".tmpl") and name[: -len(".tmpl")] not in ("", "."):
        # chezmoi templates (`dot_zshrc.tmpl`): their literal lines are the profile's. (`..tmpl`
        # names no file: `.` is not a name a path can take.)
        inner = kind_from_name(path.with_name(name[: -len(".tmpl")]))
        if inner in (FileKind.SHELL, FileKind.FISH, FileKind.POWERSHELL):
            return inner
    if name.endswith(".fish"):
        return FileKind.FISH
    if _is_fish_variables(name):
        return FileKind.FISH_VARIABLES
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
    if lower == "secrets.toml":
        return FileKind.STREAMLIT_SECRETS if _parent(path) == "streamlit" else None
    if lower.endswith(".ipynb"):
        return FileKind.NOTEBOOK
    if lower.endswith(".jsonl"):
        return FileKind.CLAUDE_TRANSCRIPT if is_transcript_path(path) else None
    if _profile_stem(name) == "aider.conf.yml":
        return FileKind.AIDER_CONFIG
    if lower.endswith(".service") and len(name) > len(".service"):
        return FileKind.SYSTEMD_UNIT
    if lower.endswith((".yml", ".yaml")) and _is_workflow_folder(path):
        return FileKind.GITHUB_WORKFLOW
    if name in _MAKEFILE_NAMES or lower.endswith(".mk"):
        return FileKind.MAKEFILE
    if lower in _JUSTFILE_NAMES or lower.endswith(".just"):
        return FileKind.JUSTFILE
    if lower.endswith(SCRIPT_NAME_SUFFIXES):
        return FileKind.SHELL
    if name.endswith(".py"):
        return FileKind.PYTHON
    if name.endswith(_JAVASCRIPT_SUFFIXES) and not _NOT_JAVASCRIPT.search(name):
        return FileKind.JAVASCRIPT
    return None


_CODE_SUFFIXES = (".py", *_JAVASCRIPT_SUFFIXES)
CODE_NAME_SUFFIXES = _CODE_SUFFIXES
"""How the name of every file :func:`kind_from_name` calls code ends (a walk skips the others)."""


def _code_kind(name: str) -> FileKind | None:
    """:func:`kind_from_name` for a name ending in a code suffix, in the same order.

    Only three of its tests can match such a name: ``fish_variables``-style
    names (``fishd.host.py``), ``.env.*`` names (``.env.py``) and the code
    suffixes themselves; none looks at the folders.
    """
    if "fishd." in name and _is_fish_variables(name):
        return FileKind.FISH_VARIABLES
    if _DOTENV_NAME.match(name):
        return FileKind.DOTENV
    if name.endswith(".py"):
        return FileKind.PYTHON
    return None if _NOT_JAVASCRIPT.search(name) else FileKind.JAVASCRIPT


def _parent(path: Path) -> str:
    """The nearest folder's name as its tool knows it (:func:`_folder`), or ``""``."""
    return _folder(path.parent.name) if path.parent.name else ""


def is_transcript_path(path: Path) -> bool:
    """Whether ``path`` lies below a ``.claude/projects`` folder (Claude Code transcripts).

    A relative path is made absolute first (``projects/p/s.jsonl`` checked from ``~/.claude``).
    """
    folders = [_folder(p) for p in Path(os.path.abspath(path)).parent.parts]
    return any(
        a == "claude" and b == "projects" for a, b in zip(folders, folders[1:], strict=False)
    )


def _is_workflow_folder(path: Path) -> bool:
    """Whether ``path`` sits in ``.github/workflows/`` (GitHub Actions reads no other folder)."""
    parent = path.parent
    return parent.name == "workflows" and parent.parent.name == ".github"


def is_script(path: Path | None, text: str) -> bool:
    """Whether a ``SHELL`` file is a script run as a program rather than a profile it sources.

    ``*.sh``/``*.bash``/``*.zsh``/``*.ksh`` and files with a ``#!`` first line are,
    unless the name is a profile's (``.bashrc``, ``.envrc``…). A script sets
    variables for its own commands: it may use one without exporting it, or set
    it again for the next command.
    """
    name = path.name if path is not None else ""
    if _profile_stem(name) in _POSIX_PROFILE_NAMES:
        return False
    return name.lower().endswith(SCRIPT_NAME_SUFFIXES) or text.lstrip("\ufeff").startswith("#!")


def is_script_candidate(path: Path) -> bool:
    """An extensionless file in ``bin/`` or ``scripts/``: read when its shebang names a shell."""
    return path.parent.name in SCRIPT_FOLDERS and "." not in path.name


def script_kind(head: str) -> FileKind | None:
    """``SHELL`` when ``head`` (a file's start) has a POSIX shell shebang, else ``None``."""
    return FileKind.SHELL if kind_from_shebang(head) is FileKind.SHELL else None


def _is_fish_variables(name: str) -> bool:
    """``fish_variables`` (fish 3) or ``fishd.<machine-id>`` (fish 2), chezmoi names too."""
    stem = _profile_stem(name)
    return stem == "fish_variables" or (stem.startswith("fishd.") and len(stem) > len("fishd."))


_SCRIPT_SUFFIXES = frozenset({".sh", ".bash", ".zsh", ".ksh", ".zsh-theme"})
_YAML_SUFFIXES = frozenset({".yml", ".yaml"})
_JSON_SUFFIXES = frozenset({".json", ".jsonc", ".json5", ".code-workspace"})
_COMPOSE_SERVICES = re.compile(r"(?m)^services:[ \t]*(?:#.*)?$")
_SHEBANG = re.compile(r"^#![ \t]*(?:\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*(?:\S*/)?)?([\w.+-]+)")
_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=")
_POSIX_SHELLS = frozenset(
    {"sh", "bash", "dash", "ash", "ksh", "ksh93", "mksh", "pdksh", "yash", "posh", "busybox", "zsh"}
)
_SHEBANG_KINDS = {
    "fish": FileKind.FISH,
    "pwsh": FileKind.POWERSHELL,
    "pwsh-preview": FileKind.POWERSHELL,
    "powershell": FileKind.POWERSHELL,
    "node": FileKind.JAVASCRIPT,
    "nodejs": FileKind.JAVASCRIPT,
    "deno": FileKind.JAVASCRIPT,
    "bun": FileKind.JAVASCRIPT,
    "tsx": FileKind.JAVASCRIPT,
    "ts-node": FileKind.JAVASCRIPT,
}
_PYTHON_INTERPRETER = re.compile(r"(?:python|pypy)[\d.]*\Z")
_BINARY_SAMPLE = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")
_MARKUP = ("<?", "<!doctype", "<html", "<svg", "{", "%yaml", "---", '.\\"', "'\\\"", ".th ")
# `[section]`, `[remote "origin"]`, `[[bin]]`: INI, TOML, git config (never `[ -f x ]`).
_SECTION = re.compile(r"\[\[?[A-Za-z0-9_.\"'-][^\[\]\n$=(`]*\]\]?[ \t]*(?:[#;].*)?\Z")
# Lines only a shell script has: the positive evidence for a file named nothing in particular.
_SHELL_LINE = re.compile(
    r"""(?:
        export[ \t]+(?:-[a-z]+[ \t]+)?[A-Za-z_][A-Za-z0-9_]*(?:=|[ \t]*(?:;|\Z))
      | (?:alias|unalias)[ \t]+(?:-[a-z]+[ \t]+)*[\w.:@+-]+=
      | (?:source|\.)[ \t]+(?:~|\$|"|'|/|\./|\.\./)
      | (?:if|elif|while|until)[ \t].*;[ \t]*(?:then|do)\b
      | (?:if|elif|while|until)[ \t]+!?[ \t]*(?:\[\[?[ \t]|test[ \t]|command[ \t]+-v[ \t]|\(\([ \t])
      | for[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]+in[ \t].*;[ \t]*do\b
      | (?:fi|done|esac|then|do)[ \t]*(?:;.*|[<>|&].*)?\Z
      | case[ \t].*[ \t]in\Z
      | (?:function[ \t]+)?[A-Za-z_][A-Za-z0-9_:-]*[ \t]*\(\)[ \t]*[{(]
      | function[ \t]+[A-Za-z_][A-Za-z0-9_:-]*[ \t]*(?:\(\)[ \t]*)?\{?\Z
      | (?:setopt|unsetopt|shopt|bindkey|zstyle|compdef|autoload|unset|umask|ulimit|trap
          |eval)[ \t]+\S
      | (?:typeset|declare|local|readonly)(?:[ \t]+[-+][a-zA-Z]+)*[ \t]+[A-Za-z_][A-Za-z0-9_]*
        (?:=|[ \t]*(?:;|\Z))
      | set[ \t]+[-+][a-zA-Z]*[euxaov]\b
      | \[\[?[ \t].*\]\]?[ \t]*(?:&&|\|\|)
      | [A-Z_][A-Z0-9_]*=(?!=)(?:"[^"]*"|'[^']*'|[^ \t"'])*[ \t]*(?:[;\#].*)?\Z
      | [A-Za-z_][A-Za-z0-9_]*=(?:\$\(|\$\{?[A-Za-z_]|`)
    )""",
    re.VERBOSE,
)
# Lines with a shell meaning that a dotenv loader cannot give (looks_like_shell_fragment).
_FRAGMENT_LINE = re.compile(
    r"""(?:
        (?:alias|unalias)[ \t]+\S
      | (?:source|\.)[ \t]+\S
      | (?:if|elif|while|until|for|case|select)[ \t]
      | (?:then|else|fi|do|done|esac)(?:[ \t;]|\Z)
      | (?:function[ \t]+)?[A-Za-z_][A-Za-z0-9_:-]*[ \t]*\(\)
      | function[ \t]+[A-Za-z_]
      | (?:setopt|unsetopt|shopt|autoload|typeset|declare|local|readonly|unset|eval|set
         |ulimit|umask|trap|bindkey|zstyle|complete)[ \t]
      | \[\[?[ \t]
      | .*[ \t](?:&&|\|\|)(?:[ \t]|\Z)
    )""",
    re.VERBOSE,
)
_CODE_LINE = re.compile(
    r"""(?:
        (?:pub(?:\([^)]*\))?[ \t]+)?(?:fn|impl|struct|enum|trait|mod|use)[ \t]+[\w:{<(]  # Rust
      | \#\[!?\w                                   # Rust attribute
      | package[ \t]+[\w.]+[ \t]*;?\Z              # Go, Java, Kotlin
      | func[ \t]+(?:\([^)]*\)[ \t]*)?\w+[ \t]*[(\[]  # Go
      | (?:const|let|var|local)[ \t]+[\w{\[][^=]*[ \t]=[ \t]  # JavaScript, Lua
      | import[ \t]+(?:[\w*{][^;]*[ \t]from[ \t]|\(|"|[\w.]+[ \t]*;?\Z)  # JS, Go, Python, Java
      | from[ \t]+[\w.]+[ \t]+import[ \t]          # Python
      | (?:async[ \t]+)?def[ \t]+\w+[ \t]*\(       # Python
      | class[ \t]+\w+[ \t]*[:({<]                 # Python, JS, Java, C++
      | (?:public|private|protected|static|namespace|using)[ \t]+\w  # Java, C#, C++
      | (?:int|void|char|unsigned|typedef|extern|struct)[ \t]+[\w*]+.*[;{)]\Z  # C
      | module\.exports | require\(
      | (?:\}[ \t]*)?else[ \t]*\{                  # C-like `} else {`
      | return[ \t][^;]*;\Z                        # C-like `return x;`
      | end\Z                                     # Lua, Ruby (`end` alone)
      | (?:endif|endfunction|endfor|endwhile)\b | let[ \t]+[gsbwtlav]:  # Vim script
      | "[ \t]                                    # Vim script comment
      | \.PHONY | [\w.%/$()-]+[ \t]*::?(?![=:])(?:[ \t].*)?\Z  # Makefile target, YAML key
      | ```|~~~                                    # Markdown code fence
      | \.[A-Za-z]{1,3}(?:[ \t]|\Z)                # roff macro (.SH, .B, .TP)
      | <[A-Za-z/!][^>]*>                          # markup
      | [-*+][ \t]+\w | \d+\.[ \t]+\w             # list items
      | (?:[A-Za-z][\w'’,()-]*[ \t]+){5,}[\w'’,()-]*[.:!?]?\Z  # prose: six words or more
    )""",
    re.VERBOSE,
)
# C preprocessor lines start with `#`: read before comments are dropped.
_PREPROCESSOR = re.compile(r"(?m)^[ \t]*#[ \t]*(?:include|define|ifndef|ifdef|endif|pragma)\b")
_TRAILING_COMMENT = re.compile(r"""(?:^|[ \t])\#[^"']*\Z""")
_ZSH_WORDS = re.compile(
    r"(?m)^[ \t]*(?:setopt|unsetopt|autoload[ \t]+-[A-Za-z]*U|zstyle|zmodload|bindkey|compdef"
    r"|zle[ \t]+-N|typeset[ \t]+-[A-Za-z]*g)\b|\$\{\([a-zA-Z@%#=~^:/.,]+\)"
)
_COLUMNS = re.compile(r"""=[^"'#]*?\S(?:[ ]{2,}|\t)[^#\s]""")
_UPPER_NAME = re.compile(r"\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=")
_K8S_API_VERSION = re.compile(r"(?m)^apiVersion:[ \t]*\S")
_K8S_KIND = re.compile(r"""(?m)^kind:[ \t]*["']?(?:Secret|ConfigMap)["']?[ \t]*(?:#.*)?$""")
_MAX_SNIFFED_LINES = 2000
_DIALECT_SAMPLE = 8192


def looks_binary(text: str) -> bool:
    """Whether a file's text is really binary data (zip, git pack, image…).

    True when the first 8 KiB hold a NUL, or when control characters and
    U+FFFD (undecodable bytes) are more than a tenth of them.
    """
    sample = text[:_BINARY_SAMPLE]
    if "\x00" in sample:
        return True
    return bool(sample) and len(_CONTROL.findall(sample)) * 10 > len(sample)


def kind_from_shebang(text: str) -> FileKind | None:
    """The kind a ``#!`` first line names, or ``None``.

    sh, bash, dash, ksh, zsh… give ``SHELL``; fish ``FISH``; pwsh/powershell
    ``POWERSHELL``; python/pypy ``PYTHON``; node/deno/bun/tsx ``JAVASCRIPT``;
    no shebang or another interpreter (perl, ruby…) gives ``None``.
    """
    shebang = _SHEBANG.match(text.lstrip("\ufeff"))
    if shebang is None:
        return None
    interpreter = shebang.group(1)
    if interpreter in _POSIX_SHELLS:
        return FileKind.SHELL
    if _PYTHON_INTERPRETER.match(interpreter):
        return FileKind.PYTHON
    return _SHEBANG_KINDS.get(interpreter)


def _meaningful_lines(text: str) -> list[str]:
    """The first lines that are neither blank nor comments, stripped of indentation."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
            if len(lines) >= _MAX_SNIFFED_LINES:
                break
    return lines


def kind_from_content(text: str) -> FileKind | None:
    """Guess the kind of a file whose name says nothing, from its text; ``None``: not ours.

    Conservative: binary data (:func:`looks_binary`) is never read; a shebang
    decides (:func:`kind_from_shebang`); markup, PHP, JSON, YAML and roff
    documents and INI/TOML/git-config files (``[section]`` lines) are not
    read. Then PowerShell ``$env:NAME =`` lines, fish ``set -gx``; a file of
    only ``KEY=value`` lines and comments, one of them an upper-case name,
    is a ``.env`` (``key = value`` lines alone are INI); a shell script needs
    lines only a shell script has (``export NAME=``, ``alias x=``,
    ``source ~/…``, ``if [ … ]; then``, ``fi``, ``NAME=value``, ``f() {``…)
    and no more than half as many lines of anything else (source code,
    Makefile targets, YAML keys, Markdown, prose).
    """
    if looks_binary(text):
        return None
    text = text.lstrip("\ufeff")
    if text.startswith("#!"):
        return kind_from_shebang(text)
    if text.lstrip().lower().startswith(_MARKUP):
        return None
    lines = _meaningful_lines(text)
    if not lines or any(_SECTION.match(line) or line.startswith("-----BEGIN ") for line in lines):
        return None
    if any(re.match(r"(?i)\$env:\w+\s*=", line) for line in lines):
        return FileKind.POWERSHELL
    if any(re.match(r"set\s+(?:-\w+\s+)*-\w*x\w*\s+\w+", line) for line in lines):
        return FileKind.FISH
    if all(_DOTENV_LINE.match(line) for line in lines):
        # `key = value` lines alone are INI; `UUID=x /  ext4  defaults` is a table.
        if any(_UPPER_NAME.match(line) for line in lines) and not any(
            _COLUMNS.search(line) for line in lines
        ):
            return FileKind.DOTENV
        return None
    shell = sum(1 for line in lines if _SHELL_LINE.match(line))
    other = sum(1 for line in lines if not _SHELL_LINE.match(line) and _CODE_LINE.match(line))
    other += len(_PREPROCESSOR.findall(text))
    if shell and shell >= 2 * other:
        return FileKind.SHELL
    return None


def looks_like_shell_fragment(text: str) -> bool:
    """Whether a ``.env``-named file is really shell: a line no dotenv loader means.

    True when a non-comment line is a shell statement (``if``/``then``/``fi``,
    loops, ``case``, ``function`` or ``name() {``, ``source``/``.``, ``[[``/``[``,
    ``alias``, ``unset``, ``set -a``, ``local``/``declare``, ``cmd && …``) or
    runs a command (``$(…)``, backticks). ``export KEY=value`` and
    ``KEY=value`` lines are not enough: dotenv loaders accept them. The
    name-based kind stays ``DOTENV``; the caller (the environment model,
    when a profile sources the file) decides.
    """
    for line in _meaningful_lines(text):
        if _DOTENV_LINE.match(line):
            value = _TRAILING_COMMENT.sub("", line.partition("=")[2]).strip()
            if not value.startswith("'") and ("$(" in value or "`" in value):
                return True  # a command runs in a shell; '…' is literal in both
            continue
        if _FRAGMENT_LINE.match(line):
            return True
    return False


def shell_dialect(path: Path | None, text: str = "") -> str:
    """``"zsh"`` or ``"bash"``: which grammar reads a ``FileKind.SHELL`` file.

    zsh for ``.zshrc``/``.zshenv``/``.zprofile``/``.zlogin``/``.zlogout`` (also
    ``zshrc``, ``dot_zshrc``, ``private_dot_zshrc``), a ``#!…zsh`` shebang in a
    file of another name, ``*.zsh``, ``*.plugin.zsh`` and ``*.zsh-theme``;
    bash (tree-sitter-bash: sh, bash, ``.envrc``, ``.profile``) otherwise.
    A file of another name (not an unnamed buffer: ``path`` ``None``) is zsh
    when its first 8 KiB use zsh-only words
    (``setopt``, ``zstyle``, ``autoload -U``, ``bindkey``, ``${(s/:/)x}``…).
    ``text`` is the file's text (or its start).
    """
    name = path.name if path is not None else ""
    stem = _profile_stem(name)
    if stem in _ZSH_PROFILE_NAMES:
        return "zsh"
    if stem in _POSIX_PROFILE_NAMES:
        return "bash"
    shebang = _SHEBANG.match(text.lstrip("\ufeff"))
    if shebang is not None and shebang.group(1) in _POSIX_SHELLS:
        return "zsh" if shebang.group(1) == "zsh" else "bash"
    if name.lower().endswith(_ZSH_SUFFIXES):
        return "zsh"
    if path is None or name.lower().endswith((".sh", ".bash", ".ksh")) or shebang is not None:
        return "bash"
    # A file named nothing in particular (an autoloaded zsh function, `~/.aliases`):
    # zsh-only words (`setopt`, `zstyle`, `${(s/:/)x}`…) in its first 8 KiB.
    return "zsh" if _ZSH_WORDS.search(text, 0, _DIALECT_SAMPLE) else "bash"


def detect_kind(path: Path, text: str | None = None) -> FileKind | None:
    """Kind from the name; failing that, from ``text`` when given (explicit files).

    An explicit ``*.yml``/``*.yaml`` file is a Compose file when it has a
    top-level ``services:`` key (else ``None``); an explicit JSON file whose
    name says nothing is ``None``; a ``*.sh``/``*.bash``/``*.zsh``/``*.ksh``/
    ``*.zsh-theme`` script is ``SHELL`` unless it is binary data; other names
    are guessed from the content (:func:`kind_from_content`). ``None`` means
    the file is not one authlint reads: the caller skips it, with no finding.
    """
    kind = kind_from_name(path)
    if kind is FileKind.SHELL and text is not None and path.suffix.lower() in _SCRIPT_SUFFIXES:
        return None if looks_binary(text) else kind  # a binary `x.sh` is not a script
    if kind is None and text is not None:
        # Scripts are not walked (the profile rules would misfire on them), but a
        # script named on the command line is read as what its suffix says.
        if path.suffix in _SCRIPT_SUFFIXES:
            return None if looks_binary(text) else FileKind.SHELL
        suffix = path.suffix.lower()
        if suffix in _YAML_SUFFIXES:  # a Compose file under another name has `services:`
            if looks_like_kubernetes(text):
                return FileKind.KUBERNETES
            return FileKind.COMPOSE if _COMPOSE_SERVICES.search(text) else None
        if suffix in _JSON_SUFFIXES:  # JSON is never a .env file or a profile
            return None
        kind = kind_from_content(text)
    return kind


def read_source(path: Path, kind: FileKind) -> SourceFile:
    """Read ``path`` for scanning as ``kind``; raises ``OSError`` like :meth:`SourceFile.read`.

    A Claude Code transcript is streamed and kept sparse (see
    :func:`authlint.scanners.claude_transcript.read_transcript`): it can be
    hundreds of megabytes. Every other kind is read whole (at most 10 MiB).
    """
    if kind is FileKind.CLAUDE_TRANSCRIPT:
        from authlint.scanners.claude_transcript import read_transcript

        return read_transcript(path)
    return SourceFile.read(path)


def looks_like_kubernetes(text: str) -> bool:
    """Whether a ``*.yaml``/``*.yml`` file is a Kubernetes Secret or ConfigMap manifest.

    It needs a top-level ``apiVersion:`` and ``kind: Secret`` or ``kind: ConfigMap``;
    a Helm template (``{{ … }}``) is not read.
    """
    return (
        "{{" not in text
        and _K8S_API_VERSION.search(text) is not None
        and _K8S_KIND.search(text) is not None
    )


def parses_code(kind: FileKind, text: str) -> bool:
    """Whether :func:`scan` parses a code file (``PYTHON``, ``JAVASCRIPT``) with ``text``.

    Code without a trigger word (nothing of Anthropic, Claude or dotenv) is not
    parsed: its facts are empty (:attr:`authlint.core.facts.CodeFacts.parsed`).
    Raises ``ValueError`` for a kind that is not code.
    """
    if kind not in CODE_KINDS:
        raise ValueError(f"not a code kind: {kind.value}")
    return has_trigger(text)


def scan(source: SourceFile, kind: FileKind) -> ScannedFile:
    """Run the scanner for ``kind`` over ``source``. Never raises on bad syntax.

    A ``SHELL`` file is read with the zsh grammar when :func:`shell_dialect`
    says zsh (from ``source.path`` and its shebang), else with bash's.
    """
    name = _SCANNER_MODULES[kind]
    if kind is FileKind.SHELL and shell_dialect(source.path, source.text) == "zsh":
        name = _ZSH_SCANNER
    module = importlib.import_module(name)
    if source.path is not None and source.path.name.endswith(".tmpl") and "{{" in source.text:
        # A chezmoi template: lines with `{{ … }}` are the template's, not the shell's; they
        # are blanked (same length, so every span still points into the real text).
        literal = SourceFile(source.path, template_literal(source.text))
        result: ScannedFile = module.scan(literal)
        result.source = source
        return result
    result = module.scan(source)
    return result


_TEMPLATE_LINE = re.compile(r"(?m)^[^\r\n]*\{\{[^\r\n]*$")
# An action that spans lines (`{{ $key := (onepasswordRead\n  "op://…") }}`, a `{{/* … */}}`
# comment): the lines from its first to its last are the template's.
_TEMPLATE_ACTION = re.compile(r"\{\{(?:(?!\{\{|\}\}).)*\}\}", re.S)
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def template_literal(text: str) -> str:
    """``text`` of a chezmoi template with every line holding a ``{{ … }}`` action blanked.

    Blanks keep the length of every line (spans still point into the real
    text); an action that spans lines blanks all of its lines.
    """
    pieces: list[str] = []
    last = 0
    for action in _TEMPLATE_ACTION.finditer(text):
        if "\n" not in action.group(0) and "\r" not in action.group(0):
            continue
        start = max(text.rfind("\n", 0, action.start()), text.rfind("\r", 0, action.start())) + 1
        start = max(start, last)
        ends = [i for i in (text.find("\n", action.end()), text.find("\r", action.end())) if i >= 0]
        end = min(ends) if ends else len(text)
        pieces += [text[last:start], _NOT_LINE_BREAK.sub(" ", text[start:end])]
        last = end
    pieces.append(text[last:])
    return _TEMPLATE_LINE.sub(_blank, "".join(pieces))
