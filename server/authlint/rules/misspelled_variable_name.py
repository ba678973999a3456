"""misspelled-variable-name.

## What it does
Checks for variable names that are one or two edits (a typo, a missing or
extra letter, two swapped letters) away from a name the Anthropic SDKs or
Claude Code read: ``ANTHROPIC_APIKEY``, ``ANTROPIC_API_KEY``,
``ANTHROPIC_API_KEYS``, ``ANTHROPIC_AUTH_TOKENS``, ``ANTHROPIC_BASEURL``,
``CLAUDE_CODE_OAUTH_TOKENS``. As information only, it also points out
names that applications often read on purpose but the SDKs and Claude Code
never do (``CLAUDE_API_KEY``, ``ANTHROPIC_KEY``, ``ANTHROPIC_TOKEN``,
``ANTHROPIC_URL``, ``ANTHROPIC_ENDPOINT``, ``ANTHROPIC_API_URL``,
``ANTHROPIC_API_BASE``, ``CLAUDE_KEY``) when the file does not also set the
real name and the project's own code does not read that name
(``process.env.ANTHROPIC_URL``, ``os.getenv("ANTHROPIC_API_URL")``).

It also checks the cloud provider settings Claude Code reads for names
written in their place: ``ANTHROPIC_VERTEXAI_REGION`` or
``ANTHROPIC_VERTEX_REGION`` for ``CLOUD_ML_REGION``,
``ANTHROPIC_VERTEXAI_PROJECT_ID`` for ``ANTHROPIC_VERTEX_PROJECT_ID``,
``CLAUDE_CODE_USE_VERTEX_AI`` for ``CLAUDE_CODE_USE_VERTEX``,
``ANTHROPIC_FOUNDRY_ENDPOINT`` for ``ANTHROPIC_FOUNDRY_BASE_URL``,
``AWS_BEDROCK_API_KEY`` for ``AWS_BEARER_TOKEN_BEDROCK``, and names one or two
edits from those settings. Generic names (``PROJECT_ID``, ``VERTEX_REGION``,
``GOOGLE_CLOUD_LOCATION``) count only in a file that also turns the provider
on (``CLAUDE_CODE_USE_VERTEX=1``), where they are meant for Claude Code.

## Why is this bad?
Environment variable names must match exactly. A misspelled name is set,
so the file looks right, but the SDK raises
``Could not resolve authentication method`` and Claude Code says
``Not logged in · Please run /login`` (or, for the base URL, requests go to
``api.anthropic.com`` instead of the gateway).

Names that are not near-misses are left alone: ``ANTHROPIC_MODEL``,
``CLAUDE_CONFIG_DIR``, ``ANTHROPIC_DEFAULT_SONNET_MODEL`` and other real or
application-specific settings, numbered keys (``ANTHROPIC_API_KEY_2``),
lower-case names (see ``lowercase-variable-name``), and near-misses in a
file that also sets the real name (the near-miss is then deliberate).

## Example
```
ANTHROPIC_APIKEY=sk-ant-api03-…AA
```
Use instead:
```
ANTHROPIC_API_KEY=sk-ant-api03-…AA
```

## Fix safety
Unsafe: the fix renames the definition to the real name, but code or other
files that read the old name are not changed. Informational findings have no
fix, because the application usually reads that name itself.

## Source
- https://code.claude.com/docs/en/env-vars
  the variables Claude Code reads.
- https://github.com/anthropics/anthropic-sdk-python/blob/main/src/anthropic/_client.py
  the variables the Python SDK reads.
- https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts
  the variables the TypeScript SDK reads.
- https://code.claude.com/docs/en/errors
  ``Not logged in · Please run /login`` when none is set.
- https://code.claude.com/docs/en/google-vertex-ai
  ``CLOUD_ML_REGION``, ``ANTHROPIC_VERTEX_PROJECT_ID``.
- https://code.claude.com/docs/en/amazon-bedrock
  ``AWS_BEARER_TOKEN_BEDROCK``.
- https://code.claude.com/docs/en/microsoft-foundry
  ``ANTHROPIC_FOUNDRY_RESOURCE``, ``ANTHROPIC_FOUNDRY_BASE_URL``, ``ANTHROPIC_FOUNDRY_API_KEY``.
- https://github.com/anthropics/claude-code/issues/13663
  the login menu despite ``CLAUDE_CODE_USE_VERTEX=1``.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import ALL_KINDS, FOREIGN_NAME_KINDS, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import PROVIDERS as PROVIDER_SWITCHES
from authlint.rules._claude import is_truthy
from authlint.rules._helpers import rename_fix
from authlint.rules._names import APP_NAMES, near_misses, provider_near_miss


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a warning per near-miss of a real name, an info per application-only name."""
    defined = {a.name for a in file.assignments} | {s.name for s in file.slips}
    model = context.environment
    code_reads = model.workspace.code_env_reads if model is not None else frozenset()
    switches_on = frozenset(
        a.name for a in file.assignments if a.name in PROVIDER_SWITCHES and is_truthy(a.value)
    )
    for assignment in file.assignments:
        name = assignment.name
        targets = near_misses(name)
        if targets:
            if any(t in defined for t in targets):
                continue
            real = targets[0]
            if len(targets) == 1:
                message = (
                    f"{name} looks like a misspelling of {real}: the SDKs and Claude Code read "
                    f"only {real}, so this value is never used by them"
                )
                fix = Fix(
                    f"Rename to {real}", (Edit(assignment.name_span, real),), Applicability.UNSAFE
                )
            else:
                message = (
                    f"{name} looks like a misspelling of {' or '.join(targets)}: the SDKs and "
                    "Claude Code read only the exact names, so this value is never used by them"
                )
                fix = None
            yield RULE.finding(file, assignment.name_span, message, fix=fix)
            continue
        provider = provider_near_miss(name, switches_on)
        if provider is not None:
            real, switch = provider
            if real in defined:
                continue
            message = (
                f"{name} is not a setting Claude Code reads: for {PROVIDER_SWITCHES[switch][0]} "
                f"it reads {real}, so this value is never used"
            )
            fix = rename_fix(file, assignment, real)
            yield RULE.finding(file, assignment.name_span, message, fix=fix)
            continue
        real_names = APP_NAMES.get(name)
        if real_names and not any(r in defined for r in real_names):
            if name in code_reads:
                continue  # the project's own code reads it: the name is right for that code
            message = (
                f"{name} is not read by the Anthropic SDKs or Claude Code (they read "
                f"{' / '.join(real_names)}); fine if this application reads {name} itself"
            )
            yield RULE.finding(file, assignment.name_span, message, severity=Severity.INFO)


RULE = Rule(
    code="AL307",
    name="misspelled-variable-name",
    summary="Variable name is a near-miss of one the SDKs and Claude Code read",
    severity=Severity.WARNING,
    kinds=ALL_KINDS - FOREIGN_NAME_KINDS,
    check=check,
    doc=__doc__ or "",
    fix_title="Rename to the variable the SDKs read",
)
