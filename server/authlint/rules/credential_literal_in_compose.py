"""credential-literal-in-compose.

## What it does
Checks the ``environment:`` of each service in a Compose file git would
commit for a credential written out: ``ANTHROPIC_API_KEY``,
``ANTHROPIC_AUTH_TOKEN``, ``CLAUDE_CODE_OAUTH_TOKEN`` or any value shaped like
a key, set to a literal that is not empty, not a placeholder and at least
eight characters long, in the mapping form (``ANTHROPIC_API_KEY: sk-ant-…``)
or the list form (``- ANTHROPIC_API_KEY=sk-ant-…``). Interpolated values
(``${ANTHROPIC_API_KEY}``, ``${ANTHROPIC_API_KEY:-}``, ``$ANTHROPIC_API_KEY``),
pass-through entries (``- ANTHROPIC_API_KEY``, ``ANTHROPIC_API_KEY:``) and
tokens for a router the service reaches on a local or compose-internal
address (``ANTHROPIC_BASE_URL: http://litellm:4000``) are not reported.

## Why is this bad?
The Compose file is part of the repository, so the key is committed and
pushed with it. Compose already fills ``${NAME}`` from the shell or from the
project's ``.env`` (which stays out of git), so the literal is not needed.

## Example
```yaml
services:
  app:
    environment:
      ANTHROPIC_API_KEY: sk-ant-api03-…AA
```
Use instead:
```yaml
services:
  app:
    environment:
      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}
```

## Fix safety
Safe for the mapping and list forms on one line: replaces the value with
``${NAME}`` (inside the quotes when it is quoted), so Compose interpolates it
from the shell or ``.env``. The edit takes the key out of the file, but a key
that was already committed stays in the history: rotate it too. No fix for
multi-line (block) values.

## Source
- https://github.com/compose-spec/compose-spec/blob/main/spec.md
  ``environment`` (mapping and list forms, pass-through names) and interpolation
  (``${VAR}``, ``${VAR:-default}``).
- https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
  values come from the shell and the project's ``.env``.
- https://platform.claude.com/docs/en/manage-claude/authentication
  keep keys out of files others can read; revoke a leaked key.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import Assignment, FileKind, JsonValue, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.secrets import mask
from authlint.rules._base import Rule
from authlint.rules._helpers import value_span
from authlint.rules._settings import is_credential_literal, routes_to_local_host


def _merged(mapping: JsonValue) -> list[JsonValue]:
    """The mappings a YAML ``<<`` member merges into ``mapping``."""
    merge = mapping.get("<<") if mapping.type == "object" else None
    if merge is None:
        return []
    if merge.type == "object":
        return [merge]
    return [m for m in merge.items if m.type == "object"]


def _environment(service: JsonValue) -> JsonValue | None:
    """A service's ``environment``: its own, else the first merged mapping's (11 levels deep).

    Depth first and iterative; a mapping already searched as shallow or
    shallower is not searched again (merges sharing anchors would otherwise
    cost fan-out to the tenth power).
    """
    stack = [(service, 0)]
    searched: dict[int, int] = {}
    while stack:
        mapping, depth = stack.pop()
        if searched.get(id(mapping), depth + 1) <= depth:
            continue
        searched[id(mapping)] = depth
        own = mapping.get("environment")
        if own is not None:
            return own
        if depth <= 10:
            stack.extend((merged, depth + 1) for merged in reversed(_merged(mapping)))
    return None


def _services(file: ScannedFile) -> tuple[list[str], dict[int, list[int]]]:
    """Service names, and for each assignment (by ``id``) the services whose environments hold it.

    Computed once per file (``file.whole.memo``): an assignment belongs to a
    service when its name lies in the service's ``environment`` or in a
    mapping merged into it (``<<``).
    """
    whole = file.whole
    cached = whole.memo.get(RULE.code)
    if cached is not None:
        return cached  # type: ignore[return-value]
    names: list[str] = []
    holders: dict[int, list[int]] = {}
    root = whole.json.root if whole.json is not None else None
    services = root.get("services") if root is not None and root.type == "object" else None
    members = services.members if services is not None and services.type == "object" else ()
    for member in members:
        if member.value.type != "object":
            continue
        environment = _environment(member.value)
        if environment is None:
            continue
        number = len(names)
        names.append(member.key)
        for span in [environment.span] + [m.span for m in _merged(environment)]:
            for assignment in whole.assignments_within(span, by_name=True):
                found = holders.setdefault(id(assignment), [])
                if not found or found[-1] != number:
                    found.append(number)
    whole.memo[RULE.code] = (names, holders)
    return names, holders


def _service_blocks(file: ScannedFile) -> Iterator[tuple[str, list[Assignment]]]:
    """``(service name, its environment's assignments)`` for each service, in file order.

    Only services holding one of ``file``'s assignments (an env-block view holds
    some of the file's); O(assignments) once the file's services are known.
    """
    names, holders = _services(file)
    blocks: dict[int, list[Assignment]] = {}
    for assignment in file.assignments:
        for number in holders.get(id(assignment), ()):
            blocks.setdefault(number, []).append(assignment)
    for number in sorted(blocks):
        yield names[number], blocks[number]


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per credential literal in a committable Compose file's environments."""
    found: list[tuple[str, Assignment]] = []
    seen: set[Assignment] = set()
    for service, block in _service_blocks(file):
        if routes_to_local_host(block):
            continue
        for assignment in block:
            if assignment not in seen and is_credential_literal(assignment):
                seen.add(assignment)
                found.append((service, assignment))
    if not found or not context.is_committable(file.source.path):
        return
    for service, assignment in found:
        shown = mask((assignment.value or "").strip().strip("\"'"))
        name = assignment.name
        message = (
            f"{name} in service `{service}` holds a credential (`{shown}`) that git would commit: "
            f"write `${{{name}}}` so Compose takes it from the shell or the project's .env, and "
            "rotate the key"
        )
        fix = None
        span = assignment.content_span
        if span.start.line == span.end.line and assignment.raw_content:
            fix = Fix(RULE.fix_title or "", (Edit(span, f"${{{name}}}"),), Applicability.SAFE)
        yield RULE.finding(file, value_span(assignment), message, fix=fix)


RULE = Rule(
    code="AL710",
    name="credential-literal-in-compose",
    summary="Credential written in a committed Compose file's environment",
    severity=Severity.ERROR,
    kinds=frozenset({FileKind.COMPOSE}),
    check=check,
    doc=__doc__ or "",
    fix_title="Interpolate the value with ${NAME}",
)
