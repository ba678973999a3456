"""The fake Anthropic API follows client-behaviour.md "Fake server semantics".

Requests are written byte for byte on a socket, so header whitespace, quotes
and non-ASCII bytes reach the fake exactly as a client could send them.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

import keys
from fakeapi import (
    HEADER_REQUIRED,
    INVALID_BEARER,
    INVALID_X_API_KEY,
    OAUTH_BETA,
    OAUTH_EXPIRED,
    OAUTH_NOT_SUPPORTED,
    FakeAnthropic,
    FakeConfig,
    mask_secret,
)

KEY = keys.api_key("fake-key")
OTHER = keys.api_key("fake-other")
TOKEN = keys.oauth_token("fake-token")
EXPIRED = keys.oauth_token("fake-expired")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAnthropic]:
    config = FakeConfig(keys={KEY}, tokens={TOKEN}, expired_tokens={EXPIRED})
    with FakeAnthropic(config) as fake:
        yield fake


@pytest.fixture
def fake(server: FakeAnthropic) -> FakeAnthropic:
    server.clear()
    server.config = FakeConfig(keys={KEY}, tokens={TOKEN}, expired_tokens={EXPIRED})
    return server


def raw(
    fake: FakeAnthropic, method: str, path: str, headers: list[bytes], body: bytes = b""
) -> tuple[int, dict[str, object]]:
    """Send one request byte for byte; return the status and the JSON body."""
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", *headers]
    lines += [b"Content-Length: %d" % len(body), b"Connection: close", b"", b""]
    with socket.create_connection(("127.0.0.1", fake.port), timeout=5) as conn:
        conn.sendall(b"\r\n".join(lines) + body)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    return status, json.loads(payload) if payload else {}


def message(body: dict[str, object]) -> object:
    error = body["error"]
    assert isinstance(error, dict)
    return error["message"]


AUTH_CASES = [
    # (headers, status, message or None)
    ([b"x-api-key: " + KEY.encode()], 200, None),
    ([b"x-api-key: " + OTHER.encode()], 401, INVALID_X_API_KEY),
    ([b"x-api-key:   " + KEY.encode() + b" \t"], 200, None),  # OWS trimmed
    ([b'x-api-key: "' + KEY.encode() + b'"'], 401, INVALID_X_API_KEY),
    ([b"x-api-key: "], 401, HEADER_REQUIRED),  # empty counts as absent
    ([], 401, HEADER_REQUIRED),
    ([b"Authorization: Bearer " + TOKEN.encode()], 200, None),
    ([b"Authorization: Bearer " + KEY.encode()], 200, None),  # a key as Bearer passes
    ([b"Authorization: Bearer  " + KEY.encode() + b" "], 200, None),
    ([b"Authorization: Bearer " + EXPIRED.encode()], 401, OAUTH_EXPIRED),
    ([b"Authorization: Bearer " + OTHER.encode()], 401, INVALID_BEARER),
    ([b"Authorization: Basic " + KEY.encode()], 401, INVALID_BEARER),
    ([b"Authorization: Bearer "], 401, INVALID_BEARER),
    ([b"x-api-key: " + KEY.encode() + b"\xe2\x80\x8b"], 401, INVALID_X_API_KEY),  # ZWSP bytes
    # Both headers: x-api-key is judged first.
    (
        [b"x-api-key: " + OTHER.encode(), b"Authorization: Bearer " + TOKEN.encode()],
        401,
        INVALID_X_API_KEY,
    ),
    ([b"x-api-key: " + KEY.encode(), b"Authorization: Bearer " + OTHER.encode()], 200, None),
]


@pytest.mark.parametrize(("headers", "status", "text"), AUTH_CASES)
def test_auth_semantics(
    fake: FakeAnthropic, headers: list[bytes], status: int, text: str | None
) -> None:
    code, body = raw(fake, "GET", "/v1/models", headers)
    assert code == status
    if text is None:
        assert body["data"]
    else:
        assert body["type"] == "error"
        assert message(body) == text
        assert body["error"] == {"type": "authentication_error", "message": text}
        assert str(body["request_id"]).startswith("req_")
    [entry] = fake.requests
    assert entry.status == status and entry.error_message == text


def test_both_headers_are_logged_as_precedence_sensitive(fake: FakeAnthropic) -> None:
    headers = [b"x-api-key: " + OTHER.encode(), b"Authorization: Bearer " + TOKEN.encode()]
    raw(fake, "GET", "/v1/models", headers)
    [entry] = fake.requests
    assert entry.both_headers and entry.precedence_sensitive
    assert entry.status == 401 and entry.status_if_bearer_first == 200
    fake.clear()
    fake.config.prefer = "bearer"
    assert raw(fake, "GET", "/v1/models", headers)[0] == 200
    # Two headers that agree are not precedence-sensitive.
    fake.clear()
    raw(
        fake,
        "GET",
        "/v1/models",
        [b"x-api-key: " + KEY.encode(), b"Authorization: Bearer " + TOKEN.encode()],
    )
    assert fake.requests[0].both_headers and not fake.requests[0].precedence_sensitive


def test_strict_headers_accept_keys_only_in_x_api_key(fake: FakeAnthropic) -> None:
    fake.config.strict_headers = True
    assert raw(fake, "GET", "/v1/models", [b"Authorization: Bearer " + KEY.encode()])[0] == 401
    assert raw(fake, "GET", "/v1/models", [b"x-api-key: " + KEY.encode()])[0] == 200


def test_oauth_token_without_the_beta_header_when_asked(fake: FakeAnthropic) -> None:
    bearer = b"Authorization: Bearer " + TOKEN.encode()
    fake.config.oauth_requires_beta = True
    code, body = raw(fake, "GET", "/v1/models", [bearer])
    assert (code, message(body)) == (401, OAUTH_NOT_SUPPORTED)
    code, _ = raw(fake, "GET", "/v1/models", [bearer, b"anthropic-beta: " + OAUTH_BETA.encode()])
    assert code == 200
    assert [e.oauth_beta for e in fake.requests] == [False, True]


def test_log_keeps_masked_values_and_flags(fake: FakeAnthropic) -> None:
    raw(fake, "GET", "/v1/models", [b'x-api-key:  "' + KEY.encode() + b'\xef\xbb\xbf" '])
    [entry] = fake.requests
    seen = entry.x_api_key
    assert seen is not None
    assert seen.masked == mask_secret('"' + KEY + '\ufeff"') == '"sk-ant-ap...AA\ufeff"'
    assert KEY not in json.dumps(entry.as_dict())
    assert (seen.raw_had_ows, seen.has_quotes, seen.has_bom, seen.non_ascii, seen.has_ctl) == (
        True,
        True,
        True,
        True,
        False,
    )
    assert seen.len == len(KEY) + 3


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/messages"), ("POST", "/v1/complete"), ("GET", "/"), ("GET", "/v1/v1/models")],
)
def test_unknown_paths_get_404_before_auth(fake: FakeAnthropic, method: str, path: str) -> None:
    code, body = raw(fake, method, path, [])
    assert code == 404
    assert body["error"] == {"type": "not_found_error", "message": "Not Found"}
    fake.config.auth_before_404 = True
    code, body = raw(fake, method, path, [])
    assert (code, message(body)) == (401, HEADER_REQUIRED)


def test_messages_json_stream_count_tokens_and_models(fake: FakeAnthropic) -> None:
    headers = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}
    request = {
        "model": "claude-opus-4-8",
        "max_tokens": 8,
        "messages": [{"role": "user", "content": "hi"}],
    }
    with httpx.Client(base_url=fake.base_url, headers=headers, trust_env=False) as client:
        reply = client.post("/v1/messages?beta=true", json=request).json()
        assert reply["type"] == "message" and reply["content"][0]["type"] == "text"
        stream = client.post("/v1/messages", json={**request, "stream": True})
        assert stream.headers["content-type"] == "text/event-stream"
        events = [line[7:] for line in stream.text.splitlines() if line.startswith("event: ")]
        assert events[0] == "message_start" and events[-1] == "message_stop"
        assert client.post("/v1/messages/count_tokens", json=request).json() == {"input_tokens": 8}
        assert client.get("/v1/models/claude-opus-4-8").json()["id"] == "claude-opus-4-8"
        missing = client.get("/v1/models/claude-nope")
        assert missing.status_code == 404 and missing.json()["error"]["type"] == "not_found_error"
        bad = client.post("/v1/messages", content=b"{not json")
        assert bad.status_code == 400
    assert [e.stream for e in fake.requests[:2]] == [False, True]
    assert (
        fake.requests[0].query == "beta=true" and fake.requests[0].anthropic_version == "2023-06-01"
    )


def test_proxy_sink_logs_and_refuses(fake: FakeAnthropic) -> None:
    with socket.create_connection(("127.0.0.1", fake.port), timeout=5) as conn:
        conn.sendall(
            b"CONNECT api.anthropic.com:443 HTTP/1.1\r\nHost: api.anthropic.com:443\r\n\r\n"
        )
        assert conn.recv(100).startswith(b"HTTP/1.1 403")
    code, _ = raw(fake, "GET", "http://example.com/v1/models", [])
    assert code == 403
    assert [(e.method, e.target, e.proxied) for e in fake.proxied()] == [
        ("CONNECT", "api.anthropic.com:443", True),
        ("GET", "example.com", True),
    ]
    assert fake.api_requests() == []


def test_binds_loopback_only(fake: FakeAnthropic) -> None:
    assert fake.base_url.startswith("http://127.0.0.1:")
    assert fake._server is not None and fake._server.server_address[0] == "127.0.0.1"


def test_queued_answers(fake: FakeAnthropic) -> None:
    fake.queue_response(529, "overloaded_error", "Overloaded")
    fake.queue_response(302, headers=[("Location", "https://example.com/")])
    assert raw(fake, "GET", "/v1/models", [])[0] == 529
    assert raw(fake, "GET", "/v1/models", [])[0] == 302
    assert raw(fake, "GET", "/v1/models", [b"x-api-key: " + KEY.encode()])[0] == 200
