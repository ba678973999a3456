"""compose-service-without-anthropic-environment.

## What it does
Checks each Compose service that runs Claude Code or an Anthropic SDK app
(its image names Claude or Anthropic, its command runs ``claude``, its
Dockerfile installs Claude Code or an SDK, or its build context's
``package.json`` / Python requirements depend on one) while the ``.env``
beside the Compose file sets ``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``,
``CLAUDE_CODE_OAUTH_TOKEN`` or ``ANTHROPIC_BASE_URL``, and the service passes
none of them on: no ``ANTHROPIC_*`` / ``CLAUDE_*`` entry in its
``environment``, no ``env_file``, no ``extends``, no ``${NAME}`` of them
anywhere in the service, and no ``.claude`` folder mounted (a login inside
the container).

## Why is this bad?
The project's ``.env`` only fills ``${…}`` placeholders in the Compose file;
Compose does not put its variables into any container. The program in the
container starts without the key the user wrote down: Claude Code says
``Invalid API key · Please run /login``, the SDKs ``Could not resolve
authentication method``.

## Example
```yaml
# .env: ANTHROPIC_API_KEY=sk-ant-api03-…
services:
  agent:
    build: ./agent          # installs @anthropic-ai/claude-code
    command: claude -p "triage the open issues"
```
Use instead:
```yaml
services:
  agent:
    build: ./agent
    command: claude -p "triage the open issues"
    environment:
      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}
```

## Fix safety
Unsafe: adds ``- NAME=${NAME}`` entries for the variables the ``.env``
sets to the service's ``environment`` (created when missing). The container
then gets the key, which changes which credential (and billing) it uses.

## Source
- https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
  the project ``.env`` is for interpolation in the Compose file.
- https://docs.docker.com/compose/how-tos/environment-variables/set-environment-variables/
  ``environment`` and ``env_file`` are what set a container's variables.
- https://github.com/Deepractice/AgentX/issues/2
  ``Invalid API key · Please run /login`` in a container fed by a ``.env`` beside compose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from authlint.core.text import Position, Span
from authlint.core.variables import API_KEY, AUTH_TOKEN, BASE_URL, OAUTH_TOKEN
from authlint.rules._base import Rule
from authlint.rules._compose import Service, project_dotenv, runs_claude_or_sdk, services

WANTED = (API_KEY, AUTH_TOKEN, OAUTH_TOKEN, BASE_URL)
_CONFIGURED = re.compile(r"^(?:ANTHROPIC_|CLAUDE_|AWS_|CLOUD_ML_|GOOGLE_)")
_LIST_PREFIX = re.compile(r"^\s*-\s+$")


def _fix(file: ScannedFile, service: Service, names: list[str]) -> Fix | None:
    index = file.source.index
    entries = [f"{n}=${{{n}}}" for n in names]
    env = service.value.get("environment")
    if env is not None and env.type == "array" and env.items:
        last = env.items[-1]
        prefix = index.line_text(last.span.start.line)[: last.span.start.character]
        if not _LIST_PREFIX.match(prefix):
            return None
        at = index.line_end(last.span.end.line)
        text = "".join(f"\n{prefix}{e}" for e in entries)
        edit = Edit(index.span(at, at), text)
    elif env is None and service.value.members:
        first = service.value.members[0]
        line = first.key_span.start.line
        indent = index.line_text(line)[: first.key_span.start.character]
        if indent.strip():
            return None  # flow style: `{ image: … }`
        items = "".join(f"{indent}  - {e}\n" for e in entries)
        start = Position(line, 0)
        edit = Edit(Span(start, start), f"{indent}environment:\n{items}")
    else:
        return None
    return Fix(RULE.fix_title or "", (edit,), Applicability.UNSAFE)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding per Claude/SDK service that gets none of the .env's Anthropic variables."""
    if not file.first_view:
        return
    found = services(file)
    if not found:
        return
    dotenv = project_dotenv(file)
    wanted = [n for n in WANTED if (dotenv.get(n) or "").strip()]
    if not wanted:
        return
    index = file.source.index
    for service in found:
        value = service.value
        if any(value.get(k) is not None for k in ("env_file", "extends")):
            continue
        if any(_CONFIGURED.match(name) for name in service.environment_names()):
            continue
        text = index.slice(service.member.span)
        volumes = value.get("volumes")
        if volumes is not None and re.search(r"\.claude\b", index.slice(volumes.span)):
            continue  # a login inside the container
        if any(re.search(rf"\$\{{?{n}\b", text) for n in wanted):
            continue
        evidence = runs_claude_or_sdk(service)
        if evidence is None:
            continue
        shown = ", ".join(wanted)
        message = (
            f"service `{service.name}` runs Claude Code or an Anthropic SDK ({evidence}), but "
            f"gets none of {shown} that the .env beside this file sets: that .env only fills "
            "`${…}` in the Compose file, so the container starts without a credential "
            "(`Invalid API key · Please run /login`); list them under `environment:` "
            "(`- NAME=${NAME}`) or add `env_file: .env`"
        )
        yield RULE.finding(file, service.member.key_span, message, fix=_fix(file, service, wanted))


RULE = Rule(
    code="AL717",
    name="compose-service-without-anthropic-environment",
    summary="Compose service running Claude or an SDK gets no Anthropic variable from the .env",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.COMPOSE}),
    check=check,
    doc=__doc__ or "",
    fix_title="Pass the .env's Anthropic variables to the service",
)
