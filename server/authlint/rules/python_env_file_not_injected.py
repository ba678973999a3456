"""python-env-file-not-injected.

## What it does
Checks workspace settings (``.vscode/settings.json``, a single-folder
``*.code-workspace``) of a project that uses the Python extension (a
``python.*`` setting or a ``[python]`` block) whose env file (``python.envFile``,
default ``${workspaceFolder}/.env``) defines an ``ANTHROPIC_*`` or
``CLAUDE_CODE_*`` variable, while ``python.terminal.useEnvFile`` is not
``true``, neither in this file nor in your user settings (when home files are
read).

## Why is this bad?
The Python extension gives the env file's variables to Run and Debug, but
since the Python Environments extension took over terminals it injects them
into integrated terminals only when ``python.terminal.useEnvFile`` is ``true``
(default ``false``). The same ``ANTHROPIC_API_KEY`` then works from the Run
button and is missing from ``python app.py`` or ``claude`` typed in the
terminal (``Could not resolve authentication method``, ``Not logged in``).

## Example
```jsonc
// .vscode/settings.json, with ANTHROPIC_API_KEY in .env
{
    "python.defaultInterpreterPath": ".venv/bin/python",
}
```
Use instead:
```jsonc
{
    "python.defaultInterpreterPath": ".venv/bin/python",
    "python.terminal.useEnvFile": true,
}
```

## Fix safety
Safe: adds ``"python.terminal.useEnvFile": true`` as the last setting,
indented like the others, with the commas the file needs; nothing else
changes. When the file sets it to ``false`` the fix turns it to ``true`` and
is unsafe, since that reverses a choice someone made.

## Source
- https://code.visualstudio.com/docs/python/environments
  ``python.envFile``.
- https://github.com/microsoft/vscode-python-environments/blob/main/package.json
  ``python.terminal.useEnvFile``, false by default: the file is not injected into
  terminals.
- https://github.com/microsoft/vscode-python/issues/25350
  terminals no longer get the ``.env`` values.
- https://code.claude.com/docs/en/errors
  the variable must be set and exported in the shell that starts ``claude``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._settings import (
    DEFAULT_PYTHON_ENV_FILE,
    PYTHON_ENV_FILE,
    insert_member_edits,
    resolve_workspace_path,
    scan_other,
    settings_object,
    string_value,
    user_setting_is_true,
    uses_python,
    workspace_folder,
)

_USE_ENV_FILE = "python.terminal.useEnvFile"
_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when the env file's Anthropic variables stay out of terminals."""
    settings = settings_object(file)
    folder = workspace_folder(file)
    if settings is None or folder is None or not uses_python(settings):
        return
    switch = settings.member(_USE_ENV_FILE)
    if switch is not None and switch.value.type == "true":
        return
    env_member = settings.member(PYTHON_ENV_FILE)
    raw = string_value(env_member.value) if env_member is not None else DEFAULT_PYTHON_ENV_FILE
    env_path = resolve_workspace_path(raw, folder) if raw else None
    if env_path is None or not env_path.is_file():
        return
    env = scan_other(env_path, FileKind.DOTENV)
    if env is None:
        return
    defined = [
        a
        for a in env.assignments
        if a.name.startswith(_PREFIXES) and a.value is not None and a.value.strip()
    ]
    if not defined:
        return
    if switch is None and user_setting_is_true(context, _USE_ENV_FILE):
        return
    names = sorted({a.name for a in defined})
    shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    try:
        where = env_path.relative_to(folder).as_posix()
    except ValueError:
        where = env_path.as_posix()
    state = "false" if switch is not None else "not set"
    message = (
        f"{where} defines {shown}, but `{_USE_ENV_FILE}` is {state}: Run and Debug get these "
        "values, integrated terminals (and `claude` started in them) do not"
    )
    related = (Related(env_path, defined[0].name_span, f"{defined[0].name} is defined here"),)
    if switch is not None:
        edit = Edit(switch.value.span, "true")
        fix = Fix("Set `python.terminal.useEnvFile` to true", (edit,), Applicability.UNSAFE)
        span = switch.span
    else:
        edits = insert_member_edits(file, settings, f'"{_USE_ENV_FILE}": true')
        fix = Fix(RULE.fix_title or "", edits, Applicability.SAFE)
        anchor = env_member or next(
            m for m in settings.members if m.key.startswith("python.") or m.key == "[python]"
        )
        span = anchor.key_span
    yield RULE.finding(file, span, message, fix=fix, related=related)


RULE = Rule(
    code="AL705",
    name="python-env-file-not-injected",
    summary="Env file's Anthropic variables reach Run/Debug but not integrated terminals",
    severity=Severity.INFO,
    kinds=frozenset({FileKind.VSCODE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title='Add `"python.terminal.useEnvFile": true`',
)
