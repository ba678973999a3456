"""The environment model in the language server: hover, the two commands, AL9xx, invalidation.

The scene is the one from the issue "Where does my key come from?": the
project's ``.env`` holds a fresh key and ``app.py`` calls ``load_dotenv()``
(no override), while ``~/.zshrc`` still exports a stale key, so the Python
program, the terminal and Claude Code all get the stale one. The server runs
with ``HOME`` at a temporary folder, ``SHELL=/bin/zsh`` and no ``ANTHROPIC_*``
variables of its own; the platform is set to Linux so the contexts are the
same on every machine. Both client profiles (VS Code: push, UTF-16; Neovim:
pull, UTF-8) are used.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

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
    make_client,
)

FRESH = keys.api_key("lsp-environment-fresh")
STALE = keys.api_key("lsp-environment-stale")
EDITED = keys.api_key("lsp-environment-edited")
TOKEN = keys.api_key("lsp-environment-token")
SETTINGS = {"platform": "linux"}
APP = (
    "import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\n"
    'print("🔑é", os.getenv("ANTHROPIC_API_KEY"))\n'  # astral and 2-byte characters before the name
)
TERMINAL_STALE = f"- Linux terminal tab: `~/.zshrc:1` → `{mask(STALE)}`"


def server_env(home: Path) -> dict[str, str]:
    """The server's environment: the test's home, zsh, and no credential of the machine's own."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    return {**clean, "HOME": str(home), "SHELL": "/bin/zsh"}


def write_scene(workspace: Path, home: Path, *, stale_export: bool = True) -> None:
    """``.env`` (fresh key), ``app.py`` with ``load_dotenv()``, ``pyproject.toml``; ``~/.zshrc``."""
    (workspace / ".env").write_text(f"ANTHROPIC_API_KEY={FRESH}\n")
    (workspace / "app.py").write_text(APP)
    (workspace / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0.1.0"\n')
    if stale_export:
        (home / ".zshrc").write_text(f"export ANTHROPIC_API_KEY={STALE}\n")


async def start(home: Path, workspace: Path, profile: str) -> Session:
    recorder = Recorder()
    config = ClientServerConfig(
        server_command=SERVER_COMMAND,
        client_factory=lambda: make_client(recorder),
        server_env=server_env(home),
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    session = Session(client, recorder, workspace, profile=profile)
    await session.initialize(
        capabilities_for(profile), initialization_options=SETTINGS, configuration=SETTINGS
    )
    return session


async def stop(session: Session) -> None:
    await asyncio.wait_for(session.client.shutdown_session(), TIMEOUT)
    await session.client.stop()


@pytest.fixture(params=[PUSH, PULL])
async def scene(
    request: pytest.FixtureRequest, tmp_home: Path, workspace: Path
) -> AsyncIterator[Session]:
    """A session for each client profile over the stale-``~/.zshrc`` scene."""
    write_scene(workspace, tmp_home)
    session = await start(tmp_home, workspace, request.param)
    yield session
    await stop(session)


def character(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's position units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


async def hover(session: Session, uri: str, line: int, char: int) -> types.Hover | None:
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=char),
    )
    found: types.Hover | None = await asyncio.wait_for(
        session.client.text_document_hover_async(params), TIMEOUT
    )
    return found


def markdown(found: types.Hover | None) -> list[str]:
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value.splitlines()


def python_line(lines: list[str]) -> str:
    (line,) = [x for x in lines if x.startswith("- Python program") and "app.py" in x]
    return line


async def execute(session: Session, command: str, *arguments: Any) -> Any:
    params = types.ExecuteCommandParams(command=command, arguments=list(arguments))
    return await asyncio.wait_for(session.client.workspace_execute_command_async(params), TIMEOUT)


def no_secret_in(session: Session, *answers: Any) -> None:
    sent = session.everything_sent() + json.dumps(answers, default=repr, ensure_ascii=False)
    for secret in (FRESH, STALE, EDITED, TOKEN):
        assert leaked(secret, sent) == []


def codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


# --- hover ------------------------------------------------------------------------------------


async def test_hover_on_the_env_key_shows_the_stale_key_each_context_gets(scene: Session) -> None:
    text = (scene.workspace / ".env").read_text()
    uri = scene.open(".env", text)

    found = await hover(scene, uri, 0, 5)

    lines = markdown(found)
    assert lines[0] == "**ANTHROPIC_API_KEY**"
    assert TERMINAL_STALE in lines
    python = python_line(lines)
    assert f": `~/.zshrc:1` → `{mask(STALE)}`; this line: kept out by ~/.zshrc:1" in python
    cli = lines.index(next(x for x in lines if x.startswith("- Claude Code CLI")))
    assert lines[cli + 1].endswith("uses ANTHROPIC_API_KEY from `~/.zshrc:1`")
    assert found is not None and found.range == types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=17)
    )
    no_secret_in(scene, found.contents)


