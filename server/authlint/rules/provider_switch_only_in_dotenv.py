"""provider-switch-only-in-dotenv.

## What it does
Checks a ``.env`` file that turns on a cloud provider for Claude Code
(``CLAUDE_CODE_USE_VERTEX``, ``CLAUDE_CODE_USE_BEDROCK`` or
``CLAUDE_CODE_USE_FOUNDRY``) when nothing authlint can see loads that file:
no shell profile sources it, no ``.envrc`` sits next to it or above it
(direnv could load it), no VS Code
setting injects it into the terminal, and no program loads it with a dotenv
loader. Templates (``.env.example``) are skipped.

## Why is this bad?
Claude Code reads no ``.env`` file. The switch, the region and the project
written there never reach it, so it falls back to the Anthropic login
(``Select login method``), although the file looks complete.

## Example
```
# .env
CLAUDE_CODE_USE_VERTEX=1
CLOUD_ML_REGION=us-east5
ANTHROPIC_VERTEX_PROJECT_ID=my-project
```
Use instead: put the three variables in ``~/.claude/settings.json`` under
``env``, or export them in the shell profile that starts ``claude`` (or load
the file with direnv: ``dotenv`` in ``.envrc``).

## Fix safety
No fix: where the settings belong is the user's choice.

## Source
- https://github.com/anthropics/claude-code/issues/13663
  the login menu with ``CLAUDE_CODE_USE_VERTEX=1`` in ``.env``.
- https://code.claude.com/docs/en/google-vertex-ai
  the variables go in the environment or in settings ``env``.
- https://code.claude.com/docs/en/settings
  settings ``env``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import PROVIDERS, is_truthy
from authlint.rules._helpers import is_overridden


def _direnv_nearby(path: Path) -> bool:
    """Whether an ``.envrc`` here or above could load the file (direnv is not modelled)."""
    for folder in path.absolute().parents:
        if (folder / ".envrc").is_file():
            return True
        if (folder / ".git").exists():
            break
    return False


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per provider switch in a ``.env`` nothing loads."""
    model = context.environment
    path = file.source.path
    if model is None or path is None or is_template(path):
        return
    if not any(a.name in PROVIDERS and is_truthy(a.value) for a in file.assignments):
        return  # no provider switch turned on (most files): no need to look for an .envrc
    if _direnv_nearby(path):
        return
    for assignment in file.assignments:
        if assignment.name not in PROVIDERS or not is_truthy(assignment.value):
            continue
        if is_overridden(file, assignment):
            continue
        key = [(assignment.name, assignment.name_span)]
        if any(
            model.contexts_won_by(d, platform_only=False) or model.fates(d, platform_only=False)
            for d in model.definitions_named_at(path.absolute(), key)
        ):
            continue  # some context loads this file
        provider = PROVIDERS[assignment.name][0]
        message = (
            f"{assignment.name} turns on {provider} in a .env file nothing here loads, and "
            "Claude Code reads no .env: it never sees the switch (nor the region and project "
            "next to it) and asks you to log in; put them in ~/.claude/settings.json `env` or "
            "export them in your shell profile"
        )
        yield RULE.finding(file, assignment.statement_span, message)


RULE = Rule(
    code="AL313",
    name="provider-switch-only-in-dotenv",
    summary="Cloud provider switch in a .env file Claude Code never reads",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.DOTENV}),
    check=check,
    doc=__doc__ or "",
)
