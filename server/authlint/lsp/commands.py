"""Workspace commands: ``authlint.resetClaudeLogin`` and the code action that offers it.

``authlint.resetClaudeLogin`` moves Claude Code's ``.credentials.json`` to a
timestamped backup next to it (:func:`authlint.core.claude_login.reset_login`),
so the next ``claude`` start asks for a new login; on macOS it explains the
Keychain steps instead. Arguments (pygls 2 passes them one by one): an
optional file URI or path of the credentials file; without one, the file
Claude Code uses on this machine (``$CLAUDE_CONFIG_DIR`` or ``~/.claude``).
The outcome is shown with ``window/showMessage`` and returned as a dict
(``moved``, ``backup``, ``message``).

The command is offered as a ``quickfix`` code action (a ``command``, no edit)
on the diagnostics that mean the stored login is unusable or exposed: AL812
(invalid-claude-credentials), AL813 (expired-claude-login) and AL814
(credentials-file-permissions).

Sources: ``architecture.md`` §1.2 (pygls 2 commands get individual
arguments), §1.10 (``window_show_message``); ``auth-facts.md`` §2.5–2.6.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from authlint.core.claude_login import default_credentials_path, reset_login
from authlint.core.context import Platform
from authlint.core.secrets import redact
from authlint.lsp.convert import SOURCE, path_from_uri

log = logging.getLogger("authlint.lsp")

RESET_COMMAND = "authlint.resetClaudeLogin"
RESET_TITLE = "Reset the Claude Code login (move .credentials.json to a backup)"
RESET_CODES = frozenset({"AL812", "AL813", "AL814"})


def reset_actions(diagnostics: Iterable[types.Diagnostic], uri: str) -> list[types.CodeAction]:
    """The reset ``quickfix`` for the authlint diagnostics of ``uri`` that call for a new login.

    Takes the request's diagnostics and the document's URI; returns one action
    covering all of them (none when no diagnostic qualifies).
    """
    matching = [d for d in diagnostics if d.source == SOURCE and str(d.code) in RESET_CODES]
    if not matching:
        return []
    command = types.Command(title=RESET_TITLE, command=RESET_COMMAND, arguments=[uri])
    return [
        types.CodeAction(
            title=RESET_TITLE,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=matching,
            command=command,
        )
    ]


def _target(arguments: tuple[Any, ...]) -> Path:
    """The credentials file named by the command's first argument (URI or path), or the default."""
    first = arguments[0] if arguments else None
    if isinstance(first, str) and first.strip():
        path = path_from_uri(first) if first.startswith("file:") else Path(first)
        if path is not None:
            return path
    return default_credentials_path(Path.home(), os.environ)


async def reset_claude_login(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """Run :func:`reset_login` in a worker thread, show the outcome, and return it.

    Takes the server and the command's arguments (an optional URI or path);
    returns ``{"moved": bool, "backup": str | None, "message": str}``. Never
    raises for a missing or unmovable file: the message says what happened.
    """
    path = _target(arguments)
    result = await asyncio.to_thread(reset_login, path, Platform.current())
    message = redact(result.message)
    kind = types.MessageType.Info if result.moved else types.MessageType.Warning
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
    log.info("%s", message)
    return {
        "moved": result.moved,
        "backup": str(result.backup) if result.backup is not None else None,
        "message": message,
    }


VERIFY_COMMAND = "authlint.verifyKey"


async def verify_key(ls: LanguageServer, *arguments: Any) -> dict[str, Any]:
    """``authlint verify`` from the editor: check the server's environment once, live.

    The client runs it only after the user confirmed where the key will be
    sent (the VS Code extension asks first). The credentials are the ones
    programs started like the editor get: the server's own environment. The
    same safety rules as the CLI apply (https only but loopback; an Anthropic
    key never goes to another host). Returns the masked report as plain data
    with a ``message``; never raises for network failures.
    """
    from authlint.verify import verify_environment
    from authlint.verify.render import render_text

    report = await asyncio.to_thread(verify_environment, dict(os.environ))
    message = redact(render_text(report)).strip()
    kind = types.MessageType.Info if report.accepted else types.MessageType.Warning
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
    log.info("%s", message)
    return {**report.as_dict(), "message": message}


def register(server: LanguageServer) -> None:
    """Register the commands of this module on ``server``."""
    server.command(RESET_COMMAND)(reset_claude_login)
    server.command(VERIFY_COMMAND)(verify_key)
