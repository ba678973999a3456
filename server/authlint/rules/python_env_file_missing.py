"""python-env-file-missing.

## What it does
Checks ``python.envFile`` in workspace settings (``.vscode/settings.json``, a
single-folder ``*.code-workspace``) for a path that does not exist.
``${workspaceFolder}`` is the folder that holds ``.vscode/``; a relative path
starts there. Paths with other variables (``${env:HOME}``, ``${userHome}``)
or ``~`` are skipped, and so is a path whose folder is not in the checkout
either (a partial or sparse checkout cannot be judged). User settings are
skipped: their paths belong to another machine's layout.

## Why is this bad?
The Python extension reads the file silently: when it is missing, Run and
Debug start without its variables and nothing says so. A key you keep there
never reaches the SDK (``Could not resolve authentication method``), often
because of a typo (``.env.local`` for ``.env``) or a file that was moved.

## Example
```jsonc
"python.envFile": "${workspaceFolder}/backend/.env.local",
```
Use instead: point it at the file that holds the variables, or create it
(from the template next to it, when there is one).

## Fix safety
No fix: authlint cannot know which file was meant.

## Source
- https://code.visualstudio.com/docs/python/environments
  ``python.envFile``: a file of variable definitions, by default
  ``${workspaceFolder}/.env``.
- https://github.com/microsoft/vscode-python/blob/main/package.json
  the setting's default and description.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  without a credential: ``Could not resolve authentication method``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._settings import (
    PYTHON_ENV_FILE,
    resolve_workspace_path,
    settings_object,
    string_value,
    workspace_folder,
)

_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when ``python.envFile`` names a file that does not exist."""
    settings = settings_object(file)
    folder = workspace_folder(file)
    if settings is None or folder is None:
        return
    member = settings.member(PYTHON_ENV_FILE)
    raw = string_value(member.value) if member is not None else None
    if member is None or not raw:
        return
    path = resolve_workspace_path(raw, folder)
    if path is None or path.exists() or not path.parent.is_dir():
        return
    try:
        where = path.relative_to(folder).as_posix()
    except ValueError:
        where = path.as_posix()
    message = (
        f"`{PYTHON_ENV_FILE}` points at {where}, which does not exist: Run and Debug start "
        "without its variables (such as ANTHROPIC_API_KEY), and the Python extension does not "
        "say so"
    )
    template = next(
        (
            path.with_name(path.name + s)
            for s in _TEMPLATE_SUFFIXES
            if path.with_name(path.name + s).is_file()
        ),
        None,
    )
    if template is not None:
        message += f"; create it from {template.name}"
    yield RULE.finding(file, member.value.content_span, message)


RULE = Rule(
    code="AL706",
    name="python-env-file-missing",
    summary="python.envFile names a file that does not exist",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
