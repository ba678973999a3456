"""What a dev container does with Claude Code's state: mounts, lifecycle scripts, Dockerfile.

Shared by AL719 and AL720. Sources: the Dev Container specification
(https://containers.dev/implementors/json_reference/: ``mounts`` as Docker
``--mount`` strings or objects, the lifecycle commands, ``build.dockerfile``
relative to ``devcontainer.json``); Claude Code's reference devcontainer
(https://code.claude.com/docs/en/devcontainer: a volume on ``~/.claude`` with
``CLAUDE_CONFIG_DIR`` pointing at it).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from authlint.core.facts import JsonValue, ScannedFile
from authlint.core.text import Span
from authlint.rules._settings import devcontainer_workspace

LIFECYCLE = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)
# Text that shows the state file is seeded, linked or mounted.
STATE_EVIDENCE = re.compile(r"hasCompletedOnboarding|\.?claude[._-]json")
_MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Mount:
    """One entry of ``mounts``: where it comes from, where it goes, and its span."""

    source: str
    target: str
    type: str
    span: Span


def _mount_from_string(text: str, span: Span) -> Mount | None:
    fields: dict[str, str] = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        fields[key.strip().lower()] = value.strip()
    target = fields.get("target") or fields.get("destination") or fields.get("dst") or ""
    source = fields.get("source") or fields.get("src") or ""
    if not target:
        return None
    return Mount(source, target, fields.get("type", "volume"), span)


def mounts(root: JsonValue | None) -> list[Mount]:
    """The ``mounts`` entries of a devcontainer (strings or ``{source, target, type}``)."""
    array = root.get("mounts") if root is not None and root.type == "object" else None
    if array is None or array.type != "array":
        return []
    found: list[Mount] = []
    for item in array.items:
        if item.type == "string" and isinstance(item.value, str):
            mount = _mount_from_string(item.value, item.span)
        elif item.type == "object":
            values = {m.key: m.value.value for m in item.members if m.value.type == "string"}
            target = str(values.get("target") or "")
            mount = (
                Mount(
                    str(values.get("source") or ""),
                    target,
                    str(values.get("type") or ""),
                    item.span,
                )
                if target
                else None
            )
        else:
            mount = None
        if mount is not None:
            found.append(mount)
    return found


def is_claude_folder(target: str) -> bool:
    """Whether a mount target is a ``.claude`` folder (``/home/node/.claude``)."""
    return target.rstrip("/").rsplit("/", 1)[-1] == ".claude"


def _read(path: Path) -> str | None:
    from authlint.core.source import read_regular_file  # a FIFO or device never ends

    try:
        return read_regular_file(path, _MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def _commands(value: JsonValue) -> list[str]:
    if value.type == "string" and isinstance(value.value, str):
        return [value.value]
    if value.type == "array":
        return [" ".join(str(i.value) for i in value.items if i.type == "string")]
    if value.type == "object":
        return [c for m in value.members for c in _commands(m.value)]
    return []


def _script_paths(command: str) -> list[str]:
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return []
    return [
        w
        for w in words
        if re.search(r"\.(?:sh|bash|zsh|py|js|mjs|ts)$", w)
        or (w.startswith(("./", ".devcontainer/")))
    ]


def state_handling(file: ScannedFile) -> bool | None:
    """Whether the container visibly seeds, links or mounts Claude Code's state file.

    ``True`` when the devcontainer, a lifecycle script or the Dockerfile it
    builds mentions ``hasCompletedOnboarding`` or ``.claude.json``; ``None``
    (unknown) when one of those files cannot be read, or the image looks
    made for Claude Code; ``False`` otherwise.
    """
    path = file.source.path
    root = file.json.root if file.json is not None else None
    if root is None or root.type != "object":
        return None
    if STATE_EVIDENCE.search(file.source.text):
        return True
    if path is None:
        return None
    folder = path.parent
    workspace = devcontainer_workspace(path)
    texts: list[str] = []
    for key in LIFECYCLE:
        value = root.get(key)
        if value is None:
            continue
        for command in _commands(value):
            for word in _script_paths(command):
                script = next((p for p in (workspace / word, folder / word) if p.is_file()), None)
                text = _read(script) if script is not None else None
                if text is None:
                    return None
                texts.append(text)
    build = root.get("build")
    dockerfile = build.get("dockerfile") if build is not None and build.type == "object" else None
    dockerfile = dockerfile or root.get("dockerFile")
    if dockerfile is not None and isinstance(dockerfile.value, str):
        text = _read(folder / dockerfile.value)
        if text is None:
            return None
        texts.append(text)
    image = root.get("image")
    if image is not None and isinstance(image.value, str) and "claude" in image.value.lower():
        return None
    if root.get("dockerComposeFile") is not None:
        return None
    return any(STATE_EVIDENCE.search(t) for t in texts)
