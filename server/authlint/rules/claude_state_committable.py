"""claude-state-committable.

## What it does
Checks for a ``.claude.json`` (Claude Code's state file, normally
``~/.claude.json``) that git would commit, typically in a dotfiles repository,
when it holds sign-in data: ``oauthAccount``, ``primaryApiKey`` or
``customApiKeyResponses``. No value from the file is shown.

## Why is this bad?
``~/.claude.json`` "holds your sign-in session": the account's e-mail
address and organisation (``oauthAccount``), on Linux and Windows the API key
a Console ``/login`` stored (``primaryApiKey``), and the last 20 characters of
every environment key you approved or declined (``customApiKeyResponses``).
Committed, all of it is in the repository's history for good.

## Example
A dotfiles repository managed with ``stow`` that tracks ``.claude.json``
next to ``.claude/settings.json``. Use instead: commit
``.claude/settings.json`` only and add ``.claude.json`` to ``.gitignore``.

## Fix safety
No fix: a file that was already pushed stays in the history, and a stored
key has to be revoked (``/logout``, then delete the key in the Console).

## Source
- https://code.claude.com/docs/en/settings
  ``~/.claude.json`` holds the sign-in session, per-project state and global
  configuration.
- https://github.com/farion1231/cc-switch/issues/1049
  ``primaryApiKey`` in ``~/.claude.json``.
- https://github.com/LLM-Red-Team/kimi-cc/issues/44
  ``customApiKeyResponses`` records key suffixes approved or declined.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import root_object

SIGN_IN_FIELDS = ("oauthAccount", "primaryApiKey", "customApiKeyResponses")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding when a state file with sign-in data is committable."""
    root = root_object(file)
    if root is None:
        return
    present = [m for m in root.members if m.key in SIGN_IN_FIELDS and m.value.type != "null"]
    if not present or not context.is_committable(file.source.path):
        return
    fields = sorted({m.key for m in present}, key=SIGN_IN_FIELDS.index)
    listed = ", ".join(f"`{f}`" for f in fields)
    message = (
        f"git would commit this Claude Code state file, and it holds sign-in data ({listed}): "
        "account details, a stored API key or key suffixes end up in the repository's "
        "history; add `.claude.json` to .gitignore (and `/logout` if a key was stored)"
    )
    first = min(present, key=lambda m: m.span.start)
    yield RULE.finding(file, first.key_span, message)


RULE = Rule(
    code="AL811",
    name="claude-state-committable",
    summary="Claude Code's ~/.claude.json with sign-in data in a file git would commit",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_STATE}),
    check=check,
    doc=__doc__ or "",
)
