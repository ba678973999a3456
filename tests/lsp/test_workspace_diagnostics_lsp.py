"""Editor reach: problems in home files nobody opened, and the status bar's outcome.

The cause of a failing request usually lives in ``~/.zshrc``, which the user
does not have open. The server reports the files that decide authentication
as workspace diagnostics: pulled with ``workspace/diagnostic`` by pull
clients (Neovim's profile), published with ``textDocument/publishDiagnostics``
to push clients (VS Code 1.65's profile); changing the file on disk (and the
editor's ``workspace/didChangeWatchedFiles``) or editing it in the editor
clears them. ``authlint.credentialSummary`` (the status bar) shows the
predicted outcome of the contexts in use while one fails.

The server runs with ``HOME`` at a temporary folder, ``SHELL=/bin/zsh``, no
``ANTHROPIC_*`` variables of its own, and the platform set to Linux. The
workspace holds ``app.py``, which imports ``anthropic`` (so the Python SDK
context is in use; Claude Code always is).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

import keys
from authlint.core.secrets import mask
from conftest import (
    PULL,
    PUSH,
    SERVER_COMMAND,
    TIMEOUT,
    Recorder,
    Session,
    capabilities_for,
    leaked,
)

KEY = keys.api_key("lsp-workspace-diagnostics")
SETTINGS = {"platform": "linux"}
APP = "import anthropic\n\nclient = anthropic.Anthropic()\n"
REFRESH = "neovim+refresh"
MORE = r"( \(\+\d+ more\))?"  # other contexts in use that fail too


@dataclass(frozen=True)
class Scene:
    """A broken ``~/.zshrc``, its fixed text, the rule that reports it and what fails."""

    broken: str = field(repr=False)  # hold a key: never in a failure's text
    fixed: str = field(repr=False)
    code: str
    line: int  # 0-based line of the cause
    headline: str  # pattern of credentialSummary's text while it is broken


SCENES = {
    # The Python SDK refuses a header value with a trailing space: no request is sent.
    "trailing-space": Scene(
        f"alias ll='ls -l'\nexport ANTHROPIC_API_KEY=\"{KEY} \"\n",
        f"alias ll='ls -l'\nexport ANTHROPIC_API_KEY=\"{KEY}\"\n",
        "AL201",
        1,
        r"python\b.*: no request ← ~/\.zshrc:2" + MORE,
    ),
    # Every client appends /v1/messages to the base URL: /v1/v1/messages is a 404.
    "base-url-v1": Scene(
        f"export ANTHROPIC_API_KEY={KEY}\nexport ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n",
        f"export ANTHROPIC_API_KEY={KEY}\nexport ANTHROPIC_BASE_URL=https://api.anthropic.com\n",
        "AL401",
        1,
        r"claude: 404 ← ~/\.zshrc:2" + MORE,
    ),
}


def server_env(home: Path) -> dict[str, str]:
    """The server's environment: the test's home, zsh, and no credential of the machine's own."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    return {**clean, "HOME": str(home), "SHELL": "/bin/zsh"}


