"""shadowed-definition.

## What it does
Checks, with the cross-file environment model, for a definition of an
authentication variable (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN``, ``ANTHROPIC_BASE_URL``, ``ANTHROPIC_CUSTOM_HEADERS``,
``CLAUDE_CODE_USE_*``) that never takes effect: in every launch context of
this platform that reads its file, another definition with a different value
wins. The typical case: a fresh key in the project's ``.env`` that
``load_dotenv()`` keeps out because a stale key is already exported by
``~/.zshrc``. Also: a ``.claude/settings.json`` value replaced by
``settings.local.json``, an export replaced later in the same shell startup.
The other definition is given as related information. A definition read by
no modelled context (a ``.env`` no code loads), values computed at run time,
``terminal.integrated.env.*`` (see AL711), a duplicate replaced later in the
same file (see AL306) and a home-folder definition
beaten only by this project's files (it still works in other projects) are
not reported; two definitions with the same value are fine.

## Why is this bad?
The line looks like the configuration, so it is the one people edit when a
request fails with 401, and nothing changes: the client keeps sending the
other value. python-dotenv, Node ``dotenv`` and ``node --env-file`` keep a
variable that already exists, even an empty one; Claude Code's settings
``env`` replaces the shell's value; a later export replaces an earlier one.

## Example
```sh
# ~/.zshrc
export ANTHROPIC_API_KEY=sk-ant-api03-…old
```
```
# .env, loaded with load_dotenv()
ANTHROPIC_API_KEY=sk-ant-api03-…new
```
Use ``load_dotenv(override=True)`` or remove the stale export.

## Fix safety
No fix here: which value is right is the user's call. AL609 offers
``override=True`` on the ``load_dotenv()`` call.

## Source
- https://github.com/theskumar/python-dotenv/blob/main/src/dotenv/main.py
  ``load_dotenv`` keeps an existing variable unless ``override=True``.
- https://github.com/motdotla/dotenv/blob/master/lib/main.js
  Node's dotenv does the same unless ``override: true``.
- https://nodejs.org/api/cli.html
  ``--env-file``: the environment wins over the file.
- https://code.claude.com/docs/en/settings
  settings precedence: managed > local > project > user, and ``env`` over the shell.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.environment import Definition, LaunchContext, Step, Verdict
from authlint.core.environment.definitions import Origin
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._model import (
    KINDS,
    beaten,
    definitions_here,
    describe,
    in_home,
    model_of,
    related_to,
    same_value,
    titles,
)


def _why(step: Step) -> str:
    if step.verdict is Verdict.KEPT_OUT:
        return "the loader keeps a variable that is already set (pass override=True to change that)"
    return "it is read later and replaces this one"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per definition that loses in every context reading it."""
    model = model_of(context)
    if model is None:
        return
    for definition in definitions_here(file, model):
        if definition.origin is Origin.TERMINAL_ENV:
            continue
        fates = [(c, s) for c, s in model.fates(definition) if s.verdict is not Verdict.NOT_READ]
        if not fates or not all(beaten(s) for _, s in fates):
            continue
        winners: dict[Definition, list[LaunchContext]] = {}
        for ctx, step in fates:
            assert step.by is not None
            winners.setdefault(step.by, []).append(ctx)
        if any(same_value(definition, w) is not False for w in winners):
            continue
        if any(w.path == definition.path for w in winners):
            continue  # a later duplicate in the same file: AL306's finding
        if in_home(definition, model) and not any(in_home(w, model) for w in winners):
            continue
        first, contexts = next(iter(winners.items()))
        step = next(s for _, s in fates if s.by == first)
        others = f" (and {len(winners) - 1} more)" if len(winners) > 1 else ""
        message = (
            f"{definition.variable} here never takes effect: the {titles(contexts)} "
            f"{'gets' if len(contexts) == 1 else 'get'} {describe(first, model)} instead{others}, "
            f"because {_why(step)}"
        )
        related = [
            related_to(w, f"{definition.variable} that wins ({titles(c)})")
            for w, c in winners.items()
        ]
        yield RULE.finding(file, definition.span, message, related=related)


RULE = Rule(
    code="AL901",
    name="shadowed-definition",
    summary="A definition that never takes effect: another file's value wins everywhere it is read",
    severity=Severity.WARNING,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