async def test_hover_in_code_uses_client_units(scene: Session) -> None:
    uri = scene.open("app.py", APP, language_id="python")
    line = APP.splitlines()[4]
    start = character(line[: line.index("ANTHROPIC")], scene.encoding)
    end = character(line[: line.index("ANTHROPIC") + len("ANTHROPIC_API_KEY")], scene.encoding)

    found = await hover(scene, uri, 4, end)  # just after the name still counts

    lines = markdown(found)
    assert lines[0] == "**ANTHROPIC_API_KEY**"
    assert f": `~/.zshrc:1` → `{mask(STALE)}`" in python_line(lines)
    assert "this line" not in python_line(lines)  # app.py defines nothing there
    assert found is not None and found.range == types.Range(
        start=types.Position(line=4, character=start), end=types.Position(line=4, character=end)
    )
    # Not a variable name: the value, the call, a name nothing defines.
    assert await hover(scene, uri, 3, 2) is None
    assert await hover(scene, scene.open(".env", f"ANTHROPIC_API_KEY={FRESH}\n"), 0, 30) is None
    other = scene.open("other.env", "ANTHROPIC_NOT_DEFINED_ANYWHERE=1\n")
    assert await hover(scene, other, 0, 3) is None


# --- commands ---------------------------------------------------------------------------------


async def test_explain_variable_returns_the_chain(scene: Session) -> None:
    commands = scene.result.capabilities.execute_command_provider if scene.result else None
    assert commands is not None and "authlint.explainVariable" in (commands.commands or [])

    answer = await execute(
        scene, "authlint.explainVariable", "ANTHROPIC_API_KEY", scene.uri("app.py")
    )

    by_name = {c["context"]: c for c in answer["contexts"]}
    python = by_name["python:app.py"]
    assert (python["set"], python["value"], python["from"]) == (True, mask(STALE), "~/.zshrc:1")
    assert [(s["file"], s["line"], s["verdict"], s["value"]) for s in python["chain"]] == [
        ("~/.zshrc", 1, "wins", mask(STALE)),
        (".env", 1, "kept out", mask(FRESH)),
    ]
    assert by_name["linux-terminal"]["from"] == "~/.zshrc:1"
    assert "macos-terminal" not in by_name  # the platform's contexts only
    message = answer["message"].splitlines()
    assert message[0] == "Linux terminal tab (an interactive non-login shell):"
    assert f"  ✓ ~/.zshrc:1  {mask(STALE)}  wins" in message
    assert (
        f"  ✗ .env:1      {mask(FRESH)}  kept out by ~/.zshrc:1: the variable is already set, "
        "and the loader keeps existing variables" in message
    )
    no_secret_in(scene, answer)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ("stale-zshrc", {"text": "key from ~/.zshrc", "ok": True}),
        ("dotenv-only", {"text": "key from .env", "ok": True}),
        ("dotenv-not-loaded", {"text": "key from .env", "ok": True}),
        ("claude-settings-token", {"text": "token from ~/.claude/settings.json", "ok": True}),
        ("nothing", {"text": "no key found", "ok": False}),
    ],
)
async def test_credential_summary(
    tmp_home: Path, workspace: Path, files: str, expected: dict[str, Any]
) -> None:
    write_scene(workspace, tmp_home, stale_export=files == "stale-zshrc")
    if files in ("nothing", "dotenv-not-loaded"):
        (workspace / "app.py").write_text("print('no dotenv here')\n")
    if files == "nothing":
        (workspace / ".env").write_text("DEBUG=1\n")
    if files == "claude-settings-token":
        (tmp_home / ".claude").mkdir()
        settings = {"env": {"ANTHROPIC_AUTH_TOKEN": TOKEN}}
        (tmp_home / ".claude" / "settings.json").write_text(json.dumps(settings))
    session = await start(tmp_home, workspace, PUSH)
    try:
        answer = await execute(session, "authlint.credentialSummary", session.uri(".env"))
        assert {k: answer[k] for k in ("text", "ok")} == expected
        tooltip = answer["tooltip"].splitlines()
        if "" in tooltip:  # outcome lines first, then the credential lines
            tooltip = tooltip[tooltip.index("") + 1 :]
        if files == "stale-zshrc":
            assert tooltip[0] == (
                "Claude Code CLI started from the terminal uses ANTHROPIC_API_KEY from `~/.zshrc:1`"
            )
            assert TERMINAL_STALE[2:] in tooltip
        if files == "dotenv-only":
            assert f"Python program app.py: `.env:1` → `{mask(FRESH)}`" in "\n".join(tooltip)
        if files == "dotenv-not-loaded":
            assert tooltip[-1] == f"`.env:1` → `{mask(FRESH)}` (no program found that loads it)"
        if files == "nothing":
            assert tooltip[0] == (
                "Claude Code CLI started from the terminal: no credential found, "
                "so it asks you to log in"
            )
        no_secret_in(session, answer)
    finally:
        await stop(session)


