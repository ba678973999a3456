"""Ignore, documentation and disabled code actions, and file-creating fixes for every client.

Through the real server with pytest-lsp clients: VS Code 1.65 (push,
``documentChanges``, ``disabledSupport``), Neovim 0.11 (pull, no
``documentChanges``) and Neovim 0.7 (push, no ``documentChanges``: what Vim +
ALE looks like to the server). Every edit is applied the way an editor does
and the document checked again.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from action_client import is_fix, read_code_actions_with_commands, run_command
from lsprotocol import types
from pytest_lsp import client_capabilities

import keys
from conftest import (
    PULL,
    PUSH,
    TIMEOUT,
    Session,
    apply_text_edits,
    capabilities_for,
    edits_for,
)

KEY = keys.api_key("lsp-editor-actions")
V1 = "https://api.anthropic.com/v1"
ALE_LIKE = "neovim@v0.7.0"  # push diagnostics, no documentChanges
DOCS = "https://github.com/authlint/authlint/blob/main/README.md#"


@pytest.fixture(autouse=True)
def _actions_with_commands(lsp_session: Session) -> None:
    read_code_actions_with_commands(lsp_session)


async def start(session: Session, profile: str, client_name: str | None = None) -> None:
    """Initialize with ``profile``'s capabilities and, optionally, a ``clientInfo.name``."""
    session.profile = profile
    session.result = await asyncio.wait_for(
        session.client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities_for(profile)
                if "@" not in profile
                else client_capabilities(profile),
                root_uri=session.workspace.as_uri(),
                client_info=types.ClientInfo(name=client_name) if client_name else None,
            )
        ),
        TIMEOUT,
    )


def titled(actions: list[types.CodeAction], title: str) -> types.CodeAction:
    (action,) = [a for a in actions if a.title == title]
    return action


# --- "Ignore AL### on this line" in each file kind's comment syntax ------------------------------

IGNORE_CASES = [
    pytest.param(
        ".env",
        "dotenv",
        f'FOO=1\r\n  ANTHROPIC_API_KEY="{KEY} "\r\nBAR=2\r\n',
        "AL201",
        f'FOO=1\r\n  # authlint: ignore[AL201]\r\n  ANTHROPIC_API_KEY="{KEY} "\r\nBAR=2\r\n',
        id="dotenv-crlf-own-line-indented",
    ),
    pytest.param(
        ".zshrc",
        "shellscript",
        f"export ANTHROPIC_BASE_URL={V1}\r\n",
        "AL401",
        f"export ANTHROPIC_BASE_URL={V1}  # authlint: ignore[AL401]\r\n",
        id="zsh-crlf",
    ),
    pytest.param(
        "config.fish",
        "fish",
        f"set -gx ANTHROPIC_BASE_URL {V1}\n",
        "AL401",
        f"set -gx ANTHROPIC_BASE_URL {V1}  # authlint: ignore[AL401]\n",
        id="fish",
    ),
    pytest.param(
        "profile.ps1",
        "powershell",
        f'$Env:ANTHROPIC_BASE_URL = "{V1}"\n',
        "AL401",
        f'$Env:ANTHROPIC_BASE_URL = "{V1}"  # authlint: ignore[AL401]\n',
        id="powershell",
    ),
    pytest.param(
        "app.py",
        "python",
        f'import anthropic\nclient = anthropic.Anthropic(\n    base_url="{V1}",\n)\n',
        "AL602",
        f'import anthropic\nclient = anthropic.Anthropic(\n    base_url="{V1}",'
        "  # authlint: ignore[AL602]\n)\n",
        id="python",
    ),
    pytest.param(
        "app.ts",
        "typescript",
        f'import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic({{ baseURL: "{V1}" }});\n',
        "AL602",
        f'import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic({{ baseURL: "{V1}" }});'
        "  // authlint: ignore[AL602]\n",
        id="typescript",
    ),
    pytest.param(
        "docker-compose.yml",
        "yaml",
        f"services:\n  app:\n    environment:\n      ANTHROPIC_BASE_URL: {V1}\n",
        "AL401",
        f"services:\n  app:\n    environment:\n      ANTHROPIC_BASE_URL: {V1}"
        "  # authlint: ignore[AL401]\n",
        id="compose-yaml",
    ),
    pytest.param(
        ".vscode/settings.json",
        "jsonc",
        f'{{\n  "terminal.integrated.env.linux": {{\n    "ANTHROPIC_BASE_URL": "{V1}"\n  }}\n}}\n',
        "AL401",
        f'{{\n  "terminal.integrated.env.linux": {{\n    "ANTHROPIC_BASE_URL": "{V1}"'
        "  // authlint: ignore[AL401]\n  }\n}\n",
        id="vscode-settings-jsonc",
    ),
    pytest.param(
        ".devcontainer/devcontainer.json",
        "jsonc",
        f'{{\n  "containerEnv": {{\n    "ANTHROPIC_BASE_URL": "{V1}"\n  }}\n}}\n',
        "AL401",
        f'{{\n  "containerEnv": {{\n    "ANTHROPIC_BASE_URL": "{V1}"'
        "  // authlint: ignore[AL401]\n  }\n}\n",
        id="devcontainer-jsonc",
    ),
]


