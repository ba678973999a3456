"""credential-in-project-claude-settings.

## What it does
Checks a project's Claude Code settings for a credential written in the
``env`` block (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN``, ``AWS_BEARER_TOKEN_BEDROCK``,
``ANTHROPIC_FOUNDRY_API_KEY``) when git would commit the file: always the
shared ``.claude/settings.json``, and ``.claude/settings.local.json`` when
nothing ignores it. Empty values (the documented way to cancel a shell
export), placeholders (``your-key``, ``test``, ``dummy``) and values too short
to be a secret are not reported.

## Why is this bad?
``.claude/settings.json`` is the file a team commits and shares; ``env``
values in it are plain text that every clone, fork and CI log can read.
``settings.local.json`` is the personal file, but Claude Code adds it to the
global git excludes only when it creates the file itself: one written by hand
(or copied from a colleague) is committed like any other file.

## Example
In ``.claude/settings.json``:
```json
{ "env": { "ANTHROPIC_AUTH_TOKEN": "gw-live-…9f2c" } }
```
Use instead: put the value in ``.claude/settings.local.json`` and ignore that
file (``**/.claude/settings.local.json`` in ``.gitignore``), or let an
``apiKeyHelper`` in your user settings fetch it from a secret store.

## Fix safety
No fix: the credential has to move to another file or a secret store, and a
credential that was already pushed has to be rotated.

## Source
- https://code.claude.com/docs/en/settings
  ``.claude/settings.json`` is shared and committed; ``.claude/settings.local.json`` is
  added to git's global excludes only when Claude Code writes it.
- https://code.claude.com/docs/en/settings-reference
  ``env`` values are plain text and reach every subprocess; use ``apiKeyHelper`` for
  credentials.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.rules._claude import Scope, committed_credentials, member_text, settings_scope
from authlint.rules._credentials import WHITESPACE


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal in a committable project settings file."""
    scope = settings_scope(file.source.path, context)
    for name, member in committed_credentials(file, context):
        value = (member_text(member) or "").strip(WHITESPACE)
        if scope is Scope.PROJECT:
            message = (
                f"{name} in the project's shared .claude/settings.json holds a credential "
                f"(`{mask(value)}`) that git would commit for everyone who clones the "
                "repository; move it to .claude/settings.local.json (git-ignored) or have an "
                "`apiKeyHelper` in your user settings fetch it, and rotate it if it was pushed"
            )
        else:
            message = (
                f"{name} in .claude/settings.local.json holds a credential (`{mask(value)}`) "
                "and git would commit this file: Claude Code only ignores it when it creates "
                "the file itself; add `**/.claude/settings.local.json` to .gitignore, and rotate "
                "the credential if it was pushed"
            )
        yield RULE.finding(file, member.value.content_span, message)


RULE = Rule(
    code="AL802",
    name="credential-in-project-claude-settings",
    summary="Credential in a project's Claude Code settings that git would commit",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
