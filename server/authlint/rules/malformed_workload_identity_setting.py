"""malformed-workload-identity-setting.

## What it does
Checks the Workload Identity Federation variables the Anthropic SDKs read:

- ``ANTHROPIC_FEDERATION_RULE_ID`` must be a tagged ID starting ``fdrl_``,
  ``ANTHROPIC_SERVICE_ACCOUNT_ID`` one starting ``svac_``, and
  ``ANTHROPIC_WORKSPACE_ID`` one starting ``wrkspc_`` (or the literal
  ``default``); the message says when the value is another kind of ID (a
  service account ID in the rule variable, the two swapped);
- ``ANTHROPIC_ORGANIZATION_ID`` must be a UUID;
- ``ANTHROPIC_IDENTITY_TOKEN_FILE`` must name a file that exists, checked
  only for a path in the user's home folder from a file that applies on this
  machine (a ``.env``, a shell profile, Claude Code settings): a CI runner or
  a pod writes its token file at run time, so other paths are not judged.

Values computed at run time (``${{ secrets.X }}``, ``$VAR``), empty values,
placeholders and template files (``.env.example``) are not checked.

## Why is this bad?
The SDK sends these values to the token exchange (``POST /v1/oauth/token``),
which refuses IDs of the wrong kind; a missing token file fails before any
request. Either way no access token is minted and the client cannot
authenticate.

## Example
```
ANTHROPIC_FEDERATION_RULE_ID=svac_01HZX3K9QF2M
ANTHROPIC_SERVICE_ACCOUNT_ID=fdrl_01HZX3K7T0PA
ANTHROPIC_ORGANIZATION_ID=my-org
```
Use instead:
```
ANTHROPIC_FEDERATION_RULE_ID=fdrl_01HZX3K7T0PA
ANTHROPIC_SERVICE_ACCOUNT_ID=svac_01HZX3K9QF2M
ANTHROPIC_ORGANIZATION_ID=8c5b6a4e-2f1d-4c3b-9a8e-7d6f5e4c3b2a
```

## Fix safety
No fix: the right IDs are in the Claude Console.

## Source
- https://platform.claude.com/docs/en/manage-claude/wif-reference
  the token exchange fields: ``federation_rule_id`` (``fdrl_…``),
  ``service_account_id`` (``svac_…``), ``workspace_id`` (``wrkspc_…`` or
  ``default``), ``organization_id`` (a UUID); the environment variables.
- https://platform.claude.com/docs/en/manage-claude/workload-identity-federation
  how the SDKs exchange an identity token for an access token.
- https://github.com/NousResearch/hermes-agent/issues/20078
  a request for a doctor that checks these variables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import ENV_KINDS, FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.core.secrets import is_placeholder
from authlint.rules._base import Rule
from authlint.rules._credentials import WHITESPACE
from authlint.rules._helpers import is_overridden, value_span
from authlint.rules._workload import (
    IDENTITY_TOKEN_FILE,
    ORGANIZATION_ID,
    TAGS,
    UUID,
    WORKSPACE_ID,
    what_it_looks_like,
)

_LOCAL_KINDS = frozenset({*ENV_KINDS, FileKind.CLAUDE_SETTINGS})


def _home_path(value: str, home: Path | None) -> Path | None:
    if home is None:
        return None
    if value == "~" or value.startswith("~/"):
        return home / value[2:]
    for prefix in ("$HOME/", "${HOME}/"):
        if value.startswith(prefix):
            return home / value[len(prefix) :]
    path = Path(value)
    try:
        if path.is_absolute() and path.resolve().is_relative_to(home.resolve()):
            return path
    except OSError:
        return None
    return None


def _problem(name: str, value: str, file: ScannedFile, context: CheckContext) -> str | None:
    if name in TAGS:
        prefix, what = TAGS[name]
        if value.startswith(prefix) and len(value) > len(prefix):
            return None
        if name == WORKSPACE_ID and value == "default":
            return None
        looks = what_it_looks_like(value)
        seen = f"; this looks like {looks}" if looks else ""
        return f"is not a {what} ID (a tagged ID starting `{prefix}`){seen}"
    if name == ORGANIZATION_ID:
        if UUID.fullmatch(value):
            return None
        looks = what_it_looks_like(value)
        seen = f"; this looks like {looks}" if looks else ""
        return f"is not an organization ID (a UUID, shown in the Claude Console){seen}"
    if name == IDENTITY_TOKEN_FILE and file.kind in _LOCAL_KINDS:
        path = _home_path(value, context.home)
        if path is not None and not os.path.isfile(path):
            return f"names {value}, which does not exist: the SDK cannot read an identity token"
    return None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per federation variable whose value cannot work."""
    if is_template(file.source.path):
        return
    for assignment in file.assignments:
        name = assignment.name
        if name not in TAGS and name not in (ORGANIZATION_ID, IDENTITY_TOKEN_FILE):
            continue
        if assignment.value is None or is_overridden(file, assignment):
            continue
        value = assignment.value.strip(WHITESPACE).strip("\"'")
        if not value or "$" in value or is_placeholder(value):
            continue
        if value.startswith("<") or "..." in value or "…" in value:
            continue
        problem = _problem(name, value, file, context)
        if problem is None:
            continue
        message = (
            f"{name} {problem}; the token exchange (`POST /v1/oauth/token`) fails and no "
            "access token is minted"
        )
        yield RULE.finding(file, value_span(assignment), message)


RULE = Rule(
    code="AL110",
    name="malformed-workload-identity-setting",
    summary="Workload identity federation ID of the wrong kind, or a missing identity token file",
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