def make_client(recorder: Recorder, refreshes: list[None]) -> LanguageClient:
    """pytest-lsp's client, recording publishes and ``workspace/diagnostic/refresh`` requests."""
    from pygls.protocol import default_converter

    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    default_publish = features.pop(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    features.pop(types.WORKSPACE_DIAGNOSTIC_REFRESH)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        recorder.publishes.append(params)
        default_publish(client, params)

    def refresh(client: LanguageClient, params: None) -> None:
        refreshes.append(None)

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        recorder.registrations.extend(params.registrations)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refresh
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


class Editor(Session):
    """A session that also pulls workspace diagnostics and counts refresh requests."""

    refreshes: list[None]

    async def workspace_report(
        self, previous: dict[str, str] | None = None
    ) -> dict[str, types.WorkspaceDocumentDiagnosticReport]:
        """Send ``workspace/diagnostic``; the items by URI."""
        params = types.WorkspaceDiagnosticParams(
            previous_result_ids=[
                types.PreviousResultId(uri=uri, value=value)
                for uri, value in (previous or {}).items()
            ],
            identifier="authlint",
        )
        report = await asyncio.wait_for(self.client.workspace_diagnostic_async(params), TIMEOUT)
        self.recorder.pulled.append(report)
        return {item.uri: item for item in report.items}

    async def home_diagnostics(self, uri: str, after: int = 0) -> list[types.Diagnostic]:
        """The diagnostics of the unopened file at ``uri``: pulled, or the last ones published.

        A push client's publishes are read from index ``after`` on (a bounded wait).
        """
        if self.pull:
            item = (await self.workspace_report())[uri]
            assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
            assert item.version is None
            return list(item.items)

        async def wait() -> list[types.Diagnostic]:
            while True:
                found = [p for p in self.recorder.publishes[after:] if p.uri == uri]
                if found:
                    return list(found[-1].diagnostics)
                await asyncio.sleep(0.02)

        return await asyncio.wait_for(wait(), TIMEOUT)

    def watched_change(self, path: Path) -> None:
        """Send ``workspace/didChangeWatchedFiles`` for ``path`` (changed on disk)."""
        self.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
            )
        )

    async def execute(self, command: str, *arguments: Any) -> Any:
        """``workspace/executeCommand``."""
        params = types.ExecuteCommandParams(command=command, arguments=list(arguments))
        return await asyncio.wait_for(self.client.workspace_execute_command_async(params), TIMEOUT)

    def no_secret_in(self, *answers: Any) -> None:
        """Nothing the server sent (or answered) shows ``KEY`` unmasked."""
        sent = self.everything_sent() + json.dumps(answers, default=repr, ensure_ascii=False)
        sent += json.dumps([repr(r) for r in self.recorder.pulled])
        assert leaked(KEY, sent) == []


