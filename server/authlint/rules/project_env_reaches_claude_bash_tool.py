"""project-env-reaches-claude-bash-tool.

## What it does
Checks a project's ``.env`` or ``.env.local`` in a folder where Claude Code
is used (the folder has a ``.claude/`` folder or a ``CLAUDE.md``) for
``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN`` or ``ANTHROPIC_BASE_URL``
with a value. The finding sits on the first of them.

## Why is this bad?
Users report that Claude Code loads the project's ``.env`` into the
environment of the commands its Bash tool runs. A key or base URL meant for
the application then also drives every SDK script, test and ``curl`` that
Claude runs: tests hit the wrong backend, scripts bill the project's key, a
gateway URL meant for production is used. Such commands behave differently
from the same commands typed in your terminal. This is information: the
behaviour is reported, not documented.

## Example
```
# .env next to CLAUDE.md
ANTHROPIC_API_KEY=sk-ant-api03-…   # the app's production key
```
Keep what only the application needs under a name of its own (``APP_ANTHROPIC_KEY``)
and pass it to the SDK explicitly, or load it from a file Claude Code does
not read (``.env.production``).

## Fix safety
No fix: which variables the commands should see is your decision.

## Source
- https://github.com/anthropics/claude-code/issues/401
  the project's ``.env`` appears in the Bash tool's environment (reproduced from an
  empty folder).
- https://github.com/anthropics/claude-code/issues/3403
  commands run "with variables defined in .env".
- https://github.com/anthropics/claude-code/issues/16619
  integration tests run with the wrong environment because of the ``.env``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL
from authlint.rules._base import Rule

_NAMES = frozenset({".env", ".env.local"})
_WATCHED = (API_KEY, AUTH_TOKEN, BASE_URL)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield one information finding per project ``.env`` Claude Code's Bash tool would load."""
    path = file.source.path
    if path is None or path.name not in _NAMES:
        return
    folder = path.absolute().parent
    if context.home is not None and folder == context.home.absolute():
        return  # ~/.env is not a project file
    if not ((folder / ".claude").is_dir() or (folder / "CLAUDE.md").is_file()):
        return
    found = [
        a
        for a in file.assignments
        if a.name in _WATCHED and (a.value or "").strip() and a.top_level
    ]
    if not found:
        return
    first = found[0]
    distinct = list(dict.fromkeys(a.name for a in found))
    names = ", ".join(distinct)
    message = (
        f"Claude Code is reported to load this {path.name} into the commands its Bash tool runs: "
        f"{names} then also reach{'es' if len(distinct) == 1 else ''} the SDK scripts, tests and "
        "tools Claude runs here, unlike the same commands typed in your terminal"
    )
    yield RULE.finding(file, first.name_span, message)


RULE = Rule(
    code="AL913",
    name="project-env-reaches-claude-bash-tool",
    summary="Project .env with ANTHROPIC_* where Claude Code runs commands (reported to load it)",
    severity=Severity.INFO,
    kinds=frozenset({FileKind.DOTENV}),
    check=check,
    doc=__doc__ or "",
)
