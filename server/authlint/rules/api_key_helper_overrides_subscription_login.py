"""api-key-helper-overrides-subscription-login.

## What it does
Checks, with the cross-file environment model, for an ``apiKeyHelper`` in
Claude Code settings that Claude Code would use while a Claude subscription
login (``/login``) is also stored. The finding sits on the ``apiKeyHelper``
setting, with the login as related information. Not reported when
``ANTHROPIC_AUTH_TOKEN``, ``ANTHROPIC_API_KEY`` or a cloud provider switch
decides first.

## Why is this bad?
``apiKeyHelper`` outranks the subscription login: every request is sent with
the helper's key (billed to its Console organisation) instead of the
subscription, and a managed ``apiKeyHelper`` next to ``/login`` is a reported
cause of ``Invalid API key · Fix external API key`` after a successful
``/login``.

## Example
```json
{ "apiKeyHelper": "~/bin/get-anthropic-key.sh" }
```
with a ``claude.ai`` login in ``~/.claude/.credentials.json``. Remove the
helper if Claude Code should use the subscription, or ``/logout`` if it
should use the helper.

## Fix safety
No fix: which credential should win is your choice.

## Source
- Authentication precedence ("apiKeyHelper" above the subscription login):
  https://docs.claude.com/en/docs/claude-code/iam
- ``apiKeyHelper`` setting: https://docs.claude.com/en/docs/claude-code/settings
- anthropics/claude-code#11587 (managed ``apiKeyHelper`` next to an OAuth login):
  https://github.com/anthropics/claude-code/issues/11587
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.environment import Definition, LaunchContext
from authlint.core.environment.definitions import API_KEY_HELPER, STORED_LOGIN
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.rules._base import Rule
from authlint.rules._model import model_of, titles


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding at an ``apiKeyHelper`` Claude Code prefers to a stored subscription login."""
    model = model_of(context)
    path = file.source.path
    if model is None or path is None:
        return
    path = Path(os.path.abspath(path))
    hits: dict[Definition, tuple[list[LaunchContext], Related]] = {}
    for outcome in context.outcomes:
        if outcome.client.family != "claude":
            continue
        headers = {h.source: h.definition for h in outcome.headers}
        helper = headers.get(API_KEY_HELPER)
        if helper is None or helper.path != path or outcome.headers[0].source != API_KEY_HELPER:
            continue
        stored = model.resolve(outcome.context, STORED_LOGIN).winner
        if stored is None:
            continue
        related = Related(stored.path, stored.span, "your Claude subscription login")
        hits.setdefault(helper, ([], related))[0].append(outcome.context)
    for helper, (contexts, login) in hits.items():
        message = (
            f"The {titles(contexts)} {'uses' if len(contexts) == 1 else 'use'} this apiKeyHelper "
            "instead of your Claude subscription login (/login): requests are billed to the "
            "helper's key; remove the helper if Claude Code should use the subscription"
        )
        yield RULE.finding(file, helper.span, message, related=(login,))


RULE = Rule(
    code="AL909",
    name="api-key-helper-overrides-subscription-login",
    summary="Claude Code would use apiKeyHelper instead of an existing subscription login",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
