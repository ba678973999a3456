"""removed-terminal-shell-setting.

## What it does
Checks VS Code settings for the removed ``terminal.integrated.shell.<os>`` and
``terminal.integrated.shellArgs.<os>`` settings (``linux``, ``windows``) when
the arguments ask for a login shell (``-l``, ``--login``); one finding per
platform, on ``shell.<os>`` when it is there. Without a login argument the
removed settings are deprecated but harmless for authentication (the corpus
README lists them as such), so they are not reported; nor is ``osx``, whose
default profiles already start login shells.
``terminal.integrated.shellIntegration.*`` is a different, current setting.

## Why is this bad?
Current VS Code no longer reads these settings: terminals open the default
profile instead of the shell named here. Arguments such as ``-l`` /
``--login`` are dropped with them, so a shell that was started as a login
shell to read ``~/.bash_profile`` or ``~/.zprofile`` may now skip those files
(VS Code's Linux default profiles run without ``-l``), and a key exported
only there is missing in the terminal. Usually harmless, hence informational.

## Example
```jsonc
"terminal.integrated.shell.linux": "/bin/bash",
"terminal.integrated.shellArgs.linux": ["-l"],
```
Use instead:
```jsonc
"terminal.integrated.profiles.linux": { "bash": { "path": "/bin/bash", "args": ["-l"] } },
"terminal.integrated.defaultProfile.linux": "bash",
```

## Fix safety
Unsafe: replaces ``shell.<os>`` with a ``terminal.integrated.profiles.<os>``
entry (same path, same arguments) and makes it the
``terminal.integrated.defaultProfile.<os>``, and deletes ``shellArgs.<os>``.
Terminals then really start that shell, which they have not done since the
setting was removed. Offered only when the file has no ``profiles.<os>`` or
``defaultProfile.<os>`` yet and the shell is a plain string.

## Source
- https://code.visualstudio.com/docs/terminal/profiles
  terminal profiles replace ``terminal.integrated.shell.*`` and ``shellArgs.*``.
- https://github.com/microsoft/vscode/blob/main/src/vs/platform/terminal/common/terminalPlatformConfiguration.ts
  the profile defaults: macOS runs ``-l`` login shells, Linux does not; the old settings
  are no longer registered.
- https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  which files a login and a non-login bash read.
- https://zsh.sourceforge.io/Doc/Release/Files.html
  the same for zsh.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._settings import (
    OS_KEYS,
    indentation_of,
    json_string,
    line_break_of,
    remove_member_edits,
    settings_object,
    string_value,
)

_LOGIN = re.compile(r"^(?:--login|-[ic]?l[ic]?)$")


def _arguments(value: JsonValue | None) -> list[str]:
    """The arguments a ``shellArgs`` value lists (an array of strings, or one string)."""
    if value is None:
        return []
    if value.type == "array":
        return [v for v in (string_value(item) for item in value.items) if v is not None]
    single = string_value(value)
    return single.split() if single else []


def _profile_name(path: str) -> str:
    """``C:\\\\Windows\\\\System32\\\\wsl.exe`` -> ``wsl``; ``/usr/local/bin/fish`` -> ``fish``."""
    leaf = re.split(r"[\\/]", path.strip())[-1]
    leaf = re.sub(r"(?i)\.exe$", "", leaf)
    return leaf or "shell"


def _fix(
    file: ScannedFile,
    settings: JsonValue,
    os_key: str,
    shell: JsonMember,
    args: JsonMember | None,
) -> Fix | None:
    path = string_value(shell.value)
    profiles = f"terminal.integrated.profiles.{os_key}"
    default = f"terminal.integrated.defaultProfile.{os_key}"
    if not path or settings.member(profiles) or settings.member(default):
        return None
    index = file.source.index
    name = json_string(_profile_name(path))
    entry = f'"path": {index.slice(shell.value.span)}'
    if args is not None:
        entry += f', "args": {index.slice(args.value.span)}'
    indent = indentation_of(file, shell)
    brk = line_break_of(file)
    text = f'"{profiles}": {{ {name}: {{ {entry} }} }},{brk}{indent}"{default}": {name}'
    edits = [Edit(shell.span, text)]
    if args is not None:
        edits.extend(remove_member_edits(file, settings, args))
    return Fix(RULE.fix_title or "", tuple(edits), Applicability.UNSAFE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding per platform that still uses ``shell.<os>`` / ``shellArgs.<os>``."""
    settings = settings_object(file)
    if settings is None:
        return
    for os_key in OS_KEYS.values():
        shell = settings.member(f"terminal.integrated.shell.{os_key}")
        args = settings.member(f"terminal.integrated.shellArgs.{os_key}")
        if shell is None and args is None:
            continue
        login = [a for a in _arguments(args.value if args else None) if _LOGIN.match(a)]
        if not login or os_key == "osx":
            continue  # no profile file is lost: deprecated, but harmless for authentication
        if shell is not None:
            message = (
                f"`{shell.key}` was removed from VS Code and is ignored: terminals open the "
                "default profile instead"
            )
        else:
            assert args is not None
            message = f"`{args.key}` was removed from VS Code and is ignored"
        if login:
            message += (
                f"; the `{login[0]}` argument is no longer applied, so the shell may not read "
                "~/.bash_profile or ~/.zprofile and keys exported there can be missing"
            )
        message += (
            f"; configure `terminal.integrated.profiles.{os_key}` and "
            f"`terminal.integrated.defaultProfile.{os_key}` instead"
        )
        anchor = shell if shell is not None else args
        assert anchor is not None
        related: tuple[Related, ...] = ()
        if shell is not None and args is not None:
            related = (Related(file.source.path, args.span, f"`{args.key}` is ignored too"),)
        fix = _fix(file, settings, os_key, shell, args) if shell is not None else None
        yield RULE.finding(file, anchor.span, message, fix=fix, related=related)


RULE = Rule(
    code="AL704",
    name="removed-terminal-shell-setting",
    summary="Removed VS Code terminal shell setting is ignored (and its login arguments too)",
    severity=Severity.INFO,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Replace with a terminal profile and make it the default",
)
