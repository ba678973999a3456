"""Issue 13: ``authlint verify`` never sends an Anthropic key to a third party, even damaged.

The refusal used to look only for the literal ``sk-ant-``, so a key missing
its first characters (``${K:3}``), written with ``_`` for ``-``, or
percent-encoded (``sk%2Dant%2D…``) went to the gateway. The real CLI runs in
process with the fake API's proxy sink as ``HTTPS_PROXY`` (empty
``NO_PROXY``): any connection to an outside host would be logged there, so
"nothing sent" is an empty sink, and a gateway token from the same
environment is the positive control that does reach the sink.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import keys
from authlint.cli import main
from fakeapi import FakeAnthropic, FakeConfig

K = keys.api_key("refusal")
OAUTH = keys.oauth_token("refusal")
BODY = K[len("sk-ant-api03-") :]
GATEWAY = keys.openrouter_key("refusal-gateway")
THIRD_PARTY = "https://gateway.example"

DAMAGED = {
    "sliced-3": K[3:],  # "${K:3}": ant-api03-…
    "sliced-7": K[7:],  # api03-…
    "body-only": BODY,
    "underscores": "sk_ant_api03-" + BODY,
    "percent-encoded": K.replace("-", "%2D"),
    "percent-lower": K.replace("-", "%2d"),
    "upper-case": K.upper(),
    "oauth-sliced": OAUTH[3:],
    "bearer-prefixed": "Bearer " + K[3:],
}


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(FakeConfig(tokens={GATEWAY})) as fake:
        yield fake


@pytest.fixture
def sink(
    fake_server: FakeAnthropic, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> FakeAnthropic:
    """The fake's proxy sink as every proxy variable; no credential of the machine's own."""
    fake_server.clear()
    for name in list(os.environ):
        if name.startswith(("ANTHROPIC_", "CLAUDE_")) or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, fake_server.proxy_url)
        monkeypatch.setenv(name.lower(), fake_server.proxy_url)
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    monkeypatch.chdir(tmp_path)
    return fake_server


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["verify", "--format", "json", "--timeout", "10", *args])
    out, err = capsys.readouterr()
    assert err == ""
    data: dict[str, object] = json.loads(out)
    return code, data


def checks(data: dict[str, object]) -> list[dict[str, object]]:
    found = data["checks"]
    assert isinstance(found, list)
    return found


@pytest.mark.parametrize("value", DAMAGED.values(), ids=DAMAGED.keys())
@pytest.mark.parametrize("variable", ["ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"])
def test_a_damaged_anthropic_key_is_refused_before_any_connection(
    sink: FakeAnthropic,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", THIRD_PARTY)
    code, data = verify(capsys)
    assert code == 1
    [check] = checks(data)
    assert (check["variable"], check["verdict"], check["sent"]) == (variable, "refused", False)
    assert "never sends an Anthropic credential" in str(check["meaning"])
    assert sink.requests == []  # no request, and no connection through the sink either


def test_control_a_gateway_token_does_reach_the_sink(
    sink: FakeAnthropic, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves the sink would have seen the damaged keys: the same setup with a gateway token
    # (no Anthropic key body) tries to connect, through the sink.
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", GATEWAY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", THIRD_PARTY)
    code, data = verify(capsys)
    assert code == 1
    [check] = checks(data)
    assert check["verdict"] != "refused"
    assert [r.target for r in sink.proxied()] == ["gateway.example:443"]


def test_a_damaged_key_from_a_launch_context_is_refused_too(
    sink: FakeAnthropic, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / ".env").write_text(
        f"ANTHROPIC_AUTH_TOKEN={K[3:]}\nANTHROPIC_BASE_URL={THIRD_PARTY}\n"
    )
    (tmp_path / "app.py").write_text("from dotenv import load_dotenv\nload_dotenv()\n")
    code = main(
        ["verify", "--format", "json", "--context", "python", "--project", str(tmp_path)]
        + ["--home", str(tmp_path / "home"), "--platform", "linux", "--shell", "bash"]
    )
    out, err = capsys.readouterr()
    assert code == 1, err
    [entry] = json.loads(out)["contexts"]
    assert [(c["verdict"], c["sent"]) for c in entry["checks"]] == [("refused", False)]
    assert sink.requests == []


@pytest.mark.parametrize(
    "value",
    [GATEWAY, "84032157-91e4-2b53-c17f-24505baf8578", keys.openai_key(), "sk-antenna-token"],
)
def test_other_credentials_are_not_taken_for_anthropic_keys(value: str) -> None:
    from authlint.core.secrets import contains_anthropic_key

    assert not contains_anthropic_key(value)
    assert all(contains_anthropic_key(damaged) for damaged in DAMAGED.values())
