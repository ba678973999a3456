"""mcp-server-ai-sdk-without-base-url.

## What it does
Checks ``createAnthropic()`` calls (``@ai-sdk/anthropic``) without a
``baseURL`` in a project that Claude Code starts as an MCP server: a
``.mcp.json`` (in the project or a folder above it) or ``~/.claude.json``
(``mcpServers``, also per project) registers a server whose command,
arguments or ``cwd`` point at a file or folder of the project. It reports
only when the project's ``@ai-sdk/anthropic`` is known to be older than the
releases that add ``/v1`` to the bare host (3.0.94 and 4.0.6), and when the
registration does not set ``ANTHROPIC_BASE_URL`` in its ``env``.

## Why is this bad?
Claude Code sets ``ANTHROPIC_BASE_URL=https://api.anthropic.com`` in the
environment of the processes it starts: MCP servers, hooks, Bash tool
commands. ``createAnthropic()`` without ``baseURL`` reads that variable, and
older ``@ai-sdk/anthropic`` releases expect the base *with* ``/v1``: the
server posts to ``https://api.anthropic.com/messages`` and gets
``AI_APICallError: Not Found``. The same code works when started from a
terminal, where the variable is unset and the provider's default (with
``/v1``) applies.

## Example
```ts
// src/index.ts of an MCP server registered in .mcp.json; @ai-sdk/anthropic 2.0.x
const anthropic = createAnthropic();
```
Use instead:
```ts
const anthropic = createAnthropic({ baseURL: "https://api.anthropic.com/v1" });
```
or upgrade ``@ai-sdk/anthropic`` to 3.0.94 / 4.0.6 or later.

## Fix safety
No fix: pass ``baseURL`` or upgrade the package.

## Source
- https://github.com/vercel/ai/issues/15542
  ``AI_APICallError: Not Found`` at ``https://api.anthropic.com/messages`` inside Claude Code.
- https://github.com/vercel/ai/pull/16584
  ``@ai-sdk/anthropic`` 4.0.6 adds ``/v1`` to the bare Anthropic host (3.0.94 in the
  v6.0 line, https://github.com/vercel/ai/pull/16761).
- https://github.com/garrytan/gbrain/issues/1250
  the same 404 from a tool started by Claude Code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from authlint.core import packages
from authlint.core.context import CheckContext
from authlint.core.facts import FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.findings import Finding, Related, Severity
from authlint.core.source import SourceFile
from authlint.rules._base import Rule
from authlint.rules._sdk import base_url_argument, project_root
from authlint.rules.sdk_base_url_version_path import AI_SDK, AI_SDK_BARE_HOST_FIX
from authlint.scanners.json_tree import parse_json

_CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
_LEVELS = 4


def _servers(root: JsonValue | None) -> Iterator[JsonMember]:
    """The entries of ``mcpServers`` (top level and under each ``projects`` entry)."""
    if root is None or root.type != "object":
        return
    holders = [root]
    projects = root.get("projects")
    if projects is not None and projects.type == "object":
        holders.extend(m.value for m in projects.members if m.value.type == "object")
    for holder in holders:
        servers = holder.get("mcpServers")
        if servers is not None and servers.type == "object":
            yield from (m for m in servers.members if m.value.type == "object")


def _points_into(entry: JsonValue, base: Path, project: Path) -> bool:
    """Whether the server's command, an argument or its ``cwd`` is a path in ``project``."""
    words: list[str] = []
    for key in ("command", "cwd"):
        value = entry.get(key)
        if value is not None and isinstance(value.value, str):
            words.append(value.value)
    args = entry.get("args")
    if args is not None and args.type == "array":
        words.extend(item.value for item in args.items if isinstance(item.value, str))
    for word in words:
        if not word or word.startswith(("-", "@")) or "://" in word:
            continue
        path = Path(os.path.abspath(base / os.path.expanduser(word)))
        if not path.is_relative_to(project):
            continue
        if path.exists() or path.name.endswith(_CODE_SUFFIXES):
            return True
    return False


def _sets_base_url(entry: JsonValue) -> bool:
    env = entry.get("env")
    return env is not None and env.type == "object" and env.member("ANTHROPIC_BASE_URL") is not None


def registrations(project: Path, home: Path | None) -> list[tuple[Path, JsonMember]]:
    """Claude Code MCP registrations that start a server from ``project``."""
    files = [folder / ".mcp.json" for folder in (project, *project.parents[:_LEVELS])]
    if home is not None:
        files.append(home / ".claude.json")
    found: list[tuple[Path, JsonMember]] = []
    for path in dict.fromkeys(files):
        if not path.is_file():
            continue
        try:
            source = SourceFile.read(path)
        except (OSError, ValueError):
            continue
        document = parse_json(source)
        for member in _servers(document.root):
            if _points_into(member.value, path.parent, project) and not _sets_base_url(
                member.value
            ):
                found.append((path, member))
    return found


def check(file: ScannedFile, context: CheckContext) -> Iterator[Finding]:
    """Yield a warning per ``createAnthropic()`` without ``baseURL`` in an old-SDK MCP server."""
    if file.code is None:
        return
    clients = [
        c for c in file.code.clients if c.family == "ai-sdk" and base_url_argument(c) is None
    ]
    if not clients:
        return
    root = project_root(file)
    if root is None or packages.has_fix(root, AI_SDK, AI_SDK_BARE_HOST_FIX) is not False:
        return
    found = registrations(root.absolute(), context.home)
    if not found:
        return
    version = packages.installed_version(root, AI_SDK)
    shown = ".".join(map(str, version)) if version else packages.declared_specifier(root, AI_SDK)
    path, member = found[0]
    related = Related(path, member.key_span, f"Claude Code starts MCP server `{member.key}` here")
    for client in clients:
        message = (
            f"`{client.constructor}()` has no `baseURL`: started by Claude Code as MCP server "
            f"`{member.key}`, it inherits ANTHROPIC_BASE_URL=https://api.anthropic.com, and "
            f"@ai-sdk/anthropic {shown} (before 3.0.94 / 4.0.6) then posts to "
            "https://api.anthropic.com/messages (404 Not Found). Pass "
            '`baseURL: "https://api.anthropic.com/v1"` or upgrade the package'
        )
        yield RULE.finding(file, client.span, message, related=(related,))


RULE = Rule(
    code="AL615",
    name="mcp-server-ai-sdk-without-base-url",
    summary="AI SDK client without baseURL in an MCP server Claude Code starts (404 /messages)",
    severity=Severity.WARNING,
    kinds=frozenset({FileKind.JAVASCRIPT}),
    check=check,
    doc=__doc__ or "",
)