@pytest.mark.parametrize("profile", [PUSH, PULL])
@pytest.mark.parametrize(("name", "language", "text", "code", "expected"), IGNORE_CASES)
async def test_ignore_on_this_line_silences_exactly_that_diagnostic(
    lsp_session: Session,
    profile: str,
    name: str,
    language: str,
    text: str,
    code: str,
    expected: str,
) -> None:
    session = lsp_session
    await start(session, profile)
    (session.workspace / name).parent.mkdir(parents=True, exist_ok=True)
    uri = session.open(name, text, language_id=language)
    before = await session.diagnostics(uri, version=1)
    (diagnostic,) = [d for d in before if d.code == code]

    actions = await session.code_actions(uri, [diagnostic], only=["quickfix"])

    action = titled(actions, f"Ignore {code} on this line")
    assert action.kind == types.CodeActionKind.QuickFix and action.command is None
    assert action.edit is not None
    fixed = apply_text_edits(text, edits_for(action.edit, uri), session.encoding)
    assert fixed == expected
    session.change(uri, fixed, version=2)
    after = await session.diagnostics(uri, version=2)
    assert [d.code for d in after if d.code == code] == []
    assert sorted(str(d.code) for d in after) == sorted(
        str(d.code) for d in before if d is not diagnostic
    )


async def test_a_second_code_joins_the_directive_already_there(lsp_session: Session) -> None:
    session = lsp_session
    await start(session, PUSH)
    text = f"export ANTHROPIC_BASE_URL={V1}\r\n"
    uri = session.open(".zshrc", text, language_id="shellscript")
    diagnostics = await session.diagnostics(uri, version=1)
    for version, code in enumerate(sorted(str(d.code) for d in diagnostics), start=2):
        current = await session.diagnostics(uri, version=version - 1)
        (diagnostic,) = [d for d in current if d.code == code]
        action = titled(
            await session.code_actions(uri, [diagnostic]), f"Ignore {code} on this line"
        )
        assert action.edit is not None
        text = apply_text_edits(text, edits_for(action.edit, uri), session.encoding)
        session.change(uri, text, version=version)
    assert text == f"export ANTHROPIC_BASE_URL={V1}  # authlint: ignore[AL202, AL401]\r\n"
    assert await session.diagnostics(uri, version=len(diagnostics) + 1) == []


async def test_no_ignore_comment_where_it_would_change_the_file(lsp_session: Session) -> None:
    # After a line continuation a comment would end the command; inside a multi-line
    # dotenv value it would become part of the value.
    session = lsp_session
    await start(session, PUSH)
    text = f"export ANTHROPIC_BASE_URL={V1} \\\n  OTHER=1\n"
    uri = session.open(".bashrc", text, language_id="shellscript")
    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL401"]

    actions = await session.code_actions(uri, [diagnostic])

    assert [a.title for a in actions if a.title.startswith("Ignore")] == []
    assert "Show documentation for AL401" in [a.title for a in actions]


# --- strict JSON: the workspace setting instead of a comment -------------------------------------

CLAUDE_SETTINGS = f'{{\n  "env": {{\n    "ANTHROPIC_BASE_URL": "{V1}"\n  }}\n}}\n'


