"""openrouter-recipe-incomplete-across-files.

## What it does
Checks, with the cross-file environment model, for an ``ANTHROPIC_BASE_URL``
pointing at OpenRouter that takes effect in the Claude Code CLI or VS Code
extension while the rest of OpenRouter's recipe is broken by another file:
a non-empty ``ANTHROPIC_API_KEY`` from another file wins (the recipe needs
it "explicitly empty"), or no file the context reads sets
``ANTHROPIC_AUTH_TOKEN``. Reported at the base URL, with the offending key
as related information. When the whole recipe sits in one file, the
single-file rules report it.

## Why is this bad?
OpenRouter's Claude Code guide asks for three lines:
``ANTHROPIC_BASE_URL=https://openrouter.ai/api``,
``ANTHROPIC_AUTH_TOKEN=<sk-or-v1-…>`` and ``ANTHROPIC_API_KEY=""``. A key
exported by a shell profile still reaches Claude Code when the settings file
only sets the other two: it is sent as ``x-api-key`` to OpenRouter (401, and
an Anthropic key disclosed) or outranks the token in some clients; without
the token Claude Code falls back to the claude.ai login and forwards its
OAuth credential to OpenRouter.

## Example
```json
// ~/.claude/settings.json
{ "env": { "ANTHROPIC_BASE_URL": "https://openrouter.ai/api",
           "ANTHROPIC_AUTH_TOKEN": "sk-or-v1-…" } }
```
```sh
# ~/.zshrc
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
Add ``"ANTHROPIC_API_KEY": ""`` to the same ``env`` block.

## Fix safety
No fix here.

## Source
- https://openrouter.ai/docs/guides/coding-agents/claude-code-integration
  the recipe: base URL ``https://openrouter.ai/api``, the key in ``ANTHROPIC_AUTH_TOKEN``,
  and ``ANTHROPIC_API_KEY`` explicitly empty.
- https://code.claude.com/docs/en/llm-gateway-protocol
  a base URL without a gateway credential sends the claude.ai login's token to that host.
- https://code.claude.com/docs/en/env-vars
  an empty ``env`` value cancels a shell export.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.environment import Definition
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL
from authlint.rules._base import Rule
from authlint.rules._model import (
    KINDS,
    definitions_here,
    describe,
    is_openrouter,
    model_of,
    related_to,
    short_title,
)

_CLAUDE_KINDS = ("claude-code", "claude-code-vscode")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per OpenRouter base URL whose recipe another file breaks."""
    model = model_of(context)
    if model is None:
        return
    for base in definitions_here(file, model, variables=frozenset({BASE_URL})):
        for ctx in model.contexts_won_by(base):
            if ctx.kind not in _CLAUDE_KINDS:
                continue
            if not is_openrouter(model, ctx):
                continue
            key: Definition | None = model.resolve(ctx, API_KEY).winner
            token = model.resolve(ctx, AUTH_TOKEN).winner
            problems: list[str] = []
            related: list[Related] = []
            elsewhere = key is not None and key.path != base.path
            if key is not None and elsewhere and (key.value is None or key.value.strip()):
                problems.append(
                    f"ANTHROPIC_API_KEY from {describe(key, model)} is not empty (the recipe needs "
                    '`ANTHROPIC_API_KEY=""` next to this line)'
                )
                related.append(related_to(key, "the ANTHROPIC_API_KEY that reaches Claude Code"))
            if token is None and elsewhere:
                problems.append("no file sets ANTHROPIC_AUTH_TOKEN (your OpenRouter key)")
            if not problems:
                continue
            message = f"OpenRouter's recipe is incomplete for the {short_title(ctx)}: " + "; ".join(
                problems
            )
            yield RULE.finding(file, base.span, message, related=related)
            break


RULE = Rule(
    code="AL907",
    name="openrouter-recipe-incomplete-across-files",
    summary="OpenRouter base URL whose recipe another file breaks (stale API key, no token)",
    severity=Severity.WARNING,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
