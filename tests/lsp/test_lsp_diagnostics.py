"""Diagnostics through the real server: push (VS Code) and pull (Neovim 0.11) clients."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from lsprotocol.converters import get_converter

import keys
from authlint.core.secrets import mask
from conftest import PULL, Session, leaked

KEY = keys.api_key("lsp-diagnostics")
PLAIN = f'FOO=1\nANTHROPIC_API_KEY="{KEY} "\nBAR=2\n'
# A key-shaped value preceded by non-ASCII and astral characters on its line:
# code points, UTF-16 and UTF-8 columns all differ after them.
ASTRAL = f'FOO=1\nANTHROPIC_API_KEY="🔑é {KEY} "\nBAR=2\n'


def al201(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == "AL201"]


def columns(rng: types.Range) -> tuple[int, int, int, int]:
    return rng.start.line, rng.start.character, rng.end.line, rng.end.character


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # the diagnostic covers the value inside the quotes: 19 .. 19 + 108 + 1
        (PLAIN, KEY, {"utf-16": (1, 19, 1, 128), "utf-8": (1, 19, 1, 128)}),
        # 🔑 is 1 code point, 2 UTF-16 units, 4 UTF-8 bytes; é is 1, 1, 2
        (ASTRAL, f"🔑é {KEY}", {"utf-16": (1, 19, 1, 132), "utf-8": (1, 19, 1, 135)}),
    ],
    ids=["ascii", "astral"],
)
async def test_trailing_space_in_key_is_reported_at_its_range(
    session: Session, text: str, value: str, expected: dict[str, tuple[int, int, int, int]]
) -> None:
    assert session.encoding == ("utf-8" if session.profile == PULL else "utf-16")
    uri = session.open(".env", text)

    (diagnostic,) = al201(await session.diagnostics(uri, version=1))

    assert columns(diagnostic.range) == expected[session.encoding]
    # No program in the workspace loads this .env: only a plausible context would fail.
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.source == "authlint"
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("#al201-whitespace-in-api-key")
    assert f"`{mask(value)}`" in diagnostic.message
    assert KEY not in diagnostic.message
    assert diagnostic.data["version"] == 1
    assert diagnostic.data["fix"]["applicability"] == "safe"
    assert leaked(KEY, session.everything_sent()) == []


LOOK_ALIKES = [
    f'ANTHROPIC_API_KEY="{KEY}"',  # no whitespace
    f"ANTHROPIC_API_KEY={KEY} ",  # unquoted: python-dotenv strips the trailing space
    f'# ANTHROPIC_API_KEY="{KEY} "',  # commented out
    'ANTHROPIC_API_KEY=""',  # deliberately empty (OpenRouter recipe)
    'ANTHROPIC_API_KEY=" "',  # nothing but whitespace: not a key with a space
    'ANTHROPIC_API_KEY="${VAULT_KEY} "',  # computed at run time
]


async def test_look_alikes_are_not_reported(session: Session) -> None:
    uris = [session.open(f"case{i}/.env", f"{line}\n") for i, line in enumerate(LOOK_ALIKES)]

    for uri, line in zip(uris, LOOK_ALIKES, strict=True):
        assert al201(await session.diagnostics(uri, version=1)) == [], line


async def test_fixed_text_clears_the_diagnostic(session: Session) -> None:
    uri = session.open(".env", PLAIN)
    assert len(al201(await session.diagnostics(uri, version=1))) == 1

    session.change(uri, PLAIN.replace(f"{KEY} ", KEY), version=2)

    assert al201(await session.diagnostics(uri, version=2)) == []


async def test_diagnostics_follow_the_latest_of_several_quick_changes(session: Session) -> None:
    uri = session.open(".env", "FOO=1\n")
    assert await session.diagnostics(uri, version=1) == []

    session.change(uri, PLAIN, version=2)
    session.change(uri, "FOO=2\n", version=3)
    session.change(uri, ASTRAL, version=4)

    assert len(al201(await session.diagnostics(uri, version=4))) == 1
    if not session.pull:  # debounced: the superseded versions were never published
        assert {p.version for p in session.recorder.publishes if p.uri == uri} == {1, 4}


async def test_closing_clears_pushed_diagnostics(session: Session) -> None:
    uri = session.open(".env", PLAIN)
    assert len(al201(await session.diagnostics(uri, version=1))) == 1
    before = len(session.recorder.publishes)

    session.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )

    if session.pull:  # nothing was pushed, so nothing is cleared (the fixture checks)
        return
    await session.wait_until(
        lambda: any(p.uri == uri and not p.diagnostics for p in session.recorder.publishes[before:])
    )


@pytest.mark.parametrize(
    ("name", "language_id", "reported"),
    [
        (".env.production", "plaintext", True),  # the name decides
        (".env-prod", "properties", True),  # VS Code < 1.139 calls .env files "properties"
        ("untitled:Untitled-1", "dotenv", True),  # unsaved buffer: the languageId decides
        ("app.properties", "properties", False),  # a Java properties file
        ("notes.txt", "plaintext", False),
        ("untitled:Untitled-2", "plaintext", False),
    ],
)
async def test_which_documents_are_checked(
    session: Session, name: str, language_id: str, reported: bool
) -> None:
    uri = session.open(name, PLAIN, language_id=language_id)
    # A document opened after it: once it is checked, a document that is not checked would
    # have been passed over (the two are checked apart, in either order).
    marker = session.open(".env", PLAIN)

    assert len(al201(await session.diagnostics(marker, version=1))) == 1
    if session.pull:
        found = al201(await session.diagnostics(uri))
    elif reported:
        found = al201(await session.published(uri))
    else:
        assert [p for p in session.recorder.publishes if p.uri == uri] == []
        found = []
    assert len(found) == (1 if reported else 0)


async def test_no_key_reaches_the_client_from_any_rule(session: Session) -> None:
    (session.workspace / ".git").mkdir()  # so the leak rules have something to say
    secrets = {name: make() for name, make in keys.ALL_SHAPES.items()}
    text = "".join(
        f'ANTHROPIC_API_KEY="{secrets["api_key"]} "\n'
        f"ANTHROPIC_AUTH_TOKEN={secrets['oauth_token']}\n"
        f"CLAUDE_CODE_OAUTH_TOKEN='{secrets['admin_key']}'\n"
        f"ANTHROPIC_API_KEY={secrets['openai_key']}\n"
        f"OPENROUTER_API_KEY=“{secrets['openrouter_key']}”\n"
        f"anthropic_api_key={secrets['refresh_token']}\r\n"
        f"GOOGLE_API_KEY = {secrets['google_key']}\n"
    )
    uri = session.open(".env", text)
    diagnostics = await session.diagnostics(uri, version=1)
    assert len(diagnostics) >= 3

    actions = await session.code_actions(uri, diagnostics)

    sent = session.everything_sent() + json.dumps(get_converter().unstructure(actions))
    assert {name: leaked(secret, sent) for name, secret in secrets.items()} == {
        name: [] for name in secrets
    }


async def test_related_locations_point_into_the_document(session: Session) -> None:
    text = "ANTHROPIC_BASE_URL=https://a.example\nFOO=1\nANTHROPIC_BASE_URL=https://b.example\n"
    uri = session.open(".env", text)

    (diagnostic,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "AL306"]

    (related,) = diagnostic.related_information or ()
    assert related.location.uri == uri
    assert columns(related.location.range) == (2, 0, 2, 18)
