"""End-to-end fixtures: the real ``authlint server`` in a subprocess, driven by pytest-lsp.

``session`` is parametrised over a push client (VS Code 1.65: no pull
diagnostics, UTF-16 positions) and a pull client (Neovim 0.11: pull
diagnostics, UTF-8 positions), so every test that uses it covers both paths.
The server runs with ``HOME`` pointed at an empty temporary folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import pytest
from lsprotocol import types
from lsprotocol.converters import get_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER_COMMAND = [sys.executable, "-m", "authlint", "server"]
TIMEOUT = 10.0
PUSH, PULL = "visual_studio_code", "neovim+refresh"
_CONVERTER = get_converter()


# --- applying edits the way a client does ----------------------------------------------------

_BREAK = re.compile(r"\r\n|\n|\r")


def _units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    if encoding == "utf-32":
        return 1
    return 2 if ord(char) > 0xFFFF else 1


def offset_of(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """String offset of an LSP position whose character counts ``encoding`` code units."""
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    ends = [m.start() for m in _BREAK.finditer(text)] + [len(text)]
    start, end = starts[position.line], ends[position.line]
    offset, units = start, 0
    while offset < end and units < position.character:
        units += _units(text[offset], encoding)
        offset += 1
    assert units == position.character, f"{position} falls inside a character"
    return offset


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits (all relative to ``text``) as an editor does."""
    spans = sorted(
        (
            (offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), i, e)
            for i, e in enumerate(edits)
        ),
        key=lambda s: (s[0], s[1], s[2]),
        reverse=True,
    )
    for start, end, _, edit in spans:
        text = text[:start] + edit.new_text + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The text edits a ``WorkspaceEdit`` makes to ``uri`` (``changes`` or ``documentChanges``)."""
    found: list[types.TextEdit] = []
    if edit.changes:
        found.extend(edit.changes.get(uri, ()))
    for change in edit.document_changes or ():
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            found.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    return found


def text_of_range(text: str, rng: types.Range, encoding: str) -> str:
    """The text an LSP range covers."""
    return text[offset_of(text, rng.start, encoding) : offset_of(text, rng.end, encoding)]


def leaked(secret: str, text: str, window: int = 20) -> list[str]:
    """Every ``window``-character piece of ``secret`` that appears in ``text``."""
    pieces = (secret[i : i + window] for i in range(len(secret) - window + 1))
    return [piece for piece in pieces if piece in text]


# --- the session -----------------------------------------------------------------------------


@dataclass
class Recorder:
    """Everything the server sent that a secret could hide in."""

    publishes: list[types.PublishDiagnosticsParams] = field(default_factory=list)
    registrations: list[types.Registration] = field(default_factory=list)
    pulled: list[Any] = field(default_factory=list)


def make_client(recorder: Recorder) -> LanguageClient:
    """pytest-lsp's test client, also recording every publish and registration."""
    from pygls.protocol import default_converter

    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    default_publish = features.pop(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        recorder.publishes.append(params)
        default_publish(client, params)

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        recorder.registrations.extend(params.registrations)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


@dataclass
class Session:
    """A connected client plus what the server negotiated with it."""

    client: LanguageClient
    recorder: Recorder
    workspace: Path
    result: types.InitializeResult | None = None
    profile: str = ""

    @property
    def encoding(self) -> str:
        """The negotiated position encoding (``utf-16`` unless the server chose another)."""
        assert self.result is not None
        return str(self.result.capabilities.position_encoding or "utf-16")

    @property
    def pull(self) -> bool:
        """Whether the server expects this client to pull diagnostics."""
        assert self.result is not None
        return self.result.capabilities.diagnostic_provider is not None

    async def initialize(
        self,
        capabilities: types.ClientCapabilities,
        initialization_options: Any = None,
        configuration: dict[str, Any] | None = None,
    ) -> types.InitializeResult:
        """Start the LSP session; ``configuration`` is what ``workspace/configuration`` answers."""
        if configuration is not None:
            self.client.set_configuration(configuration, section="authlint")
        self.result = await asyncio.wait_for(
            self.client.initialize_session(
                types.InitializeParams(
                    capabilities=capabilities,
                    root_uri=self.workspace.as_uri(),
                    initialization_options=initialization_options,
                )
            ),
            TIMEOUT,
        )
        return self.result

    def uri(self, name: str) -> str:
        """The URI of ``name`` in the workspace folder."""
        return (self.workspace / name).as_uri()

    def open(
        self, name_or_uri: str, text: str, language_id: str = "dotenv", version: int = 1
    ) -> str:
        """Send ``didOpen``; returns the URI."""
        uri = name_or_uri if ":" in name_or_uri else self.uri(name_or_uri)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language_id, version=version, text=text
                )
            )
        )
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        """Send a whole-document ``didChange``."""
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def published(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """Wait for a ``publishDiagnostics`` for ``uri`` (and ``version``, if given)."""

        def match(p: types.PublishDiagnosticsParams) -> bool:
            return p.uri == uri and (version is None or p.version == version)

        async def wait() -> list[types.Diagnostic]:
            while True:
                found = [p for p in self.recorder.publishes if match(p)]
                if found:
                    return list(found[-1].diagnostics)
                await asyncio.sleep(0.02)

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait (bounded) until ``condition()`` holds."""

        async def wait() -> None:
            while not condition():
                await asyncio.sleep(0.02)

        await asyncio.wait_for(wait(), TIMEOUT)

    async def pull_report(self, uri: str, previous_result_id: str | None = None) -> Any:
        """Send ``textDocument/diagnostic`` and return the report."""
        report = await asyncio.wait_for(
            self.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    identifier="authlint",
                    previous_result_id=previous_result_id,
                )
            ),
            TIMEOUT,
        )
        self.recorder.pulled.append(report)
        return report

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The current diagnostics of ``uri``, pushed or pulled as this client does it."""
        if self.pull:
            report = await self.pull_report(uri)
            assert report.kind == "full"
            return list(report.items)
        return await self.published(uri, version)

    async def code_actions(
        self,
        uri: str,
        diagnostics: Sequence[types.Diagnostic],
        only: Sequence[str] | None = None,
        rng: types.Range | None = None,
    ) -> list[types.CodeAction]:
        """Request code actions for ``diagnostics`` (over their range unless ``rng``)."""
        if rng is None:
            rng = (
                diagnostics[0].range
                if diagnostics
                else types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(line=0, character=0),
                )
            )
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=rng,
                    context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
                )
            ),
            TIMEOUT,
        )
        return [a for a in result or () if isinstance(a, types.CodeAction)]

    def everything_sent(self) -> str:
        """Every diagnostic, report and log message the server sent, as one JSON text."""
        return json.dumps(
            [
                _CONVERTER.unstructure(self.recorder.publishes),
                _CONVERTER.unstructure(self.recorder.pulled),
                [m.message for m in self.client.log_messages],
                [m.message for m in self.client.messages],
            ]
        )


