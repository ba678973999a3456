"""config-dir-hides-stored-login.

## What it does
Checks, where Claude Code reads it, for ``CLAUDE_CONFIG_DIR`` set in a
profile or environment file:

- on macOS, set at all: a warning when it names the default folder
  ``~/.claude`` (which looks harmless), information for another folder (a
  deliberate second configuration needs its own login);
- on Linux and Windows, naming another folder than ``~/.claude`` that holds no
  ``.credentials.json`` while ``~/.claude/.credentials.json`` exists.

## Why is this bad?
Claude Code keeps the ``/login`` credentials per configuration folder. On
macOS the Keychain item is ``Claude Code-credentials`` without the variable
and ``Claude Code-credentials-<hash of the folder>`` with it, whatever folder
it names: once the variable is exported, the login made without it is not
found (``Not logged in · Please run /login``, ``claude auth status`` says
``"loggedIn": false``), and logging in again can loop. On Linux and Windows
the credentials file moves to the named folder.

## Example
```sh
export CLAUDE_CONFIG_DIR="$HOME/.claude"
```
Use instead: delete the line (the default needs no variable), or log in once
with the variable set.

## Fix safety
No fix: a deliberate second configuration folder is the user's choice.

## Source
- https://code.claude.com/docs/en/authentication
  "Credential management": ``CLAUDE_CONFIG_DIR`` selects a different Keychain entry.
- https://github.com/anthropics/claude-code/issues/92252
  the suffix applies even when the variable names the default folder.
- https://github.com/anthropics/claude-code/issues/88601
- https://github.com/anthropics/claude-code/issues/26623
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext, Platform
from authlint.core.facts import ASSIGNMENT_KINDS, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._reads import CLAUDE_KINDS, with_contexts

VARIABLE = "CLAUDE_CONFIG_DIR"
_HOME = re.compile(r"^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%|\$env:USERPROFILE)(?=[/\\]|$)")


def _folder(raw: str, home: Path) -> Path | None:
    """The folder ``raw`` names, with the home folder put in; ``None`` when unknown."""
    text = raw.strip().strip("\"'")
    if not text:
        return None
    if _HOME.match(text):
        return home / _HOME.sub("", text).replace("\\", "/").strip("/")
    if "$" in text or "%" in text:
        return None
    path = Path(text)
    return path if path.is_absolute() else None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at a ``CLAUDE_CONFIG_DIR`` that hides the stored login."""
    model = context.environment
    home = context.home
    path = file.source.path
    if model is None or home is None or path is None:
        return
    keys = [(a.name, a.name_span) for a in file.assignments if a.name == VARIABLE]
    platform = model.workspace.platform
    for definition in model.definitions_named_at(path.absolute(), keys):
        if definition.removes:
            continue
        hit = [c for c in model.contexts_won_by(definition) if c.kind in CLAUDE_KINDS]
        if not hit:
            continue
        raw = definition.value if definition.value is not None else definition.raw_value
        folder = _folder(raw, home)
        if folder is None:
            continue
        default = folder.as_posix().rstrip("/") == (home / ".claude").as_posix()
        severity = None
        if platform is Platform.MACOS:
            if default:
                message = (
                    f"{VARIABLE} names the default folder ~/.claude, yet setting it at all makes "
                    "Claude Code keep its login under another Keychain item "
                    "(`Claude Code-credentials-<hash>`): the /login made without it is not found "
                    "(`Not logged in · Please run /login`); delete the line"
                )
            else:
                severity = Severity.INFO
                message = (
                    f"{VARIABLE} gives Claude Code its own Keychain item for this folder: a "
                    "/login made without the variable is not found here; log in once with it set"
                )
        else:
            stored = home / ".claude" / ".credentials.json"
            if default or not stored.is_file() or (folder / ".credentials.json").exists():
                continue
            message = (
                f"{VARIABLE} moves Claude Code's login to `{folder}`, which holds no "
                ".credentials.json: the /login kept in ~/.claude/.credentials.json is not used "
                "(`Not logged in · Please run /login`)"
            )
        finding = RULE.finding(file, definition.span, message, severity=severity)
        yield with_contexts(finding, hit)


RULE = Rule(
    code="AL817",
    name="config-dir-hides-stored-login",
    summary="CLAUDE_CONFIG_DIR makes Claude Code look for its login elsewhere",
    severity=Severity.WARNING,
    kinds=ASSIGNMENT_KINDS,
    check=check,
    doc=__doc__ or "",
)
