"""AL601's multi-file quick fix through the real server, applied the way an editor applies it.

A FastAPI app in a temporary git repository passes a hard-coded key to the
SDK. The test opens it, takes the quick fix the server offers, applies the
returned ``WorkspaceEdit`` to the files (creating ``.env`` and ``.gitignore``
for a client that supports ``CreateFile``, editing existing ones through
``changes`` for one that does not advertise ``documentChanges``), and then
checks what a user would: the code reads the key from the environment, the
program gets the same key once ``.env`` is loaded (a subprocess with
python-dotenv; only a hash is printed), ``.env`` holds the key, git ignores
it, and ``authlint check`` on the repository reports nothing.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lsprotocol import types

import keys
from authlint.core.secrets import mask
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

KEY = keys.api_key("lsp-hardcoded")
TITLE = "Move the key to .env and read ANTHROPIC_API_KEY from the environment (unsafe)"
# The literal comes after an astral character on its line: its columns differ in
# code points, UTF-16 and UTF-8, so a wrong conversion would cut the key.
APP = textwrap.dedent(
    f'''\
    """Support bot: answers questions about the docs. 🤖"""

    from __future__ import annotations

    from anthropic import Anthropic
    from fastapi import FastAPI

    app = FastAPI()
    client = Anthropic(default_headers={{"X-Bot": "🤖"}}, api_key="{KEY}")


    @app.post("/ask")
    def ask(question: str) -> str:
        reply = client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=512,
            messages=[{{"role": "user", "content": question}}],
        )
        return reply.content[0].text
    '''
)
ENV_BEFORE = "# local settings\nLOG_LEVEL=debug"  # no final newline
GITIGNORE_BEFORE = "__pycache__/\r\n.venv/\r\n"

# Loads .env like the app would and runs the module with a stub `anthropic`;
# prints only a hash of the key the client got.
KEY_PROBE = """
import hashlib, runpy, sys, types
from dotenv import load_dotenv
stub = types.ModuleType("anthropic")
class Anthropic:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
stub.Anthropic = Anthropic
fastapi = types.ModuleType("fastapi")
class FastAPI:
    def post(self, path):
        return lambda function: function
