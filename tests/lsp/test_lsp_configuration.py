"""Settings: `workspace/configuration`, `didChangeConfiguration`, `initializationOptions`."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import pytest
from lsprotocol import types

import keys
from conftest import PULL, PUSH, Session, capabilities_for

KEY = keys.api_key("lsp-config")
TEXT = f'FOO=1\nANTHROPIC_API_KEY="{KEY} "\n'


def codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


def without_configuration(profile: str) -> types.ClientCapabilities:
    """A client that cannot answer ``workspace/configuration`` (spec checks stay on)."""
    caps = capabilities_for(profile)
    assert caps.workspace is not None
    return attrs.evolve(caps, workspace=attrs.evolve(caps.workspace, configuration=None))


def notify_configuration_changed(session: Session, settings: Any = None) -> None:
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=settings)
    )


async def pull_until(session: Session, uri: str, done: Any) -> list[types.Diagnostic]:
    """Pull until ``done(items)``: a client without refresh support re-pulls on its own."""
    found: list[types.Diagnostic] = []

    async def check() -> bool:
        nonlocal found
        report = await session.pull_report(uri)
        found = list(report.items)
        return bool(done(found))

    for _ in range(100):
        if await check():
            return found
        await session.wait_until(lambda: True)
    raise AssertionError(f"never satisfied; last: {codes(found)}")


async def test_configuration_change_removes_an_ignored_code(session: Session) -> None:
    uri = session.open(".env", TEXT)
    assert "AL201" in codes(await session.diagnostics(uri, version=1))
    before = len(session.recorder.publishes)

    session.client.set_configuration({"ignore": ["AL201"]}, section="authlint")
    notify_configuration_changed(session)

    if session.pull:
        await pull_until(session, uri, lambda items: "AL201" not in codes(items))
    else:
        await session.wait_until(
            lambda: any(
                p.uri == uri and "AL201" not in codes(list(p.diagnostics))
                for p in session.recorder.publishes[before:]
            )
        )


async def test_configuration_is_read_before_the_first_check(lsp_session: Session) -> None:
    await lsp_session.initialize(capabilities_for(PUSH), configuration={"ignore": ["AL201"]})
    uri = lsp_session.open(".env", TEXT)

    assert "AL201" not in codes(await lsp_session.diagnostics(uri, version=1))
    # One publish only: no flash of diagnostics computed with the defaults.
    assert [p.version for p in lsp_session.recorder.publishes if p.uri == uri] == [1]


async def test_pull_client_with_refresh_support_is_asked_to_re_pull(lsp_session: Session) -> None:
    await lsp_session.initialize(capabilities_for("neovim+refresh"))
    uri = lsp_session.open(".env", TEXT)
    first = await lsp_session.pull_report(uri)
    assert "AL201" in codes(list(first.items))
    again = await lsp_session.pull_report(uri, previous_result_id=first.result_id)
    assert (again.kind, again.result_id) == ("unchanged", first.result_id)

    lsp_session.client.set_configuration({"ignore": ["AL201"]}, section="authlint")
    notify_configuration_changed(lsp_session)
    await lsp_session.wait_until(lambda: lsp_session.client.diagnostic_refresh_count == 1)

    report = await lsp_session.pull_report(uri, previous_result_id=first.result_id)
    assert report.kind == "full"
    assert "AL201" not in codes(list(report.items))
    assert lsp_session.recorder.publishes == []


async def test_unchanged_settings_do_not_trigger_a_refresh(lsp_session: Session) -> None:
    await lsp_session.initialize(capabilities_for("neovim+refresh"))
    uri = lsp_session.open(".env", TEXT)
    await lsp_session.pull_report(uri)

    notify_configuration_changed(lsp_session)  # same settings as before
    await asyncio.sleep(0.5)
    assert lsp_session.client.diagnostic_refresh_count == 0

    lsp_session.client.set_configuration({"ignore": ["AL999"]}, section="authlint")
    notify_configuration_changed(lsp_session)
    await lsp_session.wait_until(lambda: lsp_session.client.diagnostic_refresh_count == 1)


@pytest.mark.parametrize("profile", [PUSH, PULL])
async def test_severity_override(lsp_session: Session, profile: str) -> None:
    await lsp_session.initialize(
        capabilities_for(profile), configuration={"severity": {"AL201": "warning"}}
    )
    uri = lsp_session.open(".env", TEXT)

    (diagnostic,) = [d for d in await lsp_session.diagnostics(uri, version=1) if d.code == "AL201"]

    assert diagnostic.severity == types.DiagnosticSeverity.Warning


async def test_bad_settings_are_logged_and_defaults_kept(lsp_session: Session) -> None:
    await lsp_session.initialize(
        capabilities_for(PUSH),
        configuration={"platform": "beos", "ignore": 5, "colour": "blue", "interpreter": ["x"]},
    )
    uri = lsp_session.open(".env", TEXT)

    assert "AL201" in codes(await lsp_session.diagnostics(uri, version=1))
    logged = "\n".join(m.message for m in lsp_session.client.log_messages)
    assert "platform" in logged and "'ignore'" in logged and "'colour'" in logged
    assert "interpreter" not in logged  # the editor extension's own key
    assert lsp_session.client.messages == []  # no pop-ups


@pytest.mark.parametrize(
    ("options", "reported"),
    [
        (None, True),  # Neovim, Helix: nothing at all
        ({}, True),
        ({"ignore": ["AL201"]}, False),
        ({"authlint": {"ignore": "AL201"}}, False),  # wrapped, and a string for a list
        ([{"workspace": "file:///w", "settings": {"ignore": ["AL201"]}}], False),  # ruff-lsp list
        ({"globalSettings": {"ignore": ["AL201"]}, "settings": [{"select": ["ALL"]}]}, False),
        ({"settings": {"select": ["AL5"]}}, False),
        ("nonsense", True),  # logged, defaults kept
    ],
    ids=["none", "empty", "flat", "wrapped", "list", "global", "select", "string"],
)
@pytest.mark.parametrize("profile", [PUSH, PULL])
async def test_initialization_options_without_configuration_support(
    lsp_session: Session, profile: str, options: Any, reported: bool
) -> None:
    await lsp_session.initialize(without_configuration(profile), initialization_options=options)
    uri = lsp_session.open(".env", TEXT)

    assert ("AL201" in codes(await lsp_session.diagnostics(uri, version=1))) is reported


async def test_did_change_configuration_carries_settings_without_configuration_support(
    lsp_session: Session,
) -> None:
    await lsp_session.initialize(without_configuration(PUSH))
    uri = lsp_session.open(".env", TEXT)
    assert "AL201" in codes(await lsp_session.diagnostics(uri, version=1))
    before = len(lsp_session.recorder.publishes)

    notify_configuration_changed(lsp_session, {"authlint": {"ignore": ["AL201"]}})

    await lsp_session.wait_until(lambda: len(lsp_session.recorder.publishes) > before)
    assert "AL201" not in codes(list(lsp_session.recorder.publishes[-1].diagnostics))


async def test_client_with_no_capabilities_at_all(lsp_session: Session) -> None:
    await lsp_session.initialize(types.ClientCapabilities())
    uri = lsp_session.open(".env", TEXT)

    (diagnostic,) = [d for d in await lsp_session.diagnostics(uri, version=1) if d.code == "AL201"]
    assert lsp_session.encoding == "utf-16"
    assert diagnostic.range.start == types.Position(line=1, character=19)


async def test_vs_code_is_asked_to_send_configuration_changes(lsp_session: Session) -> None:
    await lsp_session.initialize(capabilities_for(PUSH))
    uri = lsp_session.open(".env", TEXT)
    await lsp_session.diagnostics(uri, version=1)

    await lsp_session.wait_until(lambda: bool(lsp_session.recorder.registrations))
    (registration,) = lsp_session.recorder.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_CONFIGURATION


async def test_pull_client_without_refresh_support_gets_pushed_diagnostics(
    lsp_session: Session,
) -> None:
    # Neovim 0.11 pulls but cannot be asked to re-pull: a change it did not make (a .gitignore a
    # fix created, an edited profile) would never reach its open documents, so it is pushed to.
    await lsp_session.initialize(capabilities_for("neovim"))
    assert not lsp_session.pull
    uri = lsp_session.open(".env", TEXT)
    assert "AL201" in codes(await lsp_session.diagnostics(uri, version=1))
    assert any(p.uri == uri for p in lsp_session.recorder.publishes)
