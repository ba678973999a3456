"""conflicting-definitions.

## What it does
Checks, with the cross-file environment model, for a credential or base URL
(``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN``,
``ANTHROPIC_BASE_URL``) defined in two files with different values, where
each value wins somewhere: this definition takes effect in some launch
contexts and loses to the other file's value in others. Examples: a key in
``~/.zshrc`` and another in ``~/.claude/settings.json`` ``env`` (the terminal
and your SDK programs use the first, Claude Code the second); a key in
``~/.zshenv`` and another in ``~/.zshrc`` (``zsh -c``, hooks and cron jobs use
the first, terminals the second). The finding sits on the definition that
loses somewhere, with the winner there as related information. A
``.env`` loaded with ``override=True`` and an empty settings ``env`` value
that cancels the shell's (both deliberate),
``terminal.integrated.env.*`` (AL711) and duplicates inside one file (AL306)
are not reported.

## Why is this bad?
One of the two values is stale. Which one a client gets depends on how it
was started, so a 401 shows up in one place (Claude Code, a git hook, a cron
job) and not in another (the terminal), and the key that "works" in a
terminal proves nothing about the failing client.

## Example
```sh
# ~/.zshrc
export ANTHROPIC_API_KEY=sk-ant-api03-…new
```
```json
// ~/.claude/settings.json
{ "env": { "ANTHROPIC_API_KEY": "sk-ant-api03-…old" } }
```
Keep one source for each credential.

## Fix safety
No fix: only the user knows which value is current.

## Source
- https://code.claude.com/docs/en/settings-reference
  a value in a settings ``env`` block overwrites the same variable exported in the shell.
- https://code.claude.com/docs/en/settings
  settings precedence: managed > local > project > user.
- https://zsh.sourceforge.io/Doc/Release/Files.html
  ``.zshenv`` is read by every zsh, ``.zshrc`` by interactive ones only.
- https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
  which startup files bash reads.
- https://www.npmjs.com/package/@anthropic-ai/claude-code
  observed with Claude Code 2.1.197: the user settings ``env`` beats the shell in both
  directions.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.environment import Definition, LaunchContext, Verdict
from authlint.core.environment.definitions import Origin
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.variables import BASE_URL, CREDENTIAL_VARIABLES
from authlint.rules._base import Rule
from authlint.rules._model import (
    KINDS,
    beaten,
    definitions_here,
    describe,
    model_of,
    related_to,
    same_value,
    titles,
)

_WATCHED = frozenset({*CREDENTIAL_VARIABLES, BASE_URL})
_SKIPPED_ORIGINS = frozenset({Origin.TERMINAL_ENV})


def _deliberate(winner: Definition, verdict: Verdict) -> bool:
    """A replacement made on purpose.

    A ``.env`` that replaced the shell's value was loaded with ``override=True``;
    an empty value in a Claude Code settings ``env`` is the documented way to
    cancel a shell export (OpenRouter's recipe).
    """
    if winner.origin is Origin.DOTENV and verdict is Verdict.OVERRIDDEN:
        return True
    return winner.origin is Origin.CLAUDE_SETTINGS and not (winner.value or "").strip()


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per definition that wins in some contexts and loses in others."""
    model = model_of(context)
    if model is None:
        return
    for definition in definitions_here(file, model, variables=_WATCHED):
        if definition.origin in _SKIPPED_ORIGINS:
            continue
        fates = model.fates(definition)
        wins = [c for c, s in fates if s.verdict is Verdict.WINS]
        if not wins:
            continue
        losers: dict[Definition, list[LaunchContext]] = {}
        for ctx, step in fates:
            other = step.by
            if not beaten(step) or other is None:
                continue
            if other.path == definition.path or other.origin in _SKIPPED_ORIGINS:
                continue
            if _deliberate(other, step.verdict) or same_value(definition, other) is not False:
                continue
            losers.setdefault(other, []).append(ctx)
        if not losers:
            continue
        other, where_lost = next(iter(losers.items()))
        settings = Origin.CLAUDE_SETTINGS in (other.origin, definition.origin)
        message = (
            f"{definition.variable} has two values: the {titles(wins)} "
            f"{'uses' if len(wins) == 1 else 'use'} this one, but the {titles(where_lost)} "
            f"{'gets' if len(where_lost) == 1 else 'get'} {describe(other, model)}. One of them "
            "is stale: keep one source"
        )
        related = [related_to(o, f"the other {definition.variable}") for o in losers]
        yield RULE.finding(
            file,
            definition.span,
            message,
            related=related,
            severity=Severity.INFO if settings else None,
        )


RULE = Rule(
    code="AL902",
    name="conflicting-definitions",
    summary="Two files give a credential different values, each winning in some contexts",
    severity=Severity.WARNING,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
