"""terminal-inherit-env-disabled.

## What it does
Checks VS Code settings for ``"terminal.integrated.inheritEnv": false`` when
the settings apply on macOS or Linux: the platform of the user-settings folder
the file sits in (``~/Library/Application Support/Code/User/``,
``~/.config/Code/User/``), otherwise the platform authlint runs on. The
setting has no effect on Windows, so Windows user settings are never reported.

## Why is this bad?
VS Code resolves its own environment from your login shell when it starts
("at startup, Code spawns the user's default shell, extracts its environment
and sets that as its own"), so a VS Code launched from the Dock or a desktop
menu still sees ``ANTHROPIC_API_KEY`` exported in ``~/.zprofile`` or
``~/.bash_profile``. With ``inheritEnv`` off, integrated terminals do not get
that environment: a key is there only if the terminal's own shell exports
it. One that reached VS Code another way, such as ``~/.profile`` on Linux
(VS Code's Linux terminals run non-login shells, which skip it),
``launchctl setenv`` or the desktop session, is missing, and ``claude`` run
in the terminal asks you to log in while the extension works.

## Example
```jsonc
{
    "editor.fontSize": 13,
    "terminal.integrated.inheritEnv": false,
}
```
Use instead: remove the setting (the default is ``true``), or export the
variables in the rc file the terminal's shell reads.

## Fix safety
Safe: deletes the member and the comma that goes with it, nothing else; the
default (``true``) then applies. Comments around it are kept.

## Source
- https://github.com/microsoft/vscode/blob/main/src/vs/platform/terminal/common/terminalPlatformConfiguration.ts
  ``terminal.integrated.inheritEnv``: whether new shells inherit VS Code's environment; no
  effect on Windows.
- https://code.visualstudio.com/remote/advancedcontainers/environment-variables
  with it off, variables may not appear in the integrated terminal.
- https://github.com/microsoft/vscode/issues/1033
  VS Code takes its environment from the user's login shell at startup.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._settings import remove_member_edits, settings_object, settings_platform

_KEY = "terminal.integrated.inheritEnv"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding for ``inheritEnv: false`` in settings that apply on macOS or Linux."""
    settings = settings_object(file)
    if settings is None:
        return
    platform = settings_platform(file.source.path, context)
    if platform is Platform.WINDOWS:
        return
    # Only the member VS Code reads (the last duplicate) decides.
    member = settings.member(_KEY)
    if member is None or member.value.type != "false":
        return
    where = "macOS" if platform is Platform.MACOS else "Linux"
    message = (
        f"`{_KEY}` is false: on {where}, integrated terminals do not inherit VS Code's "
        "environment (which VS Code resolved from your login shell), so a key such as "
        "ANTHROPIC_API_KEY that VS Code sees may be missing in its terminals; remove the "
        "setting or export the key in the rc file the terminal's shell reads"
    )
    fix = Fix(RULE.fix_title or "", remove_member_edits(file, settings, member), Applicability.SAFE)
    yield RULE.finding(file, member.span, message, fix=fix)


RULE = Rule(
    code="AL701",
    name="terminal-inherit-env-disabled",
    summary="VS Code terminals do not inherit VS Code's environment (inheritEnv is false)",
    severity=Severity.INFO,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Remove `terminal.integrated.inheritEnv`",
)
