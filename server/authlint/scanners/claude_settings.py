"""Claude Code settings (``~/.claude/settings.json``, ``.claude/settings*.json``, managed).

Facts emitted: ``json`` (the whole document, see
:mod:`authlint.scanners.json_tree`) and one :class:`Assignment` per member of
the top-level ``env`` object, which Claude Code exports to its own process
and every subprocess ("A value here overwrites the same variable exported in
your shell"). Claude Code reads these files with a strict JSON parser: a
comment or a trailing comma makes it ignore the whole file; the scanner only
records them (``json.comments``, ``json.trailing_commas``, ``json.errors``) and
the rules decide what they mean.

Sources: ``auth-facts.md`` §2.4 (files, precedence, ``env``);
``client-behaviour.md`` headline 5 and the "Claude Code CLI" table (settings
``env`` beats the shell; a trailing comma makes the file ignored).
"""

from __future__ import annotations

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import object_assignments, parse_json


def scan(source: SourceFile) -> ScannedFile:
    """Scan a Claude Code settings file. Never raises on bad syntax."""
    document = parse_json(source)
    root = document.root
    env = root.get("env") if root is not None and root.type == "object" else None
    return ScannedFile(
        source,
        FileKind.CLAUDE_SETTINGS,
        assignments=object_assignments(source, env),
        json=document,
    )
