"""The LSP layer's pure parts, in process: settings, document kinds, BOMs, positions, edits."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError
from pygls.workspace import PositionCodec
from pytest_lsp import client_capabilities

import keys
from authlint.core.context import Platform
from authlint.core.facts import FileKind
from authlint.core.findings import Applicability
from authlint.core.secrets import mask
from authlint.core.text import LineIndex, Position
from authlint.lsp.code_actions import EditSupport, quick_fix, wanted, workspace_edit
from authlint.lsp.convert import ClientEdit, FixData, client_position, fix_from_data
from authlint.lsp.diagnostics import Snapshot, build_source, document_kind
from authlint.lsp.server import AuthlintServer, ClientLogHandler
from authlint.lsp.settings import parse_settings

KEY = keys.api_key("lsp-units")

# --- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "select", "ignore", "platform", "error_count"),
    [
        (None, ("ALL",), (), None, 0),
        ({}, ("ALL",), (), None, 0),
        ({"select": ["AL2"], "ignore": ["AL201"]}, ("AL2",), ("AL201",), None, 0),
        ({"authlint": {"ignore": "AL201, AL202"}}, ("ALL",), ("AL201", "AL202"), None, 0),
        ([{"settings": {"platform": "Windows"}}], ("ALL",), (), Platform.WINDOWS, 0),
        (
            {"globalSettings": {"ignore": ["AL5"]}, "settings": {"select": ["AL2"]}},
            ("AL2",),
            ("AL5",),
            None,
            0,
        ),
        ({"extendSelect": ["X1"], "select": ["AL2"]}, ("AL2", "X1"), (), None, 0),
        ({"enable": True, "interpreter": ["py"], "trace": {"server": "on"}}, ("ALL",), (), None, 0),
        ({"platform": "beos"}, ("ALL",), (), None, 1),
        ({"ignore": 5, "colour": "blue"}, ("ALL",), (), None, 2),
        ({"select": None, "platform": None}, ("ALL",), (), None, 0),
        ("nonsense", ("ALL",), (), None, 1),
        ([1, {"ignore": ["AL201"]}], ("ALL",), (), None, 1),
    ],
)
def test_settings_payloads(
    value: Any,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    platform: Platform | None,
    error_count: int,
) -> None:
    config, errors = parse_settings(value)

    assert (config.settings.select, config.settings.ignore, config.platform) == (
        select,
        ignore,
        platform,
    )
    assert len(errors) == error_count, errors


def test_settings_severity_and_platform_default() -> None:
    config, errors = parse_settings({"severity": {"al201": "Warning", "AL202": "loud"}})

    assert dict(config.settings.severity) == {"AL201": "warning"}
    assert len(errors) == 1
    assert config.effective_platform is Platform.current()


# --- which documents ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language_id", "kind"),
    [
        (".env", None, FileKind.DOTENV),
        (".env.local", "plaintext", FileKind.DOTENV),
        (".zshrc", None, FileKind.SHELL),
        ("config.fish", None, FileKind.FISH),
        ("Microsoft.PowerShell_profile.ps1", None, FileKind.POWERSHELL),
        ("Untitled-1", "dotenv", FileKind.DOTENV),
        ("Untitled-1", "shellscript", FileKind.SHELL),
        ("install.sh", "sh", FileKind.SHELL),  # Neovim sends the filetype
        ("Untitled-1", "fish", FileKind.FISH),
        ("Untitled-1", "powershell", FileKind.POWERSHELL),
        (".env_prod", "properties", FileKind.DOTENV),
        ("app.properties", "properties", None),
        ("main.py", "python", FileKind.PYTHON),
        ("Untitled-2", "typescriptreact", FileKind.JAVASCRIPT),
        ("notes.txt", "plaintext", None),
        ("Untitled-1", None, None),
    ],
)
def test_document_kind(name: str, language_id: str | None, kind: FileKind | None) -> None:
    snapshot = Snapshot(f"untitled:{name}", None, name, language_id, 1, "A=1\n")

    assert document_kind(snapshot) is kind


@pytest.mark.parametrize(
    ("disk", "bom", "encoding"),
    [
        (b"\xef\xbb\xbfA=1\n", b"\xef\xbb\xbf", "utf-8"),
        ("\ufeffA=1\n".encode("utf-16-le"), b"\xff\xfe", "utf-16-le"),
        ("\ufeffA=1\n".encode("utf-32-le"), b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"A=1\n", b"", "utf-8"),
        (None, b"", "utf-8"),  # not saved yet
    ],
)
def test_bom_comes_from_disk(tmp_path: Path, disk: bytes | None, bom: bytes, encoding: str) -> None:
    path = tmp_path / ".zshrc"
    if disk is not None:
        path.write_bytes(disk)

    source = build_source(Snapshot(path.as_uri(), path, path.name, "shellscript", 1, "A=1\n"))

    assert (source.text, source.bom, source.encoding) == ("A=1\n", bom, encoding)


def test_text_that_keeps_its_bom_is_not_given_a_second_one(tmp_path: Path) -> None:
    path = tmp_path / ".zshrc"
    path.write_bytes(b"\xef\xbb\xbfA=1\n")

    source = build_source(Snapshot(path.as_uri(), path, path.name, None, 1, "\ufeffA=1\n"))

    assert (source.text, source.bom) == ("\ufeffA=1\n", b"")


# --- positions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "character"),
    [("utf-16", 5), ("utf-8", 7), ("utf-32", 4)],
)
def test_columns_follow_the_negotiated_encoding(encoding: str, character: int) -> None:
    # U+2028 is not a line break for LSP clients (str.splitlines would say it is).
    index = LineIndex("A=\u2028\nB=😀xy\r\n")

    position = client_position(index, Position(1, 4), PositionCodec(encoding))

    assert (position.line, position.character) == (1, character)


def test_positions_past_the_end_clamp() -> None:
    index = LineIndex("A=1\nB=é")

    assert client_position(index, Position(9, 0), PositionCodec()) == types.Position(
        line=1, character=3
    )


# --- data and edits ----------------------------------------------------------------------------


def _range(line: int, start: int, end: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=end),
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"fix": None},
        {"fix": {"title": "t", "applicability": "sometimes", "edits": []}},
        {"fix": {"title": "t", "applicability": "safe", "edits": [{"uri": "file:///a"}]}},
        {
            "fix": {
                "title": "t",
                "applicability": "safe",
                "edits": [
                    {
                        "uri": "file:///a",
                        "newText": "",
                        "range": {
                            "start": {"line": -1, "character": 0},
                            "end": {"line": 0, "character": 0},
                        },
                    }
                ],
            }
        },
    ],
)
def test_malformed_data_yields_no_fix(data: Any) -> None:
    assert fix_from_data(data) is None


def test_unsafe_fixes_are_offered_but_not_preferred() -> None:
    fix = FixData("Quote the value", Applicability.UNSAFE, ())
    edit = types.WorkspaceEdit(changes={})
    diagnostic = types.Diagnostic(range=_range(0, 0, 1), message="m")

    action = quick_fix(diagnostic, fix, edit)

    assert (action.title, action.is_preferred) == ("Quote the value (unsafe)", False)


@pytest.mark.parametrize(
    ("only", "kind", "expected"),
    [
        (None, "source.fixAll.authlint", True),
        (["source.fixAll"], "source.fixAll.authlint", True),
        (["source.fixAll.authlint"], "source.fixAll.authlint", True),
        (["source.fix"], "source.fixAll.authlint", False),
        (["quickfix"], "source.fixAll.authlint", False),
        (["quickfix"], "quickfix", True),
    ],
)
def test_wanted(only: list[str] | None, kind: str, expected: bool) -> None:
    assert wanted(only, kind) is expected


ENV = "file:///w/.env"
IGNORE = "file:///w/.gitignore"


def _support(profile: str) -> EditSupport:
    return EditSupport.of(client_capabilities(profile))


def test_edit_support_of_real_clients() -> None:
    assert _support("visual_studio_code") == EditSupport(document_changes=True, create_files=True)
    assert _support("neovim") == EditSupport(document_changes=False, create_files=False)
    caps = client_capabilities("visual_studio_code")
    assert caps.workspace is not None and caps.workspace.workspace_edit is not None
    no_create = attrs.evolve(
        caps,
        workspace=attrs.evolve(
            caps.workspace,
            workspace_edit=attrs.evolve(caps.workspace.workspace_edit, resource_operations=[]),
        ),
    )
    assert EditSupport.of(no_create) == EditSupport(document_changes=True, create_files=False)


def test_new_file_needs_create_support() -> None:
    edits = [
        ClientEdit(ENV, _range(0, 3, 4), ""),
        ClientEdit(IGNORE, _range(0, 0, 0), ".env\n", create=True),
    ]

    full = workspace_edit(edits, _support("visual_studio_code"), {ENV: 4}, lambda uri: uri == ENV)

    assert full is not None and full.changes is None
    assert full.document_changes == [
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=ENV, version=4),
            edits=[types.TextEdit(range=_range(0, 3, 4), new_text="")],
        ),
        types.CreateFile(uri=IGNORE, options=types.CreateFileOptions(ignore_if_exists=True)),
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=IGNORE, version=None),
            edits=[types.TextEdit(range=_range(0, 0, 0), new_text=".env\n")],
        ),
    ]
    assert workspace_edit(edits, _support("neovim"), {ENV: 4}, lambda uri: uri == ENV) is None
    # The file exists after all: a plain edit, which any client can apply.
    plain = workspace_edit(edits, _support("neovim"), {ENV: 4}, lambda uri: True)
    assert plain is not None and plain.changes is not None
    assert list(plain.changes) == [ENV, IGNORE]


def test_duplicate_and_overlapping_edits_are_dropped() -> None:
    edits = [
        ClientEdit(IGNORE, _range(2, 0, 0), ".env\n"),
        ClientEdit(IGNORE, _range(2, 0, 0), ".env\n"),  # two findings, one line
        ClientEdit(IGNORE, _range(2, 0, 0), ".env.local\n"),  # another insertion: kept
        ClientEdit(ENV, _range(0, 2, 6), ""),
        ClientEdit(ENV, _range(0, 4, 8), "x"),  # overlaps the previous one
    ]

    result = workspace_edit(edits, EditSupport(), {}, lambda uri: True)

    assert result is not None and result.changes is not None
    assert [e.new_text for e in result.changes[IGNORE]] == [".env\n", ".env.local\n"]
    assert [e.new_text for e in result.changes[ENV]] == [""]
    assert workspace_edit([], EditSupport(), {}, lambda uri: True) is None


# --- errors and logs ---------------------------------------------------------------------------


def test_server_errors_are_logged_once_and_never_shown(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = AuthlintServer()
    shown: list[Any] = []
    monkeypatch.setattr(server, "window_show_message", shown.append)

    with caplog.at_level(logging.DEBUG, logger="authlint"):
        for _ in range(3):
            server.report_server_error(ValueError(f"bad value {KEY}"), JsonRpcInternalError)

    assert shown == []
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert mask(KEY) in errors[0].getMessage() and KEY not in caplog.text


def test_log_records_from_worker_threads_are_sent_from_the_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = AuthlintServer()
    sent: list[tuple[types.LogMessageParams, int]] = []
    monkeypatch.setattr(
        server, "window_log_message", lambda p: sent.append((p, threading.get_ident()))
    )
    handler = ClientLogHandler(server)
    logger = logging.getLogger("authlint.test-units")
    logger.addHandler(handler)
    logger.propagate = False

    async def main() -> None:
        server.loop, server.loop_thread = asyncio.get_running_loop(), threading.get_ident()
        await asyncio.to_thread(logger.warning, "from a worker: %s", KEY)
        logger.error("from the loop")
        await asyncio.sleep(0.05)

    try:
        asyncio.run(main())
    finally:
        logger.removeHandler(handler)
        logger.propagate = True

    assert {thread for _, thread in sent} == {server.loop_thread}
    assert [(p.type, p.message) for p, _ in sent] == [
        (types.MessageType.Warning, f"from a worker: {mask(KEY)}"),
        (types.MessageType.Error, "from the loop"),
    ]


def test_scan_home_files_setting() -> None:
    assert parse_settings({"scanHomeFiles": False})[0].scan_home_files is False
    assert parse_settings({})[0].scan_home_files is True
    config, errors = parse_settings({"scanHomeFiles": "no"})
    assert config.scan_home_files is True and errors


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("secret.yaml", "apiVersion: v1\nkind: Secret\ndata: {}\n", FileKind.KUBERNETES),
        ("config.yml", "apiVersion: v1\nkind: ConfigMap\ndata: {}\n", FileKind.KUBERNETES),
        ("ci.yml", "on: push\njobs: {}\n", None),
        (".aider.conf.yml", "model: sonnet\n", FileKind.AIDER_CONFIG),
        ("agent.service", "[Service]\n", FileKind.SYSTEMD_UNIT),
    ],
)
def test_document_kind_of_new_kinds(name: str, text: str, kind: FileKind | None) -> None:
    snapshot = Snapshot(f"file:///w/{name}", Path("/w") / name, name, "yaml", 1, text)

    assert document_kind(snapshot) is kind
