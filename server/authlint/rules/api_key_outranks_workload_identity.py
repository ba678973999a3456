"""api-key-outranks-workload-identity.

## What it does
Checks for Workload Identity Federation configured
(``ANTHROPIC_FEDERATION_RULE_ID``) next to a non-empty ``ANTHROPIC_API_KEY``
(or ``ANTHROPIC_AUTH_TOKEN``): in the same file or environment block, or,
when the workspace model is built, for an SDK program (Python, Node) whose
resolved environment carries both. The finding sits on the federation rule
line; the key's definition is the related place.

## Why is this bad?
The SDKs look for credentials in order: constructor arguments, then
``ANTHROPIC_API_KEY`` / ``ANTHROPIC_AUTH_TOKEN``, and only after them a
profile or workload identity federation. With a key in the environment the
federation settings are never used: requests carry the static key (or fail
with it, once it is revoked), which is what federation was set up to
replace.

## Example
```
ANTHROPIC_API_KEY=sk-ant-api03-…AA
ANTHROPIC_FEDERATION_RULE_ID=fdrl_01HZX3K7T0PA
ANTHROPIC_ORGANIZATION_ID=8c5b6a4e-2f1d-4c3b-9a8e-7d6f5e4c3b2a
ANTHROPIC_SERVICE_ACCOUNT_ID=svac_01HZX3K9QF2M
ANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic/token
```
Use instead: delete the ``ANTHROPIC_API_KEY`` line (and revoke the key).

## Fix safety
No fix: removing the key changes which credential every program gets.

## Source
- https://platform.claude.com/docs/en/manage-claude/wif-reference
  the environment variables the SDKs read for federation.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/README.md
  the credential order: arguments, ``ANTHROPIC_API_KEY`` / ``ANTHROPIC_AUTH_TOKEN``, then a
  profile and workload identity federation.
- https://github.com/NousResearch/hermes-agent/issues/20078
  "If users set WIF env vars and do NOT set ANTHROPIC_API_KEY, the SDK handles the token
  exchange".
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ENV_KINDS, Assignment, FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.secrets import OAUTH_TOKEN_PREFIX
from authlint.core.variables import API_KEY, AUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._credentials import WHITESPACE
from authlint.rules._helpers import is_overridden
from authlint.rules._workload import FEDERATION_RULE_ID

_SDK_KINDS = ("python", "node")


def _set(assignment: Assignment) -> bool:
    return assignment.value is None or bool(assignment.value.strip(WHITESPACE))


def _minted(name: str, value: str | None) -> bool:
    """An ``sk-ant-oat01-`` token in ``ANTHROPIC_AUTH_TOKEN``: the access token federation mints."""
    return name == AUTH_TOKEN and (value or "").strip(WHITESPACE).startswith(OAUTH_TOKEN_PREFIX)


def _from_model(
    file: ScannedFile, rule: Assignment, context: CheckContext
) -> tuple[str, Related] | None:
    model = context.environment
    path = file.source.path
    if model is None or path is None:
        return None
    for launch in model.contexts_of_kind(*_SDK_KINDS):
        federation = model.resolve(launch, FEDERATION_RULE_ID).winner
        if federation is None or federation.path != path.absolute():
            continue
        if federation.name_span != rule.name_span:
            continue
        for name in (API_KEY, AUTH_TOKEN):
            winner = model.resolve(launch, name).winner
            if winner is None or winner.removes:
                continue
            if winner.value is not None and not winner.value.strip(WHITESPACE):
                continue
            if _minted(name, winner.value):
                continue
            where = f"{winner.path.name}:{winner.line}"
            return (
                f"{name} from {where} ({launch.name})",
                Related(winner.path, winner.name_span, f"{name} is set here"),
            )
    return None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding where federation is configured but an API key outranks it."""
    if is_template(file.source.path):
        return
    rules = [a for a in file.definitions(FEDERATION_RULE_ID) if not is_overridden(file, a)]
    if not rules or not _set(rules[-1]):
        return
    rule = rules[-1]
    found: tuple[str, Related] | None = None
    for name in (API_KEY, AUTH_TOKEN):
        keys = [
            a
            for a in file.definitions(name)
            if not is_overridden(file, a) and _set(a) and not _minted(name, a.value)
        ]
        if keys:
            found = (
                f"{name} on line {keys[-1].name_span.start.line + 1}",
                Related(file.source.path, keys[-1].name_span, f"{name} is set here"),
            )
            break
    if found is None:
        found = _from_model(file, rule, context)
    if found is None:
        return
    what, related = found
    message = (
        f"{FEDERATION_RULE_ID} configures workload identity federation, but {what} comes "
        "first in the SDK's credential order: the static credential is sent and federation "
        "is never used; remove the key where federation should apply"
    )
    yield RULE.finding(file, rule.name_span, message, related=(related,))


RULE = Rule(
    code="AL111",
    name="api-key-outranks-workload-identity",
    summary="ANTHROPIC_API_KEY set next to workload identity federation, which it outranks",
    severity=Severity.WARNING,
    kinds=frozenset(
        {
            *ENV_KINDS,
            FileKind.CLAUDE_SETTINGS,
            FileKind.VSCODE_SETTINGS,
            FileKind.DEVCONTAINER,
            FileKind.COMPOSE,
        }
    ),
    check=check,
    doc=__doc__ or "",
)
