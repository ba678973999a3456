"""Dev container definitions (``.devcontainer/devcontainer.json``, ``.devcontainer.json``).

The files are JSONC. Facts emitted: ``json`` (see
:mod:`authlint.scanners.json_tree`) and one :class:`Assignment` per member of
the top-level ``containerEnv`` (the whole container) and ``remoteEnv`` (VS
Code and its terminals, tasks, debuggers) objects, in file order. A value
with a ``${…}`` substitution (``${localEnv:ANTHROPIC_API_KEY}`` reads the
host, ``${containerEnv:PATH}``) is computed when the container starts:
``value=None`` (so is ``null``; the rules read the :class:`JsonValue`).
Other settings (``runArgs``' ``--env-file``, ``dockerComposeFile``,
``customizations.vscode.settings``) stay in the tree for the rules.

Sources: ``auth-facts.md`` §6 (devcontainer ``containerEnv`` / ``remoteEnv``,
``${localEnv:VAR}``) and §9 ANT066.
"""

from __future__ import annotations

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import object_assignments, parse_json

ENV_KEYS = ("containerEnv", "remoteEnv")


def scan(source: SourceFile) -> ScannedFile:
    """Scan a devcontainer definition. Never raises on bad syntax."""
    document = parse_json(source)
    root = document.root
    assignments: list[Assignment] = []
    if root is not None and root.type == "object":
        for member in root.members:
            if member.key in ENV_KEYS:
                assignments.extend(object_assignments(source, member.value))
    return ScannedFile(source, FileKind.DEVCONTAINER, assignments=assignments, json=document)
