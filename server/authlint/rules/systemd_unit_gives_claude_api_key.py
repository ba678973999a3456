"""systemd-unit-gives-claude-api-key.

## What it does
Checks a systemd service unit whose ``ExecStart=`` runs Claude Code
(``claude …``, ``npx @anthropic-ai/claude-code …``, or a shell command line
that runs ``claude``) for an ``ANTHROPIC_API_KEY`` handed to it: set in an
``Environment=`` line, or defined in a file named by ``EnvironmentFile=``
(an absolute path, ``%h`` for the home folder). An empty value, or
``UnsetEnvironment=ANTHROPIC_API_KEY``, is not reported.

## Why is this bad?
A ``claude`` started with ``ANTHROPIC_API_KEY`` in its environment uses the
key, not the Claude subscription of the user it runs as: every run is billed
to the key's Console organisation, without the subscription's limits, and
claude.ai connectors are disabled (``claude.ai connectors are disabled
because ANTHROPIC_API_KEY or another auth source is set``). A key kept in an
orchestrator's environment file for its own SDK calls reaches ``claude``
this way without anyone deciding it. This is information: a key can be the
intended way to run Claude Code headless.

## Example
```ini
[Service]
EnvironmentFile=%h/.config/agent/agent.env   # holds ANTHROPIC_API_KEY for the SDK
ExecStart=/usr/local/bin/claude -p "triage new issues"
```
Use instead, when the subscription should be used:
```ini
[Service]
EnvironmentFile=%h/.config/agent/agent.env
UnsetEnvironment=ANTHROPIC_API_KEY
ExecStart=/usr/local/bin/claude -p "triage new issues"
```

## Fix safety
No fix: whether the key or the subscription should pay is your decision.

## Source
- https://code.claude.com/docs/en/authentication
  ``ANTHROPIC_API_KEY`` takes precedence over a subscription login.
- https://github.com/nbramia/LifeOS/issues/578
  ``claude`` spawned by a service with an inherited ``ANTHROPIC_API_KEY``: subscription
  bypassed, connectors disabled.
- https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html
  ``Environment=``, ``EnvironmentFile=``, ``UnsetEnvironment=``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.variables import API_KEY
from authlint.rules._base import Rule
from authlint.scanners.cache import scan_file
from authlint.scanners.systemd_unit import service, unit_directives

# `claude` as a command word (`/usr/bin/claude -p`, `bash -lc "claude -p …"`) or the npm package.
_RUNS_CLAUDE = re.compile(r"""(?:^|[\s/'"(;&|])claude(?=$|[\s'";&|)])|@anthropic-ai/claude-code""")


def runs_claude(file: ScannedFile) -> bool:
    """Whether one of the unit's ``ExecStart=`` lines runs Claude Code."""
    return any(_RUNS_CLAUDE.search(d.value) for d in service(unit_directives(file), "ExecStart"))


def _environment_file(value: str, home: Path | None) -> Path | None:
    path = value.strip().lstrip("-").strip()
    if path.startswith("%h/") and home is not None:
        return home / path[3:]
    if "%" in path or not path.startswith("/"):
        return None
    return Path(path)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield an information finding where a unit that runs ``claude`` gets an API key."""
    if not file.first_view or not runs_claude(file):
        return
    found = unit_directives(file)
    for directive in service(found, "UnsetEnvironment"):
        if API_KEY in directive.value.split():
            return
    message = (
        "This unit starts Claude Code with ANTHROPIC_API_KEY{where}: claude uses the key instead "
        "of the subscription login of the user it runs as (billed to the key's organisation, "
        "claude.ai connectors disabled). Add `UnsetEnvironment=ANTHROPIC_API_KEY` if the "
        "subscription should be used"
    )
    for assignment in file.assignments:
        if assignment.name == API_KEY and (assignment.value or "").strip():
            yield RULE.finding(file, assignment.name_span, message.format(where=""))
    for directive in service(found, "EnvironmentFile"):
        path = _environment_file(directive.value, context.home)
        if path is None:
            continue
        scanned = scan_file(path, FileKind.DOTENV)
        definition = scanned.effective(API_KEY) if scanned is not None else None
        if definition is None or not (definition.value or "").strip():
            continue
        related = Related(path, definition.name_span, "ANTHROPIC_API_KEY is defined here")
        yield RULE.finding(
            file,
            directive.value_span,
            message.format(where=f" from {path.name}"),
            related=(related,),
        )


RULE = Rule(
    code="AL911",
    name="systemd-unit-gives-claude-api-key",
    summary="systemd unit runs claude with ANTHROPIC_API_KEY (the subscription is bypassed)",
    severity=Severity.INFO,
    kinds=frozenset({FileKind.SYSTEMD_UNIT}),
    check=check,
    doc=__doc__ or "",
)
