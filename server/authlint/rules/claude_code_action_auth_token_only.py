"""claude-code-action-auth-token-only.

## What it does
Checks GitHub workflows for a step that runs ``anthropics/claude-code-action``
with a gateway token in ``ANTHROPIC_AUTH_TOKEN`` (the step's, the job's or
the workflow's ``env:``) and none of the action's credential inputs:
``anthropic_api_key``, ``claude_code_oauth_token``, ``use_bedrock``,
``use_vertex`` or ``use_foundry``. A step that gives one of them, a workflow
that sets up workload identity federation (``ANTHROPIC_FEDERATION_RULE_ID``),
and steps of other actions are not reported.

## Why is this bad?
Before it starts Claude Code, the action checks its own environment and
knows only ``ANTHROPIC_API_KEY`` and ``CLAUDE_CODE_OAUTH_TOKEN``, which it
fills from its inputs (an ``ANTHROPIC_API_KEY`` in the step's ``env:`` is
replaced by the empty input). ``ANTHROPIC_AUTH_TOKEN`` does reach Claude
Code, but the run never gets there: the step fails with
``Environment variable validation failed: - Either ANTHROPIC_API_KEY or
CLAUDE_CODE_OAUTH_TOKEN is required when using direct Anthropic API.``

## Example
```yaml
- uses: anthropics/claude-code-action@v1
  env:
    ANTHROPIC_BASE_URL: https://api.z.ai/api/anthropic
    ANTHROPIC_AUTH_TOKEN: ${{ secrets.ZAI_API_KEY }}
```
Use instead:
```yaml
- uses: anthropics/claude-code-action@v1
  env:
    ANTHROPIC_BASE_URL: https://api.z.ai/api/anthropic
    ANTHROPIC_AUTH_TOKEN: ${{ secrets.ZAI_API_KEY }}
  with:
    anthropic_api_key: ${{ secrets.ZAI_API_KEY }}
```

## Fix safety
No automatic fix: which secret to pass, and whether the gateway accepts it
as ``x-api-key``, is the author's choice.

## Source
- https://github.com/anthropics/claude-code-action/blob/main/action.yml
  the inputs, and ``ANTHROPIC_API_KEY: ${{ inputs.anthropic_api_key }}``.
- https://github.com/anthropics/claude-code-action/blob/main/base-action/src/validate-env.ts
  the pre-flight check and its message.
- https://github.com/sgl-project/sglang-jax/issues/1178
  a gateway token in ``ANTHROPIC_AUTH_TOKEN`` only: the run fails.
- https://github.com/aipoch/open-science/issues/261
  the same failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, JsonValue, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.variables import AUTH_TOKEN
from authlint.rules._base import Rule

_ACTION = re.compile(r"(?i)^anthropics/claude-code-action@")
_CREDENTIAL_INPUTS = ("anthropic_api_key", "claude_code_oauth_token")
_PROVIDER_INPUTS = ("use_bedrock", "use_vertex", "use_foundry")
_FEDERATION = re.compile(r"(?i)federation|identity_token|workload")


def _env_names(block: JsonValue | None) -> set[str]:
    if block is None or block.type != "object":
        return set()
    return {m.key for m in block.members}


def _given(value: JsonValue | None) -> bool:
    """Whether an input is set to something (an expression counts: it may be filled)."""
    if value is None or value.type in {"null", "error"}:
        return False
    return not (isinstance(value.value, str) and not value.value.strip())


def _switched_on(value: JsonValue | None) -> bool:
    """Whether ``use_*`` is anything but ``false`` (an expression may turn it on)."""
    if not _given(value) or value is None:
        return False
    return value.value is not False and str(value.value).strip().lower() != "false"


def _steps(root: JsonValue) -> Iterator[tuple[JsonValue, JsonValue]]:
    """Each ``(job, step)`` of the workflow."""
    jobs = root.get("jobs")
    if jobs is None or jobs.type != "object":
        return
    for job in jobs.members:
        if job.value.type != "object":
            continue
        steps = job.value.get("steps")
        if steps is None or steps.type != "array":
            continue
        for step in steps.items:
            if step.type == "object":
                yield job.value, step


def _token_definition(file: ScannedFile, blocks: list[JsonValue | None]) -> Assignment | None:
    """The ``ANTHROPIC_AUTH_TOKEN`` definition in the innermost of ``blocks`` that sets it."""
    for block in blocks:
        if block is None or AUTH_TOKEN not in _env_names(block):
            continue
        found = file.assignments_within(block.span, by_name=True)
        named = [a for a in found if a.name == AUTH_TOKEN]
        if named:
            return named[-1]
    return None


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per claude-code-action step that has only ``ANTHROPIC_AUTH_TOKEN``."""
    if not file.first_view or file.whole.json is None:
        return
    whole = file.whole
    root = whole.json.root if whole.json is not None else None
    if root is None or root.type != "object":
        return
    for job, step in _steps(root):
        uses = step.get("uses")
        if uses is None or not isinstance(uses.value, str) or not _ACTION.match(uses.value):
            continue
        inputs = step.get("with")
        given = inputs if inputs is not None and inputs.type == "object" else None
        if given is not None and (
            any(_given(given.get(name)) for name in _CREDENTIAL_INPUTS)
            or any(_switched_on(given.get(name)) for name in _PROVIDER_INPUTS)
            or any(_FEDERATION.search(m.key) for m in given.members)
        ):
            continue
        blocks = [step.get("env"), job.get("env"), root.get("env")]
        names = set().union(*(_env_names(b) for b in blocks))
        if AUTH_TOKEN not in names or any(_FEDERATION.search(n) for n in names):
            continue
        token = _token_definition(whole, blocks)
        related = (
            [Related(file.source.path, token.name_span, "ANTHROPIC_AUTH_TOKEN is set here")]
            if token is not None
            else []
        )
        message = (
            f"`{uses.value}` gets only ANTHROPIC_AUTH_TOKEN: its pre-flight check accepts only "
            "the `anthropic_api_key` or `claude_code_oauth_token` input (or `use_bedrock`, "
            "`use_vertex`, `use_foundry`), so the step fails with `Either ANTHROPIC_API_KEY or "
            "CLAUDE_CODE_OAUTH_TOKEN is required when using direct Anthropic API.`; pass the "
            "token as `anthropic_api_key` too"
        )
        yield RULE.finding(file, uses.content_span, message, related=related)


RULE = Rule(
    code="AL727",
    name="claude-code-action-auth-token-only",
    summary="claude-code-action step with only ANTHROPIC_AUTH_TOKEN: the action's check fails",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.GITHUB_WORKFLOW}),
    check=check,
    doc=__doc__ or "",
)
