"""unresolved-secret-reference.

## What it does
Checks for a credential variable whose value is a secret-manager reference
(``op://vault/item/field`` from 1Password, ``vault://…``, ``sm://…``) in a
file whose loader hands the text over as it is:

- the ``env`` block of Claude Code settings, and VS Code's
  ``claudeCode.environmentVariables``: Claude Code and the extension never
  resolve references, and a settings ``env`` value even replaces a resolved
  value that ``op run -- claude`` put in the environment;
- a ``.env`` file (read by python-dotenv, Node's ``dotenv`` or ``--env-file``),
  a devcontainer's ``containerEnv`` / ``remoteEnv`` and VS Code's
  ``terminal.integrated.env.*``: these are quiet when the project shows it
  runs its commands under ``op run`` or ``op inject`` (``package.json``
  scripts, a ``Makefile``, ``justfile``, ``Taskfile.yml``, ``.envrc`` or the
  devcontainer itself), since ``op run`` resolves references it finds in the
  environment.

Template files meant for ``op inject`` (``.env.tpl``, ``.env.template``,
``*.op.env``) are not checked. Only variables that hold credentials
(``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``, ``*_TOKEN``, ``*_SECRET``…)
are reported.

## Why is this bad?
The client sends the reference text as the credential:
``Incorrect API key provided: op://******`` or ``401 invalid x-api-key``. The
reference looks right in the file, so the failure is puzzling.

## Example
```json
{ "env": { "ANTHROPIC_API_KEY": "op://Private/Anthropic/credential" } }
```
Use instead:
```json
{ "apiKeyHelper": "op read op://Private/Anthropic/credential" }
```
or start the program with ``op run --env-file=.env -- python app.py``.

## Fix safety
No fix: whether to use ``apiKeyHelper``, ``op run`` or another loader is the
user's choice.

## Source
- https://github.com/anthropics/claude-code/issues/23642
  ``op://`` references in the settings ``env`` are not resolved.
- https://github.com/docker/docker-agent/issues/3568
  ``Incorrect API key provided: op://******``.
- https://developer.1password.com/docs/cli/secret-references/
  references are resolved only by ``op run``, ``op inject`` and ``op read``.
- https://code.claude.com/docs/en/settings
  ``apiKeyHelper`` runs a command and sends its output as the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.references import OP_RUN, REFERENCE, is_reference, runs_under_op
from authlint.core.secrets import is_secret_name
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._credentials import WHITESPACE
from authlint.rules._helpers import is_overridden, value_span
from authlint.rules._settings import (
    CLAUDE_CODE_ENV,
    devcontainer_workspace,
    settings_object,
    workspace_folder,
)

_OP_TEMPLATE = re.compile(r"(?i)(?:^|[._-])op(?:[._-]|$)")
_WHERE = {
    "op": "a 1Password reference",
    "vault": "a Vault reference",
    "sm": "a secret-manager reference",
}


def _inside(span: Span, file: ScannedFile, key: str) -> bool:
    settings = settings_object(file)
    value = settings.get(key) if settings is not None else None
    return value is not None and value.span.contains(span)


def _resolvable_by_op_run(file: ScannedFile, assignment: Assignment) -> tuple[bool, Path | None]:
    """Whether ``op run`` could resolve the value, and the project folder to look in."""
    path = file.source.path
    if file.kind is FileKind.CLAUDE_SETTINGS:
        return False, None
    if file.kind is FileKind.VSCODE_SETTINGS:
        if _inside(assignment.statement_span, file, CLAUDE_CODE_ENV):
            return False, None
        return True, workspace_folder(file)
    if path is None:
        return True, None
    if file.kind is FileKind.DEVCONTAINER:
        return True, devcontainer_workspace(path)
    return True, path.parent


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential variable set to an unresolved secret reference."""
    path = file.source.path
    if path is not None and (is_template(path) or _OP_TEMPLATE.search(path.name)):
        return
    for assignment in file.assignments:
        if not is_secret_name(assignment.name) or not is_reference(assignment.value):
            continue
        if is_overridden(file, assignment):
            continue
        resolvable, folder = _resolvable_by_op_run(file, assignment)
        if resolvable and (OP_RUN.search(file.whole.source.text) or runs_under_op(folder)):
            continue
        value = (assignment.value or "").strip(WHITESPACE)
        match = REFERENCE.match(value)
        scheme = match.group("scheme").lower() if match else "op"
        if not resolvable:
            loader = (
                "Claude Code sends settings `env` values as written"
                if file.kind is FileKind.CLAUDE_SETTINGS
                else "the Claude Code extension passes its variables as written"
            )
            advice = (
                "use `apiKeyHelper` (`op read` with the reference) instead"
                if assignment.name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN")
                else "resolve it before launch (`op run -- claude`) and remove it here"
            )
        else:
            loader = "nothing here resolves it (no `op run` / `op inject` found in the project)"
            advice = "start the program with `op run --env-file=… -- …`, or use `op inject`"
        message = (
            f"{assignment.name} is {_WHERE[scheme]} (`{scheme}://…`), not a credential: {loader}, "
            f"so the request carries the reference text and is rejected with 401; {advice}"
        )
        severity = Severity.WARNING if resolvable else Severity.ERROR
        yield RULE.finding(file, value_span(assignment), message, severity=severity)


RULE = Rule(
    code="AL109",
    name="unresolved-secret-reference",
    summary="Credential variable holds an op:// (or vault://, sm://) reference nothing resolves",
    severity=Severity.WARNING,
    kinds=frozenset(
        {
            FileKind.CLAUDE_SETTINGS,
            FileKind.VSCODE_SETTINGS,
            FileKind.DEVCONTAINER,
            FileKind.DOTENV,
        }
    ),
    check=check,
    doc=__doc__ or "",
)
