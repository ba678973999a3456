"""api-key-overrides-subscription-login.

## What it does
Checks, with the cross-file environment model, for an ``ANTHROPIC_API_KEY``
that Claude Code would use while a Claude subscription login also exists
(``~/.claude/.credentials.json`` holds a ``claudeAiOauth`` login, or
``~/.claude.json`` an ``oauthAccount``). The finding sits on the definition
Claude Code picks (a shell profile or a settings ``env`` block), with the
login as related information. A key you already declined in Claude Code's
prompt is not reported (AL8xx covers that), nor one outranked by
``ANTHROPIC_AUTH_TOKEN`` or a cloud provider switch.

## Why is this bad?
Once approved, the API key takes precedence over the subscription: usage is
billed to the key's Console organisation, and if that organisation is
disabled or out of credit every request fails (401 ``Invalid authentication
credentials``, 400 ``This organization has been disabled``) although
``/login`` worked. This is information: keeping the key can be deliberate.

## Example
```sh
# ~/.zshrc, with a Claude Max login
export ANTHROPIC_API_KEY=sk-ant-api03-…
```
Remove the export (or ``unset ANTHROPIC_API_KEY`` before ``claude``), then
check ``/status``.

## Fix safety
No fix: the key may be wanted for SDK programs.

## Source
- https://code.claude.com/docs/en/authentication
  with an active subscription and ``ANTHROPIC_API_KEY`` set, the approved key takes
  precedence; a key of a disabled or expired organization then fails.
- https://code.claude.com/docs/en/errors
  ``Your ANTHROPIC_API_KEY belongs to a disabled organization`` and ``Invalid API key``
  guidance.
- https://github.com/anthropics/claude-code/issues/9515
  ``Auth conflict: Both a token (claude.ai) and an API key (ANTHROPIC_API_KEY) are set``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.environment import (
    Definition,
    EnvironmentModel,
    LaunchContext,
    claude_credential,
)
from authlint.core.environment.definitions import STORED_LOGIN
from authlint.core.facts import ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.variables import API_KEY
from authlint.rules._base import Rule
from authlint.rules._model import KINDS, definitions_here, model_of, titles

_CLAUDE_KINDS = ("claude-code", "claude-code-vscode")


def _login(model: EnvironmentModel) -> Related | None:
    """Where the subscription login is recorded, if anywhere."""
    for ctx in model.contexts_of_kind(*_CLAUDE_KINDS):
        stored = model.resolve(ctx, STORED_LOGIN).winner
        if stored is not None:
            return Related(stored.path, stored.span, "your Claude subscription login")
    home = model.workspace.home
    state = model.workspace.file(home / ".claude.json") if home is not None else None
    root = state.json.root if state is not None and state.json is not None else None
    account = root.member("oauthAccount") if root is not None and root.type == "object" else None
    if state is None or account is None or account.value.type != "object":
        return None
    assert state.source.path is not None
    return Related(state.source.path, account.span, "your Claude subscription login")


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield an information finding at the API key Claude Code prefers to the login."""
    model = model_of(context)
    if model is None:
        return
    mine = list(definitions_here(file, model, variables=frozenset({API_KEY})))
    if not mine:
        return
    login = _login(model)
    if login is None:
        return
    for definition in mine:
        if not (definition.value or "").strip():
            continue
        where = [
            ctx
            for ctx in model.contexts_of_kind(*_CLAUDE_KINDS, platform_only=True)
            if _chosen(model, ctx, definition)
        ]
        if not where:
            continue
        message = (
            f"The {titles(where)} {'uses' if len(where) == 1 else 'use'} this ANTHROPIC_API_KEY "
            "(once approved) instead of your Claude subscription login: usage is billed to the "
            "key's organisation, and a disabled or expired organisation gives 401 although "
            "/login works. Remove it if Claude Code should use the subscription"
        )
        yield RULE.finding(file, definition.span, message, related=(login,))


def _chosen(model: EnvironmentModel, ctx: LaunchContext, definition: Definition) -> bool:
    choice = claude_credential(model, ctx)
    return choice.source == API_KEY and choice.definition == definition


RULE = Rule(
    code="AL904",
    name="api-key-overrides-subscription-login",
    summary="Claude Code would use an API key instead of an existing subscription login",
    severity=Severity.INFO,
    kinds=KINDS,
    check=check,
    doc=__doc__ or "",
)