async def start(home: Path, workspace: Path, profile: str) -> Editor:
    recorder = Recorder()
    refreshes: list[None] = []
    config = ClientServerConfig(
        server_command=SERVER_COMMAND,
        client_factory=lambda: make_client(recorder, refreshes),
        server_env=server_env(home),
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    editor = Editor(client, recorder, workspace, profile=profile)
    editor.refreshes = refreshes
    await editor.initialize(
        capabilities_for(profile), initialization_options=SETTINGS, configuration=SETTINGS
    )
    return editor


async def stop(editor: Editor) -> None:
    await asyncio.wait_for(editor.client.shutdown_session(), TIMEOUT)
    await editor.client.stop()
    if editor.pull:
        assert editor.recorder.publishes == [], "a pull client received publishDiagnostics"


def write_workspace(workspace: Path) -> None:
    (workspace / "app.py").write_text(APP)
    (workspace / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0.1.0"\n')


@pytest.fixture(params=[PUSH, PULL, REFRESH])
async def editor(
    request: pytest.FixtureRequest, tmp_home: Path, workspace: Path
) -> AsyncIterator[Editor]:
    """A session for each client profile over a workspace whose ``~/.zshrc`` breaks the request."""
    write_workspace(workspace)
    (tmp_home / ".zshrc").write_text(SCENES["trailing-space"].broken)
    session = await start(tmp_home, workspace, request.param)
    yield session
    await stop(session)


def at(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


# --- workspace diagnostics ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCENES))
@pytest.mark.parametrize("profile", [PUSH, PULL, REFRESH])
async def test_a_problem_in_an_unopened_zshrc_reaches_the_client_and_a_fix_on_disk_clears_it(
    tmp_home: Path, workspace: Path, name: str, profile: str
) -> None:
    scene = SCENES[name]
    write_workspace(workspace)
    zshrc = tmp_home / ".zshrc"
    zshrc.write_text(scene.broken)
    editor = await start(tmp_home, workspace, profile)
    try:
        if editor.pull:
            options = editor.result.capabilities.diagnostic_provider if editor.result else None
            assert isinstance(options, types.DiagnosticOptions) and options.workspace_diagnostics

        found = at(await editor.home_diagnostics(zshrc.as_uri()), scene.code)

        assert len(found) == 1, found
        assert found[0].severity == types.DiagnosticSeverity.Error
        assert found[0].range.start.line == scene.line
        assert found[0].source == "authlint"
        before = len(editor.recorder.publishes)
        previous = {}
        if editor.pull:
            item = (await editor.workspace_report())[zshrc.as_uri()]
            assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
            assert item.result_id is not None
            previous[zshrc.as_uri()] = item.result_id
            again = (await editor.workspace_report(previous))[zshrc.as_uri()]
            assert isinstance(again, types.WorkspaceUnchangedDocumentDiagnosticReport)

        zshrc.write_text(scene.fixed)
        editor.watched_change(zshrc)

        if editor.pull:
            if profile == REFRESH:
                await editor.wait_until(lambda: len(editor.refreshes) > 0)
            else:
                await asyncio.sleep(0.5)  # the notification is handled before the next request
            item = (await editor.workspace_report(previous))[zshrc.as_uri()]
            assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
            assert at(list(item.items), scene.code) == []
        else:
            await editor.wait_until(
                lambda: any(
                    p.uri == zshrc.as_uri() and not at(list(p.diagnostics), scene.code)
                    for p in editor.recorder.publishes[before:]
                )
            )
        editor.no_secret_in()
    finally:
        await stop(editor)


async def test_editing_the_open_zshrc_clears_its_diagnostic(editor: Editor) -> None:
    zshrc = editor.workspace.parent / "home" / ".zshrc"
    uri = zshrc.as_uri()
    assert at(await editor.home_diagnostics(uri), "AL201")
    scene = SCENES["trailing-space"]

    editor.open(uri, scene.broken, language_id="shellscript")
    if editor.pull:  # an open document is the document pull's, not the workspace report's
        assert uri not in await editor.workspace_report()
    assert at(await editor.diagnostics(uri, version=1), "AL201")

    editor.change(uri, scene.fixed, version=2)
    assert at(await editor.diagnostics(uri, version=2), "AL201") == []

    zshrc.write_text(scene.fixed)  # saved
    editor.client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    before = len(editor.recorder.publishes)
    editor.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    if editor.pull:
        item = (await editor.workspace_report())[uri]
        assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
        assert at(list(item.items), "AL201") == []
    else:
        await editor.wait_until(lambda: len(editor.recorder.publishes) > before)
        await asyncio.sleep(1.0)  # any workspace publish after the close would come by now
        last = [p for p in editor.recorder.publishes[before:] if p.uri == uri][-1]
        assert at(list(last.diagnostics), "AL201") == []
    editor.no_secret_in()


async def test_closing_an_unsaved_fix_brings_the_disk_problem_back(editor: Editor) -> None:
    zshrc = editor.workspace.parent / "home" / ".zshrc"
    uri = zshrc.as_uri()
    scene = SCENES["trailing-space"]
    editor.open(uri, scene.broken, language_id="shellscript")
    editor.change(uri, scene.fixed, version=2)
    assert at(await editor.diagnostics(uri, version=2), "AL201") == []
    before = len(editor.recorder.publishes)

    editor.client.text_document_did_close(  # the edit was never saved
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )

    assert at(await editor.home_diagnostics(uri, after=before + 1), "AL201")
    editor.no_secret_in()


# --- the status bar and "where does the key come from" ------------------------------------------


@pytest.mark.parametrize("name", list(SCENES))
async def test_credential_summary_shows_the_failing_outcome_then_the_credential(
    tmp_home: Path, workspace: Path, name: str
) -> None:
    scene = SCENES[name]
    write_workspace(workspace)
    zshrc = tmp_home / ".zshrc"
    zshrc.write_text(scene.broken)
    editor = await start(tmp_home, workspace, PUSH)
    try:
        failing = await editor.execute("authlint.credentialSummary", editor.uri("app.py"))

        assert re.fullmatch(scene.headline, failing["text"]), failing["text"]
        assert (failing["ok"], failing["failing"]) == (False, True)
        tooltip = failing["tooltip"].splitlines()
        assert tooltip[0] == "What a request gives, per context in use:"
        assert tooltip[1 : 1 + len(failing["outcomes"])] == failing["outcomes"]
        assert any(line.startswith("claude: ") for line in failing["outcomes"])
        assert all(" ← ~/.zshrc:2" in line for line in failing["outcomes"] if ": works" not in line)

        zshrc.write_text(scene.fixed)
        editor.watched_change(zshrc)
        await asyncio.sleep(0.5)
        working = await editor.execute("authlint.credentialSummary", editor.uri("app.py"))

        assert (working["text"], working["ok"], working["failing"]) == (
            "key from ~/.zshrc",
            True,
            False,
        )
        assert working["outcomes"] and all(": works" in line for line in working["outcomes"])
        assert "claude: works" in working["tooltip"].splitlines()
        editor.no_secret_in(failing, working)
    finally:
        await stop(editor)


async def test_explain_variable_ends_with_the_outcome(tmp_home: Path, workspace: Path) -> None:
    write_workspace(workspace)
    (tmp_home / ".zshrc").write_text(SCENES["base-url-v1"].broken)
    editor = await start(tmp_home, workspace, PULL)
    try:
        answer = await editor.execute(
            "authlint.explainVariable", "ANTHROPIC_BASE_URL", editor.uri("app.py")
        )

        lines = answer["message"].splitlines()
        assert lines[0] == "Linux terminal tab (an interactive non-login shell):"
        tail = lines[lines.index("Outcome:") + 1 :]
        assert "  claude: 404 ← ~/.zshrc:2" in [line.split(" (")[0] for line in tail]
        claude = lines.index(next(x for x in lines if x.startswith("Claude Code CLI")))
        block = lines[claude : lines.index("", claude)]
        assert any(x.startswith("  outcome: claude: 404 ← ~/.zshrc:2") for x in block), block
        by_name = {o["context"]: o for o in answer["outcomes"]}
        assert by_name["claude-code"]["outcome"] == "404"
        assert by_name["claude-code"]["causes"][0]["where"] == "~/.zshrc:2"
        assert mask(KEY) not in answer["message"]  # the base URL is asked about, not the key
        editor.no_secret_in(answer)
    finally:
        await stop(editor)


async def test_no_check_mark_while_a_program_in_use_gets_no_key(
    tmp_home: Path, workspace: Path
) -> None:
    # app.py imports anthropic but nothing loads the key in .env: the SDK raises before any
    # request. Whether or not a line is blamed, the summary is not "ok".
    write_workspace(workspace)
    (workspace / ".env").write_text(f"ANTHROPIC_API_KEY={KEY}\n")
    editor = await start(tmp_home, workspace, PUSH)
    try:
        answer = await editor.execute("authlint.credentialSummary", editor.uri("app.py"))

        assert answer["ok"] is False, answer
        assert answer["failing"] == ("←" in answer["text"])
        # No file the program reads sets a key: the model cannot tell a missing key from one set
        # where it cannot see (an IDE run configuration, `dotenv run`), so it says "unknown" and
        # the tooltip names the .env nothing loads.
        python = [line for line in answer["outcomes"] if line.startswith("python")]
        assert python and python[0].endswith(": unknown"), python
        assert "(no program found that loads it)" in answer["tooltip"]
        editor.no_secret_in(answer)
    finally:
        await stop(editor)
