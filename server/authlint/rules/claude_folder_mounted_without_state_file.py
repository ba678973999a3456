"""claude-folder-mounted-without-state-file.

## What it does
Checks a dev container that mounts a ``.claude`` folder (the host's
``~/.claude`` or a volume) on the container user's ``~/.claude`` but neither
mounts ``~/.claude.json`` nor sets ``CLAUDE_CONFIG_DIR`` (in
``containerEnv`` or ``remoteEnv``) to the mounted folder. Quiet when the
devcontainer, its lifecycle scripts or its Dockerfile link or seed
``.claude.json`` (or when one of them cannot be read).

## Why is this bad?
Claude Code keeps its settings and credentials in ``~/.claude/`` but its
sign-in state and onboarding flag in ``~/.claude.json``, next to the folder,
not in it. With only the folder mounted, every new container starts with
no state file: the first-run onboarding (and often the login screen) comes
back, and the configuration from the host looks "not detected". With ``CLAUDE_CONFIG_DIR``
set, Claude Code keeps ``.claude.json`` inside that folder, so the mount
carries both.

## Example
```json
{
  "mounts": ["source=${localEnv:HOME}/.claude,target=/home/node/.claude,type=bind"]
}
```
Use instead:
```json
{
  "mounts": ["source=${localEnv:HOME}/.claude,target=/home/node/.claude,type=bind"],
  "containerEnv": { "CLAUDE_CONFIG_DIR": "/home/node/.claude" }
}
```

## Fix safety
Safe: adds ``CLAUDE_CONFIG_DIR`` set to the mount's target to
``containerEnv`` (created when missing). Claude Code then reads and writes
everything in the mounted folder.

## Source
- https://github.com/anthropics/claude-code/issues/26623
  configuration "not detected" in a container with ``~/.claude`` mounted.
- https://code.claude.com/docs/en/devcontainer
  the reference devcontainer mounts ``~/.claude`` and sets ``CLAUDE_CONFIG_DIR`` to it.
- https://code.claude.com/docs/en/settings
  ``~/.claude.json`` holds the sign-in session and per-project state.
- https://github.com/1996fanrui/agents-sandbox/issues/80
  a container with ``~/.claude/`` mounted but not ``~/.claude.json`` shows the onboarding
  and asks to log in; ``claude -p`` works.
"""

from __future__ import annotations

from collections.abc import Iterator

from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, ScannedFile
from authlint.core.findings import Applicability, Finding, Fix, Severity
from authlint.rules._base import Rule
from authlint.rules._claude import root_object
from authlint.rules._containers import STATE_EVIDENCE, is_claude_folder, mounts, state_handling
from authlint.rules._settings import insert_member_edits, json_string

CONFIG_DIR = "CLAUDE_CONFIG_DIR"


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a finding when ``~/.claude`` is mounted without its state file."""
    if not file.first_view:
        return
    root = root_object(file.whole)
    if root is None:
        return
    found = mounts(root)
    folders = [m for m in found if is_claude_folder(m.target)]
    if not folders:
        return
    if any(a.name == CONFIG_DIR for a in file.whole.assignments):
        return
    if any(STATE_EVIDENCE.search(m.source + " " + m.target) for m in found):
        return
    if state_handling(file.whole) is not False:
        return
    mount = folders[0]
    target = mount.target.rstrip("/")
    member = f"{json_string(CONFIG_DIR)}: {json_string(target)}"
    env = root.get("containerEnv")
    if env is not None and env.type == "object":
        edits = insert_member_edits(file.whole, env, member)
    else:
        edits = insert_member_edits(file.whole, root, f'"containerEnv": {{ {member} }}')
    fix = Fix(RULE.fix_title or "", edits, Applicability.SAFE)
    message = (
        f"{target} is mounted, but not ~/.claude.json beside it and `{CONFIG_DIR}` is not set: "
        "Claude Code keeps its sign-in state and onboarding flag in ~/.claude.json, outside the "
        "folder, so each new container starts with the first-run onboarding and may ask to log "
        "in again; set "
        f"`{CONFIG_DIR}` to {target}"
    )
    yield RULE.finding(file, mount.span, message, fix=fix)


RULE = Rule(
    code="AL720",
    name="claude-folder-mounted-without-state-file",
    summary="Dev container mounts ~/.claude but not ~/.claude.json, without CLAUDE_CONFIG_DIR",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.DEVCONTAINER}),
    check=check,
    doc=__doc__ or "",
    fix_title="Set CLAUDE_CONFIG_DIR to the mounted folder",
)
