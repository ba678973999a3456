"""api-key-helper-in-project-settings.

## What it does
Checks for ``apiKeyHelper`` in a project's shared ``.claude/settings.json``
that git would commit. A helper that only prints a fixed word
(``echo dummy``, the usual setup for a local router) and folders that are
dotfiles repositories (the user's own settings, kept in git) are not
reported.

## Why is this bad?
Everyone who clones the repository and accepts the workspace trust prompt
runs the command the repository supplies, and its output is sent as the API
key (as ``x-api-key`` and as ``Authorization: Bearer``) in preference to their
own ``/login``: "Running ``/login`` doesn't help here: the helper's output
takes precedence over a saved login for as long as the setting is present".
A changed helper in a pull request is a way to run code on a colleague's
machine, and a helper that suits one person's secret store breaks
authentication for the others.

## Example
In ``.claude/settings.json``:
```json
{ "apiKeyHelper": "~/bin/get-team-key.sh" }
```
Use instead: put ``apiKeyHelper`` in your user settings
(``~/.claude/settings.json``), or in managed settings for a whole team.

## Fix safety
No fix: the setting has to move to another file.

## Source
- https://code.claude.com/docs/en/settings-reference
  ``apiKeyHelper`` runs through ``/bin/sh``; from project or local settings only after the
  workspace trust prompt.
- https://code.claude.com/docs/en/authentication
  the helper's output outranks ``CLAUDE_CODE_OAUTH_TOKEN`` and a saved login.
- https://code.claude.com/docs/en/llm-gateway-protocol
  the helper's output is sent as both ``X-Api-Key`` and ``Authorization: Bearer``.
- https://github.com/anthropics/claude-code/issues/11587
  an ``apiKeyHelper`` from managed settings overriding the user's OAuth login: ``Invalid
  API key · Fix external API key``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import (
    API_KEY_HELPER,
    Scope,
    is_set,
    looks_like_dotfiles,
    member_text,
    root_object,
    settings_scope,
)

# `echo dummy`, `echo "test"`, `printf sk-local`: prints a constant, runs nothing.
_CONSTANT_ECHO = re.compile(r"""^\s*(?:echo|printf)(?:\s+-n)?\s+(["']?)[\w.:/+=-]*\1\s*$""")


def prints_a_constant(command: str) -> bool:
    """Whether ``command`` only prints a fixed word (no expansion, no other command)."""
    return bool(_CONSTANT_ECHO.match(command))


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding for ``apiKeyHelper`` in a committable shared project settings file."""
    path = file.source.path
    if path is None or settings_scope(path, context) is not Scope.PROJECT or is_template(path):
        return
    root = root_object(file)
    member = root.member(API_KEY_HELPER) if root is not None else None
    if member is None or member.value.type != "string":
        return
    command = member_text(member) or ""
    if not is_set(command) or prints_a_constant(command):
        return  # an empty helper is AL807's
    if looks_like_dotfiles(path) or not context.is_committable(path):
        return
    message = (
        "`apiKeyHelper` in the project's shared .claude/settings.json makes every machine that "
        "trusts this folder run the command the repository sets, and its output outranks each "
        "user's own `/login`; keep helpers in user (~/.claude/settings.json) or managed settings"
    )
    yield RULE.finding(file, member.key_span, message)


RULE = Rule(
    code="AL806",
    name="api-key-helper-in-project-settings",
    summary="apiKeyHelper in a project's shared Claude Code settings",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
