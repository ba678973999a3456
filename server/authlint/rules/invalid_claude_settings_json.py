"""invalid-claude-settings-json.

## What it does
Checks that a Claude Code settings file (``~/.claude/settings.json``,
``.claude/settings.json``, ``.claude/settings.local.json``, managed settings)
is strict JSON, as ``JSON.parse`` reads it: no trailing comma, no comment, no
syntax error. The finding points at the first place a strict parser stops.

## Why is this bad?
Claude Code silently ignores a settings file it cannot parse, the whole file:
its ``env`` block (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``ANTHROPIC_BASE_URL``…) and its ``apiKeyHelper`` never apply, and the CLI
prints ``Not logged in · Please run /login`` with no hint about the file.
Trailing commas and comments are fine in VS Code's ``settings.json`` (JSONC),
which is where the habit comes from.

## Example
```json
{
  "env": {
    "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com",
  }
}
```
Use instead:
```json
{
  "env": {
    "ANTHROPIC_BASE_URL": "https://llm-gateway.example.com"
  }
}
```

## Fix safety
Safe for trailing commas only: the fix deletes each trailing comma, which
changes nothing else. Comments and syntax errors need a person (a comment may
hold a setting someone meant to keep; a missing comma may be a missing value).

## Source
- https://code.claude.com/docs/en/settings
  the settings files and their precedence.
- https://code.claude.com/docs/en/errors
  ``Not logged in · Please run /login``.
- https://www.json.org/json-en.html
  JSON has no comments or trailing commas (VS Code's JSONC does).
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197: a settings file with a trailing comma is ignored
  silently.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import display_name, strict_json_problem


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one finding at the first place a strict JSON parser rejects, if any."""
    problem = strict_json_problem(file)
    if problem is None:
        return
    span, what, more = problem
    also = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    name = display_name(file.source.path, context)
    message = (
        f"{name} is strict JSON, and this is {what}{also}: Claude Code ignores a settings "
        "file it cannot parse, the whole file, `env` and `apiKeyHelper` included, "
        "and then reports `Not logged in · Please run /login`"
    )
    yield RULE.finding(file, span, message, fix=_fix(file))


def _fix(file: ScannedFile) -> Fix | None:
    """Delete every trailing comma, when they are the only problem besides comments."""
    document = file.json
    if document is None or document.errors or not document.trailing_commas:
        return None
    index = file.source.index
    if any(index.slice(span) != "," for span in document.trailing_commas):
        return None
    edits = tuple(Edit(span, "") for span in document.trailing_commas)
    title = RULE.fix_title or ""
    return Fix(title, edits, Applicability.SAFE)


RULE = Rule(
    code="AL801",
    name="invalid-claude-settings-json",
    summary="Claude Code settings file is not strict JSON, so Claude Code ignores all of it",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
    fix_title="Remove the trailing comma",
)