fastapi.FastAPI = FastAPI
sys.modules.update(anthropic=stub, fastapi=fastapi)
load_dotenv(override=True)
namespace = runpy.run_path("app.py")
print(hashlib.sha256(namespace["client"].kwargs["api_key"].encode()).hexdigest())
"""


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env.pop("GIT_CONFIG_GLOBAL", None)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    return env


def _apply(edit: types.WorkspaceEdit, opened: dict[str, str], encoding: str) -> dict[str, str]:
    """Apply a ``WorkspaceEdit`` like an editor: create files, edit them, save everything.

    ``opened`` maps open documents' URIs to their text (which wins over the
    disk). Returns the new text of each changed URI.
    """
    texts: dict[str, str] = {}
    for change in edit.document_changes or ():
        if isinstance(change, types.CreateFile):
            path = Path(change.uri.removeprefix("file://"))
            assert change.options is not None and change.options.ignore_if_exists
            if not path.exists():
                path.write_text("")
    uris = {c.text_document.uri for c in edit.document_changes or () if hasattr(c, "edits")}
    uris |= set(edit.changes or {})
    for uri in uris:
        path = Path(uri.removeprefix("file://"))
        before = opened.get(uri)
        if before is None:
            before = path.read_bytes().decode("utf-8")
        texts[uri] = apply_text_edits(before, edits_for(edit, uri), encoding)
        path.write_bytes(texts[uri].encode("utf-8"))
    return texts


@pytest.mark.parametrize("profile", [PUSH, PULL])
async def test_quick_fix_moves_the_key_out_of_the_code(
    lsp_session: Session, tmp_home: Path, profile: str
) -> None:
    session = lsp_session
    repo = session.workspace
    env = _environment(tmp_home)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env, timeout=60)
    (repo / "pyproject.toml").write_text('[project]\nname = "support-bot"\n')
    (repo / "app.py").write_text(APP)
    if profile == PULL:  # Neovim 0.11 cannot create files: give it files to edit
        (repo / ".env").write_text(ENV_BEFORE)
        (repo / ".gitignore").write_bytes(GITIGNORE_BEFORE.encode())
    await session.initialize(capabilities_for(profile))
    uri = session.open("app.py", APP, language_id="python")

    diagnostics = await session.diagnostics(uri, version=1)
    (diagnostic,) = [d for d in diagnostics if d.code == "AL601"]
    assert [d.code for d in diagnostics if d.code.startswith("AL5")] == []  # AL601 says it all
    assert text_of_range(APP, diagnostic.range, session.encoding) == f'"{KEY}"'
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert f"`{mask(KEY)}`" in diagnostic.message and "rotate" in diagnostic.message
    # The fix writes the key into .env, so the published diagnostic leaves it out of its data;
    # the code action recomputes it from the document.
    assert "fix" not in diagnostic.data and leaked(KEY, repr(diagnostic.data)) == []
    for sent in diagnostics:
        assert leaked(KEY, sent.message) == []

    (action,) = [
        a
        for a in await session.code_actions(uri, [diagnostic], only=["quickfix"])
        if a.title == TITLE
    ]

    assert action.title == TITLE and action.is_preferred is False
    assert action.edit is not None
    env_uri = (repo / ".env").as_uri()
    gitignore_uri = (repo / ".gitignore").as_uri()
    if profile == PUSH:
        kinds = [type(c).__name__ for c in action.edit.document_changes or ()]
        assert sorted(kinds) == ["CreateFile"] * 2 + ["TextDocumentEdit"] * 3
        creates = {
            c.uri for c in action.edit.document_changes or () if isinstance(c, types.CreateFile)
        }
        assert creates == {env_uri, gitignore_uri}
    else:
        assert action.edit.document_changes is None
        assert set(action.edit.changes or {}) == {uri, env_uri, gitignore_uri}
    # The key is in the edit for .env, where it has to go, and nowhere else.
    assert all(KEY not in e.new_text for e in edits_for(action.edit, uri))
    assert all(KEY not in e.new_text for e in edits_for(action.edit, gitignore_uri))

    texts = _apply(action.edit, {uri: APP}, session.encoding)

    program = texts[uri]
    assert program == APP.replace(f'"{KEY}"', 'os.environ["ANTHROPIC_API_KEY"]').replace(
        "from __future__ import annotations\n\n",
        "from __future__ import annotations\n\nimport os\n",
    )
    if profile == PUSH:
        assert (repo / ".env").read_text() == f"ANTHROPIC_API_KEY={KEY}\n"
        assert (repo / ".gitignore").read_text() == ".env\n"
    else:
        assert (repo / ".env").read_text() == f"{ENV_BEFORE}\nANTHROPIC_API_KEY={KEY}\n"
        assert (repo / ".gitignore").read_bytes() == f"{GITIGNORE_BEFORE}.env\r\n".encode()

    # git agrees that .env is ignored now, and app.py is not
    ignored = subprocess.run(
        ["git", "check-ignore", ".env", "app.py"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert ignored.stdout.split() == [".env"]

    # the program gets the same key from the environment once .env is loaded
    probe = subprocess.run(
        [sys.executable, "-c", KEY_PROBE],
        cwd=repo, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == hashlib.sha256(KEY.encode()).hexdigest()

    # the editor sees a clean file, and so does the CLI on the whole repository
    session.change(uri, program, version=2)
    assert await session.diagnostics(uri, version=2) == []
    check = subprocess.run(
        [sys.executable, "-m", "authlint", "check", str(repo), "--no-home"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "All checks passed" in check.stdout
    assert leaked(KEY, check.stdout + check.stderr) == []


async def test_no_fix_when_dotenv_holds_another_key(lsp_session: Session) -> None:
    session = lsp_session
    repo = session.workspace
    (repo / ".git").mkdir()
    (repo / "pyproject.toml").write_text('[project]\nname = "support-bot"\n')
    (repo / ".env").write_text(f"ANTHROPIC_API_KEY={keys.api_key('another')}\n")
    (repo / "app.py").write_text(APP)
    await session.initialize(capabilities_for(PUSH))
    uri = session.open("app.py", APP, language_id="python")

    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL601"]

    assert "fix" not in diagnostic.data
    offered = await session.code_actions(uri, [diagnostic], only=["quickfix"])
    rule_actions = ("Ignore AL", "Show documentation")
    assert [a for a in offered if a.disabled is None and not a.title.startswith(rule_actions)] == []
