"""terminal-env-differs-from-profile.

## What it does
Checks ``terminal.integrated.env.<os>`` (for the platform the settings file
applies to) for a credential or base URL set to a literal that differs from
the value the user's shell profiles export for the same variable
(``~/.zshrc``, ``~/.bashrc``, ``~/.profile``, fish and PowerShell profiles
under the home folder). The finding points at the settings value, with the
profile definition as related information.

## Why is this bad?
Two sources now give one credential two values, and which one a program sees
depends on where it starts. VS Code puts the setting's value into the
terminal's environment, then the shell runs its profile: an interactive
shell that reads the profile exports its own value over it, a login or
non-interactive one may not. Programs started outside VS Code only ever see
the profile's value. A stale key in either place gives a 401 in some
terminals and not in others, which is hard to trace.

## Example
```jsonc
// settings.json
"terminal.integrated.env.osx": { "ANTHROPIC_API_KEY": "sk-ant-api03-…old" }
```
```sh
# ~/.zshrc
export ANTHROPIC_API_KEY="sk-ant-api03-…new"
```
Keep one source: delete the setting, or the export.

## Fix safety
No fix: which value is the right one is the user's call.

## Source
- https://github.com/microsoft/vscode/blob/main/src/vs/platform/terminal/common/terminalPlatformConfiguration.ts
  ``terminal.integrated.env.<os>`` is added to the terminal's environment; the default
  profiles.
- https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  which startup files bash reads.
- https://zsh.sourceforge.io/Doc/Release/Files.html
  the same for zsh.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.home import home_files
from authlint.core.secrets import mask
from authlint.core.variables import BASE_URL, CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.rules._settings import (
    OS_KEYS,
    TERMINAL_ENV_PREFIX,
    assignments_within,
    scan_other,
    settings_object,
    settings_platform,
)
from authlint.scanners import kind_from_name

_WATCHED = CREDENTIAL_VARIABLES | {BASE_URL}
_PROFILE_KINDS = frozenset({FileKind.SHELL, FileKind.FISH, FileKind.POWERSHELL})


def _profile_definitions(context: CheckContext) -> dict[str, tuple[Path, Assignment]]:
    """The last exported, top-level literal definition of each watched variable in the profiles."""
    if context.home is None:
        return {}
    found: dict[str, tuple[Path, Assignment]] = {}
    for path in home_files(context.home, context.platform):
        kind = kind_from_name(path)
        if kind not in _PROFILE_KINDS:
            continue
        scanned = scan_other(path, kind) if kind is not None else None
        if scanned is None:
            continue
        for assignment in scanned.assignments:
            if (
                assignment.name in _WATCHED
                and assignment.exported
                and assignment.top_level
                and assignment.value
            ):
                found[assignment.name] = (path, assignment)
    return found


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per terminal-env literal that differs from the profiles' value."""
    settings = settings_object(file)
    if settings is None:
        return
    os_key = OS_KEYS[settings_platform(file.source.path, context)]
    block = settings.get(f"{TERMINAL_ENV_PREFIX}{os_key}")
    if block is None or block.type != "object":
        return
    mine = {a.name: a for a in assignments_within(file, block) if a.name in _WATCHED and a.value}
    if not mine:
        return
    profiles = _profile_definitions(context)
    for name, assignment in mine.items():
        if name not in profiles or assignment.value is None:
            continue
        path, other = profiles[name]
        if other.value is None:
            continue
        if other.value.strip() == assignment.value.strip():
            continue
        where = other.statement_span.start.line + 1
        profile = f"~/{path.relative_to(context.home).as_posix()}" if context.home else path.name
        message = (
            f"`{TERMINAL_ENV_PREFIX}{os_key}` sets {name} to `{mask(assignment.value.strip())}`, "
            f"but {profile}:{where} exports `{mask(other.value.strip())}`: VS Code terminals start "
            "with the setting's value and a shell that reads the profile replaces it, while "
            "programs started elsewhere only see the profile's. Keep one source"
        )
        related = Related(
            path,
            other.statement_span,
            f"{name} exported here with another value",
        )
        yield RULE.finding(file, value_span(assignment), message, related=(related,))


RULE = Rule(
    code="AL711",
    name="terminal-env-differs-from-profile",
    summary="terminal.integrated.env sets a credential to another value than the shell profiles",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
