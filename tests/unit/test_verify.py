"""``authlint verify`` against the fake Anthropic API (loopback only).

The CLI runs in a subprocess with a scrubbed environment; the fake's request
log shows what really arrived. Refusals are proven by the absence of any
request or connection: a recording transport (in-process) and the fake used
as ``HTTPS_PROXY`` sink (end to end), each with a positive control.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import keys
from authlint.core.secrets import mask
from authlint.verify import Verdict, verify_environment
from authlint.verify.target import (
    Credential,
    is_loopback_host,
    join_models_url,
    refusal,
    resolve,
    resolve_endpoint,
)
from fakeapi import (
    HEADER_REQUIRED,
    INVALID_BEARER,
    INVALID_X_API_KEY,
    OAUTH_EXPIRED,
    FakeAnthropic,
    FakeConfig,
)

KEY = keys.api_key("verify-good")
TOKEN = keys.oauth_token("verify-token")  # a valid bearer token for the fake
EXPIRED = keys.oauth_token("verify-expired")
GATEWAY = keys.openrouter_key("verify-gw")


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeAnthropic]:
    config = FakeConfig(keys={KEY}, tokens={TOKEN, GATEWAY}, expired_tokens={EXPIRED})
    with FakeAnthropic(config) as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeAnthropic) -> FakeAnthropic:
    """The module's fake, with an empty log and no queued answers."""
    fake_server.clear()
    return fake_server


def run_verify(
    env: dict[str, str], *args: str, home: Path
) -> tuple[int, str, subprocess.CompletedProcess[str]]:
    """Run ``authlint verify`` with only ``env`` (plus PATH/HOME/LANG); return code, stdout."""
    full = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "LANG": "C.UTF-8"}
    full.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "verify", *args],
        env=full,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    output = result.stdout + result.stderr
    for secret in (KEY, TOKEN, EXPIRED, GATEWAY):
        # Not the whole value, nor any 20-character piece of it (tests/test_no_secret_leaks.py).
        assert not any(secret[i : i + 20] in output for i in range(len(secret) - 19))
    return result.returncode, result.stdout, result


def verify_json(env: dict[str, str], *args: str, home: Path) -> tuple[int, dict[str, object]]:
    code, out, result = run_verify(env, "--format", "json", *args, home=home)
    assert result.stderr == ""
    data: dict[str, object] = json.loads(out)
    return code, data


def checks(data: dict[str, object]) -> list[dict[str, object]]:
    value = data["checks"]
    assert isinstance(value, list)
    return value


# --- the answers the fake gives, end to end ---------------------------------------------

ANSWERS = [
    # (variable, value, base suffix, exit, verdict, status, API message)
    ("ANTHROPIC_API_KEY", KEY, "", 0, "accepted", 200, None),
    ("ANTHROPIC_API_KEY", KEY[:80], "", 1, "rejected", 401, INVALID_X_API_KEY),
    ("ANTHROPIC_API_KEY", KEY, "/v1", 1, "not-found", 404, "Not Found"),
    ("ANTHROPIC_API_KEY", KEY, "/v1/", 1, "not-found", 404, "Not Found"),
    ("ANTHROPIC_API_KEY", KEY, "/", 0, "accepted", 200, None),
    ("ANTHROPIC_AUTH_TOKEN", GATEWAY, "", 0, "accepted", 200, None),
    ("ANTHROPIC_AUTH_TOKEN", GATEWAY[:-2], "", 1, "rejected", 401, INVALID_BEARER),
    ("CLAUDE_CODE_OAUTH_TOKEN", TOKEN, "", 0, "accepted", 200, None),
    ("CLAUDE_CODE_OAUTH_TOKEN", EXPIRED, "", 1, "rejected", 401, OAUTH_EXPIRED),
]


@pytest.mark.parametrize(
    ("variable", "value", "suffix", "exit_code", "verdict", "status", "message"), ANSWERS
)
def test_verify_reports_what_the_fake_answered(
    fake: FakeAnthropic,
    tmp_path: Path,
    variable: str,
    value: str,
    suffix: str,
    exit_code: int,
    verdict: str,
    status: int,
    message: str | None,
) -> None:
    env = {variable: value, "ANTHROPIC_BASE_URL": fake.base_url + suffix}
    code, data = verify_json(env, home=tmp_path)
    assert code == exit_code
    [check] = checks(data)
    assert (check["variable"], check["verdict"], check["status"]) == (variable, verdict, status)
    assert check["api_message"] == message
    assert check["sent"] is True
    [logged] = fake.requests
    assert logged.path == ("/v1/v1/models" if suffix.startswith("/v1") else "/v1/models")
    assert logged.status == status
    assert logged.anthropic_version == "2023-06-01"


