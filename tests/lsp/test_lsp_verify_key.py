"""``authlint.verifyKey`` through the real server, against the fake Anthropic API on 127.0.0.1.

The server's environment holds the credential (as it would when the editor was
started from a shell); the command sends it once and answers with the masked
verdict. The client asks the user first (the VS Code extension's "Send key").
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import keys
from conftest import SERVER_COMMAND, TIMEOUT, leaked
from fakeapi.server import FakeAnthropic, FakeConfig

VALID = keys.api_key("lsp-verify-valid")
REVOKED = keys.api_key("lsp-verify-revoked")
COMMAND = "authlint.verifyKey"


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(FakeConfig(keys={VALID})) as server:
        yield server


async def _verify(tmp_path: Path, fake: FakeAnthropic, key: str) -> object:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env = {**clean, "HOME": str(tmp_path), "ANTHROPIC_API_KEY": key}
    env["ANTHROPIC_BASE_URL"] = fake.base_url
    for proxy in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy"):
        env.pop(proxy, None)
    config = ClientServerConfig(server_command=SERVER_COMMAND, server_env=env)
    client = await config.start()
    assert isinstance(client, LanguageClient)
    try:
        result = await asyncio.wait_for(
            client.initialize_session(
                types.InitializeParams(capabilities=client_capabilities("visual_studio_code"))
            ),
            TIMEOUT,
        )
        assert COMMAND in (result.capabilities.execute_command_provider.commands or [])
        params = types.ExecuteCommandParams(command=COMMAND, arguments=[])
        answer = await asyncio.wait_for(client.workspace_execute_command_async(params), TIMEOUT)
        shown = " ".join(m.message for m in client.messages)
        assert leaked(key, f"{answer!r} {shown}") == []
        return answer
    finally:
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
        await client.stop()


async def test_a_valid_key_is_accepted(tmp_path: Path, fake: FakeAnthropic) -> None:
    answer = await _verify(tmp_path, fake, VALID)
    assert isinstance(answer, dict) and answer["accepted"] is True
    assert [r.path for r in fake.requests] == ["/v1/models"]  # one request, once


async def test_a_rejected_key_is_reported(tmp_path: Path, fake: FakeAnthropic) -> None:
    answer = await _verify(tmp_path, fake, REVOKED)
    assert isinstance(answer, dict) and answer["accepted"] is False
    assert "invalid x-api-key" in answer["message"]
