"""invalid-claude-credentials.

## What it does
Checks Claude Code's credentials file (``~/.claude/.credentials.json`` on
Linux and Windows) for what makes the stored login unusable: text that is not
strict JSON, a top level that is not an object, or a ``claudeAiOauth`` entry
whose ``scopes`` is not an array or does not include ``user:inference``. A
file without ``claudeAiOauth`` (only MCP logins) is not reported, and no part
of a stored token is ever shown.

## Why is this bad?
Claude Code cannot use the login: it reports ``Not logged in`` (unparsable
file, missing inference scope) or, with a non-array ``scopes``, hangs at
start. Hand-edited or half-copied credential files (sync tools, backups,
dotfiles) are the usual cause.

## Example
```json
{ "claudeAiOauth": { "accessToken": "sk-ant-oat01-…", "scopes": "user:inference" } }
```
Use instead: let Claude Code write the file: ``/logout`` and ``/login``, or
the *Reset the Claude Code login* code action (``authlint.resetClaudeLogin``),
which moves the file to a backup so the next start asks for a new login.

## Fix safety
No fix: the file belongs to Claude Code; do not hand-edit it.

## Source
- https://code.claude.com/docs/en/authentication
  ``/login`` and ``/logout`` manage ``.credentials.json``.
- https://github.com/anthropics/claude-code/blob/main/CHANGELOG.md
  2.1.143: a non-array ``scopes`` value hung the CLI; 2.1.129: the ``user:inference``
  scope.
- https://code.claude.com/docs/en/errors
  ``Not logged in · Please run /login``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._claude import root_object, strict_json_problem

INFERENCE_SCOPE = "user:inference"
RESET_HINT = "run `/logout` and `/login`, or reset the login with authlint's code action"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when the credentials file cannot give Claude Code a usable login."""
    if not file.source.text.strip():
        message = (
            "The Claude Code credentials file is empty: Claude Code finds no stored login "
            f"(`Not logged in · Please run /login`); {RESET_HINT}"
        )
        yield RULE.finding(file, Span.at(0, 0, 0), message)
        return
    problem = strict_json_problem(file)
    if problem is not None:
        span, what, _ = problem
        message = (
            f"The Claude Code credentials file is not valid JSON ({what}): Claude Code cannot "
            f"read the stored login and reports `Not logged in · Please run /login`; {RESET_HINT}"
        )
        yield RULE.finding(file, span, message)
        return
    document = file.json
    root = root_object(file)
    if root is None:
        if document is not None and document.root is not None:
            message = (
                "The Claude Code credentials file is not a JSON object: Claude Code finds no "
                f"stored login; {RESET_HINT}"
            )
            yield RULE.finding(file, document.root.span, message)
        return
    oauth = root.member("claudeAiOauth")
    if oauth is None or oauth.value.type != "object":
        return
    scopes = oauth.value.member("scopes")
    if scopes is None:
        return  # older files may lack it; not known to break anything
    if scopes.value.type != "array":
        message = (
            "`claudeAiOauth.scopes` in the Claude Code credentials file is not an array: "
            "Claude Code can hang at start or report `Not logged in` with such a file; "
            f"{RESET_HINT}"
        )
        yield RULE.finding(file, scopes.value.span, message)
        return
    granted = {item.value for item in scopes.value.items if item.type == "string"}
    if INFERENCE_SCOPE not in granted:
        message = (
            f"The stored Claude Code login lacks the `{INFERENCE_SCOPE}` scope, so it cannot "
            f"make model requests (`Not logged in`); {RESET_HINT}"
        )
        yield RULE.finding(file, scopes.value.span, message)


RULE = Rule(
    code="AL812",
    name="invalid-claude-credentials",
    summary="Claude Code credentials file that cannot give a usable login",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_CREDENTIALS}),
    check=check,
    doc=__doc__ or "",
)
