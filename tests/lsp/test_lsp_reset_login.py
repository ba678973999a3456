"""``authlint.resetClaudeLogin`` through the real server: the code action and the command.

The server runs with ``HOME`` pointed at ``tmp_home`` (``server_env`` in
``conftest.py``), so the command's default target is
``tmp_home/.claude/.credentials.json``; every check looks at the disk.
"""

from __future__ import annotations

import asyncio
import json
import stat
import sys
from pathlib import Path
from typing import Any, Union

import pytest
from lsprotocol import types

import keys
from conftest import TIMEOUT, Session, leaked

TOKEN = keys.oauth_token("lsp-reset")
REFRESH = keys.refresh_token("lsp-reset")
COMMAND = "authlint.resetClaudeLogin"

pytestmark = pytest.mark.skipif(
    sys.platform == "darwin", reason="macOS keeps the login in the Keychain"
)


def write_credentials(home: Path, mode: int, expires_at: int = 32503680000000) -> Path:
    """A ``.credentials.json`` in the server's home with the given mode."""
    path = home / ".claude" / ".credentials.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    oauth = {
        "accessToken": TOKEN,
        "refreshToken": REFRESH,
        "expiresAt": expires_at,
        "scopes": ["user:inference", "user:profile"],
    }
    path.write_text(json.dumps({"claudeAiOauth": oauth}, indent=2) + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def read_code_actions_with_commands(session: Session) -> None:
    """Make the test client tell a ``CodeAction`` with a ``command`` from a bare ``Command``.

    lsprotocol 2025.0.0 structures every ``Command | CodeAction`` that has a
    ``command`` key as a ``Command`` (``_hooks.py: _code_action_hook``), so a
    code action that runs a command comes back as a ``Command`` whose
    ``command`` is the repr of a dict. Editors tell them apart by the type of
    ``command`` (a string for a ``Command``), as this hook now does.
    """
    converter = session.client.protocol._converter

    def hook(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)  # noqa: UP007


async def execute(session: Session, *arguments: object) -> object:
    """Send ``workspace/executeCommand`` and return the server's answer."""
    params = types.ExecuteCommandParams(
        command=COMMAND, arguments=list(arguments) if arguments else None
    )
    return await asyncio.wait_for(session.client.workspace_execute_command_async(params), TIMEOUT)


async def test_the_command_is_advertised(session: Session) -> None:
    assert session.result is not None
    provider = session.result.capabilities.execute_command_provider
    assert provider is not None and COMMAND in provider.commands


async def test_the_code_action_resets_the_login_it_points_at(session: Session, tmp_home) -> None:
    read_code_actions_with_commands(session)
    path = write_credentials(tmp_home, 0o644)
    original = path.read_bytes()
    uri = session.open(path.as_uri(), path.read_text(encoding="utf-8"), language_id="json")
    diagnostics = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL814"]
    assert len(diagnostics) == 1

    actions = await session.code_actions(uri, diagnostics, only=["quickfix"])

    (action,) = [a for a in actions if a.command is not None and a.command.command == COMMAND]
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.edit is None
    assert action.title.startswith("Reset the Claude Code login")
    assert action.command is not None
    assert (action.command.command, list(action.command.arguments or ())) == (COMMAND, [uri])
    assert [d.code for d in action.diagnostics or ()] == ["AL814"]

    answer = await execute(session, *(action.command.arguments or ()))

    (backup,) = [p for p in path.parent.iterdir() if p.name != ".credentials.json"]
    assert backup.name.startswith(".credentials.json.authlint-backup-")
    assert not path.exists()
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert isinstance(answer, dict) and answer["moved"] is True
    assert answer["backup"] == str(backup)
    await session.wait_until(lambda: bool(session.client.messages))
    (shown,) = session.client.messages
    assert shown.type == types.MessageType.Info and str(backup) in shown.message
    assert leaked(TOKEN, session.everything_sent()) == []
    assert leaked(REFRESH, session.everything_sent()) == []


async def test_without_arguments_the_command_resets_the_login_in_home(
    lsp_session: Session, tmp_home
) -> None:
    from pytest_lsp import client_capabilities

    await lsp_session.initialize(client_capabilities("visual_studio_code"))
    path = write_credentials(tmp_home, 0o600, expires_at=1735689600000)
    original = path.read_bytes()

    answer = await execute(lsp_session)

    backups = sorted(path.parent.glob(".credentials.json.authlint-backup-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert not path.exists()
    assert isinstance(answer, dict) and answer["backup"] == str(backups[0])


async def test_a_missing_login_is_a_warning_and_nothing_changes(session: Session, tmp_home) -> None:
    answer = await execute(session)
    assert isinstance(answer, dict) and answer["moved"] is False
    await session.wait_until(lambda: bool(session.client.messages))
    (shown,) = session.client.messages
    assert shown.type == types.MessageType.Warning and "does not exist" in shown.message
    assert not (tmp_home / ".claude").exists()


async def test_no_reset_action_for_other_diagnostics(session: Session) -> None:
    read_code_actions_with_commands(session)
    text = '{\n  "env": {"ANTHROPIC_BASE_URL": "https://api.anthropic.com/v1",}\n}\n'
    uri = session.open(".claude/settings.json", text, language_id="json")
    diagnostics = await session.diagnostics(uri, version=1)
    assert {d.code for d in diagnostics} >= {"AL801"}
    actions = await session.code_actions(uri, diagnostics, only=["quickfix"])
    assert actions and all(a.command is None or a.command.command != COMMAND for a in actions)
