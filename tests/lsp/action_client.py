"""Helpers for tests that read code actions carrying a ``command`` and run commands."""

from __future__ import annotations

import asyncio
from typing import Any, Union

from lsprotocol import types

from conftest import TIMEOUT, Session


def read_code_actions_with_commands(session: Session) -> None:
    """Make the test client tell a ``CodeAction`` with a ``command`` from a bare ``Command``.

    lsprotocol 2025.0.0 structures every ``Command | CodeAction`` that has a
    ``command`` key as a ``Command``; editors tell them apart by the type of
    ``command`` (a string for a ``Command``), as this hook does.
    """
    converter = session.client.protocol._converter

    def hook(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)  # noqa: UP007


async def run_command(session: Session, command: types.Command) -> Any:
    """Run ``command`` the way an editor does (``workspace/executeCommand``); the answer."""
    params = types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    return await asyncio.wait_for(session.client.workspace_execute_command_async(params), TIMEOUT)


def is_fix(action: types.CodeAction) -> bool:
    """Whether ``action`` fixes something (not an ignore, documentation or disabled action)."""
    return action.disabled is None and not action.title.startswith(
        ("Ignore AL", "Show documentation for AL")
    )