@pytest.fixture
def tmp_home(tmp_path: Path) -> Path:
    """An empty home folder for the server (no real profiles are read)."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace folder."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


@pytest.fixture
async def lsp_session(tmp_home: Path, workspace: Path) -> AsyncIterator[Session]:
    """A started (not yet initialized) server and client."""
    recorder = Recorder()
    config = ClientServerConfig(
        server_command=SERVER_COMMAND,
        client_factory=lambda: make_client(recorder),
        server_env={**os.environ, "HOME": str(tmp_home)},
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    session = Session(client, recorder, workspace)
    yield session
    if session.result is not None:
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    await client.stop()
    if session.result is not None and session.pull:
        assert recorder.publishes == [], "a pull client received publishDiagnostics"


def capabilities_for(profile: str) -> types.ClientCapabilities:
    """Captured client capabilities, with ``neovim+refresh`` adding diagnostic refresh support."""
    if profile == "neovim+refresh":
        caps = client_capabilities("neovim")
        workspace = attrs.evolve(
            caps.workspace or types.WorkspaceClientCapabilities(),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
        )
        return attrs.evolve(caps, workspace=workspace)
    return client_capabilities(profile)


@pytest.fixture(params=[PUSH, PULL])
async def session(request: pytest.FixtureRequest, lsp_session: Session) -> AsyncIterator[Session]:
    """An initialized session for each client profile (push and pull)."""
    lsp_session.profile = request.param
    await lsp_session.initialize(capabilities_for(request.param))
    yield lsp_session
