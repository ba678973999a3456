"""Claude Code's state file ``~/.claude.json``.

Facts emitted: ``json`` only (see :mod:`authlint.scanners.json_tree`). The
file holds the sign-in session (``oauthAccount``, ``primaryApiKey`` on
non-macOS Console logins), per-project trust decisions and
``customApiKeyResponses`` (the last 20 characters of each environment API key
the user approved or declined); none of it defines an environment variable, so
there are no assignments. Rules read the tree and must never echo a key.

Sources: ``auth-facts.md`` §2.5 (``~/.claude.json`` fields,
``customApiKeyResponses``); ``client-behaviour.md`` "Claude Code CLI" table
(``primaryApiKey`` is sent as ``x-api-key``; ``ANTHROPIC_API_KEY`` overrides it).
"""

from __future__ import annotations

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import parse_json


def scan(source: SourceFile) -> ScannedFile:
    """Scan ``~/.claude.json``: the JSON tree, no assignments. Never raises on bad syntax."""
    return ScannedFile(source, FileKind.CLAUDE_STATE, json=parse_json(source))