@pytest.mark.parametrize("existing", [None, '{\r\n    "editor.tabSize": 2,\r\n}\r\n'])
async def test_strict_json_gets_a_workspace_ignore_in_vscode(
    lsp_session: Session, existing: str | None
) -> None:
    session = lsp_session
    await start(session, PUSH, client_name="Visual Studio Code")
    settings = session.workspace / ".vscode" / "settings.json"
    if existing is not None:
        settings.parent.mkdir()
        settings.write_bytes(existing.encode())
    (session.workspace / ".claude").mkdir()
    uri = session.open(".claude/settings.json", CLAUDE_SETTINGS, language_id="json")
    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL401"]

    actions = await session.code_actions(uri, [diagnostic], only=["quickfix"])

    assert not [a for a in actions if a.title == "Ignore AL401 on this line"]
    action = titled(actions, "Ignore AL401 in this workspace (.vscode/settings.json)")
    assert action.edit is not None and edits_for(action.edit, uri) == []
    settings_uri = settings.as_uri()
    creates = [c for c in action.edit.document_changes or () if isinstance(c, types.CreateFile)]
    assert [c.uri for c in creates] == ([settings_uri] if existing is None else [])
    written = apply_text_edits(existing or "", edits_for(action.edit, settings_uri))
    if existing is None:
        assert written == '{\n  "authlint.ignore": ["AL401"]\n}\n'
    else:  # CRLF, indentation and the trailing comma kept
        assert written == (
            '{\r\n    "editor.tabSize": 2,\r\n    "authlint.ignore": ["AL401"],\r\n}\r\n'
        )
    value = json.loads(re.sub(r",(\s*})", r"\1", written))
    assert value["authlint.ignore"] == ["AL401"]
    # what VS Code then sends the server silences the rule
    session.client.set_configuration({"ignore": value["authlint.ignore"]}, section="authlint")
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=None)
    )
    await session.wait_until(
        lambda: any(
            p.uri == uri and not any(d.code == "AL401" for d in p.diagnostics)
            for p in session.recorder.publishes
        )
    )


async def test_strict_json_gets_no_settings_action_outside_vscode(lsp_session: Session) -> None:
    session = lsp_session
    await start(session, PULL)  # Neovim: reads no .vscode/settings.json
    (session.workspace / ".claude").mkdir()
    uri = session.open(".claude/settings.json", CLAUDE_SETTINGS, language_id="json")
    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL401"]

    actions = await session.code_actions(uri, [diagnostic], only=["quickfix"])

    assert [a.title for a in actions if a.title.startswith("Ignore")] == []
    assert [a.title for a in actions if not is_fix(a)] == ["Show documentation for AL401"]


# --- documentation ------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", [PUSH, ALE_LIKE])
async def test_show_documentation_opens_the_rule_page(lsp_session: Session, profile: str) -> None:
    session = lsp_session
    await start(session, profile)
    uri = session.open(".env", f'ANTHROPIC_API_KEY="{KEY} "\n')
    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL201"]

    action = titled(await session.code_actions(uri, [diagnostic]), "Show documentation for AL201")

    assert action.edit is None and action.command is not None
    answer = await run_command(session, action.command)
    url = f"{DOCS}al201-whitespace-in-api-key"
    assert answer["url"] == url
    assert diagnostic.code_description is not None and diagnostic.code_description.href == url
    if profile == PUSH:  # VS Code supports window/showDocument
        assert answer["shown"] is True
        (shown,) = session.client.shown_documents
        assert (shown.uri, shown.external) == (url, True)
    else:  # Neovim 0.7 does not advertise it: the URL comes as a message
        assert answer["shown"] is False
        await session.wait_until(lambda: bool(session.client.messages))
        assert session.client.messages[-1].message == f"AL201: {url}"


# --- disabled actions: why there is no fix --------------------------------------------------------

HARDCODED = f'import anthropic\nclient = anthropic.Anthropic(api_key="{KEY}")\n'


@pytest.mark.parametrize("profile", [PUSH, PULL])
async def test_a_diagnostic_without_a_safe_fix_says_what_to_do(
    lsp_session: Session, profile: str
) -> None:
    session = lsp_session
    await start(session, profile)
    (session.workspace / "tests").mkdir()  # in a test file the key gets no automatic fix
    uri = session.open("tests/test_app.py", HARDCODED, language_id="python")
    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL601"]

    actions = await session.code_actions(uri, [diagnostic], only=["quickfix"])

    assert [a for a in actions if is_fix(a)] == []
    disabled = [a for a in actions if a.disabled is not None]
    if profile == PULL:  # Neovim 0.11 has no disabledSupport: nothing it would show wrongly
        assert disabled == []
        return
    (action,) = disabled
    assert action.title == "No automatic fix for AL601"
    assert action.edit is None and action.command is None
    assert action.disabled is not None
    assert "Move the key to an environment variable and rotate it" in action.disabled.reason
    assert KEY not in json.dumps(action.disabled.reason)
    assert actions[0] is action  # the reason comes first, before ignore and documentation


