"""VS Code settings (user ``settings.json``, ``.vscode/settings.json``, ``*.code-workspace``).

The files are JSONC (comments and trailing commas are legal). Facts emitted:
``json`` (see :mod:`authlint.scanners.json_tree`) and :class:`Assignment` facts for

- ``terminal.integrated.env.osx`` / ``.linux`` / ``.windows``: each member is a
  variable added to integrated terminals (``null`` deletes it: the assignment
  is kept with ``value=None``; ``${env:X}`` substitutions also give ``None``);
- ``claudeCode.environmentVariables``: items of the documented shape
  ``{"name": "…", "value": "…"}``; the name span is the ``name`` string's
  content, the value the ``value`` member, the statement the item. Items of
  any other shape (``"KEY=value"`` strings, objects without ``name``) are not
  assignments: the extension ignores them, and the rules report the shape
  from the :class:`JsonValue`.

Only top-level keys count (a ``"[python]": {…}`` language block cannot hold
these settings). In a ``*.code-workspace`` file the same keys are read from
the top-level ``settings`` object.

Sources: ``auth-facts.md`` §6 (``terminal.integrated.env.*`` "Set to ``null`` to
delete the environment variable"; ``claudeCode.environmentVariables`` shape
``[{ "name": …, "value": … }]``, wrong shape seen in Medical-Software-Foundation/canvas#191).
"""

from __future__ import annotations

from authlint.core.facts import Assignment, FileKind, JsonValue, ScannedFile, settings_object
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import (
    object_assignments,
    parse_json,
    string_assignment,
)

TERMINAL_ENV_KEYS = (
    "terminal.integrated.env.osx",
    "terminal.integrated.env.linux",
    "terminal.integrated.env.windows",
)
CLAUDE_CODE_ENV_KEY = "claudeCode.environmentVariables"


def claude_code_item_assignment(source: SourceFile, item: JsonValue) -> Assignment | None:
    """The assignment a ``claudeCode.environmentVariables`` item makes, or ``None``.

    Only ``{"name": "<string>", "value": …}`` items count (string, number,
    boolean or ``null`` values; see
    :func:`~authlint.scanners.json_tree.string_assignment`).
    """
    if item.type != "object":
        return None
    name = item.get("name")
    value_member = item.member("value")
    if name is None or name.type != "string" or not isinstance(name.value, str):
        return None
    if value_member is None:
        return None
    return string_assignment(source, name.value, name.content_span, value_member.value, item.span)


def scan(source: SourceFile) -> ScannedFile:
    """Scan a VS Code settings or workspace file. Never raises on bad syntax."""
    document = parse_json(source)
    workspace = source.path is not None and source.path.name.endswith(".code-workspace")
    settings = settings_object(document.root, workspace)
    assignments: list[Assignment] = []
    if settings is not None:
        for member in settings.members:
            if member.key in TERMINAL_ENV_KEYS:
                assignments.extend(object_assignments(source, member.value))
            elif member.key == CLAUDE_CODE_ENV_KEY and member.value.type == "array":
                for item in member.value.items:
                    found = claude_code_item_assignment(source, item)
                    if found is not None:
                        assignments.append(found)
    return ScannedFile(source, FileKind.VSCODE_SETTINGS, assignments=assignments, json=document)
