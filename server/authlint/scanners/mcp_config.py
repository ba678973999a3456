"""MCP server configurations (``.mcp.json``, ``claude_desktop_config.json``).

Both files are strict JSON with a top-level ``mcpServers`` object; each
server may carry an ``env`` object whose members the client passes to the
server's process (and nothing else). Facts emitted: ``json`` (see
:mod:`authlint.scanners.json_tree`) and one :class:`Assignment` per member
of every ``mcpServers.<name>.env`` object, in file order; each ``env`` object
is its own block (:meth:`ScannedFile.env_blocks`). ``${VAR}`` and
``${VAR:-default}`` (expanded by Claude Code in ``.mcp.json``) give
``value=None``.

Sources: https://docs.claude.com/en/docs/claude-code/mcp (``.mcp.json``,
``env``, environment variable expansion) and
https://modelcontextprotocol.io/quickstart/user (``claude_desktop_config.json``).
"""

from __future__ import annotations

from authlint.core.facts import Assignment, FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import object_assignments, parse_json


def scan(source: SourceFile) -> ScannedFile:
    """Scan an MCP configuration. Never raises on bad syntax."""
    document = parse_json(source)
    root = document.root
    assignments: list[Assignment] = []
    servers = root.get("mcpServers") if root is not None and root.type == "object" else None
    if servers is not None and servers.type == "object":
        for member in servers.members:
            if member.value.type == "object":
                assignments.extend(object_assignments(source, member.value.get("env")))
    return ScannedFile(source, FileKind.MCP_CONFIG, assignments=assignments, json=document)