async def test_no_disabled_action_when_a_fix_is_offered(lsp_session: Session) -> None:
    session = lsp_session
    await start(session, PUSH)
    uri = session.open(".env", f'ANTHROPIC_API_KEY="{KEY} "\n')
    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL201"]

    actions = await session.code_actions(uri, [diagnostic])

    assert [a.title for a in actions if a.kind == "quickfix"] == [
        "Remove the whitespace around the key",
        "Ignore AL201 on this line",
        "Show documentation for AL201",
    ]


# --- file-creating fixes without documentChanges --------------------------------------------------


async def test_fix_all_creates_gitignore_and_rechecks_without_an_edit(
    lsp_session: Session,
) -> None:
    session = lsp_session
    await start(session, ALE_LIKE)
    (session.workspace / ".git").mkdir()
    text = f'ANTHROPIC_API_KEY=" {KEY}"\n'
    uri = session.open(".env", text)
    before = await session.published(uri, version=1)
    assert {"AL201", "AL502"} <= {str(d.code) for d in before}

    (action,) = await session.code_actions(uri, [], only=["source.fixAll"])

    # Vim + ALE runs only the command of an action that has an edit too, so the edit of
    # the existing .env travels in the command and comes back as workspace/applyEdit.
    assert action.kind == "source.fixAll.authlint"
    assert action.edit is None
    assert action.command is not None and action.command.command == "authlint.createFiles"
    applied: list[types.WorkspaceEdit] = []

    @session.client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(
        client: object, params: types.ApplyWorkspaceEditParams
    ) -> types.ApplyWorkspaceEditResult:
        applied.append(params.edit)
        fixed = apply_text_edits(text, edits_for(params.edit, uri), session.encoding)
        session.change(uri, fixed, version=2)
        return types.ApplyWorkspaceEditResult(applied=True)

    answer = await run_command(session, action.command)

    gitignore = session.workspace / ".gitignore"
    assert answer == {"created": [str(gitignore)], "problems": [], "applied": True}
    assert gitignore.read_bytes() == b".env\n"
    (edit,) = applied
    assert edit.document_changes is None and set(edit.changes or {}) == {uri}
    fixed = apply_text_edits(text, edits_for(edit, uri), session.encoding)
    assert fixed == f'ANTHROPIC_API_KEY="{KEY}"\n'
    await session.wait_until(
        lambda: any(
            p.uri == uri and p.version == 2 and not p.diagnostics
            for p in session.recorder.publishes
        )
    )


async def test_creating_gitignore_republishes_the_unchanged_env(lsp_session: Session) -> None:
    session = lsp_session
    await start(session, ALE_LIKE)
    (session.workspace / ".git").mkdir()
    uri = session.open(".env", f"ANTHROPIC_API_KEY={KEY}\n")
    (diagnostic,) = [d for d in await session.published(uri, version=1) if d.code == "AL502"]
    action = titled(
        await session.code_actions(uri, [diagnostic], only=["quickfix"]), "Add `.env` to .gitignore"
    )
    assert action.edit is None and action.command is not None
    published = len(session.recorder.publishes)

    await run_command(session, action.command)

    # No edit to .env, no didChange: the server rechecks it itself.
    await session.wait_until(lambda: len(session.recorder.publishes) > published)
    latest = [p for p in session.recorder.publishes if p.uri == uri][-1]
    assert (latest.version, [d.code for d in latest.diagnostics]) == (1, [])


async def test_the_create_command_never_overwrites_and_creates_only_fix_files(
    lsp_session: Session,
) -> None:
    session = lsp_session
    await start(session, ALE_LIKE)
    gitignore = session.workspace / ".gitignore"
    gitignore.write_bytes(b"node_modules/\r\n")
    command = types.Command(
        title="create",
        command="authlint.createFiles",
        arguments=[
            [
                {"uri": gitignore.as_uri(), "text": ".env\n"},
                {"uri": (session.workspace / ".bashrc").as_uri(), "text": "rm -rf ~\n"},
                {"uri": (session.workspace / "nowhere" / ".env").as_uri(), "text": "A=1\n"},
            ]
        ],
    )

    answer = await run_command(session, command)

    assert answer["created"] == []
    assert len(answer["problems"]) == 3
    assert gitignore.read_bytes() == b"node_modules/\r\n"
    assert not (session.workspace / ".bashrc").exists()
    assert not (session.workspace / "nowhere").exists()
    await session.wait_until(lambda: len(session.client.messages) == 3)
    assert all(m.type == types.MessageType.Warning for m in session.client.messages)
