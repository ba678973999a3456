"""The server side of the extension's home-file watch: ``workspace/didChangeWatchedFiles``.

The VS Code extension watches the home files the checks read and forwards
their changes; the server then rechecks the open documents (push clients get
new diagnostics, pull clients a ``workspace/diagnostic/refresh``). Here a
workspace's ``.vscode/settings.json`` lacks ``python.terminal.useEnvFile``
(AL705) until the user settings in the (fake) home folder turn it on.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

TIMEOUT = 15.0


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    home, workspace = tmp_path / "home", tmp_path / "ws"
    (home / ".config").mkdir(parents=True)
    (workspace / ".vscode").mkdir(parents=True)
    settings = workspace / ".vscode" / "settings.json"
    settings.write_text('{\n    "python.defaultInterpreterPath": ".venv/bin/python"\n}\n')
    (workspace / ".env").write_text("ANTHROPIC_BASE_URL=https://api.anthropic.com\n")
    user = home / ".config" / "Code" / "User" / "settings.json"
    return {"home": home, "workspace": workspace, "settings": settings, "user": user}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "authlint", "server"]),
    params=["visual_studio_code", "neovim@v0.11.0"],
)
async def client(
    request: pytest.FixtureRequest, lsp_client: LanguageClient, layout: dict[str, Path]
) -> AsyncIterator[LanguageClient]:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params: types.RegistrationParams) -> None:
        """Accept the server's dynamic registrations, as an editor does."""

    capabilities = client_capabilities(request.param)
    if capabilities.text_document and capabilities.text_document.diagnostic:
        # A pull client that honours workspace/diagnostic/refresh (VS Code does).
        assert capabilities.workspace is not None
        capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
            refresh_support=True
        )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=layout["workspace"].as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=layout["workspace"].as_uri(), name="ws")],
        )
    )
    yield lsp_client
    await lsp_client.shutdown_session()


@pytest.fixture(autouse=True)
def _server_home(layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The server subprocess inherits this environment: its home is the fake one."""
    monkeypatch.setenv("HOME", str(layout["home"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(layout["home"] / ".config"))


async def _codes(client: LanguageClient, uri: str) -> list[str]:
    if client.capabilities.text_document and client.capabilities.text_document.diagnostic:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert report.kind == "full"
        return [str(d.code) for d in report.items]
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return [str(d.code) for d in client.diagnostics.get(uri, ())]


async def test_a_changed_home_file_rechecks_open_documents(
    client: LanguageClient, layout: dict[str, Path]
) -> None:
    uri = layout["settings"].as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="jsonc", version=1, text=layout["settings"].read_text()
            )
        )
    )
    assert await asyncio.wait_for(_codes(client, uri), TIMEOUT) == ["AL705"]

    user = layout["user"]
    user.parent.mkdir(parents=True)
    user.write_text(json.dumps({"python.terminal.useEnvFile": True}))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=user.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    pull = bool(client.capabilities.text_document and client.capabilities.text_document.diagnostic)
    if pull:
        for _ in range(int(TIMEOUT / 0.05)):
            if client.diagnostic_refresh_count:
                break
            await asyncio.sleep(0.05)
        assert client.diagnostic_refresh_count == 1
    assert await asyncio.wait_for(_codes(client, uri), TIMEOUT) == []
    assert os.environ["HOME"] == str(layout["home"])
