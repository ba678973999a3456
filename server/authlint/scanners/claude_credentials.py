"""Claude Code's login file ``~/.claude/.credentials.json`` (Linux, Windows).

Facts emitted: ``json`` only (see :mod:`authlint.scanners.json_tree`):
``claudeAiOauth`` with ``accessToken``, ``refreshToken``, ``expiresAt`` (epoch
milliseconds), ``scopes`` (must be an array), ``subscriptionType``. The file
holds live tokens, so no :class:`Assignment` is made from it and rules must
never put a token value in a message (use :func:`authlint.core.secrets.mask`).
On macOS the login lives in the Keychain; the file is read when it exists.

Sources: ``auth-facts.md`` §2.5 (storage, JSON shape, CHANGELOG 2.1.143 on
``scopes``); ``client-behaviour.md`` "Claude Code CLI" table (an expired
``expiresAt`` gives ``401 OAuth token has expired``).
"""

from __future__ import annotations

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.scanners.json_tree import parse_json


def scan(source: SourceFile) -> ScannedFile:
    """Scan ``.credentials.json``: the JSON tree, no assignments. Never raises on bad syntax."""
    return ScannedFile(source, FileKind.CLAUDE_CREDENTIALS, json=parse_json(source))
