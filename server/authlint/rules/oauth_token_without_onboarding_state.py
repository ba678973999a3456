"""oauth-token-without-onboarding-state.

## What it does
Checks a dev container that hands Claude Code a ``CLAUDE_CODE_OAUTH_TOKEN``
(in ``containerEnv`` or ``remoteEnv``, usually
``${localEnv:CLAUDE_CODE_OAUTH_TOKEN}``) but gives it no state file: nothing
mounts, links or seeds ``~/.claude.json`` with ``"hasCompletedOnboarding":
true``. Seeding is looked for in the devcontainer itself, in the scripts its
lifecycle commands run and in the Dockerfile it builds; when one of those
cannot be read, the image looks made for Claude Code, or the container comes
from a Compose file, nothing is reported. A ``CLAUDE_CONFIG_DIR`` that a
mount (a volume, a host folder) keeps across rebuilds counts as state; a
``.claude`` folder mounted without ``CLAUDE_CONFIG_DIR`` is left to AL720.

In a Compose file the same is checked, narrowly, for an interactive service
(``tty: true`` or ``stdin_open: true``, no ``claude -p``) built from a
Dockerfile in the project that installs Claude Code: the token is in its
``environment``, and neither the Dockerfile nor a volume provides the state
file (a volume on the config folder with ``CLAUDE_CONFIG_DIR`` counts).

## Why is this bad?
On a fresh container Claude Code starts with its first-run onboarding: the
theme picker, then the login screen. The token is ignored until
``~/.claude.json`` records that onboarding is done, so interactive
``claude`` asks to log in although the token is set (``claude -p`` works).

## Example
```json
{
  "image": "mcr.microsoft.com/devcontainers/typescript-node:22",
  "containerEnv": { "CLAUDE_CODE_OAUTH_TOKEN": "${localEnv:CLAUDE_CODE_OAUTH_TOKEN}" }
}
```
Use instead:
```json
{
  "image": "mcr.microsoft.com/devcontainers/typescript-node:22",
  "containerEnv": { "CLAUDE_CODE_OAUTH_TOKEN": "${localEnv:CLAUDE_CODE_OAUTH_TOKEN}" },
  "postCreateCommand": "echo '{\\"hasCompletedOnboarding\\": true}' > ~/.claude.json"
}
```

## Fix safety
Unsafe (offered when there is no ``postCreateCommand`` and no
``CLAUDE_CONFIG_DIR``): adds a ``postCreateCommand`` that writes that
``~/.claude.json`` only when it does not exist yet. No fix in Compose files
(the Dockerfile is the place to seed it).

## Source
- https://github.com/anthropics/claude-code/issues/73403
  theme picker, then the login screen, with ``CLAUDE_CODE_OAUTH_TOKEN`` set in a container.
- https://github.com/anthropics/claude-code/issues/78163
  ``Failed to retrieve auth status after login`` on a fresh machine.
- https://github.com/anthropics/claude-code/issues/8938
  ``CLAUDE_CODE_OAUTH_TOKEN`` is not enough in a container; ``hasCompletedOnboarding: true``
  in ``~/.claude.json`` is the workaround.
- https://code.claude.com/docs/en/authentication
  ``claude setup-token`` and ``CLAUDE_CODE_OAUTH_TOKEN``.
- https://containers.dev/implementors/json_reference/
  ``containerEnv``, ``mounts`` and the lifecycle commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, ScannedFile
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.core.text import Span
from authlint.rules._base import Rule
from authlint.rules._claude import OAUTH_TOKEN, root_object
from authlint.rules._compose import Service, build_texts, services
from authlint.rules._containers import STATE_EVIDENCE, is_claude_folder, mounts, state_handling
from authlint.rules._settings import insert_member_edits, json_string

CONFIG_DIR = "CLAUDE_CONFIG_DIR"
SEED = "test -f ~/.claude.json || echo '{\"hasCompletedOnboarding\": true}' > ~/.claude.json"


_PRINT_MODE = re.compile(r"(?<![\w-])(?:-p|--print)(?![\w-])")
_INSTALLS_CLAUDE = re.compile(r"@anthropic-ai/claude-code|claude\.ai/install\.sh")


def _interactive(service: Service) -> bool:
    value = service.value
    on = any((v := value.get(k)) is not None and v.type == "true" for k in ("tty", "stdin_open"))
    command = f"{service.text('entrypoint')} {service.text('command')}"
    return on and not _PRINT_MODE.search(command)


def _check_compose(file: ScannedFile) -> Iterator[Finding]:
    if not file.first_view:
        return
    index = file.source.index
    for service in services(file):
        names = service.environment_names()
        entry = names.get(OAUTH_TOKEN)
        if entry is None or not _interactive(service):
            continue
        dockerfile_path = service.dockerfile()
        if dockerfile_path is None:
            continue  # an image built elsewhere may seed the state file
        dockerfile, _, _ = build_texts(service)
        if not _INSTALLS_CLAUDE.search(dockerfile) or STATE_EVIDENCE.search(dockerfile):
            continue
        volumes = service.value.get("volumes")
        mounted = index.slice(volumes.span) if volumes is not None else ""
        if STATE_EVIDENCE.search(mounted):
            continue
        if CONFIG_DIR in names and ".claude" in mounted:
            continue  # the config folder, with the state file in it, persists in a volume
        if isinstance(entry, JsonMember):
            span = entry.key_span
        else:  # `- NAME=…`: the name
            start = entry.content_span.start
            span = Span.at(start.line, start.character, start.character + len(OAUTH_TOKEN))
        message = (
            f"{OAUTH_TOKEN} is passed to the interactive service `{service.name}`, whose "
            "Dockerfile installs Claude Code but never seeds ~/.claude.json with "
            '`"hasCompletedOnboarding": true`: `claude` starts with its first-run onboarding '
            "and the login screen, and ignores the token (`claude -p` is not affected)"
        )
        yield RULE.finding(file, span, message)


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when a container passes an OAuth token but no onboarding state."""
    if file.kind is FileKind.COMPOSE:
        yield from _check_compose(file)
        return
    tokens = [
        a
        for a in file.assignments
        if a.name == OAUTH_TOKEN and (a.value is None or a.value.strip())
    ]
    if not tokens:
        return
    whole = file.whole
    root = root_object(whole)
    if root is None:
        return
    found = mounts(root)
    config = [a for a in whole.assignments if a.name == CONFIG_DIR]
    if config:
        target = (config[-1].value or "").rstrip("/")
        if not target or any(m.target.rstrip("/") == target for m in found):
            return  # the config folder (and the state file in it) persists in a mount
    elif any(is_claude_folder(m.target) for m in found):
        return  # AL720 reports the mount
    if any(STATE_EVIDENCE.search(m.source + " " + m.target) for m in found):
        return
    if state_handling(whole) is not False:
        return
    fix = None
    if not config and root.get("postCreateCommand") is None:
        edits = insert_member_edits(
            whole, root, f"{json_string('postCreateCommand')}: {json_string(SEED)}"
        )
        fix = Fix(RULE.fix_title or "", edits, Applicability.UNSAFE)
    where = f"`{CONFIG_DIR}`/.claude.json" if config else "~/.claude.json"
    message = (
        f"{OAUTH_TOKEN} is passed into the container, but nothing seeds {where} with "
        '`"hasCompletedOnboarding": true`: interactive `claude` starts with its first-run '
        "onboarding and the login screen, and ignores the token"
    )
    yield RULE.finding(file, tokens[-1].name_span, message, fix=fix)


RULE = Rule(
    code="AL719",
    name="oauth-token-without-onboarding-state",
    summary="CLAUDE_CODE_OAUTH_TOKEN in a dev container that never completes onboarding",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.DEVCONTAINER, FileKind.COMPOSE}),
    check=check,
    doc=__doc__ or "",
    fix_title="Seed ~/.claude.json in postCreateCommand",
)