@pytest.mark.parametrize(
    ("variable", "value", "header", "oauth_beta"),
    [
        ("ANTHROPIC_API_KEY", KEY, "x-api-key", False),
        ("ANTHROPIC_AUTH_TOKEN", GATEWAY, "Bearer", False),
        ("CLAUDE_CODE_OAUTH_TOKEN", TOKEN, "Bearer", True),
    ],
)
def test_each_variable_goes_in_its_own_header(
    fake: FakeAnthropic, tmp_path: Path, variable: str, value: str, header: str, oauth_beta: bool
) -> None:
    code, _ = verify_json({variable: value, "ANTHROPIC_BASE_URL": fake.base_url}, home=tmp_path)
    assert code == 0
    [logged] = fake.requests
    if header == "x-api-key":
        assert logged.x_api_key is not None and logged.authorization is None
    else:
        assert logged.authorization is not None and logged.x_api_key is None
        assert logged.authorization.scheme == "Bearer"
    assert logged.oauth_beta is oauth_beta


def test_text_output_says_what_the_401_means_and_masks_the_key(
    fake: FakeAnthropic, tmp_path: Path
) -> None:
    bad = KEY[:-1] + "B"
    env = {"ANTHROPIC_API_KEY": bad, "ANTHROPIC_BASE_URL": fake.base_url}
    code, out, _ = run_verify(env, home=tmp_path)
    assert code == 1
    assert bad not in out
    assert f"ANTHROPIC_API_KEY {mask(bad)} (Anthropic API key) as x-api-key" in out
    assert "rejected 401: invalid x-api-key" in out
    assert "meaning: the API does not know this key" in out
    assert out.rstrip().endswith("result: NOT accepted")


def test_every_credential_set_is_checked_in_claude_codes_order(
    fake: FakeAnthropic, tmp_path: Path
) -> None:
    env = {
        "ANTHROPIC_API_KEY": KEY,
        "ANTHROPIC_AUTH_TOKEN": KEY[:50],
        "ANTHROPIC_BASE_URL": fake.base_url,
    }
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    assert [(c["variable"], c["verdict"]) for c in checks(data)] == [
        ("ANTHROPIC_AUTH_TOKEN", "rejected"),
        ("ANTHROPIC_API_KEY", "accepted"),
    ]
    notes = data["notes"]
    assert isinstance(notes, list) and any("both set" in n for n in notes)
    # --variable narrows it to one.
    code, data = verify_json(env, "--variable", "ANTHROPIC_API_KEY", home=tmp_path)
    assert code == 0 and [c["variable"] for c in checks(data)] == ["ANTHROPIC_API_KEY"]


def test_no_credential_sends_nothing(fake: FakeAnthropic, tmp_path: Path) -> None:
    env = {"ANTHROPIC_API_KEY": "", "ANTHROPIC_BASE_URL": fake.base_url}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    [check] = checks(data)
    assert check["verdict"] == "no-credential" and check["sent"] is False
    notes = data["notes"]
    assert isinstance(notes, list) and "set but empty" in notes[0]
    assert fake.requests == []


def test_surrounding_whitespace_is_trimmed_and_noted(fake: FakeAnthropic, tmp_path: Path) -> None:
    env = {"ANTHROPIC_API_KEY": KEY + "\r\n", "ANTHROPIC_BASE_URL": fake.base_url}
    code, data = verify_json(env, home=tmp_path)
    assert code == 0
    notes = data["notes"]
    assert isinstance(notes, list) and any("Python SDK fails" in n for n in notes)
    [logged] = fake.requests
    assert logged.x_api_key is not None and not logged.x_api_key.raw_had_ows


@pytest.mark.parametrize(
    ("damage", "what"),
    [
        ("\u200b", "zero-width space"),
        ("\ufeff", "byte-order mark"),
        ("\u201d", "curly quote"),
        ("\n", "line break"),
    ],
)
def test_a_value_no_header_can_carry_is_not_sent(
    fake: FakeAnthropic, tmp_path: Path, damage: str, what: str
) -> None:
    value = KEY[:40] + damage + KEY[40:]
    env = {"ANTHROPIC_API_KEY": value, "ANTHROPIC_BASE_URL": fake.base_url}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    [check] = checks(data)
    assert check["verdict"] == "unsendable" and check["sent"] is False
    assert what in str(check["meaning"]) and "character 41" in str(check["meaning"])
    assert fake.requests == []


CANNED = [
    # (status, error type, message, headers, verdict)
    (403, "permission_error", "Request not allowed", (), "forbidden"),
    (429, "rate_limit_error", "Rate limited", (), "rate-limited"),
    (529, "overloaded_error", "Overloaded", (), "overloaded"),
    (500, "api_error", "Internal server error", (), "unexpected-answer"),
    (302, None, None, (("Location", "https://login.example.com/sso"),), "redirected"),
    (307, None, None, (("Location", "/v1/models?again=1"),), "redirected"),
]