# --- cross-file diagnostics and invalidation ------------------------------------------------


async def test_editing_zshrc_on_disk_changes_the_hover_and_diagnostics(scene: Session) -> None:
    env_uri = scene.open(".env", (scene.workspace / ".env").read_text())
    assert "AL901" in codes(await scene.diagnostics(env_uri, version=1))
    assert TERMINAL_STALE in markdown(await hover(scene, env_uri, 0, 5))
    before = len(scene.recorder.publishes)

    zshrc = Path(scene.workspace.parent / "home" / ".zshrc")
    zshrc.write_text("alias ll='ls -l'\n")
    scene.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=zshrc.as_uri(), type=types.FileChangeType.Changed)]
        )
    )

    lines = markdown(await hover(scene, env_uri, 0, 5))
    assert "- Linux terminal tab: not set by any file" in lines
    assert f": `.env:1` → `{mask(FRESH)}`" in python_line(lines)
    if scene.pull:
        assert "AL901" not in codes(await scene.diagnostics(env_uri))
    else:
        await scene.wait_until(
            lambda: any(
                p.uri == env_uri and "AL901" not in codes(list(p.diagnostics))
                for p in scene.recorder.publishes[before:]
            )
        )
    no_secret_in(scene)


async def test_unsaved_edits_are_used_and_recheck_the_other_documents(scene: Session) -> None:
    env_uri = scene.open(".env", (scene.workspace / ".env").read_text())
    zshrc = scene.workspace.parent / "home" / ".zshrc"
    zshrc_uri = scene.open(zshrc.as_uri(), zshrc.read_text(), language_id="shellscript")
    assert "AL901" in codes(await scene.diagnostics(env_uri, version=1))

    scene.change(zshrc_uri, f"export ANTHROPIC_API_KEY={EDITED}\n", version=2)  # not saved
    lines = markdown(await hover(scene, env_uri, 0, 5))
    assert f"- Linux terminal tab: `~/.zshrc:1` → `{mask(EDITED)}`" in lines

    before = len(scene.recorder.publishes)
    scene.change(zshrc_uri, "alias ll='ls -l'\n", version=3)
    # .env itself did not change, yet its diagnostics follow the profile's unsaved text.
    if scene.pull:
        assert "AL901" not in codes(await scene.diagnostics(env_uri))
    else:
        await scene.wait_until(
            lambda: any(
                p.uri == env_uri and p.version == 1 and "AL901" not in codes(list(p.diagnostics))
                for p in scene.recorder.publishes[before:]
            )
        )

    scene.change(env_uri, f"ANTHROPIC_API_KEY={EDITED}\n", version=2)
    lines = markdown(await hover(scene, env_uri, 0, 5))
    assert f": `.env:1` → `{mask(EDITED)}`" in python_line(lines)
    no_secret_in(scene)
