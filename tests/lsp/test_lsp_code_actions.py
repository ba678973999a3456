"""Quick fixes and ``source.fixAll.authlint`` through the real server, applied like an editor."""

from __future__ import annotations

import pytest
from action_client import is_fix, read_code_actions_with_commands, run_command
from lsprotocol import types

import keys
from conftest import (
    PULL,
    PUSH,
    Session,
    apply_text_edits,
    capabilities_for,
    edits_for,
    leaked,
    text_of_range,
)

KEY = keys.api_key("lsp-actions")
TOKEN = keys.oauth_token("lsp-actions")
CRLF_ASTRAL = f'# 🔑 keys\r\nFOO=1\r\nANTHROPIC_API_KEY="🔑é {KEY} "\r\nBAR=2\r\n'
FIX_TITLE = "Remove the whitespace around the key"


def by_code(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def fixes(actions: list[types.CodeAction]) -> list[types.CodeAction]:
    """The actions that fix something (not ignore, documentation or disabled ones)."""
    return [a for a in actions if is_fix(a)]


@pytest.fixture(autouse=True)
def _actions_with_commands(lsp_session: Session) -> None:
    read_code_actions_with_commands(lsp_session)


async def test_server_advertises_its_features(session: Session) -> None:
    assert session.result is not None
    capabilities = session.result.capabilities
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert tuple(capabilities.code_action_provider.code_action_kinds or ()) == (
        "quickfix",
        "source.fixAll.authlint",
    )
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.change == types.TextDocumentSyncKind.Full
    if session.profile == PULL:
        provider = capabilities.diagnostic_provider
        assert isinstance(provider, types.DiagnosticOptions)
        assert (provider.identifier, provider.inter_file_dependencies) == ("authlint", True)
        assert provider.workspace_diagnostics is True  # workspace/diagnostic: home files too
    else:
        assert capabilities.diagnostic_provider is None


async def test_quick_fix_removes_only_the_space(session: Session) -> None:
    uri = session.open(".env", CRLF_ASTRAL)
    (diagnostic,) = by_code(await session.diagnostics(uri, version=1), "AL201")

    actions = await session.code_actions(uri, [diagnostic], only=["quickfix"])

    (action,) = fixes(actions)
    assert action.title == FIX_TITLE
    assert action.diagnostics and action.diagnostics[0].code == "AL201"
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.is_preferred is True
    assert action.edit is not None
    if session.profile == PUSH:  # VS Code supports documentChanges: versioned edits
        (change,) = action.edit.document_changes or ()
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.version == 1
    (edit,) = edits_for(action.edit, uri)
    assert (edit.new_text, text_of_range(CRLF_ASTRAL, edit.range, session.encoding)) == ("", " ")
    fixed = apply_text_edits(CRLF_ASTRAL, [edit], session.encoding)
    assert fixed == CRLF_ASTRAL.replace(f"{KEY} ", KEY)
    assert fixed.encode() == CRLF_ASTRAL.encode().replace(f'{KEY} "'.encode(), f'{KEY}"'.encode())

    session.change(uri, fixed, version=2)
    assert by_code(await session.diagnostics(uri, version=2), "AL201") == []
    assert leaked(KEY, session.everything_sent()) == []


async def test_quick_fix_of_a_stale_diagnostic_is_not_offered_at_the_old_place(
    session: Session,
) -> None:
    uri = session.open(".env", CRLF_ASTRAL)
    (old,) = by_code(await session.diagnostics(uri, version=1), "AL201")
    session.change(uri, "# a new first line\r\n" + CRLF_ASTRAL, version=2)
    await session.diagnostics(uri, version=2)

    assert await session.code_actions(uri, [old], only=["quickfix"]) == []


async def test_quick_fix_works_without_diagnostic_data(session: Session) -> None:
    # Clients without `dataSupport` send the diagnostic back without `data`.
    uri = session.open(".env", CRLF_ASTRAL)
    (diagnostic,) = by_code(await session.diagnostics(uri, version=1), "AL201")
    stripped = types.Diagnostic(
        range=diagnostic.range, message=diagnostic.message, code="AL201", source="authlint"
    )

    (action,) = fixes(await session.code_actions(uri, [stripped], only=["quickfix"]))

    assert action.edit is not None
    fixed = apply_text_edits(CRLF_ASTRAL, edits_for(action.edit, uri), session.encoding)
    assert fixed == CRLF_ASTRAL.replace(f"{KEY} ", KEY)


@pytest.mark.parametrize("profile", [PUSH, PULL])
async def test_fix_all_applies_every_safe_fix_as_minimal_edits(
    lsp_session: Session, profile: str
) -> None:
    await lsp_session.initialize(capabilities_for(profile), configuration={"select": ["AL201"]})
    text = f'ANTHROPIC_API_KEY=" {KEY}"\r\n# 😀 comment\r\nCLAUDE_CODE_OAUTH_TOKEN="é{TOKEN}\t"\r\n'
    uri = lsp_session.open(".env", text)
    assert len(await lsp_session.diagnostics(uri, version=1)) == 2

    (action,) = await lsp_session.code_actions(uri, [], only=["source.fixAll"])

    assert action.kind == "source.fixAll.authlint"
    assert action.edit is not None
    edits = edits_for(action.edit, uri)
    removed = sorted(text_of_range(text, e.range, lsp_session.encoding) for e in edits)
    assert (removed, {e.new_text for e in edits}) == (["\t", " "], {""})
    fixed = apply_text_edits(text, edits, lsp_session.encoding)
    assert fixed == text.replace(f'" {KEY}', f'"{KEY}').replace(f"{TOKEN}\t", TOKEN)


async def test_fix_all_is_not_offered_for_a_clean_file(session: Session) -> None:
    uri = session.open(".env", f'ANTHROPIC_API_KEY="{KEY}"\n')
    await session.diagnostics(uri, version=1)

    assert await session.code_actions(uri, [], only=["source.fixAll"]) == []


ONLY_TABLE: list[tuple[list[str] | None, list[str]]] = [
    (["quickfix"], ["quickfix"]),
    (["source.fixAll"], ["source.fixAll.authlint"]),
    (["source"], ["source.fixAll.authlint"]),
    (["refactor"], []),
    (None, ["quickfix", "source.fixAll.authlint"]),
]


async def test_only_selects_the_kinds(session: Session) -> None:
    uri = session.open(".env", CRLF_ASTRAL)
    found = by_code(await session.diagnostics(uri, version=1), "AL201")

    for only, kinds in ONLY_TABLE:
        actions = await session.code_actions(uri, found, only=only)
        assert sorted({str(a.kind) for a in actions}) == kinds, only


async def test_missing_gitignore_is_created_by_every_client(session: Session) -> None:
    (session.workspace / ".git").mkdir()
    text = f"ANTHROPIC_API_KEY={KEY}\n"
    uri = session.open(".env", text)
    (diagnostic,) = by_code(await session.diagnostics(uri, version=1), "AL502")
    gitignore = (session.workspace / ".gitignore").resolve().as_uri()

    (action,) = fixes(await session.code_actions(uri, [diagnostic], only=["quickfix"]))

    if session.profile == PULL:  # Neovim 0.11 cannot create files: the server does it
        assert action.edit is None and action.command is not None
        assert action.command.command == "authlint.createFiles"
        answer = await run_command(session, action.command)
        created = [str(session.workspace / ".gitignore")]
        assert answer == {"created": created, "problems": [], "applied": None}
        assert (session.workspace / ".gitignore").read_bytes() == b".env\n"
        assert by_code(await session.diagnostics(uri), "AL502") == []
        return
    assert action.command is None
    assert action.edit is not None and action.edit.changes is None
    create, change = action.edit.document_changes or ()
    assert isinstance(create, types.CreateFile) and create.uri == gitignore
    assert create.options == types.CreateFileOptions(ignore_if_exists=True)
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == gitignore
    assert apply_text_edits("", edits_for(action.edit, gitignore)) == ".env\n"


async def test_existing_gitignore_is_edited_in_place(session: Session) -> None:
    (session.workspace / ".git").mkdir()
    (session.workspace / ".gitignore").write_text("node_modules/\r\n", newline="")
    uri = session.open(".env", f"ANTHROPIC_API_KEY={KEY}\n")
    (diagnostic,) = by_code(await session.diagnostics(uri, version=1), "AL502")
    gitignore = (session.workspace / ".gitignore").resolve().as_uri()

    (action,) = fixes(await session.code_actions(uri, [diagnostic], only=["quickfix"]))

    assert action.edit is not None and action.command is None
    assert not any(isinstance(c, types.CreateFile) for c in action.edit.document_changes or ())
    edits = edits_for(action.edit, gitignore)
    assert apply_text_edits("node_modules/\r\n", edits) == "node_modules/\r\n.env\r\n"
    assert edits_for(action.edit, uri) == []


async def test_bom_on_disk_is_seen_but_its_fix_is_not_offered(session: Session) -> None:
    # Editors drop the BOM from the text they send; the server reads it from disk.
    text = f"export ANTHROPIC_API_KEY={KEY}\n"
    (session.workspace / ".zshrc").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (session.workspace / "clean" / ".zshrc").parent.mkdir()
    (session.workspace / "clean" / ".zshrc").write_bytes(text.encode())
    uri = session.open(".zshrc", text, language_id="shellscript")
    clean = session.open("clean/.zshrc", text, language_id="shellscript")

    (diagnostic,) = by_code(await session.diagnostics(uri, version=1), "AL203")
    assert by_code(await session.diagnostics(clean, version=1), "AL203") == []

    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (0, 0)
    assert "fix" not in diagnostic.data
    assert fixes(await session.code_actions(uri, [diagnostic], only=["quickfix"])) == []