@pytest.mark.parametrize(("status", "error_type", "message", "headers", "verdict"), CANNED)
def test_other_answers_are_classified_and_redirects_not_followed(
    fake: FakeAnthropic,
    tmp_path: Path,
    status: int,
    error_type: str | None,
    message: str | None,
    headers: tuple[tuple[str, str], ...],
    verdict: str,
) -> None:
    fake.queue_response(status, error_type, message, headers)
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": fake.base_url}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    [check] = checks(data)
    assert (check["verdict"], check["status"], check["api_message"]) == (verdict, status, message)
    assert len(fake.requests) == 1  # a redirect is reported, never followed


def test_the_fake_answers_unknown_paths_404_before_auth(fake: FakeAnthropic) -> None:
    response = httpx.get(fake.base_url + "/v1/complete")
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "error" and body["request_id"].startswith("req_")
    assert body["error"] == {"type": "not_found_error", "message": "Not Found"}
    response = httpx.get(fake.base_url + "/v1/models")
    assert response.json()["error"]["message"] == HEADER_REQUIRED


# --- failures below HTTP --------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_connection_refused(tmp_path: Path) -> None:
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{_closed_port()}"}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    assert checks(data)[0]["verdict"] == "connection-refused"


def test_timeout(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": base}
        code, data = verify_json(env, "--timeout", "0.5", home=tmp_path)
    assert code == 1
    assert checks(data)[0]["verdict"] == "timeout"


def test_tls_failure_suggests_the_ca_variables(fake: FakeAnthropic, tmp_path: Path) -> None:
    # https to a loopback server that speaks plain http: the TLS handshake fails.
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": f"https://127.0.0.1:{fake.port}"}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    [check] = checks(data)
    assert check["verdict"] == "tls-error"
    assert "NODE_EXTRA_CA_CERTS" in str(check["hint"]) and "SSL_CERT_FILE" in str(check["hint"])


def test_proxy_failure_and_the_proxy_is_named(fake: FakeAnthropic, tmp_path: Path) -> None:
    # The fake as HTTPS_PROXY refuses every CONNECT: nothing leaves the machine.
    env = {
        "ANTHROPIC_API_KEY": KEY,
        "HTTPS_PROXY": fake.proxy_url,
        "NO_PROXY": "localhost",
    }
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    assert data["url"] == "https://api.anthropic.com/v1/models"
    assert data["proxy"] == fake.proxy_url
    assert checks(data)[0]["verdict"] == "proxy-error"
    [tunnel] = fake.proxied()
    assert (tunnel.method, tunnel.target) == ("CONNECT", "api.anthropic.com:443")


# --- what is never sent -------------------------------------------------------------------

THIRD_PARTY = [
    "https://openrouter.ai/api",
    "https://api.deepseek.com/anthropic",
    "https://api.anthropic.com.evil.example",
    "https://api.anthropic.com@evil.example/",
    "https://gateway.internal.example:8443",
]


@pytest.mark.parametrize("base", THIRD_PARTY)
@pytest.mark.parametrize(
    "value", [KEY, TOKEN, "sk-ant-api03-cut", '"' + KEY + '"'], ids=["key", "oat", "cut", "quoted"]
)
def test_anthropic_credential_to_third_party_opens_no_connection_in_process(
    base: str, value: str
) -> None:
    calls: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"data": []})

    for variable in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"):
        report = verify_environment(
            {variable: value, "ANTHROPIC_BASE_URL": base}, transport=httpx.MockTransport(record)
        )
        [check] = report.checks
        assert check.verdict is Verdict.REFUSED and not check.sent
        assert "never sends an Anthropic credential" in check.meaning
    assert calls == []
    # Control: the same transport does see a request that is allowed.
    report = verify_environment(
        {"ANTHROPIC_AUTH_TOKEN": GATEWAY, "ANTHROPIC_BASE_URL": base},
        transport=httpx.MockTransport(record),
    )
    assert report.accepted and len(calls) == 1


def test_anthropic_key_to_third_party_reaches_no_socket_end_to_end(
    fake: FakeAnthropic, tmp_path: Path
) -> None:
    # Any connection to an outside host would go through the proxy sink as CONNECT.
    proxy = {"HTTPS_PROXY": fake.proxy_url, "HTTP_PROXY": fake.proxy_url, "NO_PROXY": ""}
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": "https://openrouter.ai/api", **proxy}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    [check] = checks(data)
    assert (check["verdict"], check["sent"]) == ("refused", False)
    assert fake.requests == []
    # Control: a gateway token to the same host does try to connect, through the sink.
    env = {"ANTHROPIC_AUTH_TOKEN": GATEWAY, "ANTHROPIC_BASE_URL": "https://openrouter.ai/api"}
    code, data = verify_json({**env, **proxy}, home=tmp_path)
    assert code == 1 and checks(data)[0]["verdict"] == "proxy-error"
    assert [r.target for r in fake.proxied()] == ["openrouter.ai:443"]


