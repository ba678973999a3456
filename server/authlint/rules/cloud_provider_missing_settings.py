"""cloud-provider-missing-settings.

## What it does
Checks a Claude Code settings file that turns on a cloud provider in ``env``
for the variables that provider cannot work without:

- ``CLAUDE_CODE_USE_VERTEX``: ``CLOUD_ML_REGION`` and
  ``ANTHROPIC_VERTEX_PROJECT_ID`` (``GOOGLE_CLOUD_PROJECT`` or
  ``GCLOUD_PROJECT`` also name the project);
- ``CLAUDE_CODE_USE_BEDROCK``: ``AWS_REGION``, unless ``AWS_PROFILE`` names a
  profile (which can carry the region);
- ``CLAUDE_CODE_USE_FOUNDRY``: the resource, ``ANTHROPIC_FOUNDRY_RESOURCE``
  or ``ANTHROPIC_FOUNDRY_BASE_URL`` (an ``ANTHROPIC_FOUNDRY_API_KEY`` alone
  does not say where to send requests; without a key, ``az login`` is used).

A variable counts as given when this file, the other settings file of the
same project, the user's ``~/.claude/settings.json`` or the environment
authlint runs in sets it. Setups with a provider base URL
(``ANTHROPIC_BEDROCK_BASE_URL``, ``ANTHROPIC_VERTEX_BASE_URL``: a gateway) are
not reported.

## Why is this bad?
The switch outranks every other credential, so Claude Code goes to the
provider and stops there: ``Could not load credentials from any providers``
(Bedrock), ``Could not load the default credentials`` (Vertex) or
``ChainedTokenCredential authentication failed`` (Foundry), or a request to
the wrong region, instead of a working Anthropic login.

## Example
```json
{ "env": { "CLAUDE_CODE_USE_VERTEX": "1" } }
```
Use instead:
```json
{ "env": { "CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global",
           "ANTHROPIC_VERTEX_PROJECT_ID": "my-project" } }
```

## Fix safety
No fix: the region and project are the user's.

## Source
- https://code.claude.com/docs/en/amazon-bedrock
  ``CLAUDE_CODE_USE_BEDROCK``, ``AWS_REGION`` (optional when the profile sets one),
  ``AWS_PROFILE``.
- https://code.claude.com/docs/en/google-vertex-ai
  ``CLAUDE_CODE_USE_VERTEX``, ``CLOUD_ML_REGION``, ``ANTHROPIC_VERTEX_PROJECT_ID``.
- https://code.claude.com/docs/en/troubleshoot-install
  the provider errors: ``Could not load credentials from any providers``, ``Could not load
  the default credentials``, ``ChainedTokenCredential authentication failed``.
- https://code.claude.com/docs/en/env-vars
  ``CLAUDE_CODE_USE_FOUNDRY`` and ``ANTHROPIC_FOUNDRY_API_KEY``.
- https://code.claude.com/docs/en/microsoft-foundry
  ``ANTHROPIC_FOUNDRY_RESOURCE`` or ``ANTHROPIC_FOUNDRY_BASE_URL`` is required.
- https://github.com/anthropics/claude-code/issues/11937
  Claude Code keeps asking to log in with the Foundry switch on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from authlint.core.context import CheckContext, is_template
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import (
    PROVIDERS,
    effective_env,
    env_members,
    is_set,
    is_truthy,
    member_text,
)

# switch -> (base URL variable, [(what, alternatives that each satisfy it)])
_REQUIREMENTS: dict[str, tuple[str, list[tuple[str, tuple[str, ...]]]]] = {
    "CLAUDE_CODE_USE_VERTEX": (
        "ANTHROPIC_VERTEX_BASE_URL",
        [
            ("CLOUD_ML_REGION", ("CLOUD_ML_REGION",)),
            (
                "ANTHROPIC_VERTEX_PROJECT_ID",
                ("ANTHROPIC_VERTEX_PROJECT_ID", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"),
            ),
        ],
    ),
    "CLAUDE_CODE_USE_BEDROCK": (
        "ANTHROPIC_BEDROCK_BASE_URL",
        [("AWS_REGION (or AWS_PROFILE)", ("AWS_REGION", "AWS_PROFILE"))],
    ),
    "CLAUDE_CODE_USE_FOUNDRY": (
        "",
        [
            (
                "ANTHROPIC_FOUNDRY_RESOURCE (or ANTHROPIC_FOUNDRY_BASE_URL)",
                ("ANTHROPIC_FOUNDRY_RESOURCE", "ANTHROPIC_FOUNDRY_BASE_URL"),
            )
        ],
    ),
}


def missing_for(switch: str, env: Mapping[str, str]) -> list[str]:
    """The required settings of ``switch`` that ``env`` lacks (empty when none or a gateway)."""
    base_url, requirements = _REQUIREMENTS[switch]
    if base_url and is_set(env.get(base_url)):
        return []
    return [what for what, names in requirements if not any(is_set(env.get(n)) for n in names)]


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per provider switch that is on without the settings it needs."""
    if is_template(file.source.path):
        return
    members = env_members(file)
    switches = [s for s in PROVIDERS if s in members and is_truthy(member_text(members[s]))]
    if not switches:
        return
    env = effective_env(file, context)
    for switch in switches:
        if not is_truthy(env.get(switch)):
            continue  # a higher-precedence settings file cancels it
        missing = missing_for(switch, env)
        if not missing:
            continue
        provider = PROVIDERS[switch][0]
        message = (
            f"{switch} sends Claude Code to {provider}, but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set here, in the other Claude Code "
            "settings or in the environment: the provider switch outranks every other "
            "credential, so Claude Code fails at the provider instead"
        )
        yield RULE.finding(file, members[switch].key_span, message)


RULE = Rule(
    code="AL805",
    name="cloud-provider-missing-settings",
    summary="Cloud provider switch without the region, project or key the provider needs",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.CLAUDE_SETTINGS}),
    check=check,
    doc=__doc__ or "",
)
