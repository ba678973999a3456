"""terminal-env-cancels-credential.

## What it does
Checks ``terminal.integrated.env.<os>`` in VS Code settings, for the platform
the settings apply on (``osx`` for macOS, ``linux``, ``windows``), for
``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``
or ``ANTHROPIC_BASE_URL`` set to ``null`` or ``""``. A block that sets
another credential to a value at the same time (``ANTHROPIC_API_KEY: ""``
next to ``ANTHROPIC_AUTH_TOKEN``, the OpenRouter recipe) is choosing which
credential the terminal uses and is not reported, nor is ``null`` for a
variable the project's ``.env`` sets: deleting a stale exported key so that
the ``.env`` value wins is the usual recipe.

## Why is this bad?
VS Code applies the block to every integrated terminal. ``null`` deletes the
variable, so the key your shell profile or VS Code's own environment provides
never reaches ``claude`` or a script started there: ``Not logged in · Please
run /login``. ``""`` is worse: the variable stays, empty. Claude Code treats
it as unset, and ``load_dotenv()``, Node ``dotenv`` and ``node --env-file``
keep an existing variable *even when it is empty*, so the project's ``.env``
cannot fill it in either. An empty ``ANTHROPIC_BASE_URL`` sends the Python
SDK to a relative URL (``APIConnectionError``); deleting it sends a gateway
token to api.anthropic.com (401).

## Example
```jsonc
"terminal.integrated.env.osx": {
    "ANTHROPIC_API_KEY": null,
},
```
Use instead: remove the entry, or set the value you want the terminal to have.

## Fix safety
No fix: the entry may be there on purpose (to keep a personal key out of one
project's terminals); only the author knows.

## Source
- https://github.com/microsoft/vscode/blob/main/src/vs/platform/terminal/common/terminalPlatformConfiguration.ts
  ``terminal.integrated.env.*``: ``null`` deletes the variable.
- https://code.claude.com/docs/en/env-vars
  an empty value counts as unset for Claude Code's provider selection.
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/main.py
  an existing empty variable still blocks the ``.env`` value.
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  ``ANTHROPIC_API_KEY=""`` next to ``ANTHROPIC_AUTH_TOKEN`` is deliberate there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, CREDENTIAL_VARIABLES, OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._settings import (
    OS_KEYS,
    TERMINAL_ENV_PREFIX,
    settings_object,
    settings_platform,
    string_value,
)
from authlint.scanners.cache import scan_file

_WATCHED = (API_KEY, AUTH_TOKEN, OAUTH_TOKEN, BASE_URL)


def _cancels(member: JsonMember) -> str | None:
    """``"null"`` or ``"empty"`` when the member deletes or empties its variable, else ``None``."""
    if member.value.type == "null":
        return "null"
    if string_value(member.value) == "":
        return "empty"
    return None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per watched variable the current platform's terminal env cancels."""
    settings = settings_object(file)
    if settings is None:
        return
    os_key = OS_KEYS[settings_platform(file.source.path, context)]
    setting = f"{TERMINAL_ENV_PREFIX}{os_key}"
    block = settings.get(setting)
    if block is None or block.type != "object":
        return
    # The last duplicate is what VS Code applies.
    last = {m.key: m for m in block.members}
    chosen = any(
        name in CREDENTIAL_VARIABLES and (string_value(m.value) or "").strip()
        for name, m in last.items()
    )
    if chosen:
        return
    for name in _WATCHED:
        member = last.get(name)
        how = _cancels(member) if member is not None else None
        if member is None or how is None:
            continue
        if how == "null" and _dotenv_defines(file, context, name):
            continue  # the usual way to drop a stale exported key so the project's .env wins
        if name == BASE_URL and how == "null":
            effect = (
                f"`null` deletes {name} from every integrated terminal, so requests made there go "
                "to api.anthropic.com instead of the gateway your profile sets, and a gateway "
                "token fails with 401"
            )
        elif name == BASE_URL:
            effect = (
                f'`""` leaves {name} empty in every integrated terminal: the Python SDK then '
                "sends requests to a relative URL (APIConnectionError), and dotenv loaders keep "
                "an existing variable even when it is empty, so the project's .env cannot set it"
            )
        elif how == "null":
            effect = (
                f"`null` deletes {name} from every integrated terminal, so the value from your "
                "shell profile or VS Code's environment never reaches `claude` or scripts run there"
            )
        else:
            effect = (
                f'`""` leaves {name} empty in every integrated terminal: Claude Code treats it as '
                "unset, and dotenv loaders keep an existing variable even when it is empty, so "
                "neither your profile nor the project's .env can provide it"
            )
        yield RULE.finding(file, member.span, f"`{setting}`: {effect}")


def _dotenv_defines(file: ScannedFile, context: CheckContext, name: str) -> bool:
    """Whether the project's ``.env`` sets ``name`` to a non-empty value.

    The project is the folder holding ``.vscode/`` for workspace settings, and
    the model's project for user settings.
    """
    path = file.source.path
    root: Path | None = None
    if path is not None and path.parent.name == ".vscode":
        root = path.parent.parent
    elif context.environment is not None:
        root = context.environment.workspace.root
    if root is None:
        return False
    dotenv = scan_file(root / ".env", FileKind.DOTENV)
    return dotenv is not None and any(
        a.name == name and (a.value or "").strip() for a in dotenv.assignments
    )


RULE = Rule(
    code="AL703",
    name="terminal-env-cancels-credential",
    summary="VS Code terminal environment deletes or empties a credential",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