@pytest.mark.parametrize("base", ["http://api.anthropic.com", "http://gateway.example.com"])
def test_plain_http_is_refused_unless_loopback(base: str) -> None:
    calls: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(200, json={}))
    report = verify_environment(
        {"ANTHROPIC_AUTH_TOKEN": GATEWAY, "ANTHROPIC_BASE_URL": base}, transport=transport
    )
    assert report.checks[0].verdict is Verdict.REFUSED
    assert "plain http" in report.checks[0].meaning
    assert calls == []


def test_default_endpoint_is_anthropic_and_empty_base_url_is_noted() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": []})

    report = verify_environment(
        {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": ""},
        transport=httpx.MockTransport(record),
    )
    assert report.accepted
    [request] = seen
    assert str(request.url) == "https://api.anthropic.com/v1/models?limit=1"
    assert request.headers["x-api-key"] == KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "anthropic-beta" not in request.headers
    assert any("Python SDK fails" in n for n in report.notes)


@pytest.mark.parametrize(
    "base", ["api.anthropic.com", "localhost:4000", "ftp://api.anthropic.com", "https://"]
)
def test_unusable_base_url_is_reported_without_a_request(
    fake: FakeAnthropic, tmp_path: Path, base: str
) -> None:
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": base}
    code, data = verify_json(env, home=tmp_path)
    assert code == 1
    assert [c["verdict"] for c in checks(data)] == ["invalid-base-url"]


# --- usage -------------------------------------------------------------------------------


def test_an_unknown_context_is_a_usage_error(tmp_path: Path) -> None:
    # The --context checks themselves are in tests/cli/test_verify_context.py.
    args = ("--context", "vscode", "--project", str(tmp_path))
    code, out, result = run_verify({"ANTHROPIC_API_KEY": KEY}, *args, home=tmp_path)
    assert code == 2 and out == ""
    assert "--context vscode: no such launch context; available: " in result.stderr


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--timeout", "x"], ["--format", "sarif"]])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    code, _, _ = run_verify({"ANTHROPIC_API_KEY": KEY}, *args, home=tmp_path)
    assert code == 2


def test_verify_loads_no_lsp_module() -> None:
    probe = (
        "import sys, authlint.verify, authlint.verify.render, authlint.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


# --- pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
        ("192.168.1.2", False),
        ("0.0.0.0", False),
        ("api.anthropic.com", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("https://api.anthropic.com", "https://api.anthropic.com/v1/models"),
        ("https://api.anthropic.com//", "https://api.anthropic.com/v1/models"),
        ("https://gw.example.com/anthropic/", "https://gw.example.com/anthropic/v1/models"),
        ("https://api.anthropic.com/v1", "https://api.anthropic.com/v1/v1/models"),
    ],
)
def test_models_url_is_joined_like_the_sdks(base: str, url: str) -> None:
    assert join_models_url(base) == url


@pytest.mark.parametrize(
    ("base", "allowed"),
    [
        ("https://api.anthropic.com", True),
        ("https://API.Anthropic.com./", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:4000/anthropic", True),
        ("https://[::1]:8443", True),
        ("https://api.anthropic.com.evil.example", False),
        ("https://evil.example/api.anthropic.com", False),
        ("https://user@evil.example", False),
        ("http://api.anthropic.com", False),
        ("https://10.1.2.3", False),
    ],
)
def test_anthropic_key_destinations(base: str, allowed: bool) -> None:
    endpoint, problem, _ = resolve_endpoint({}, base)
    assert endpoint is not None and problem is None
    assert (refusal(Credential("ANTHROPIC_API_KEY", KEY), endpoint) is None) is allowed


def test_resolve_order_and_empty_values() -> None:
    resolved = resolve(
        {
            "CLAUDE_CODE_OAUTH_TOKEN": TOKEN,
            "ANTHROPIC_API_KEY": " " + KEY,
            "ANTHROPIC_AUTH_TOKEN": "",
        }
    )
    assert [(c.variable, c.trimmed) for c in resolved.credentials] == [
        ("ANTHROPIC_API_KEY", True),
        ("CLAUDE_CODE_OAUTH_TOKEN", False),
    ]
    assert resolved.credentials[0].value == KEY
    assert KEY not in repr(resolved)
    assert any("shadowed" in n for n in resolved.notes)
    assert resolved.endpoint is not None and resolved.endpoint.source == "default"
